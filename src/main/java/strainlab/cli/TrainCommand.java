package strainlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import strainlab.cnn.CnnTrainer;
import strainlab.cnn.DatasetCurves;
import strainlab.cnn.Ensemble;
import strainlab.cnn.GrowingCurves;
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
import strainlab.training.PoolSchedule;
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
        "--data-placement device. Validation keeps the stored noisy curves. With a",
        "growing pool, --more-data must store expected counts too. A run resumes",
        "only with the same setting"})
    private boolean noiseOnTheFly;
    @Option(names = "--outputs", paramLabel = "K", description = {
        "network outputs (paper §3.4, table 2): 14 = all labels (default),",
        "12 = no H and DR (the paper's CNN3[12]), 3 = t, e_max, DWmin (CNN3[3]);",
        "also written [12], cnn3[12]. Stored as outputLayout in model.json;",
        "evaluate and predict read it back"})
    private String outputs = "14";
    @Option(names = "--validation-data", paramLabel = "DIR", description = {
        "validate on every curve of this set instead of --data's validation part",
        "(needed while --data is still being generated)"})
    private Path validationData;
    @Option(names = "--more-data", paramLabel = "DIR", description = {
        "a set of the same recipe and noise (another seed) whose every curve joins",
        "the training pool after --data's training part; it and --data may still be",
        "being generated: an epoch waits for the curves its pool needs (a set not",
        "started yet needs its plan: the same generate command with --plan-only)"})
    private Path moreData;
    @Option(names = "--pool-start", paramLabel = "N", description = {
        "curves in the training pool in epoch 1 (default: all of it); the pool is",
        "--data's training part, then --more-data"})
    private Integer poolStart;
    @Option(names = "--pool-growth", paramLabel = "N",
            description = "curves added to the pool before each later epoch (default 0)")
    private Integer poolGrowth;
    @Option(names = "--epoch-curves", paramLabel = "N", description = {
        "curves one epoch trains on, drawn from the pool (default: the size of",
        "--data's training part)"})
    private Integer epochCurves;
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

    /** The options that make the training set a growing pool, for messages. */
    private static final String POOL_OPTIONS = "(--more-data, --pool-start, --pool-growth, --epoch-curves)";

    /** The sets a run opened, closed together. */
    private static final class Sets implements AutoCloseable {
        private final List<ShardedDataset> open = new ArrayList<>();

        ShardedDataset add(ShardedDataset s) {
            open.add(s);
            return s;
        }

        @Override
        public void close() {
            for (ShardedDataset s : open) {
                s.close();
            }
        }
    }

    /**
     * Opens a set that {@code generate} may still be writing; its plan (manifest) must exist, so that a mistyped folder
     * is an error instead of an endless wait.
     */
    private static ShardedDataset openGrowing(Path dir, String option) throws IOException, UsageException {
        if (!Files.exists(dir.resolve(strainlab.dataset.Manifest.FILE_NAME))) {
            throw new UsageException(option + " " + dir + ": no " + strainlab.dataset.Manifest.FILE_NAME + " there; "
                    + "to train while a set is generated, write its plan first with the same generate command and "
                    + "--plan-only");
        }
        return ShardedDataset.openGrowing(dir);
    }

    /**
     * Two sets of one seed share their curves index by index (a curve is a function of the seed and its index), so
     * training on one and validating on, or adding, the other would train on validation or test curves.
     */
    private static void requireOtherSeed(String option, ShardedDataset set, String otherOption, ShardedDataset other)
            throws UsageException {
        if (set.manifest().seed() == other.manifest().seed()) {
            throw new UsageException(option + " " + set.dir() + " has the seed of " + otherOption + " " + other.dir()
                    + " (" + set.manifest().seed() + "), so their curves are the same index by index: generate it "
                    + "with another seed");
        }
    }

    /** The growing training pool: --data's training part, then every curve of --more-data. */
    private GrowingCurves pool(Sets sets, ShardedDataset set, ShardedDataset validationSet, DatasetCurves.Parts parts,
            OutputLayout layout, LabelledCurves train, TrainingOptions options, PrintStream out) throws Exception {
        if (train != parts.train()) {
            throw new UsageException("--outputs " + layout.count() + " cannot be combined with a growing pool "
                    + POOL_OPTIONS + ": train all outputs");
        }
        ShardedDataset more = moreData == null ? null : sets.add(openGrowing(moreData, "--more-data"));
        if (more != null) {
            requireOtherSeed("--more-data", more, "--data", set);
            if (validationSet != null) {
                requireOtherSeed("--more-data", more, "--validation-data", validationSet);
            }
        }
        int total = parts.train().size() + (more == null ? 0 : Math.toIntExact(more.size()));
        GrowingCurves pool;
        try {
            PoolSchedule schedule = new PoolSchedule(poolStart != null ? poolStart : total,
                    poolGrowth != null ? poolGrowth : 0, epochCurves != null ? epochCurves : parts.train().size());
            pool = GrowingCurves.of(parts.train(), more, schedule, options.epochs());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        out.printf(Locale.ROOT, "training pool: %s; %,d curves in epoch 1, %,d by epoch %d (%s)%n",
                pool.schedule().describe(), pool.poolSize(1), pool.size(), options.epochs(), pool.dataName());
        return pool;
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
        boolean growing = moreData != null || poolStart != null || poolGrowth != null || epochCurves != null;
        if (growing) {
            if (members != 1) {
                throw new UsageException("--members cannot be combined with a growing pool " + POOL_OPTIONS);
            }
            if (poolStart != null) {
                atLeast("--pool-start", poolStart, 1);
            }
            if (poolGrowth != null) {
                atLeast("--pool-growth", poolGrowth, 0);
            }
            if (epochCurves != null) {
                atLeast("--epoch-curves", epochCurves, 2);
            }
        }
        try (Sets sets = new Sets()) {
            ShardedDataset set = sets.add(growing ? openGrowing(data, "--data") : ShardedDataset.open(data));
            if (growing && validationData == null && set.finishedCount() < set.size()) {
                throw new UsageException("--data " + data + " is still being generated (" + set.finishedCount()
                        + " of " + set.size() + " curves): give --validation-data, a finished set to validate on");
            }
            DatasetCurves.Parts parts = DatasetCurves.split(set);
            out.printf(Locale.ROOT, "data %s: %d curves (preset '%s', %s noise), split %d train / %d validation / "
                    + "%d test%n", data, set.size(), parts.train().preset(),
                    parts.train().noise().isEmpty() ? "unknown" : parts.train().noise(), parts.train().size(),
                    parts.validation().size(), parts.test().size());
            checkResumedLayout(dir, layout);
            LabelledCurves train;
            LabelledCurves validation;
            ShardedDataset validationSet = null;
            try {
                train = ReducedOutputs.view(parts.train(), layout);
                if (validationData != null) {
                    validationSet = sets.add(ShardedDataset.open(validationData));
                    requireOtherSeed("--validation-data", validationSet, "--data", set);
                    validation = ReducedOutputs.view(DatasetCurves.all(validationSet), layout);
                    out.printf(Locale.ROOT, "validation data %s: %d curves%n", validationData, validationSet.size());
                } else {
                    validation = ReducedOutputs.view(parts.validation(), layout);
                }
            } catch (IllegalArgumentException e) {
                throw new UsageException("--outputs " + layout.count() + ": " + e.getMessage());
            }
            if (growing) {
                train = pool(sets, set, validationSet, parts, layout, train, options, out);
            }
            out.printf(Locale.ROOT, "outputs %s (%s): %s%n", layout.tag(), layout.description(), train.labelNames());
            if (noiseOnTheFly) {
                try {
                    NoiseOnTheFly noise = NoiseOnTheFly.of(train.expectedCounts(), train.noise(), train.inputGrid(),
                            moreData == null || set.expectedCounts() == null ? "data set " + data
                            : "--more-data " + moreData);
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
