package strainlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import strainlab.Scale;
import strainlab.cnn.CnnTrainer;
import strainlab.cnn.DatasetCurves;
import strainlab.cnn.LabelledCurves;
import strainlab.cnn.ModelMetadata;
import strainlab.cnn.OutputLayout;
import strainlab.cnn.TrainingRun;
import strainlab.cnn.evaluation.ReducedOutputs;
import strainlab.dataset.ShardedDataset;
import strainlab.plot.Figure;
import strainlab.plot.FigureOutput;
import strainlab.plot.TrainingPlots;
import strainlab.training.DataPlacement;
import strainlab.training.TrainingOptions;

/** {@code bin/strainlab train}: trains the paper's CNN on a stored data set into a model folder (resumable). */
final class TrainCommand implements Command {
    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train the paper's CNN on a generated data set (resumes after a kill)";
    }

    @Override
    public String usage() {
        TrainingOptions p = TrainingOptions.paper();
        return """
                usage: bin/strainlab train --data DIR --out models/NAME [--outputs 14|12|3] [options]
                  --data DIR       data set written by 'bin/strainlab generate'; its default split is used
                                   (10 %% validation, 10 %% test, fixed by the set's seed; test is left out)
                  --out DIR        model folder (created); running the same command again resumes it
                  --epochs N       epochs (default %d at paper scale, %d at quick scale)
                  --batch B        mini-batch size (default %d at paper scale, %d at quick scale)
                  --lr X           initial RMSprop learning rate (default %s)
                  --seed S         seed of the weights and the shuffling (default %d)
                  --patience P     epochs without validation improvement before lr/10 (default %d)
                  --device D       auto (GPU if visible, default), cpu or gpu
                  --data-placement P  where batches come from: auto (default: device on a GPU when the
                                   training + validation sets take <= %d GiB, else host), host (a loader thread
                                   copies each batch) or device (both sets copied to the device once; same results)
                  --outputs K      network outputs (paper §3.4, table 2): 14 = all labels (default),
                                   12 = no H and DR (the paper's CNN3[12]), 3 = t, e_max, DWmin (CNN3[3]);
                                   also written [12], cnn3[12]. Stored as outputLayout in model.json;
                                   evaluate and predict read it back
                  --figure-format F  learning curves also as png, svg, pdf or a comma-separated list, written when
                                   training ends (default png only, redrawn after every epoch)
                  --dpi N          PNG resolution of those learning curves in dots per inch (default 72)
                Scale (STRAINLAB_SCALE=quick|paper) sets the defaults; the paper: 70 epochs, batch 2096.
                Writes network.params (best validation), normaliser.json, model.json, history.csv,
                learning-curves.png and checkpoint.bin.""".formatted(p.epochs(), quickEpochs(), p.batchSize(),
                quickBatch(), p.learningRate(), p.seed(), p.patience(), DataPlacement.AUTO_DEVICE_LIMIT_BYTES >> 30);
    }

    /** A folder that already holds a model must hold one of the same output layout (it would be resumed). */
    private static void checkResumedLayout(Path dir, OutputLayout layout) throws UsageException {
        Path meta = dir.resolve(ModelMetadata.FILE_NAME);
        if (!Files.isRegularFile(meta)) {
            return;
        }
        ModelMetadata m;
        try {
            m = ModelMetadata.load(meta);
        } catch (IOException e) {
            throw new UsageException("--out " + dir + ": " + e.getMessage());
        }
        if (!layout.labelNames().equals(m.labelNames())) {
            throw new UsageException("--outputs " + layout.count() + " asks for outputLayout " + layout.tag()
                    + " but " + meta + " has outputLayout " + (m.outputLayout().isEmpty() ? "(none)" : m.outputLayout())
                    + " " + m.labelNames() + ": use another --out folder to train this variant");
        }
    }

    static int quickEpochs() {
        return 5;
    }

    static int quickBatch() {
        return 64;
    }

    /**
     * The training options of {@code --epochs --batch --lr --seed --patience --device --data-placement} (each
     * optional; defaults: the paper's, or the quick scale's epochs and batch under STRAINLAB_SCALE=quick), shared by
     * train and size-study.
     */
    static TrainingOptions trainingOptions(Map<String, String> o) throws UsageException {
        Scale scale = Scale.current();
        TrainingOptions p = TrainingOptions.paper();
        int epochs = (int) DatasetCliOptions.longValue(o, "--epochs", scale.pick(quickEpochs(), p.epochs()), 1);
        int batch = (int) DatasetCliOptions.longValue(o, "--batch", scale.pick(quickBatch(), p.batchSize()), 2);
        long seed = DatasetCliOptions.longValue(o, "--seed", p.seed(), Long.MIN_VALUE);
        int patience = (int) DatasetCliOptions.longValue(o, "--patience", p.patience(), 1);
        double lr = DatasetCliOptions.doubleValue(o, "--lr", p.learningRate());
        try {
            return p.withEpochs(epochs).withBatchSize(batch).withLearningRate(lr).withSeed(seed)
                    .withPatience(patience).withDevice(o.getOrDefault("--device", "auto"))
                    .withDataPlacement(DataPlacement.parse(o.getOrDefault("--data-placement", "auto")));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    @Override
    public int run(String[] args, PrintStream out) throws Exception {
        Map<String, String> o = DatasetCliOptions.parse(args, Set.of("--data", "--out", "--epochs", "--batch", "--lr",
                "--seed", "--patience", "--device", "--data-placement", "--outputs", "--figure-format", "--dpi"));
        FigureOutput figures = FigureOptions.of(o);
        Path data = Path.of(DatasetCliOptions.required(o, "--data"));
        Path dir = Path.of(DatasetCliOptions.required(o, "--out"));
        OutputLayout layout;
        try {
            layout = OutputLayout.parse(o.getOrDefault("--outputs", "14"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--outputs: " + e.getMessage());
        }
        TrainingOptions options = trainingOptions(o);
        try (ShardedDataset set = ShardedDataset.open(data)) {
            DatasetCurves.Parts parts = DatasetCurves.split(set);
            out.printf(Locale.ROOT, "data %s: %d curves (preset '%s', %s noise), split %d train / %d validation / "
                    + "%d test%n", data, set.size(), parts.train().preset(),
                    parts.train().noise().isEmpty() ? "unknown" : parts.train().noise(), parts.train().size(),
                    parts.validation().size(), parts.test().size());
            checkResumedLayout(dir, layout);
            LabelledCurves train;
            LabelledCurves validation;
            try {
                train = ReducedOutputs.view(parts.train(), layout);
                validation = ReducedOutputs.view(parts.validation(), layout);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--outputs " + layout.count() + ": " + e.getMessage());
            }
            out.printf(Locale.ROOT, "outputs %s (%s): %s%n", layout.tag(), layout.description(), train.labelNames());
            TrainingRun run = CnnTrainer.train(train, validation, options, dir, out, TrainingPlots.learningCurvesPng(dir));
            if (!figures.equals(FigureOutput.DEFAULT)) {
                for (Path f : figures.save(Figure.of(TrainingPlots.learningCurves(run)), dir, "learning-curves")) {
                    out.println("wrote " + f);
                }
            }
            out.printf(Locale.ROOT, "done: best val_loss %.6g at epoch %d of %d; model in %s%n", run.bestValLoss(),
                    run.bestEpoch(), run.history().size(), dir);
        }
        return 0;
    }
}
