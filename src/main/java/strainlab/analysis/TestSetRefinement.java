package strainlab.analysis;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToDoubleBiFunction;
import strainlab.RunInterruptedException;
import strainlab.WorkerThreads;
import strainlab.cnn.LabelledCurves;
import strainlab.crystal.DiffractionSetup;
import strainlab.dataset.recipe.CurveLabels;
import strainlab.dataset.recipe.LabelLayout;
import strainlab.dataset.recipe.PaperRecipe;
import strainlab.dataset.recipe.ParameterRanges;
import strainlab.fit.CurveModel;
import strainlab.fit.MeasuredCurve;
import strainlab.instrument.NetworkGrid;
import strainlab.instrument.SimulatedCurve;
import strainlab.instrument.ThetaGrid;
import strainlab.io.AtomicFiles;
import strainlab.io.MeasuredScan;
import strainlab.io.ScanAxis;

/**
 * The paper's "CNN as a starting point for least squares" over the curves of a generated test set: each curve,
 * started from a given label vector (a network's prediction), is refined by the automatic bounded fit of
 * {@link Analysis} (bounded Levenberg–Marquardt with its bell-profile fallback), and the refined parameters are read
 * back into the 14 labels, so they can be scored like the network's own prediction.
 *
 * <p>A test curve is {@code log10(I/max)} on a network grid, rescaled by the generator around θB (not the peak).
 * It is put back on the generator's θ axis ({@link #scan}): grid points outside the generated range hold the fill
 * value (the smallest count) and are dropped; the rest is interpolated, linearly in intensity and in the grid's
 * abscissa, onto the multiples of the recipe's θ step (0.005°), where the generator computed it. The generator's
 * 'same' convolution moves its peak by half a step on grids of an even count; of the scan and the scan less its
 * last point, the one whose start needs the smaller θ offset is fitted, so the parities agree. On that grid the
 * fit's model renders the substrate peak as the generator does (one sample on the Darwin plateau), so the labels
 * and the model's parameters convert into each other with a peak weight κ = 1 ({@link CnnStart#parameters}):
 * background {@code 10^−DR} relative to the maximum, and back {@code DR = log10_scale − log10_background}.
 * The network grid's step near the peak is about the generator's θ step, so a substrate peak only a few steps
 * wide comes back broader than generated: resolutions below about 0.04° 2θ are refined too wide.
 *
 * <p>Each curve may be fitted from several starts ({@link Start}: e.g. an ensemble's mean prediction and each
 * member's), each fit with the same seed and prior; the fit of lowest σ_I is kept (the earlier start on a tie), or,
 * with the prior released ({@link FitOptions#releasePrior}), the {@link NearestMinimum} choice: of the fits within
 * {@link #choiceTolerance} of the lowest σ_I, the one nearest the first start.
 *
 * <p>Curves are refined in parallel, one single-threaded {@link Analysis} per curve with a seed fixed by the
 * curve's index in its set, so the result does not depend on the number of threads (unless the per-curve time
 * limit, a safety net, is reached).
 */
public final class TestSetRefinement {
    /** Name of the per-curve CSV. */
    public static final String CURVES_FILE = "refined-curves.csv";
    /** Name of the CSV of every fit of each curve ({@link #keepAllFits}). */
    public static final String FITS_FILE = "refined-fits.csv";
    /** {@link Curve#winner} of a fit refined from a {@link ProfileMoves} start. */
    public static final String MOVED = "moved";

    private final LabelledCurves test;
    private final long[] sourceIndex;
    private final List<Start> starts;
    private final ParameterRanges ranges;
    private int threads = Runtime.getRuntime().availableProcessors();
    private long seed = 1;
    private double timeLimitSeconds = 60;
    private FitOptions fit = FitOptions.ANALYZE;
    private StartPrior prior;
    private PaperRecipe generator;
    private long setSeed;
    private PrintStream progress;
    private double choiceTolerance = NearestMinimum.SIGMA_TOLERANCE;
    private boolean keepAllFits;

    private TestSetRefinement(LabelledCurves test, long[] sourceIndex, List<Start> starts, ParameterRanges ranges) {
        this.test = test;
        this.sourceIndex = sourceIndex.clone();
        this.starts = List.copyOf(starts);
        this.ranges = ranges;
    }

    /**
     * One start of every curve: a label vector per curve, and its name (reported, and recorded per curve as
     * {@link Curve#start} when its fit is kept).
     *
     * @param name   e.g. {@code cnn}, {@code truth}, {@code mean}, {@code member-01}; not blank
     * @param labels the starting label vector of each curve, 14 labels in storage order ({@link LabelLayout})
     */
    public record Start(String name, float[][] labels) {
        public Start {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a start needs a name");
            }
            labels = Arrays.stream(labels).map(float[]::clone).toArray(float[][]::new);
            for (float[] l : labels) {
                if (l.length != LabelLayout.COUNT) {
                    throw new IllegalArgumentException("start " + name + ": " + LabelLayout.COUNT
                            + " labels per curve needed, got " + l.length);
                }
            }
        }

        @Override
        public float[][] labels() {
            return Arrays.stream(labels).map(float[]::clone).toArray(float[][]::new);
        }
    }

    /**
     * A refinement of every curve of {@code test} from one start, named {@code cnn}.
     *
     * @param sourceIndex index of each curve in its set (seeds the curve's fit)
     * @param start the starting label vector of each curve, 14 labels in storage order ({@link LabelLayout})
     * @param ranges the recipe the curves were generated with (reflection and θ step)
     */
    public static TestSetRefinement of(LabelledCurves test, long[] sourceIndex, float[][] start,
            ParameterRanges ranges) {
        return of(test, sourceIndex, List.of(new Start("cnn", start)), ranges);
    }

    /**
     * A refinement of every curve of {@code test} from each of {@code starts}, keeping per curve the fit of lowest
     * σ_I (the earlier start on a tie).
     *
     * @param sourceIndex index of each curve in its set (seeds each of the curve's fits)
     * @param starts at least one, of distinct names, each with one label vector per curve
     * @param ranges the recipe the curves were generated with (reflection and θ step)
     */
    public static TestSetRefinement of(LabelledCurves test, long[] sourceIndex, List<Start> starts,
            ParameterRanges ranges) {
        if (!test.labelNames().equals(LabelLayout.names())) {
            throw new IllegalArgumentException("the test curves must carry the 14 labels " + LabelLayout.names()
                    + ", got " + test.labelNames());
        }
        if (starts.isEmpty() || starts.stream().map(Start::name).distinct().count() != starts.size()) {
            throw new IllegalArgumentException("at least one start, of distinct names, needed, got "
                    + starts.stream().map(Start::name).toList());
        }
        for (Start s : starts) {
            if (sourceIndex.length != test.size() || s.labels.length != test.size()) {
                throw new IllegalArgumentException("the test set holds " + test.size() + " curves, with "
                        + sourceIndex.length + " source indices and " + s.labels.length + " starts (" + s.name()
                        + ")");
            }
        }
        return new TestSetRefinement(test, sourceIndex, starts, ranges);
    }

    /** The recipe ranges of a set: its own recipe's, else its preset's (CNN1's when it names none). */
    public static ParameterRanges rangesOf(LabelledCurves set) {
        return set.recipe() != null ? new PaperRecipe(set.recipe()).ranges() : CnnStart.trainingRanges(set.preset());
    }

    /** Worker threads (default: all available processors); each curve's fit runs on one. */
    public TestSetRefinement threads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be ≥ 1, got " + n);
        }
        threads = n;
        return this;
    }

    /** Seed of the set's refinement (default 1); curve i is fitted with {@code PaperRecipe.curveSeed(seed, i)}. */
    public TestSetRefinement seed(long s) {
        seed = s;
        return this;
    }

    /** Safety net on each curve's wall time in seconds (default 60, as {@code analyze}). */
    public TestSetRefinement timeLimitSeconds(double s) {
        timeLimitSeconds = s;
        return this;
    }

    /**
     * How each curve is fitted: the model's lamellae, whether {@code analyze}'s global search may run, and whether the
     * points are weighted as Poisson counts.
     *
     * @param lamellae       lamellae of the fit's model (analyze: 60; the generator: 500)
     * @param globalSearch   whether each fit may use analyze's global search (else: local refinement of the start)
     * @param poissonWeights whether each point's log10 misfit is weighted by its intensity
     * @param releasePrior   whether each fit with a {@link #prior} is released from it ({@link Analysis#priorRelease})
     *                       and the fits of a curve's starts are chosen by {@link NearestMinimum} (σ_I, then nearness
     *                       to the first start); no effect without a prior
     * @param moves          the {@link ProfileMoves} after the released fits: each round refines the moved profiles
     *                       locally without a prior, and all the fits then go to the {@link NearestMinimum} choice.
     *                       Rounds need {@code releasePrior}
     */
    public record FitOptions(int lamellae, boolean globalSearch, boolean poissonWeights, boolean releasePrior,
                             ProfileMoves.Search moves) {
        /** As {@code analyze}: 60 lamellae, global search, unweighted. */
        public static final FitOptions ANALYZE = new FitOptions(60, true, false);

        /** Options without the prior's release. */
        public FitOptions(int lamellae, boolean globalSearch, boolean poissonWeights) {
            this(lamellae, globalSearch, poissonWeights, false);
        }

        /** Options without profile moves. */
        public FitOptions(int lamellae, boolean globalSearch, boolean poissonWeights, boolean releasePrior) {
            this(lamellae, globalSearch, poissonWeights, releasePrior, ProfileMoves.Search.NONE);
        }

        /** Options with {@code moveRounds} rounds of {@link ProfileMoves.Search#rounds} moves. */
        public FitOptions(int lamellae, boolean globalSearch, boolean poissonWeights, boolean releasePrior,
                          int moveRounds) {
            this(lamellae, globalSearch, poissonWeights, releasePrior, ProfileMoves.Search.rounds(moveRounds));
        }

        public FitOptions {
            if (lamellae < 2) {
                throw new IllegalArgumentException("lamellae must be ≥ 2, got " + lamellae);
            }
            Objects.requireNonNull(moves, "moves");
            if (moves.rounds() > 0 && !releasePrior) {
                throw new IllegalArgumentException("profile moves choose among free fits; they need releasePrior");
            }
        }
    }

    /** How each curve is fitted (default {@link FitOptions#ANALYZE}). */
    public TestSetRefinement fit(FitOptions options) {
        fit = options;
        return this;
    }

    /**
     * A Gaussian prior centred on each curve's start ({@link Analysis#prior}; null: none, the default): each fit then
     * minimises data misfit plus prior and keeps the fit of the lower such cost.
     */
    public TestSetRefinement prior(StartPrior p) {
        prior = p;
        return this;
    }

    /**
     * Fits each curve as the generator drew it, on its own θ grid in counts (the "measurement" the network input was
     * rendered from), instead of the network input mapped back onto θ: {@code generator} regenerates curve i of the
     * set written with {@code setSeed} (same seed, same bytes), and a curve whose regenerated network input differs
     * from the stored one fails with the reason. Null: map the network input back (the default).
     */
    public TestSetRefinement fromGenerator(PaperRecipe generator, long setSeed) {
        this.generator = generator;
        this.setSeed = setSeed;
        return this;
    }

    /**
     * Relative σ_I tolerance of the last {@link NearestMinimum} choice among a curve's released and moved fits
     * (default {@link NearestMinimum#SIGMA_TOLERANCE}); the choice of the fit that the moves start from, and whether
     * a moved fit is moved again, keep the default.
     *
     * @param tolerance ≥ 0 (0: the lowest σ_I)
     */
    public TestSetRefinement choiceTolerance(double tolerance) {
        if (!(tolerance >= 0) || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException("the choice tolerance must be finite and ≥ 0, got " + tolerance);
        }
        choiceTolerance = tolerance;
        return this;
    }

    /** Whether {@link Result#fits} keeps every fit of each curve, not only the one kept (default false). */
    public TestSetRefinement keepAllFits(boolean keep) {
        keepAllFits = keep;
        return this;
    }

    /** Where progress lines go (null: silent). */
    public TestSetRefinement progress(PrintStream out) {
        progress = out;
        return this;
    }

    /**
     * One refined curve.
     *
     * @param position position in the test set
     * @param sourceIndex index in its dataset
     * @param labels the refined labels (storage order); NaN when the fit failed
     * @param startSigmaI σ_I of the kept fit's start ({@link #start}) against the test curve
     * @param sigmaI σ_I of the refined curve
     * @param points θ points fitted
     * @param seconds wall time of the fit, s (of all its starts' fits together)
     * @param startMethod how the fit went ({@link AnalysisResult#startMethod}, or why it failed)
     * @param start the name of the {@link Start} the kept fit began from; "" when the fit failed
     * @param winner where the kept fit started: {@code start} (the given labels) or {@code bell} (the bell-profile
     *               multi-start, which {@link Analysis} runs when the refined start stays above the noise and keeps
     *               when it ends lower), or {@value #MOVED} (a fit from a moved profile of the curve's fit,
     *               {@link FitOptions#moves}); "" when the fit failed
     * @param timeLimited whether the time limit stopped the fit (any of its starts' fits) before its evaluation
     *                    budget was spent
     * @param priorMeanSquare the prior's share of the kept fit's cost, on the scale of σ_I² (0 without a prior; NaN
     *                        when the fit failed)
     */
    public record Curve(int position, long sourceIndex, float[] labels, double startSigmaI, double sigmaI, int points,
                        double seconds, String startMethod, String start, String winner, boolean timeLimited,
                        double priorMeanSquare) {
        public Curve {
            labels = labels.clone();
        }

        /** The same curve with the wall time and time limit of all its starts' fits. */
        Curve withTotals(double allSeconds, boolean anyTimeLimited) {
            return new Curve(position, sourceIndex, labels, startSigmaI, sigmaI, points, allSeconds, startMethod, start,
                    winner, anyTimeLimited, priorMeanSquare);
        }

        @Override
        public float[] labels() {
            return labels.clone();
        }

        /** Whether the fit produced labels. */
        public boolean refined() {
            return Float.isFinite(labels[0]);
        }
    }

    /**
     * One fit of a curve, as the choice among its fits saw it.
     *
     * @param fit        the fit ({@link Curve#seconds} its own)
     * @param priorScore its distance from the curve's first start ({@link StartPrior#scoreSquared}); NaN without a
     *                   prior or when the fit failed
     * @param kept       whether it is the curve's kept fit
     */
    public record Candidate(Curve fit, double priorScore, boolean kept) {
    }

    /**
     * The refined curves.
     *
     * @param curves in test-set order
     * @param starts the starts each curve was fitted from, in order
     * @param wallSeconds wall time of the whole refinement, s
     * @param threads worker threads used
     * @param fits with {@link #keepAllFits}, per curve in test-set order every fit the choice saw, in the order they
     *             were made; else empty
     */
    public record Result(List<Curve> curves, List<Start> starts, double wallSeconds, int threads,
                         List<List<Candidate>> fits) {
        public Result {
            curves = List.copyOf(curves);
            starts = List.copyOf(starts);
            fits = fits.stream().map(List::copyOf).toList();
        }

        /** The refined label vectors in test-set order (storage order; NaN rows where a fit failed). */
        public float[][] labels() {
            return curves.stream().map(Curve::labels).toArray(float[][]::new);
        }

        /** Wall time per curve: the whole refinement's wall time over the number of curves, s. */
        public double secondsPerCurve() {
            return wallSeconds / curves.size();
        }

        /** Curves whose fit failed. */
        public long failures() {
            return curves.stream().filter(c -> !c.refined()).count();
        }

        /** Curves whose kept fit is the bell-profile multi-start's rather than the refined start's. */
        public long bellWins() {
            return curves.stream().filter(c -> c.winner().equals("bell")).count();
        }

        /** Curves whose kept fit was refined from a moved profile ({@link FitOptions#moves}). */
        public long movedWins() {
            return curves.stream().filter(c -> c.winner().equals(MOVED)).count();
        }

        /** Curves whose fit the time limit stopped. */
        public long timeLimited() {
            return curves.stream().filter(Curve::timeLimited).count();
        }

        /** Per start, in order, the curves whose kept fit began from it. */
        public Map<String, Long> startsKept() {
            Map<String, Long> m = new LinkedHashMap<>();
            for (Start s : starts) {
                m.put(s.name(), curves.stream().filter(c -> c.start().equals(s.name())).count());
            }
            return m;
        }

        /** The index in {@link #starts} of the start a curve's kept fit began from (the first when the fit failed). */
        private int startIndex(Curve c) {
            for (int k = 0; k < starts.size(); k++) {
                if (starts.get(k).name().equals(c.start())) {
                    return k;
                }
            }
            return 0;
        }

        /**
         * Writes {@value #FITS_FILE}: every fit of each curve that the choice saw ({@link #fits}), one row each in the
         * order they were made: the curve's position and source index, the fit's number within the curve, the start
         * it began from, where within that start's fit it started ({@link Curve#winner}), σ_I, the prior score, the
         * refined thickness (nm) and e_max (%), σe/e_max against the truth, θ points, fit seconds, whether it was
         * kept, and last the fit's 14 labels as {@code label_} and their {@link LabelLayout#names} (NaN where the fit
         * failed).
         *
         * @param truth       true labels per curve (storage order)
         * @param strainError σe/e_max of a label vector (second) against the true one (first), as the scoring
         *                    computes it
         * @throws IllegalStateException when the fits were not kept
         */
        public void writeFitsCsv(Path file, float[][] truth, ToDoubleBiFunction<float[], float[]> strainError)
                throws IOException {
            if (fits.size() != curves.size()) {
                throw new IllegalStateException("every fit is kept only with keepAllFits(true)");
            }
            AtomicFiles.writeText(file, w -> {
                w.write("index,source_index,fit,start,kind,sigma_i,prior_score,t_nm,e_max,sigma_e_over_e_max,points,"
                        + "seconds,kept," + String.join(",", LabelLayout.names().stream().map(n -> "label_" + n)
                        .toList()) + "\n");
                for (int i = 0; i < fits.size(); i++) {
                    List<Candidate> list = fits.get(i);
                    for (int k = 0; k < list.size(); k++) {
                        Candidate c = list.get(k);
                        Curve f = c.fit();
                        w.write(String.format(Locale.ROOT, "%d,%d,%d,%s,%s,%.9g,%.6g,%.6g,%.6g,%.6g,%d,%.3f,%d",
                                i, f.sourceIndex(), k, f.start(), f.winner(), f.sigmaI(), c.priorScore(),
                                f.labels[LabelLayout.THICKNESS_NM], emax(f.labels),
                                f.refined() ? strainError.applyAsDouble(truth[i], f.labels) : Double.NaN,
                                f.points(), f.seconds(), c.kept() ? 1 : 0));
                        for (float label : f.labels) {
                            w.write(String.format(Locale.ROOT, ",%.7g", label));
                        }
                        w.write('\n');
                    }
                }
            });
        }

        /**
         * Writes {@value #CURVES_FILE}: per curve its position and source index, σ_I of the start and of the refined
         * fit, true, start and refined thickness (nm) and e_max (%), σe/e_max of the start and of the refined
         * profile (given, from the scoring), fit seconds, θ points, the start the kept fit began from
         * ({@link Curve#start}; the start columns are that start's), where within its fit the kept fit started
         * ({@link Curve#winner}) and the prior's share of its cost ({@link Curve#priorMeanSquare}).
         *
         * @param truth true labels per curve (storage order)
         * @param startStrainError σe/e_max of each curve's start, one array per start of {@link #starts}
         * @param refinedStrainError σe/e_max of each refined profile
         */
        public void writeCsv(Path file, float[][] truth, List<double[]> startStrainError, double[] refinedStrainError)
                throws IOException {
            if (startStrainError.size() != starts.size()) {
                throw new IllegalArgumentException(starts.size() + " starts, " + startStrainError.size()
                        + " arrays of their strain errors");
            }
            AtomicFiles.writeText(file, w -> {
                w.write("index,source_index,start_sigma_i,refined_sigma_i,t_nm_true,t_nm_start,t_nm_refined,"
                        + "e_max_true,e_max_start,e_max_refined,sigma_e_over_e_max_start,"
                        + "sigma_e_over_e_max_refined,seconds,points,start,kept_fit,prior_mean_square\n");
                for (Curve c : curves) {
                    int i = c.position();
                    int k = startIndex(c);
                    float[] start = starts.get(k).labels[i];
                    w.write(String.format(Locale.ROOT,
                            "%d,%d,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.3f,%d,%s,%s,%.6g%n",
                            i, c.sourceIndex(), c.startSigmaI(), c.sigmaI(), truth[i][LabelLayout.THICKNESS_NM],
                            start[LabelLayout.THICKNESS_NM], c.labels[LabelLayout.THICKNESS_NM], emax(truth[i]),
                            emax(start), emax(c.labels), startStrainError.get(k)[i], refinedStrainError[i],
                            c.seconds(), c.points(), c.start(), c.winner(), c.priorMeanSquare()));
                }
            });
        }
    }

    /**
     * Refines every curve on a pool of {@link #threads} workers.
     *
     * @throws RunInterruptedException when the calling thread is interrupted (the pool is stopped)
     */
    public Result run() {
        int n = test.size();
        long t0 = System.nanoTime();
        WorkerThreads workers = new WorkerThreads("strainlab-refine");
        ExecutorService pool = Executors.newFixedThreadPool(threads, workers);
        Curve[] out = new Curve[n];
        List<List<Candidate>> fits = new ArrayList<>(Collections.nCopies(n, List.of()));
        try {
            CompletionService<Refined> done = new ExecutorCompletionService<>(pool);
            for (int i = 0; i < n; i++) {
                int at = i;
                done.submit(() -> refine(at));
            }
            int every = Math.max(1, n / 20);
            for (int k = 1; k <= n; k++) {
                Refined r = get(done.take());
                Curve c = r.kept();
                out[c.position()] = c;
                if (keepAllFits) {
                    fits.set(c.position(), r.fits());
                }
                if (progress != null && (k % every == 0 || k == n)) {
                    double s = (System.nanoTime() - t0) / 1e9;
                    progress.printf(Locale.ROOT, "  refined %,d / %,d curves (%.2f s/curve on %d threads, "
                            + "%.0f s left)%n", k, n, s / k, threads, s / k * (n - k));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            RunInterruptedException.stopPool(pool, workers);
            throw new RunInterruptedException("refinement interrupted after " + count(out) + " of " + n
                    + " curves; nothing was written");
        } finally {
            RunInterruptedException.stopPool(pool, workers);
        }
        return new Result(Arrays.asList(out), starts, (System.nanoTime() - t0) / 1e9, threads,
                keepAllFits ? fits : List.of());
    }

    /** A curve's kept fit and every fit the choice saw. */
    private record Refined(Curve kept, List<Candidate> fits) {
    }

    private static <T> T get(Future<T> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static int count(Curve[] curves) {
        return (int) Arrays.stream(curves).filter(c -> c != null).count();
    }

    private Refined refine(int i) {
        float[] input = new float[test.inputLength()];
        float[] truth = new float[test.labelCount()];
        test.read(i, input, truth);
        long t0 = System.nanoTime();
        MeasuredScan scan;
        try {
            scan = generator == null ? scan(input, ranges, "test curve " + sourceIndex[i])
                    : regenerated(generator, setSeed, sourceIndex[i], input);
        } catch (IllegalArgumentException e) {
            Curve f = failed(i, 0, t0, e);
            return new Refined(f, List.of(new Candidate(f, Double.NaN, true)));
        }
        Curve kept = null;
        double seconds = 0;
        boolean limited = false;
        List<Curve> fits = new ArrayList<>();
        for (Start s : starts) {
            long t1 = System.nanoTime();
            Curve c;
            try {
                c = refine(i, sourceIndex[i], scan, CurveLabels.ofPrediction(s.labels[i]), ranges.setup(),
                        PaperRecipe.curveSeed(seed, sourceIndex[i]), timeLimitSeconds, s.name(), fit, prior);
            } catch (IllegalArgumentException | IllegalStateException e) {
                c = failed(i, scan.size(), t1, e);
            }
            seconds += c.seconds();
            limited |= c.timeLimited();
            fits.add(c);
            if (kept == null || c.refined() && (!kept.refined() || c.sigmaI() < kept.sigmaI())) {
                kept = c;
            }
        }
        float[] centre = starts.get(0).labels[i];
        if (fit.releasePrior() && prior != null) {
            kept = nearest(fits, centre, kept, NearestMinimum.SIGMA_TOLERANCE);
            ProfileMoves.Search moves = fit.moves();
            FitOptions local = new FitOptions(fit.lamellae(), false, fit.poissonWeights());
            List<Curve> front = moves.rounds() > 0 ? movedFirst(fits, kept, moves.fits()) : List.of();
            for (int round = 0; round < moves.rounds() && !front.isEmpty(); round++) {
                List<Curve> next = new ArrayList<>();
                for (Curve from : front) {
                    Curve lowest = null;
                    for (float[] moved : ProfileMoves.of(from.labels, moves.shifts(), moves.stretches())) {
                        long t1 = System.nanoTime();
                        Curve c;
                        try {
                            c = refine(i, sourceIndex[i], scan, CurveLabels.ofPrediction(moved), ranges.setup(),
                                    PaperRecipe.curveSeed(seed, sourceIndex[i]), timeLimitSeconds, from.start(), local,
                                    null);
                            c = new Curve(i, sourceIndex[i], c.labels, from.startSigmaI(), c.sigmaI(), c.points(),
                                    c.seconds(), from.startMethod() + "; profile moved", from.start(), MOVED,
                                    c.timeLimited(), 0);
                        } catch (IllegalArgumentException | IllegalStateException e) {
                            c = failed(i, scan.size(), t1, e);
                        }
                        seconds += c.seconds();
                        limited |= c.timeLimited();
                        fits.add(c);
                        if (c.refined() && (lowest == null || c.sigmaI() < lowest.sigmaI())) {
                            lowest = c;
                        }
                    }
                    if (lowest != null && lowest.sigmaI() < (1 - NearestMinimum.SIGMA_TOLERANCE) * from.sigmaI()) {
                        next.add(lowest);
                    }
                }
                front = next;
            }
            kept = nearest(fits, centre, kept, choiceTolerance);
        }
        List<Candidate> candidates = new ArrayList<>();
        if (keepAllFits) {
            for (Curve c : fits) {
                candidates.add(new Candidate(c, priorScore(c, centre), c == kept));
            }
        }
        return new Refined(kept.withTotals(seconds, limited), candidates);
    }

    /**
     * The fits the first round of moves starts from: {@code kept}, then up to {@code count} − 1 further refined fits
     * in order of σ_I, each a distinct minimum ({@link #sameMinimum}) from those already taken.
     */
    static List<Curve> movedFirst(List<Curve> fits, Curve kept, int count) {
        List<Curve> out = new ArrayList<>();
        if (!kept.refined()) {
            return out;
        }
        out.add(kept);
        List<Curve> bySigma = fits.stream().filter(Curve::refined)
                .sorted(Comparator.comparingDouble(Curve::sigmaI)).toList();
        for (Curve c : bySigma) {
            if (out.size() >= count) {
                break;
            }
            if (out.stream().noneMatch(o -> sameMinimum(o, c))) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * Whether two fits ended in the same minimum: σ_I within 0.1 % and thickness within 0.5 % of each other (fits of
     * different starts that converge together agree far closer; distinct minima differ by a node's depth or more).
     */
    static boolean sameMinimum(Curve a, Curve b) {
        double ta = a.labels[LabelLayout.THICKNESS_NM];
        double tb = b.labels[LabelLayout.THICKNESS_NM];
        return Math.abs(a.sigmaI() - b.sigmaI()) <= 1e-3 * Math.max(a.sigmaI(), b.sigmaI())
                && Math.abs(ta - tb) <= 5e-3 * Math.max(ta, tb);
    }

    /**
     * The {@link NearestMinimum} choice among the refined fits, by σ_I within {@code tolerance} and the prior score
     * against centre.
     */
    private Curve nearest(List<Curve> fits, float[] centre, Curve otherwise, double tolerance) {
        double[] sigma = new double[fits.size()];
        double[] score = new double[fits.size()];
        for (int k = 0; k < sigma.length; k++) {
            Curve c = fits.get(k);
            sigma[k] = c.refined() ? c.sigmaI() : Double.NaN;
            score[k] = priorScore(c, centre);
        }
        int k = NearestMinimum.choose(sigma, score, tolerance);
        return k < 0 ? otherwise : fits.get(k);
    }

    /** A fit's {@link StartPrior#scoreSquared} against centre; NaN without a prior or when the fit failed. */
    private double priorScore(Curve fit, float[] centre) {
        return prior == null || !fit.refined() ? Double.NaN : prior.scoreSquared(centre, fit.labels);
    }

    private Curve failed(int i, int points, long t0, RuntimeException e) {
        float[] nan = new float[LabelLayout.COUNT];
        Arrays.fill(nan, Float.NaN);
        return new Curve(i, sourceIndex[i], nan, Double.NaN, Double.NaN, points, (System.nanoTime() - t0) / 1e9,
                "failed: " + e.getMessage(), "", "", false, Double.NaN);
    }

    /**
     * Refines one scan from a label vector with {@link Analysis} (single-threaded), with a prior centred on the start
     * unless {@code prior} is null, and reads the result back into labels; {@code startName} is reported and recorded
     * as {@link Curve#start}.
     */
    static Curve refine(int position, long sourceIndex, MeasuredScan scan, CurveLabels start, DiffractionSetup setup,
            long seed, double timeLimitSeconds, String startName, FitOptions fit, StartPrior prior) {
        long t0 = System.nanoTime();
        MeasuredScan shorter = new MeasuredScan(scan.axis(), Arrays.copyOf(scan.axisValues(), scan.size() - 1),
                Arrays.copyOf(scan.intensity(), scan.size() - 1), scan.intensityUnit(), scan.wavelengthA(),
                scan.source());
        Analysis analysis = null;
        CurveModel model = null;
        double[] p0 = null;
        for (MeasuredScan s : List.of(scan, shorter)) {
            Analysis a = Analysis.of(s, setup).threads(1).seed(seed).timeLimitSeconds(timeLimitSeconds)
                    .lamellae(fit.lamellae()).globalSearch(fit.globalSearch()).poissonWeights(fit.poissonWeights())
                    .prior(prior).priorRelease(fit.releasePrior());
            MeasuredCurve data = MeasuredCurve.of(s);
            CurveModel m = a.model(data);
            double[] p = startParameters(m, data, start);
            if (p0 == null || Math.abs(p[p.length - 1]) < Math.abs(p0[p0.length - 1])) {
                analysis = a;
                model = m;
                p0 = p;
            }
        }
        AnalysisResult r = analysis.start(p0, startName).run();
        boolean limited = r.warnings().stream().anyMatch(w -> w.startsWith("time limit"));
        return new Curve(position, sourceIndex, labels(model, r.fit().values()).toFloats(), r.cnnSigmaI(),
                r.sigmaI(), r.data().size(), (System.nanoTime() - t0) / 1e9, r.startMethod(), startName, winner(r),
                limited, r.fit().priorMeanSquare());
    }

    /**
     * "bell" when the bell-profile multi-start ran and its fit was kept, else "start": the kept fit is the one of the
     * lower cost ({@link strainlab.lsq.FitResult#objective}: σ_I², plus the prior's share with a prior).
     */
    static String winner(AnalysisResult r) {
        if (!r.startMethod().contains("bell-profile multi-start")) {
            return "start";
        }
        double fromStart = r.fit().stages().stream().filter(s -> s.name().startsWith("cnn "))
                .mapToDouble(s -> s.objective()).min().orElse(Double.POSITIVE_INFINITY);
        double fromBell = r.fit().stages().stream().filter(s -> !s.name().startsWith("cnn ")
                && !s.name().startsWith("released ") && !s.name().startsWith("annealed "))
                .mapToDouble(s -> s.objective()).min().orElse(Double.POSITIVE_INFINITY);
        return fromStart <= fromBell * (1 + 1e-12) ? "start" : "bell";
    }

    /**
     * A test curve ({@code log10(I/max)} on a network grid, rescaled around θB by the generator of {@code ranges})
     * as a scan on the generator's θ axis: the multiples of the recipe's θ step inside the generated range, in θ
     * degrees, relative intensities.
     *
     * @throws IllegalArgumentException when fewer than 3 θ points remain
     */
    public static MeasuredScan scan(float[] input, ParameterRanges ranges, String source) {
        double[] x = NetworkGrid.ofPoints(input.length).x();
        float fill = Float.POSITIVE_INFINITY;
        for (float v : input) {
            fill = Math.min(fill, v);
        }
        int lo = 0;
        while (lo < input.length && input[lo] == fill) {
            lo++;
        }
        int hi = input.length - 1;
        while (hi > lo && input[hi] == fill) {
            hi--;
        }
        DiffractionSetup setup = ranges.setup();
        double sinB = Math.sin(setup.braggAngleRad());
        double d = setup.dSpacingA();
        double step = ranges.thetaStepDeg();
        double firstDeg = Math.ceil(thetaDeg(x[Math.min(lo, hi)], sinB, d) / step - 1e-9) * step;
        double lastDeg = thetaDeg(x[hi], sinB, d);
        int count = (int) Math.floor((lastDeg - firstDeg) / step + 1e-9) + 1;
        if (hi - lo < 2 || count < 3) {
            throw new IllegalArgumentException(source + ": fewer than 3 θ points hold data");
        }
        double[] thetaRad = ThetaGrid.fromDegrees(firstDeg, step, count);
        double[] thetaDeg = new double[count];
        double[] intensity = new double[count];
        int j = lo;
        for (int k = 0; k < count; k++) {
            thetaDeg[k] = Math.toDegrees(thetaRad[k]);
            double xk = 100 * (sinB / Math.sin(thetaRad[k]) - 1) / d;
            while (j < hi - 1 && x[j + 1] >= xk) {
                j++;
            }
            double u = Math.max(0, Math.min(1, (x[j] - xk) / (x[j] - x[j + 1])));
            intensity[k] = (1 - u) * Math.pow(10, input[j]) + u * Math.pow(10, input[j + 1]);
        }
        return new MeasuredScan(ScanAxis.THETA_DEG, thetaDeg, intensity, "relative", setup.wavelengthA(), source);
    }

    /**
     * Curve {@code index} of a set as its generator drew it: θ in degrees and the noisy counts, once its rendering
     * onto the network grid is checked to be the stored {@code input}.
     *
     * @throws IllegalArgumentException when the regenerated input differs from the stored one
     */
    public static MeasuredScan regenerated(PaperRecipe generator, long setSeed, long index, float[] input) {
        SimulatedCurve c = generator.simulate(setSeed, index);
        double[] again = c.rescaledLog10();
        for (int k = 0; k < input.length; k++) {
            if ((float) again[k] != input[k]) {
                throw new IllegalArgumentException("test curve " + index + ": regenerated from seed " + setSeed
                        + ", its network input differs from the stored one at point " + k + " (" + (float) again[k]
                        + " against " + input[k] + "): the set was not written by this generator");
            }
        }
        return new MeasuredScan(ScanAxis.THETA_DEG, c.thetaDeg(), c.intensity(), "counts",
                generator.ranges().setup().wavelengthA(), "test curve " + index);
    }

    /** The start of {@code model} for a label vector, the model's maximum put on the data's (κ = 1, see above). */
    public static double[] startParameters(CurveModel model, MeasuredCurve data, CurveLabels labels) {
        double[] y = data.log10Intensity();
        double[] v = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            v[i] = Math.pow(10, y[i]);
        }
        double peak = GeneratorPeak.vertex(data.thetaRad(), v, data.peakIndex());
        return CnnStart.parameters(model, labels, 1, peak);
    }

    /**
     * The labels of a parameter vector of {@code model} (10 strain weights, tied DW): strain weights (%),
     * {@code scale_dw}, thickness (nm), FWHM doubled to 2θ degrees, {@code DR = log10_scale − log10_background}.
     */
    public static CurveLabels labels(CurveModel model, double[] p) {
        List<String> names = model.parameterNames();
        if (model.strainWeightCount() != LabelLayout.WEIGHTS || model.dwMode() != CurveModel.DwMode.TIED) {
            throw new IllegalArgumentException("labels need a model with 10 strain weights and a tied DW");
        }
        return new CurveLabels(model.strainWeightsPercent(p), Math.max(0, p[names.indexOf(CurveModel.SCALE_DW)]),
                p[names.indexOf(CurveModel.THICKNESS_NM)], 2 * p[names.indexOf(CurveModel.FWHM_THETA_DEG)],
                p[names.indexOf(CurveModel.LOG10_SCALE)] - p[names.indexOf(CurveModel.LOG10_BACKGROUND)]);
    }

    private static double thetaDeg(double x, double sinB, double dA) {
        return Math.toDegrees(Math.asin(sinB / (1 + x * dA / 100)));
    }

    private static double emax(float[] labels) {
        double m = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < LabelLayout.WEIGHTS; k++) {
            m = Math.max(m, labels[LabelLayout.W1 + k]);
        }
        return m;
    }
}
