package strainlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import strainlab.cnn.CnnTrainer;
import strainlab.cnn.DatasetCurves;
import strainlab.cnn.Ensemble;
import strainlab.cnn.LabelledCurves;
import strainlab.cnn.ModelMetadata;
import strainlab.cnn.OutputLayout;
import strainlab.cnn.TrainingRun;
import strainlab.cnn.evaluation.ReducedOutputs;
import strainlab.dataset.ShardedDataset;
import strainlab.plot.Figure;
import strainlab.plot.FigureOutput;
import strainlab.plot.TrainingPlots;
import strainlab.training.NoiseOnTheFly;
import strainlab.training.TrainingOptions;

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
    @Option(names = "--noise-on-the-fly", description = {
        "draw fresh counting noise (the set's mode) for every training curve in every",
        "epoch from the expected counts the set stores (generate --store-expected-counts),",
        "then rescale as the generator does; on the device with the batch under",
        "--data-placement device. Validation keeps the stored noisy curves. A run",
        "resumes only with the same setting"})
    private boolean noiseOnTheFly;
    @Option(names = "--outputs", paramLabel = "K", description = {
        "network outputs (paper §3.4, table 2): 14 = all labels (default),",
        "12 = no H and DR (the paper's CNN3[12]), 3 = t, e_max, DWmin (CNN3[3]);",
        "also written [12], cnn3[12]. Stored as outputLayout in model.json;",
        "evaluate and predict read it back"})
    private String outputs = "14";
    @Option(names = "--members", paramLabel = "K", description = {
        "train an ensemble of K networks (seeds S, S+1, ...) into --out/member-01..K",
        "with ensemble.json (default 1: one network in --out); evaluate scores their mean"})
    private int members = 1;
    @Mixin
    private FigureOptions figureOptions;

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

    @Override
    protected int call(PrintStream out) throws Exception {
        FigureOutput figures = figureOptions.output();
        OutputLayout layout;
        try {
            layout = OutputLayout.parse(outputs);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--outputs: " + e.getMessage());
        }
        atLeast("--members", members, 1);
        TrainingOptions options = training.options().withNoiseOnTheFly(noiseOnTheFly);
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
            if (noiseOnTheFly) {
                try {
                    NoiseOnTheFly noise = NoiseOnTheFly.of(train.expectedCounts(), train.noise(), train.inputGrid(),
                            "data set " + data);
                    out.printf(Locale.ROOT, "noise on the fly: fresh %s noise every epoch from the stored expected "
                            + "counts (validation keeps the stored curves)%n", noise.noise());
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage());
                }
            }
            List<TrainingRun> runs;
            if (members == 1) {
                TrainingRun run = CnnTrainer.train(train, validation, options, dir, out,
                        TrainingPlots.learningCurvesPng(dir));
                out.println(run.summary());
                runs = List.of(run);
            } else {
                for (int k = 1; k <= members; k++) {
                    checkResumedLayout(dir.resolve(Ensemble.memberName(k)), layout);
                }
                runs = Ensemble.train(train, validation, options, dir, members, out, TrainingPlots::learningCurvesPng);
            }
            if (!figures.equals(FigureOutput.DEFAULT)) {
                for (TrainingRun run : runs) {
                    for (Path f : figures.save(Figure.of(TrainingPlots.learningCurves(run)), run.modelDir(),
                            "learning-curves")) {
                        out.println("wrote " + f);
                    }
                }
            }
        }
        return 0;
    }
}
