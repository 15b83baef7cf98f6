package strainlab.lsq;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ForkJoinPool;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer.Optimum;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.DiagonalMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.CMAESOptimizer;
import org.apache.commons.math3.random.MersenneTwister;
import strainlab.RunInterruptedException;

/**
 * The optimiser of a {@link LeastSquaresProblem}, configured apart from the problem; immutable, each
 * {@code with…} returns a changed copy:
 *
 * <pre>{@code
 * FitResult r = new LeastSquaresOptimizer().withGlobalSearch(GlobalSearch.NEVER).withTimeLimitSeconds(2)
 *         .optimize(problem);
 * }</pre>
 *
 * <p>Stages: (1) Levenberg–Marquardt (Commons Math) from the start, bounds enforced by the problem's
 * {@link LeastSquaresProblem#validator validator}, the model's Jacobian or a forward-difference one with columns evaluated in parallel
 * ({@link #withThreads}); (2) when the misfit stays above the stall level ({@link #withStallSigma}: the local
 * fit stalled in a secondary minimum) or when {@link GlobalSearch#ALWAYS} is asked: a multi-start (the problem's
 * candidates plus a seeded Latin hypercube within the bounds; the best few are refined by LM); (3) if still
 * stalled: CMA-ES (Commons Math) within the bounds, then LM polish. The best point of all stages wins.
 * Uncertainties come from the covariance at the solution. Every random choice takes {@link #withSeed}; same
 * seed, same result.
 */
public final class LeastSquaresOptimizer implements Cloneable {
    /** When to run the global stages. */
    public enum GlobalSearch {
        /** Local LM only. */
        NEVER,
        /** Global stages only when the local fit stalls above the stall level. */
        WHEN_STALLED,
        /** Always run the multi-start (and CMA-ES if still stalled). */
        ALWAYS
    }

    private int threads = 2;
    private int maxEvaluations = 20_000;
    private double timeLimitSeconds = Double.POSITIVE_INFINITY;
    private GlobalSearch global = GlobalSearch.WHEN_STALLED;
    private double stallSigma = Double.NaN;
    private long seed = 1;
    private int randomStarts = 16;
    private int refinedStarts = 3;
    private boolean cmaes = true;
    private int maxIterations = 200;
    private int refineIterations = 12;
    private double tolerance = 1e-7;
    private boolean localFirst = true;
    private boolean uncertainties = true;

    /** Threads for forward-difference Jacobian columns (default 2). */
    public LeastSquaresOptimizer withThreads(int n) {
        return with(c -> c.threads = atLeastOne(n, "threads"));
    }

    /** Budget of model evaluations over all stages (default 20 000). */
    public LeastSquaresOptimizer withMaxEvaluations(int n) {
        return with(c -> c.maxEvaluations = atLeastOne(n, "maxEvaluations"));
    }

    /** Maximum LM iterations per local run (default 200). */
    public LeastSquaresOptimizer withMaxIterations(int n) {
        return with(c -> c.maxIterations = atLeastOne(n, "maxIterations"));
    }

    /** Relative tolerance on the cost and on the parameters that ends an LM run (default 1e-7, as RaDMaX). */
    public LeastSquaresOptimizer withTolerance(double relative) {
        if (!(relative > 0 && relative < 1)) {
            throw new IllegalArgumentException("tolerance must be in (0, 1), got " + relative);
        }
        return with(c -> c.tolerance = relative);
    }

    /** Wall-time budget over all stages; the best point found so far is returned when it runs out. */
    public LeastSquaresOptimizer withTimeLimitSeconds(double s) {
        if (!(s > 0)) {
            throw new IllegalArgumentException("timeLimitSeconds must be > 0, got " + s);
        }
        return with(c -> c.timeLimitSeconds = s);
    }

    /** When to run the global stages (default {@link GlobalSearch#WHEN_STALLED}). */
    public LeastSquaresOptimizer withGlobalSearch(GlobalSearch mode) {
        return with(c -> c.global = mode);
    }

    /**
     * Whether to run LM from the start before the global stages (default true). Turn off when the start is only
     * a placeholder and the candidates carry the information (automatic analysis).
     */
    public LeastSquaresOptimizer withLocalFirst(boolean on) {
        return with(c -> c.localFirst = on);
    }

    /** Whether the global stage may use CMA-ES after the multi-start (default true). */
    public LeastSquaresOptimizer withCmaes(boolean on) {
        return with(c -> c.cmaes = on);
    }

    /**
     * Misfit σ_I (root of the weighted mean square) above which the local fit counts as stalled. Default: 1.5 ×
     * the noise of the target estimated from its second differences ({@link #noiseEstimate}), at least 0.01.
     */
    public LeastSquaresOptimizer withStallSigma(double s) {
        return with(c -> c.stallSigma = s);
    }

    /** Seed of the multi-start and CMA-ES (default 1). */
    public LeastSquaresOptimizer withSeed(long s) {
        return with(c -> c.seed = s);
    }

    /** Number of Latin-hypercube starts of the multi-start (default 16) and how many of the best get LM (default 3). */
    public LeastSquaresOptimizer withMultiStart(int randomStartCount, int refinedCount) {
        if (randomStartCount < 0 || refinedCount < 1) {
            throw new IllegalArgumentException("multiStart: need ≥ 0 random starts and ≥ 1 refined, got "
                    + randomStartCount + ", " + refinedCount);
        }
        return with(c -> {
            c.randomStarts = randomStartCount;
            c.refinedStarts = refinedCount;
        });
    }

    /** LM iterations given to each of the best multi-start points before the best of them is polished (default 12). */
    public LeastSquaresOptimizer withRefineIterations(int n) {
        return with(c -> c.refineIterations = atLeastOne(n, "refineIterations"));
    }

    /**
     * Whether {@link #optimize} estimates the uncertainties (default true); off, they are NaN, which spares a
     * Jacobian and its decomposition for fits of which only the best will be reported ({@link #uncertainties}).
     */
    public LeastSquaresOptimizer withUncertainties(boolean on) {
        return with(c -> c.uncertainties = on);
    }

    /**
     * The 1σ uncertainties of the problem's parameters at its start values (NaN for the fixed ones), as
     * {@link #optimize} reports them at its solution: for a fit optimised {@link #withUncertainties without}.
     */
    public double[] uncertainties(LeastSquaresProblem problem) {
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            Objective obj = new Objective(problem, pool, maxEvaluations, Long.MAX_VALUE);
            obj.enforceBudget(false);
            double[] x = obj.freeOf(obj.full);
            double[] unc = uncertainties(obj, x, obj.value(x));
            double[] out = nan(problem.start.length);
            for (int k = 0; k < obj.free.length; k++) {
                out[obj.free[k]] = unc[k];
            }
            return out;
        } finally {
            RunInterruptedException.stopPool(pool);
        }
    }

    /** A copy with {@code change} applied: an optimiser is never changed once it is returned. */
    private LeastSquaresOptimizer with(java.util.function.Consumer<LeastSquaresOptimizer> change) {
        try {
            LeastSquaresOptimizer c = (LeastSquaresOptimizer) clone();
            change.accept(c);
            return c;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    private static int atLeastOne(int n, String what) {
        if (n < 1) {
            throw new IllegalArgumentException(what + " must be ≥ 1, got " + n);
        }
        return n;
    }

    /** Estimated noise (rms) of a curve from its second differences: rms(y[i−1] − 2y[i] + y[i+1])/√6. */
    public static double noiseEstimate(double[] y) {
        double s = 0;
        int n = 0;
        for (int i = 1; i + 1 < y.length; i++) {
            double d = y[i - 1] - 2 * y[i] + y[i + 1];
            s += d * d;
            n++;
        }
        return n == 0 ? 0 : Math.sqrt(s / n / 6);
    }

    /** Runs the stages on {@code problem} and returns the best solution. */
    public FitResult optimize(LeastSquaresProblem problem) {
        long t0 = System.nanoTime();
        int nParameters = problem.start.length;
        double stall = Double.isNaN(stallSigma) ? Math.max(0.01, 1.5 * noiseEstimate(problem.target)) : stallSigma;
        long deadline = Double.isInfinite(timeLimitSeconds) ? Long.MAX_VALUE
                : t0 + (long) (timeLimitSeconds * 1e9);
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            Objective obj = new Objective(problem, pool, maxEvaluations, deadline);
            int[] free = obj.free;
            List<FitResult.Stage> stages = new ArrayList<>();
            List<String> method = new ArrayList<>();
            double[] x0 = obj.freeOf(obj.full);
            if (free.length == 0) {
                obj.value(x0);
            } else {
                long s0 = System.nanoTime();
                int e0 = obj.evaluations();
                String note;
                boolean stalled;
                if (localFirst) {
                    note = lmRun(obj, x0, maxIterations).note();
                    stages.add(stage("lm", obj, e0, s0, note));
                    method.add("lm");
                    stalled = sigma(obj) > stall;
                } else {
                    obj.value(x0);
                    stalled = sigma(obj) > stall;
                }
                if (global == GlobalSearch.ALWAYS || (global == GlobalSearch.WHEN_STALLED && stalled)) {
                    s0 = System.nanoTime();
                    e0 = obj.evaluations();
                    note = multiStart(obj, problem.candidates);
                    String why = !localFirst ? "no local fit first (start is a placeholder); "
                            : stalled ? "local fit stalled at σ_I " + fmt(stages.get(0).sigmaI()) + " > " + fmt(stall)
                            + "; " : "";
                    stages.add(stage("multistart", obj, e0, s0, why + note));
                    method.add("multistart");
                    if (cmaes && sigma(obj) > stall && obj.budgetLeft()) {
                        s0 = System.nanoTime();
                        e0 = obj.evaluations();
                        note = cmaes(obj);
                        stages.add(stage("cmaes", obj, e0, s0, note));
                        method.add("cmaes");
                    }
                }
            }
            double[] best = obj.bestX() == null ? x0 : obj.bestX();
            obj.enforceBudget(false);
            double[] values0 = obj.value(best);
            double[] modelCurve = Arrays.copyOf(values0, obj.dataPoints);
            double[] unc = uncertainties ? uncertainties(obj, best, values0) : nan(free.length);
            double[] values = obj.fullOf(best);
            boolean[] fixedOut = new boolean[nParameters];
            Arrays.fill(fixedOut, true);
            double[] uncFull = new double[nParameters];
            Arrays.fill(uncFull, Double.NaN);
            for (int k = 0; k < free.length; k++) {
                fixedOut[free[k]] = false;
                uncFull[free[k]] = unc[k];
            }
            double dataMeanSquare = obj.dataMeanSquare(values0);
            return new FitResult(problem.model.parameterNames(), values, uncFull, fixedOut, Math.sqrt(dataMeanSquare),
                    modelCurve, obj.evaluations(), (System.nanoTime() - t0) / 1e9,
                    method.isEmpty() ? "none (all fixed)" : String.join(" > ", method), stages, obj.history(),
                    positive(obj.meanSquare(values0) - dataMeanSquare));
        } finally {
            RunInterruptedException.stopPool(pool);
        }
    }

    private static double[] nan(int n) {
        double[] v = new double[n];
        Arrays.fill(v, Double.NaN);
        return v;
    }

    /** The data's σ_I at the best point so far (best by the whole cost). */
    private static double sigma(Objective obj) {
        return Math.sqrt(obj.bestDataCost());
    }

    private static FitResult.Stage stage(String name, Objective obj, int e0, long s0, String note) {
        return new FitResult.Stage(name, sigma(obj), obj.evaluations() - e0, (System.nanoTime() - s0) / 1e9, note,
                positive(obj.bestCost() - obj.bestDataCost()));
    }

    /** v where it is > 0, else 0 (a rounding below 0, or NaN where nothing was evaluated). */
    private static double positive(double v) {
        return v > 0 ? v : 0;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** One LM run's end (the best point is also kept by the objective) and a note on how it ended. */
    private record LmOutcome(double[] x, double cost, String note) {
    }

    private LmOutcome lmRun(Objective obj, double[] x0, int iterations) {
        obj.beginRun();
        LeastSquaresBuilder builder = new LeastSquaresBuilder()
                .start(obj.clamp(x0))
                .target(obj.target)
                .model(obj::value, obj::jacobian)
                .lazyEvaluation(true)
                .parameterValidator(obj.validator)
                .maxEvaluations(Integer.MAX_VALUE)
                .maxIterations(iterations);
        if (obj.weights != null) {
            builder.weight(new DiagonalMatrix(obj.weights));
        }
        LevenbergMarquardtOptimizer lm = new LevenbergMarquardtOptimizer()
                .withCostRelativeTolerance(tolerance)
                .withParameterRelativeTolerance(tolerance)
                .withOrthoTolerance(1e-10);
        try {
            Optimum o = lm.optimize(builder.build());
            double[] x = obj.clamp(o.getPoint().toArray());
            double c = obj.cost(x);
            return new LmOutcome(x, c, "converged in " + o.getIterations() + " iterations");
        } catch (Objective.BudgetExceeded | MathIllegalStateException e) {
            return new LmOutcome(obj.runBestX(), obj.runBestCost(), "stopped: " + e.getMessage());
        }
    }

    private String multiStart(Objective obj, List<double[]> candidates) {
        int d = obj.dimension();
        MersenneTwister rng = new MersenneTwister(seed);
        List<double[]> starts = new ArrayList<>();
        for (double[] c : candidates) {
            starts.add(obj.clamp(obj.freeOf(c)));
        }
        // Latin hypercube over the free parameters within their bounds
        int m = randomStarts;
        int[][] perm = new int[d][m];
        for (int k = 0; k < d; k++) {
            for (int i = 0; i < m; i++) {
                perm[k][i] = i;
            }
            for (int i = m - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = perm[k][i];
                perm[k][i] = perm[k][j];
                perm[k][j] = t;
            }
        }
        for (int i = 0; i < m; i++) {
            double[] x = new double[d];
            for (int k = 0; k < d; k++) {
                double u = (perm[k][i] + rng.nextDouble()) / m;
                x[k] = obj.lower[k] + u * (obj.upper[k] - obj.lower[k]);
            }
            starts.add(x);
        }
        record Scored(double[] x, double cost) {
        }
        List<Scored> scored = new ArrayList<>();
        try {
            double[] costs = obj.costs(starts);
            for (int i = 0; i < starts.size(); i++) {
                scored.add(new Scored(starts.get(i), costs[i]));
            }
        } catch (Objective.BudgetExceeded e) {
            return "stopped while scoring starts: " + e.getMessage();
        }
        scored.sort(Comparator.comparingDouble(Scored::cost));
        int refined = 0;
        double[] bestX = null;
        double bestCost = Double.POSITIVE_INFINITY;
        for (int i = 0; i < Math.min(refinedStarts, scored.size()) && obj.budgetLeft(); i++) {
            LmOutcome o = lmRun(obj, scored.get(i).x(), refineIterations);
            refined++;
            double[] x = o.x() != null && o.cost() < scored.get(i).cost() ? o.x() : scored.get(i).x();
            double c = Math.min(o.x() != null ? o.cost() : Double.POSITIVE_INFINITY, scored.get(i).cost());
            if (c < bestCost) {
                bestCost = c;
                bestX = x;
            }
        }
        String polish = "";
        if (bestX != null && obj.budgetLeft()) {
            polish = "; polish: " + lmRun(obj, bestX, maxIterations).note();
        }
        return starts.size() + " starts (" + candidates.size() + " given, " + m + " Latin hypercube), best "
                + refined + " refined by " + refineIterations + " LM iterations" + polish;
    }

    private String cmaes(Objective obj) {
        int d = obj.dimension();
        double[] best = obj.bestX();
        double[] u0 = new double[d];
        double[] lo = new double[d];
        double[] hi = new double[d];
        double[] sig = new double[d];
        for (int k = 0; k < d; k++) {
            u0[k] = (best[k] - obj.lower[k]) / (obj.upper[k] - obj.lower[k]);
            hi[k] = 1;
            sig[k] = 0.3;
        }
        int lambda = 4 + (int) (3 * Math.log(d));
        CMAESOptimizer cma = new CMAESOptimizer(10_000, 0.0, true, 0, 0, new MersenneTwister(seed + 1), false,
                new SimpleValueChecker(1e-10, 1e-14));
        String note;
        try {
            PointValuePair p = cma.optimize(new MaxEval(Integer.MAX_VALUE), new MaxIter(10_000),
                    new ObjectiveFunction(u -> obj.cost(fromUnit(obj, u))), GoalType.MINIMIZE, new InitialGuess(u0),
                    new SimpleBounds(lo, hi), new CMAESOptimizer.Sigma(sig), new CMAESOptimizer.PopulationSize(lambda));
            note = "population " + lambda + ", finished after " + cma.getIterations() + " generations";
            lmRun(obj, fromUnit(obj, p.getPoint()), maxIterations);
        } catch (Objective.BudgetExceeded e) {
            note = "population " + lambda + ", stopped: " + e.getMessage();
        }
        return note;
    }

    private static double[] fromUnit(Objective obj, double[] u) {
        double[] x = new double[u.length];
        for (int k = 0; k < u.length; k++) {
            x[k] = obj.lower[k] + Math.min(1, Math.max(0, u[k])) * (obj.upper[k] - obj.lower[k]);
        }
        return x;
    }

    /**
     * The 1σ uncertainties of the free parameters from the data's covariance at x ({@code values}: the objective's
     * values there, data then prior rows); the prior rows do not enter.
     */
    private static double[] uncertainties(Objective obj, double[] x, double[] values) {
        int d = x.length;
        double[] out = new double[d];
        Arrays.fill(out, Double.NaN);
        int n = obj.dataPoints;
        if (n <= d) {
            return out;
        }
        double rss = obj.dataMeanSquare(values) * n;
        double[][] jac = Arrays.copyOf(obj.jacobian(x), n);
        for (int i = 0; obj.weights != null && i < n; i++) {
            for (int k = 0; k < d; k++) {
                jac[i][k] *= Math.sqrt(obj.weights[i]);
            }
        }
        RealMatrix j = new Array2DRowRealMatrix(jac, false);
        try {
            RealMatrix pinv = new SingularValueDecomposition(j).getSolver().getInverse();
            RealMatrix cov = pinv.multiply(pinv.transpose()).scalarMultiply(rss / (n - d));
            for (int k = 0; k < d; k++) {
                double v = cov.getEntry(k, k);
                out[k] = v >= 0 ? Math.sqrt(v) : Double.NaN;
            }
        } catch (RuntimeException e) {
            return out;
        }
        return out;
    }
}
