package strainlab.lsq;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.apache.commons.math3.fitting.leastsquares.ParameterValidator;
import org.apache.commons.math3.linear.ArrayRealVector;
import strainlab.RunInterruptedException;

/**
 * The free-parameter view of a {@link LeastSquaresProblem}: expands a free vector to the full parameter vector
 * (fixed ones at their start values), passes it through the problem's validator, counts evaluations, enforces
 * the evaluation and time budget, remembers the best point seen, and computes Jacobians: the model's own, else
 * forward differences with the columns spread over a small thread pool (evaluated through the model's
 * {@link ForwardModel#near}). Costs are weighted sums of squares over the data points' count: the data's mean
 * square plus, with a {@link GaussianPrior}, the prior's rows appended after the data's (values, target, weights and
 * Jacobian rows alike), so that every ranking of points sees the whole cost.
 */
final class Objective {
    /** Thrown when the evaluation or time budget is spent; the best point so far is kept. */
    static final class BudgetExceeded extends RuntimeException {
        BudgetExceeded(String why) {
            super(why, null, false, false);
        }
    }

    /** Residual (log10) given to points where the model cannot be evaluated, e.g. an invalid profile. */
    static final double PENALTY = 10.0;

    final ForwardModel model;
    /** The data's observations followed by the prior rows' targets. */
    final double[] target;
    /** Weights of the data points and prior rows (1 each), or null for unit weights. */
    final double[] weights;
    /** Number of data points (the model's outputs); the rows after them are the prior's. */
    final int dataPoints;
    private final int[][] priorIndex;
    private final double[][] priorCoefficient;
    final double[] full;
    final int[] free;
    final double[] lower;
    final double[] upper;
    final double[] typical;
    final ParameterValidator validator;
    private final ForkJoinPool pool;
    private final AtomicInteger evaluations = new AtomicInteger();
    private final int maxEvaluations;
    private final long deadlineNanos;
    private volatile boolean budgetEnforced = true;
    private double bestCost = Double.POSITIVE_INFINITY;
    private double bestDataCost = Double.POSITIVE_INFINITY;
    private double[] bestX;
    private double[] lastX;
    private double runBestCost = Double.POSITIVE_INFINITY;
    private double[] runBestX;
    private final long startNanos = System.nanoTime();
    private final java.util.List<double[]> history = new java.util.ArrayList<>();
    private double[] lastValue;
    /** The thread that runs the fit (it constructs the objective); its interrupt stops every evaluation. */
    private final Thread owner = Thread.currentThread();

    Objective(LeastSquaresProblem problem, ForkJoinPool pool, int maxEvaluations, long deadlineNanos) {
        this.model = problem.model;
        this.dataPoints = problem.target.length;
        int m = problem.priorRows();
        this.target = java.util.Arrays.copyOf(problem.target, dataPoints + m);
        System.arraycopy(problem.priorTarget, 0, target, dataPoints, m);
        if (m == 0) {
            this.weights = problem.weights;
        } else {
            double[] w = new double[dataPoints + m];
            java.util.Arrays.fill(w, 1);
            if (problem.weights != null) {
                System.arraycopy(problem.weights, 0, w, 0, dataPoints);
            }
            this.weights = w;
        }
        this.priorIndex = problem.priorIndex;
        this.priorCoefficient = problem.priorCoefficient;
        this.full = problem.start;
        this.free = problem.free;
        this.validator = problem.validator();
        this.lower = new double[free.length];
        this.upper = new double[free.length];
        this.typical = new double[free.length];
        for (int k = 0; k < free.length; k++) {
            lower[k] = problem.lower[free[k]];
            upper[k] = problem.upper[free[k]];
            typical[k] = model.parameters().get(free[k]).typical();
        }
        this.pool = pool;
        this.maxEvaluations = maxEvaluations;
        this.deadlineNanos = deadlineNanos;
    }

    int dimension() {
        return free.length;
    }

    int evaluations() {
        return evaluations.get();
    }

    void enforceBudget(boolean on) {
        budgetEnforced = on;
    }

    boolean budgetLeft() {
        return evaluations.get() < maxEvaluations && System.nanoTime() < deadlineNanos;
    }

    double[] clamp(double[] x) {
        return validator.validate(new ArrayRealVector(x, false)).toArray();
    }

    double[] freeOf(double[] fullVector) {
        double[] x = new double[free.length];
        for (int k = 0; k < free.length; k++) {
            x[k] = fullVector[free[k]];
        }
        return x;
    }

    double[] fullOf(double[] x) {
        double[] p = full.clone();
        for (int k = 0; k < free.length; k++) {
            p[free[k]] = x[k];
        }
        return p;
    }

    /** Model values at the (clamped) free vector x. */
    double[] value(double[] x) {
        double[] xc = clamp(x);
        double[] cached = cached(xc);
        return cached != null ? cached : record(xc, rawValue(xc), evaluations.get()).clone();
    }

    /** The values at xc when it is the point evaluated last, else null. */
    private synchronized double[] cached(double[] xc) {
        return lastX != null && java.util.Arrays.equals(lastX, xc) ? lastValue.clone() : null;
    }

    /**
     * Remembers the values v at xc as the last point and, where it is better, as the best point of the run and of
     * the fit, the latter reached after {@code evaluation} evaluations; returns v.
     */
    private synchronized double[] record(double[] xc, double[] v, int evaluation) {
        double c = meanSquare(v);
        lastX = xc;
        lastValue = v;
        if (c < runBestCost) {
            runBestCost = c;
            runBestX = xc.clone();
        }
        if (c < bestCost) {
            bestCost = c;
            bestDataCost = dataMeanSquare(v);
            bestX = xc.clone();
            history.add(new double[]{evaluation, (System.nanoTime() - startNanos) / 1e9, Math.sqrt(bestDataCost)});
        }
        return v;
    }

    private double[] rawValue(double[] xc) {
        return rawValue(xc, model::evaluate);
    }

    /**
     * Model values at the free vector xc by {@code evaluate} (the model or its {@link ForwardModel#near}), followed by
     * the prior rows' values.
     */
    private double[] rawValue(double[] xc, UnaryOperator<double[]> evaluate) {
        if (owner.isInterrupted()) {
            throw interrupted(null);
        }
        if (budgetEnforced) {
            if (System.nanoTime() > deadlineNanos) {
                throw new BudgetExceeded("time limit reached");
            }
            // reserve the evaluation atomically: parallel Jacobian columns must not overshoot the budget
            if (evaluations.getAndUpdate(n -> n < maxEvaluations ? n + 1 : n) >= maxEvaluations) {
                throw budgetSpent();
            }
        } else {
            evaluations.incrementAndGet();
        }
        double[] p = fullOf(xc);
        double[] v;
        try {
            v = evaluate.apply(p);
        } catch (IllegalArgumentException e) {
            v = null;
        }
        if (v == null || v.length != dataPoints) {
            return withPrior(penalty(), p);
        }
        for (double d : v) {
            if (!Double.isFinite(d)) {
                return withPrior(penalty(), p);
            }
        }
        return withPrior(v, p);
    }

    private BudgetExceeded budgetSpent() {
        return new BudgetExceeded("evaluation budget of " + maxEvaluations + " spent");
    }

    private double[] penalty() {
        double[] v = java.util.Arrays.copyOf(target, dataPoints);
        for (int i = 0; i < v.length; i++) {
            v[i] += PENALTY;
        }
        return v;
    }

    /** The data values {@code v} followed by the prior rows' values at the full parameter vector {@code p}. */
    private double[] withPrior(double[] v, double[] p) {
        if (priorIndex.length == 0) {
            return v;
        }
        double[] out = java.util.Arrays.copyOf(v, dataPoints + priorIndex.length);
        for (int k = 0; k < priorIndex.length; k++) {
            double s = 0;
            for (int j = 0; j < priorIndex[k].length; j++) {
                s += priorCoefficient[k][j] * p[priorIndex[k][j]];
            }
            out[dataPoints + k] = s;
        }
        return out;
    }

    /** The whole cost at x: weighted sum of squares of (values − target), data and prior rows, over the data points. */
    double cost(double[] x) {
        return meanSquare(value(x));
    }

    /** The whole cost of the values {@code v} (data and prior rows) over the data points. */
    double meanSquare(double[] v) {
        return sumOfSquares(v, v.length) / dataPoints;
    }

    /** The data's weighted mean square of (model − target) for the values {@code v} (σ_I²). */
    double dataMeanSquare(double[] v) {
        return sumOfSquares(v, dataPoints) / dataPoints;
    }

    private double sumOfSquares(double[] v, int rows) {
        double s = 0;
        for (int i = 0; i < rows; i++) {
            double d = v[i] - target[i];
            s += weights == null ? d * d : weights[i] * d * d;
        }
        return s;
    }

    /**
     * Mean squares at many points, evaluated in parallel on the pool but counted and recorded in their order, as if
     * evaluated one after another: a point equal to the one before it is not evaluated again, the first of equal
     * costs stays the best point, and where the evaluation budget runs short the first points within it are kept.
     */
    double[] costs(java.util.List<double[]> xs) {
        int n = xs.size();
        double[][] xc = new double[n][];
        boolean[] repeat = new boolean[n];
        int[] fresh = new int[n];
        int freshCount = 0;
        double[] previous;
        double[] values;
        synchronized (this) {
            previous = lastX;
            values = lastValue;
        }
        for (int i = 0; i < n; i++) {
            xc[i] = clamp(xs.get(i));
            repeat[i] = previous != null && java.util.Arrays.equals(previous, xc[i]);
            if (!repeat[i]) {
                fresh[freshCount++] = i;
            }
            previous = xc[i];
        }
        int before = evaluations.get();
        int affordable = budgetEnforced ? Math.min(freshCount, Math.max(0, maxEvaluations - before)) : freshCount;
        double[][] v = new double[n][];
        BudgetExceeded stopped = affordable < freshCount ? budgetSpent() : null;
        try {
            forEachOnPool(affordable, j -> v[fresh[j]] = rawValue(xc[fresh[j]]));
        } catch (BudgetExceeded e) {
            stopped = e;
        }
        double[] out = new double[n];
        for (int i = 0, evaluated = 0; i < n; i++) {
            if (!repeat[i]) {
                if (v[i] == null) {
                    throw stopped;
                }
                values = record(xc[i], v[i], before + ++evaluated);
            }
            out[i] = meanSquare(values);
        }
        return out;
    }

    /**
     * Jacobian of the values at x (rows: data points then prior rows, columns: free parameters): the model's own
     * where it has one, else forward differences with the columns evaluated in parallel; the prior rows' exactly.
     */
    double[][] jacobian(double[] x) {
        double[] xc = clamp(x);
        double[] f0 = value(xc);
        int n = dataPoints;
        int m = xc.length;
        double[][] jac = new double[f0.length][m];
        priorJacobian(jac);
        double[][] analytic = model.jacobian(fullOf(xc));
        if (analytic != null) {
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < m; k++) {
                    jac[i][k] = analytic[i][free[k]];
                }
            }
            return jac;
        }
        UnaryOperator<double[]> near;
        try {
            near = model.near(fullOf(xc));
        } catch (IllegalArgumentException e) {
            near = model::evaluate;
        }
        UnaryOperator<double[]> columns = near;
        forEachOnPool(m, k -> {
            double h = 1e-6 * Math.max(Math.abs(xc[k]), typical[k]);
            double[] xs = xc.clone();
            if (xs[k] + h > upper[k]) {
                h = -h;
            }
            xs[k] += h;
            double[] f1 = rawValue(xs, columns);
            double step = xs[k] - xc[k];
            for (int i = 0; i < n; i++) {
                jac[i][k] = (f1[i] - f0[i]) / step;
            }
        });
        return jac;
    }

    /** Fills the prior rows of {@code jac} (after the data's): each row's coefficients on the free parameters. */
    private void priorJacobian(double[][] jac) {
        for (int k = 0; k < priorIndex.length; k++) {
            for (int j = 0; j < priorIndex[k].length; j++) {
                for (int c = 0; c < free.length; c++) {
                    if (free[c] == priorIndex[k][j]) {
                        jac[dataPoints + k][c] += priorCoefficient[k][j];
                    }
                }
            }
        }
    }

    /**
     * Runs {@code body} for 0 … n − 1 on the pool, one task each, and returns once every task has ended; then the
     * first (by index) of their exceptions (a spent budget) passes through unchanged. (A parallel stream would fail
     * as soon as one element throws while others may still start, even on the common pool when the waiting thread
     * helps: they would count after the caller has switched the budget off.)
     */
    private void forEachOnPool(int n, java.util.function.IntConsumer body) {
        Throwable[] failures = new Throwable[n];
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            int k = i;
            pool.execute(() -> {
                try {
                    body.accept(k);
                } catch (RuntimeException | Error e) {
                    failures[k] = e;
                } finally {
                    done.countDown();
                }
            });
        }
        try {
            done.await();
        } catch (InterruptedException e) {
            // with the flag set again, the tasks not yet started stop at once
            Thread.currentThread().interrupt();
            while (done.getCount() > 0) {
                Thread.yield();
            }
            throw interrupted(e);
        }
        for (Throwable f : failures) {
            if (f instanceof RuntimeException r) {
                throw r;
            }
            if (f instanceof Error e) {
                throw e;
            }
        }
    }

    /** The exception that ends a fit whose thread was interrupted (a fit keeps no partial result). */
    private RunInterruptedException interrupted(Throwable cause) {
        return new RunInterruptedException("fit interrupted after " + evaluations.get()
                + " model evaluations (best σ_I so far " + (Double.isFinite(bestDataCost()) ? String.format(
                java.util.Locale.ROOT, "%.4g", Math.sqrt(bestDataCost())) : "none") + "); no result is kept", cause);
    }

    /** Improvements of the best point: {evaluations, seconds, σ_I} each. */
    synchronized java.util.List<double[]> history() {
        return java.util.List.copyOf(history);
    }

    /** Starts tracking the best point of one local run. */
    synchronized void beginRun() {
        runBestCost = Double.POSITIVE_INFINITY;
        runBestX = null;
    }

    synchronized double runBestCost() {
        return runBestCost;
    }

    synchronized double[] runBestX() {
        return runBestX == null ? null : runBestX.clone();
    }

    synchronized double bestCost() {
        return bestCost;
    }

    /** The data's mean square (σ_I²) at the best point by the whole cost. */
    synchronized double bestDataCost() {
        return bestDataCost;
    }

    synchronized double[] bestX() {
        return bestX == null ? null : bestX.clone();
    }
}
