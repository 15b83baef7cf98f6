package strainlab.cnn.evaluation;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import strainlab.io.AtomicFiles;
import strainlab.io.FolderLock;
import strainlab.cnn.CnnTrainer;
import strainlab.cnn.LabelledCurves;
import strainlab.cnn.TrainedModel;
import strainlab.cnn.TrainingRun;
import strainlab.training.EpochRecord;
import strainlab.training.TrainingListener;
import strainlab.training.TrainingOptions;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * The training-set-size study of §3.5 (fig. 7): train the network on a set, then on nested subsets each 25 % smaller
 * (the first {@code n} curves: curves of a generated set are independent draws), and record the training and
 * validation MSE and the test accuracies of each. Validation and test sets stay the same for every size.
 *
 * <p>Each size trains into its own model folder {@code size-N} under the study folder, and finished steps are
 * recorded in {@value #STEPS_FILE} (written atomically), so a killed study resumes: finished sizes are skipped and
 * an interrupted training resumes from its checkpoint. Several workers (processes, e.g. one per GPU) may run the
 * same study folder at once: each trains the sizes no other worker has claimed ({@link #run}). Workers are separate
 * processes: the PyTorch engine records gradients for one training at a time per process.
 *
 * <pre>{@code
 * var study = new DatasetSizeStudy(train, validation, test, TrainingOptions.paper(), Path.of("target/fig7"))
 *         .withSteps(8);
 * List<DatasetSizeStudy.Step> steps = study.run(System.out);
 * DatasetSizeStudy.toTable(steps);
 * }</pre>
 */
public final class DatasetSizeStudy {
    /** Finished steps, JSON. */
    public static final String STEPS_FILE = "steps.json";
    /** The lock file in a size's model folder that a worker holds while training that size. */
    public static final String CLAIM_FILE = "training.lock";
    /** The paper's reduction per step (25 %). */
    public static final double PAPER_FACTOR = 0.75;

    /**
     * One training-set size.
     *
     * @param trainCount training curves
     * @param trainMse training loss of the kept (best-validation) epoch (normalised labels)
     * @param valMse best validation MSE
     * @param bestEpoch epoch of the kept parameters
     * @param test table-2 row of the kept model on the test set
     * @param seconds training time
     */
    public record Step(int trainCount, double trainMse, double valMse, int bestEpoch, Table2Row test,
            double seconds) {
    }

    private record Saved(TrainingOptions options, int validationCount, int testCount, List<Step> steps) {
    }

    /** Serialises this JVM's writers of study records (a file lock is held per process, not per thread). */
    private static final Object RECORD_LOCK = new Object();
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final LabelledCurves train;
    private final LabelledCurves validation;
    private final LabelledCurves test;
    private final TrainingOptions options;
    private final Path dir;
    private final double factor;
    private final int steps;
    private final int minimumSize;
    private final int[] only;

    /** A study of (at most) 8 sizes shrinking by 25 % from {@code train.size()}, none below 2 curves. */
    public DatasetSizeStudy(LabelledCurves train, LabelledCurves validation, LabelledCurves test,
            TrainingOptions options, Path dir) {
        this(train, validation, test, options, dir, PAPER_FACTOR, 8, 2, null);
    }

    private DatasetSizeStudy(LabelledCurves train, LabelledCurves validation, LabelledCurves test,
            TrainingOptions options, Path dir, double factor, int steps, int minimumSize, int[] only) {
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("factor must be in (0, 1), got " + factor);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        if (minimumSize < 2) {
            throw new IllegalArgumentException("minimumSize must be >= 2, got " + minimumSize);
        }
        this.train = train;
        this.validation = validation;
        this.test = test;
        this.options = options;
        this.dir = dir;
        this.factor = factor;
        this.steps = steps;
        this.minimumSize = minimumSize;
        this.only = only == null ? null : only.clone();
        if (only != null) {
            int[] all = sizes();
            for (int n : only) {
                if (Arrays.stream(all).noneMatch(s -> s == n)) {
                    throw new IllegalArgumentException("size " + n + " is not one of this study's sizes "
                            + Arrays.toString(all));
                }
            }
        }
    }

    /** The same study with another number of sizes. */
    public DatasetSizeStudy withSteps(int n) {
        return new DatasetSizeStudy(train, validation, test, options, dir, factor, n, minimumSize, only);
    }

    /** The same study with another size ratio between steps (0.75: the paper's 25 % reduction). */
    public DatasetSizeStudy withFactor(double f) {
        return new DatasetSizeStudy(train, validation, test, options, dir, f, steps, minimumSize, only);
    }

    /** The same study stopping before sizes below {@code n} curves. */
    public DatasetSizeStudy withMinimumSize(int n) {
        return new DatasetSizeStudy(train, validation, test, options, dir, factor, steps, n, only);
    }

    /**
     * The same study of which this worker trains only {@code sizes}, in that order (e.g. sizes that fit the time
     * one machine has left); each must be one of {@link #sizes()}. The record, figures and table still cover
     * every finished size.
     */
    public DatasetSizeStudy withOnly(int... sizes) {
        return new DatasetSizeStudy(train, validation, test, options, dir, factor, steps, minimumSize, sizes);
    }

    /** The sizes this worker trains, in order: {@link #withOnly} when given, else {@link #sizes()}. */
    public int[] workerSizes() {
        return only == null ? sizes() : only.clone();
    }

    /** The training-set sizes, largest first: {@code round(N·factor^k)}, distinct, ≥ the minimum size. */
    public int[] sizes() {
        List<Integer> out = new ArrayList<>();
        double n = train.size();
        for (int k = 0; k < steps; k++) {
            int s = (int) Math.round(n);
            if (s < minimumSize) {
                break;
            }
            if (out.isEmpty() || out.get(out.size() - 1) != s) {
                out.add(s);
            }
            n *= factor;
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The study folder. */
    public Path dir() {
        return dir;
    }

    /** Steps already finished (from {@value #STEPS_FILE}), largest size first; empty when none. */
    public List<Step> finished() throws IOException {
        return readSteps(dir);
    }

    /**
     * Trains and evaluates every size (of {@link #workerSizes()}) not yet finished and not claimed by another
     * worker; returns the finished steps, largest size first (all sizes, unless others are still unfinished).
     *
     * <p>Several processes may share one study folder (e.g. one per GPU): each size is claimed by an exclusive
     * lock on {@value #CLAIM_FILE} in its model folder while it trains, so a worker skips sizes that another
     * is training, and finished steps are merged into {@value #STEPS_FILE} under a lock. A killed worker's lock
     * goes with it, so its size resumes from the checkpoint in the next run.
     *
     * @param progress progress lines (null: silent)
     */
    public List<Step> run(PrintStream progress) throws IOException {
        return run(progress, modelDir -> null);
    }

    /**
     * Trains and evaluates the sizes not yet finished, as {@link #run(PrintStream)}, with {@code listener} giving
     * each size's training an observer for its model folder (e.g. {@code plot.TrainingPlots::learningCurvesPng}).
     */
    public List<Step> run(PrintStream progress, Function<Path, TrainingListener> listener) throws IOException {
        Files.createDirectories(dir);
        TrainingOptions identity = options.resultIdentity();
        check(load(), identity);
        for (int n : workerSizes()) {
            if (isFinished(n)) {
                continue;
            }
            Path modelDir = dir.resolve("size-" + n);
            try (FolderLock claim = FolderLock.tryAcquire(modelDir, CLAIM_FILE)) {
                if (claim == null) {
                    if (progress != null) {
                        progress.printf(Locale.ROOT, "dataset-size study: %,d curves are being trained by another "
                                + "worker; skipped%n", n);
                    }
                    continue;
                }
                if (isFinished(n)) {
                    continue;
                }
                if (progress != null) {
                    progress.printf(Locale.ROOT, "dataset-size study: training on %,d curves%n", n);
                }
                TrainingRun run = CnnTrainer.train(new CurveSubset(train, n), validation, options, modelDir,
                        progress, listener.apply(modelDir));
                EpochRecord best = run.history().stream().filter(r -> r.epoch() == run.bestEpoch()).findFirst()
                        .orElse(run.last());
                double seconds = run.history().stream().mapToDouble(EpochRecord::seconds).sum();
                Table2Row row;
                try (TrainedModel model = TrainedModel.load(modelDir)) {
                    row = Evaluator.evaluate(model, test, String.format(Locale.ROOT, "n = %d", n)).table2();
                }
                record(new Step(n, best.trainLoss(), run.bestValLoss(), run.bestEpoch(), row, seconds), identity);
            }
        }
        return finished();
    }

    /** The sizes of {@link #sizes()} not yet in {@value #STEPS_FILE} (being trained, or not started). */
    public int[] unfinishedSizes() throws IOException {
        return unfinishedSizes(finished());
    }

    /** The sizes of {@link #sizes()} that {@code done} has no step of (e.g. the steps {@link #run} returned). */
    public int[] unfinishedSizes(List<Step> done) {
        return Arrays.stream(sizes()).filter(n -> !hasSize(done, n)).toArray();
    }

    private boolean isFinished(int n) throws IOException {
        return hasSize(finished(), n);
    }

    private static boolean hasSize(List<Step> steps, int n) {
        return steps.stream().anyMatch(s -> s.trainCount() == n);
    }

    private void check(Saved saved, TrainingOptions identity) {
        if (saved != null && (!saved.options().resultIdentity().equals(identity)
                || saved.validationCount() != validation.size()
                || saved.testCount() != test.size())) {
            throw new IllegalStateException(dir.resolve(STEPS_FILE) + " records a study with other settings ("
                    + saved.options() + ", " + saved.validationCount() + " validation, " + saved.testCount()
                    + " test curves); use another folder");
        }
    }

    /** Adds {@code step} to {@value #STEPS_FILE}, re-reading it under a lock so that workers' steps merge. */
    private void record(Step step, TrainingOptions identity) throws IOException {
        underRecordLock(() -> {
            Saved saved = load();
            check(saved, identity);
            List<Step> steps = new ArrayList<>(saved == null ? List.of() : saved.steps());
            steps.removeIf(s -> s.trainCount() == step.trainCount());
            steps.add(step);
            String json = GSON.toJson(new Saved(identity, validation.size(), test.size(), sorted(steps)));
            AtomicFiles.writeText(dir.resolve(STEPS_FILE), w -> w.write(json));
            return null;
        });
    }

    /** Writes reports of a study's finished steps (a table, figures). */
    @FunctionalInterface
    public interface ReportWriter {
        void write(List<Step> steps) throws IOException;
    }

    /**
     * Reads the finished steps and hands them to {@code writer} while holding the lock under which workers record
     * their steps, so that when several workers each write the study's reports at their end, the last report
     * written holds every step (a worker that read the record before another one's step would otherwise write
     * its shorter report after the other's complete one). Returns the steps written.
     */
    public List<Step> writeReports(ReportWriter writer) throws IOException {
        Files.createDirectories(dir);
        return underRecordLock(() -> {
            List<Step> steps = finished();
            writer.write(steps);
            return steps;
        });
    }

    private interface LockedBody<T> {
        T run() throws IOException;
    }

    private <T> T underRecordLock(LockedBody<T> body) throws IOException {
        synchronized (RECORD_LOCK) {
            try (FileChannel ch = FileChannel.open(dir.resolve(STEPS_FILE + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
                return body.run();
            }
        }
    }

    /**
     * The finished steps recorded in a study folder, largest size first, without the data sets (e.g. to plot a
     * study that ran on another machine); empty when the folder has no record.
     */
    public static List<Step> readSteps(Path studyDir) throws IOException {
        Saved saved = load(studyDir);
        return saved == null ? List.of() : sorted(saved.steps());
    }

    private Saved load() throws IOException {
        return load(dir);
    }

    private static Saved load(Path dir) throws IOException {
        Path f = dir.resolve(STEPS_FILE);
        if (!Files.exists(f)) {
            return null;
        }
        try {
            Saved s = GSON.fromJson(Files.readString(f, StandardCharsets.UTF_8), new TypeToken<Saved>() { }.getType());
            if (s == null || s.steps() == null || s.options() == null) {
                throw new IOException(f + ": not a dataset-size study record");
            }
            return s;
        } catch (RuntimeException e) {
            throw new IOException(f + ": cannot read the study record: " + e.getMessage(), e);
        }
    }

    private static List<Step> sorted(List<Step> steps) {
        List<Step> s = new ArrayList<>(steps);
        s.sort(Comparator.comparingInt(Step::trainCount).reversed());
        return s;
    }

    /** The steps as a table (one row per size); printed with MSEs to 5 decimals and accuracies in %, written in full. */
    public static Table toTable(List<Step> steps) {
        Table t = Table.create("dataset-size study");
        IntColumn count = IntColumn.create("train_count", steps.stream().mapToInt(Step::trainCount).toArray());
        count.setPrintFormatter(new NumberColumnFormatter(decimalFormat("#,##0")));
        t.addColumns(count);
        NumberColumnFormatter mse = new NumberColumnFormatter(decimalFormat("0.00000"));
        t.addColumns(printed(DoubleColumn.create("train_mse", steps.stream().mapToDouble(Step::trainMse).toArray()), mse),
                printed(DoubleColumn.create("val_mse", steps.stream().mapToDouble(Step::valMse).toArray()), mse),
                printed(DoubleColumn.create("test_mse",
                        steps.stream().mapToDouble(s -> orNaN(s.test().testMse())).toArray()), mse));
        NumberColumnFormatter percent = new NumberColumnFormatter(decimalFormat("0.0 %"));
        for (Parameter p : Parameter.values()) {
            t.addColumns(printed(DoubleColumn.create(p.accuracyKey(),
                    steps.stream().mapToDouble(s -> orNaN(s.test().accuracy(p))).toArray()), percent));
        }
        t.addColumns(printed(DoubleColumn.create("aStrain",
                steps.stream().mapToDouble(s -> orNaN(s.test().aStrain())).toArray()), percent));
        return t;
    }

    private static DoubleColumn printed(DoubleColumn column, NumberColumnFormatter format) {
        column.setPrintFormatter(format);
        return column;
    }

    private static DecimalFormat decimalFormat(String pattern) {
        return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
    }

    private static double orNaN(Double v) {
        return v == null ? Double.NaN : v;
    }
}
