package strainlab.lsq;

import java.util.ArrayList;
import java.util.List;

/**
 * A bounded least-squares problem: minimise Σ wᵢ·(f(p)ᵢ − yᵢ)² over the free parameters of a {@link ForwardModel}
 * within their bounds. Immutable; built by {@link #builder}:
 *
 * <pre>{@code
 * LeastSquaresProblem p = LeastSquaresProblem.builder(model, target).start(start)
 *         .fix("eta", "offset_theta_deg").bounds("thickness_nm", 100, 400).build();
 * FitResult r = new LeastSquaresOptimizer().withTimeLimitSeconds(2).optimize(p);
 * }</pre>
 *
 * @param model the model function (and its Jacobian, or forward differences)
 * @param target the observations y, one per model output point (finite)
 * @param weights the weights wᵢ (finite, ≥ 0), or null for unit weights
 * @param start the full start vector, clamped into the bounds
 * @param lower lower bound of every parameter (finite)
 * @param upper upper bound of every parameter (finite, &gt; lower)
 * @param fixed which parameters are held at their start values
 * @param candidates further full start vectors for the multi-start stage (e.g. a network's prediction)
 */
public record LeastSquaresProblem(ForwardModel model, double[] target, double[] weights, double[] start,
                                  double[] lower, double[] upper, boolean[] fixed, List<double[]> candidates) {
    public LeastSquaresProblem {
        int n = model.parameters().size();
        if (target.length != model.size()) {
            throw new IllegalArgumentException("target has " + target.length + " points but the model " + model.size());
        }
        for (int i = 0; i < target.length; i++) {
            if (!Double.isFinite(target[i])) {
                throw new IllegalArgumentException("target[" + i + "] is not finite: " + target[i]);
            }
            if (weights != null && !(weights[i] >= 0 && Double.isFinite(weights[i]))) {
                throw new IllegalArgumentException("weight[" + i + "] must be finite and ≥ 0, got " + weights[i]);
            }
        }
        if (weights != null && weights.length != target.length) {
            throw new IllegalArgumentException(weights.length + " weights for " + target.length + " points");
        }
        if (start.length != n || lower.length != n || upper.length != n || fixed.length != n) {
            throw new IllegalArgumentException("start has " + start.length + " values, the model " + n
                    + " parameters " + model.parameterNames());
        }
        start = start.clone();
        for (int i = 0; i < n; i++) {
            if (!(Double.isFinite(lower[i]) && Double.isFinite(upper[i]) && upper[i] > lower[i])) {
                throw new IllegalArgumentException(model.parameterNames().get(i) + ": bounds must be finite with lower"
                        + " < upper, got [" + lower[i] + ", " + upper[i] + "]");
            }
            start[i] = Math.min(upper[i], Math.max(lower[i], start[i]));
        }
        List<double[]> c = new ArrayList<>();
        for (double[] v : candidates) {
            if (v.length != n) {
                throw new IllegalArgumentException("candidate has " + v.length + " values, expected " + n);
            }
            c.add(v.clone());
        }
        target = target.clone();
        weights = weights == null ? null : weights.clone();
        lower = lower.clone();
        upper = upper.clone();
        fixed = fixed.clone();
        candidates = List.copyOf(c);
    }

    /** A problem of fitting {@code model} to {@code target}: all parameters free within their default bounds. */
    public static Builder builder(ForwardModel model, double[] target) {
        return new Builder(model, target);
    }

    @Override
    public double[] target() {
        return target.clone();
    }

    @Override
    public double[] weights() {
        return weights == null ? null : weights.clone();
    }

    @Override
    public double[] start() {
        return start.clone();
    }

    @Override
    public double[] lower() {
        return lower.clone();
    }

    @Override
    public double[] upper() {
        return upper.clone();
    }

    @Override
    public boolean[] fixed() {
        return fixed.clone();
    }

    @Override
    public List<double[]> candidates() {
        return candidates.stream().map(double[]::clone).toList();
    }

    /** Indices of the free parameters, ascending. */
    public int[] freeIndices() {
        int[] free = new int[fixed.length];
        int k = 0;
        for (int i = 0; i < fixed.length; i++) {
            if (!fixed[i]) {
                free[k++] = i;
            }
        }
        return java.util.Arrays.copyOf(free, k);
    }

    /** The validator of the free parameters: clamping into their bounds. */
    public ParameterValidator validator() {
        int[] free = freeIndices();
        double[] lo = new double[free.length];
        double[] hi = new double[free.length];
        for (int k = 0; k < free.length; k++) {
            lo[k] = lower[free[k]];
            hi[k] = upper[free[k]];
        }
        return ParameterValidator.box(lo, hi);
    }

    /** Collects a problem; the start defaults to the middle of each parameter's bounds. */
    public static final class Builder {
        private final ForwardModel model;
        private final double[] target;
        private double[] weights;
        private final double[] start;
        private final boolean[] fixed;
        private final double[] lower;
        private final double[] upper;
        private final List<double[]> candidates = new ArrayList<>();

        private Builder(ForwardModel model, double[] target) {
            this.model = model;
            this.target = target.clone();
            List<ParameterSpec> ps = model.parameters();
            int n = ps.size();
            start = new double[n];
            fixed = new boolean[n];
            lower = new double[n];
            upper = new double[n];
            for (int i = 0; i < n; i++) {
                lower[i] = ps.get(i).lower();
                upper[i] = ps.get(i).upper();
                start[i] = 0.5 * (lower[i] + upper[i]);
            }
        }

        /** Starts from this full parameter vector (values outside the bounds are clamped). */
        public Builder start(double[] fullStart) {
            if (fullStart.length != start.length) {
                throw new IllegalArgumentException("start has " + fullStart.length + " values, the model "
                        + start.length + " parameters " + model.parameterNames());
            }
            System.arraycopy(fullStart, 0, start, 0, start.length);
            return this;
        }

        /** Sets the start value of one parameter. */
        public Builder set(String name, double value) {
            start[model.index(name)] = value;
            return this;
        }

        /** Holds these parameters at their start values. */
        public Builder fix(String... names) {
            for (String n : names) {
                fixed[model.index(n)] = true;
            }
            return this;
        }

        /** Frees these parameters again. */
        public Builder free(String... names) {
            for (String n : names) {
                fixed[model.index(n)] = false;
            }
            return this;
        }

        /** Holds every parameter whose name starts with {@code prefix} (e.g. {@code "dw_"}). */
        public Builder fixAll(String prefix) {
            List<String> names = model.parameterNames();
            for (int i = 0; i < names.size(); i++) {
                fixed[i] |= names.get(i).startsWith(prefix);
            }
            return this;
        }

        /** Bounds of one parameter (finite, lower &lt; upper). */
        public Builder bounds(String name, double lo, double hi) {
            if (!(Double.isFinite(lo) && Double.isFinite(hi) && hi > lo)) {
                throw new IllegalArgumentException(name + ": bounds must be finite with lower < upper, got [" + lo
                        + ", " + hi + "]");
            }
            int i = model.index(name);
            lower[i] = lo;
            upper[i] = hi;
            return this;
        }

        /** Weights of the points (finite, ≥ 0; default 1 each). */
        public Builder weights(double[] w) {
            weights = w.clone();
            return this;
        }

        /** Adds a full parameter vector as a candidate start of the multi-start stage (e.g. a CNN prediction). */
        public Builder candidate(double[] fullVector) {
            candidates.add(fullVector.clone());
            return this;
        }

        /** The immutable problem. */
        public LeastSquaresProblem build() {
            return new LeastSquaresProblem(model, target, weights, start, lower, upper, fixed, candidates);
        }
    }
}
