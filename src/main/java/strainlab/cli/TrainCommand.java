package strainlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import strainlab.Scale;
import strainlab.cnn.CnnTrainer;
import strainlab.cnn.DataPlacement;
import strainlab.cnn.DatasetCurves;
import strainlab.cnn.LabelledCurves;
import strainlab.cnn.ModelMetadata;
import strainlab.cnn.OutputLayout;
import strainlab.cnn.TrainingOptions;
import strainlab.cnn.TrainingRun;
import strainlab.cnn.evaluation.ReducedOutputs;
import strainlab.dataset.ShardedDataset;
import strainlab.plot.Figure;
import strainlab.plot.FigureOutput;

/** {@code bin/strainlab train}: trains the paper's CNN on a stored data set into a model folder (resumable). */
@Command(name = "train", header = "train the paper's CNN on a generated data set (resumes after a kill)",
        customSynopsis = "usage: bin/strainlab train --data DIR --out models/NAME [--outputs 14|12|3] [options]",
        footer = {"Scale (STRAINLAB_SCALE=quick|paper) sets the defaults; the paper: 70 epochs, batch 2096.",
            "Writes network.params (best validation), normaliser.json, model.json, history.csv,",
            "learning-curves.png and checkpoint.bin."})
final class TrainCommand extends Picocli {
    @Option(names = "--data", paramLabel = "DIR", required = true, description = {
        "data set written by 'bin/strainlab generate'; its default split is used",
        "(10 %% validation, 10 %% test, fixed by the set's seed; test is left out)"})
    private Path data;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "model folder (created); running the same command again resumes it")
    private Path dir;

    @Mixin
    private TrainingArgs training;

    @Option(names = "--outputs", paramLabel = "K", description = {
        "network outputs (paper §3.4, table 2): 14 = all labels (default),",
        "12 = no H and DR (the paper's CNN3[12]), 3 = t, e_max, DWmin (CNN3[3]);",
        "also written [12], cnn3[12]. Stored as outputLayout in model.json;",
        "evaluate and predict read it back"})
    private String outputs = "14";

    @Mixin
    private FigureOptions figureOptions;

    /**
     * The training options {@code --epochs --batch --lr --seed --patience --device --data-placement} (a picocli
     * mixin; defaults: the paper's, or the quick scale's epochs and batch under STRAINLAB_SCALE=quick), shared by
     * train and size-study.
     */
    static final class TrainingArgs {
        @Option(names = "--epochs", paramLabel = "N",
                description = "epochs (default ${DEFAULT-VALUE} at this scale; 5 at quick scale, 70 at paper scale)")
        private int epochs = Scale.current().pick(quickEpochs(), TrainingOptions.paper().epochs());

        @Option(names = "--batch", paramLabel = "B", description = "mini-batch size (default ${DEFAULT-VALUE} at "
                + "this scale; 64 at quick scale, 2096 at paper scale)")
        private int batch = Scale.current().pick(quickBatch(), TrainingOptions.paper().batchSize());

        @Option(names = "--lr", paramLabel = "X",
                description = "initial RMSprop learning rate (default ${DEFAULT-VALUE})")
        private double lr = TrainingOptions.paper().learningRate();

        @Option(names = "--seed", paramLabel = "S",
                description = "seed of the weights and the shuffling (default ${DEFAULT-VALUE})")
        private long seed = TrainingOptions.paper().seed();

        @Option(names = "--patience", paramLabel = "P",
                description = "epochs without validation improvement before lr/10 (default ${DEFAULT-VALUE})")
        private int patience = TrainingOptions.paper().patience();

        @Option(names = "--device", paramLabel = "D", description = "auto (GPU if visible, default), cpu or gpu")
        private String device = "auto";

        @Option(names = "--data-placement", paramLabel = "P", description = {
            "where batches come from: auto (default: device on a GPU when the",
            "training + validation sets take <= " + (DataPlacement.AUTO_DEVICE_LIMIT_BYTES >> 30)
                + " GiB, else host), host (a loader thread",
            "copies each batch) or device (both sets copied to the device once; same results)"})
        private String placement = "auto";

        /** Whether no training option was given. */
        boolean isDefault() {
            TrainingArgs d = new TrainingArgs();
            return epochs == d.epochs && batch == d.batch && lr == d.lr && seed == d.seed && patience == d.patience
                    && device.equals(d.device) && placement.equals(d.placement);
        }

        TrainingOptions options() throws UsageException {
            atLeast("--epochs", epochs, 1);
            atLeast("--batch", batch, 2);
            atLeast("--patience", patience, 1);
            try {
                return TrainingOptions.paper().withEpochs(epochs).withBatchSize(batch).withLearningRate(lr)
                        .withSeed(seed).withPatience(patience).withDevice(device)
                        .withDataPlacement(DataPlacement.parse(placement));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
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

    @Override
    protected int call(PrintStream out) throws Exception {
        FigureOutput figures = figureOptions.output();
        OutputLayout layout;
        try {
            layout = OutputLayout.parse(outputs);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--outputs: " + e.getMessage());
        }
        TrainingOptions options = training.options();
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
            TrainingRun run = CnnTrainer.train(train, validation, options, dir, out);
            if (!figures.equals(FigureOutput.DEFAULT)) {
                for (Path f : figures.save(Figure.of(run.learningCurves()), dir, "learning-curves")) {
                    out.println("wrote " + f);
                }
            }
            out.printf(Locale.ROOT, "done: best val_loss %.6g at epoch %d of %d; model in %s%n", run.bestValLoss(),
                    run.bestEpoch(), run.history().size(), dir);
        }
        return 0;
    }
}
