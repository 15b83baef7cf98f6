package strainlab.lsq;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.math3.fitting.leastsquares.ParameterValidator;
import org.apache.commons.math3.linear.ArrayRealVector;

/**
 * A bounded least-squares problem: minimise Σ wᵢ·(f(p)ᵢ − yᵢ)² over the free parameters p of a
 * {@link ForwardModel} f within their bounds, from a start (and, for the multi-start stage, candidate starts),
 * optionally plus the residuals of a {@link GaussianPrior} on the parameters. Immutable; built by {@link #builder}:
 *
 * <pre>{@code
 * LeastSquaresProblem p = LeastSquaresProblem.builder(model, target).start(start)
 *         .fix("eta", "offset_theta_deg").bounds("thickness_nm", 100, 400).build();
 * FitResult r = new LeastSquaresOptimizer().withTimeLimitSeconds(2).optimize(p);
 * }</pre>
 */
public final class LeastSquaresProblem {
    final ForwardModel model;
    /** The observations y, one per model output point. */
    final double[] target;
    /** The weights w, or null for unit weights. */
    final double[] weights;
    /** The full start vector, clamped into the bounds. */
    final double[] start;
    final double[] lower;
    final double[] upper;
    /** Indices of the free parameters, ascending. */
    final int[] free;
    /** Further full start vectors for the multi-start stage (e.g. a network's prediction). */
    final List<double[]> candidates;
    /** The prior's active terms (finite width), or an empty list. */
    final List<GaussianPrior.Term> priorTerms;
    /** Parameter indices of each active prior term's combination. */
    final int[][] priorIndex;
    /** Coefficients of each active prior row: the term's coefficients × residualScale / width. */
    final double[][] priorCoefficient;
    /** Target of each active prior row: residualScale · centre / width. */
    final double[] priorTarget;

    private LeastSquaresProblem(Builder b) {
        model = b.model;
        target = b.target.clone();
        weights = b.weights == null ? null : b.weights.clone();
        lower = b.lower.clone();
        upper = b.upper.clone();
        start = IntStream.range(0, lower.length).mapToDouble(i -> Math.min(upper[i], Math.max(lower[i], b.start[i])))
                .toArray();
        free = IntStream.range(0, lower.length).filter(i -> !b.fixed[i]).toArray();
        candidates = b.candidates.stream().map(double[]::clone).toList();
        priorTerms = b.prior == null ? List.of()
                : b.prior.terms().stream().filter(GaussianPrior.Term::active).toList();
        int m = priorTerms.size();
        priorIndex = new int[m][];
        priorCoefficient = new double[m][];
        priorTarget = new double[m];
        for (int k = 0; k < m; k++) {
            GaussianPrior.Term t = priorTerms.get(k);
            double f = b.prior.residualScale() / t.width();
            priorIndex[k] = t.names().stream().mapToInt(model::index).toArray();
            priorCoefficient[k] = java.util.Arrays.stream(t.coefficients()).map(c -> c * f).toArray();
            priorTarget[k] = f * t.centre();
        }
    }

    /** Number of prior residuals appended to the data's (the prior's terms of finite width). */
    public int priorRows() {
        return priorTerms.size();
    }

    /** A problem of fitting {@code model} to {@code target}: all parameters free within their default bounds. */
    public static Builder builder(ForwardModel model, double[] target) {
        return new Builder(model, target);
    }

    /**
     * The validator of the free parameters, through which the optimiser passes every trial point: clamps each into
     * its bounds, a NaN to its lower bound.
     */
    public ParameterValidator validator() {
        double[] lo = IntStream.of(free).mapToDouble(i -> lower[i]).toArray();
        double[] hi = IntStream.of(free).mapToDouble(i -> upper[i]).toArray();
        return v -> {
            double[] c = v.toArray();
            for (int k = 0; k < c.length; k++) {
                c[k] = Math.min(hi[k], Math.max(lo[k], Double.isNaN(c[k]) ? lo[k] : c[k]));
            }
            return new ArrayRealVector(c, false);
        };
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
        private GaussianPrior prior;

        private Builder(ForwardModel model, double[] target) {
            if (target.length != model.size()) {
                throw new IllegalArgumentException("target has " + target.length + " points but the model "
                        + model.size());
            }
            for (int i = 0; i < target.length; i++) {
                if (!Double.isFinite(target[i])) {
                    throw new IllegalArgumentException("target[" + i + "] is not finite: " + target[i]);
                }
            }
            this.model = model;
            this.target = target.clone();
            List<ParameterSpec> ps = model.parameters();
            lower = ps.stream().mapToDouble(ParameterSpec::lower).toArray();
            upper = ps.stream().mapToDouble(ParameterSpec::upper).toArray();
            start = IntStream.range(0, ps.size()).mapToDouble(i -> 0.5 * (lower[i] + upper[i])).toArray();
            fixed = new boolean[ps.size()];
        }

        /** Starts from this full parameter vector (values outside the bounds are clamped). */
        public Builder start(double[] fullStart) {
            System.arraycopy(checkLength(fullStart, "start"), 0, start, 0, start.length);
            return this;
        }

        /** Holds these parameters at their start values. */
        public Builder fix(String... names) {
            for (String n : names) {
                fixed[model.index(n)] = true;
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
            if (w.length != target.length || !java.util.Arrays.stream(w).allMatch(v -> v >= 0 && Double.isFinite(v))) {
                throw new IllegalArgumentException(target.length + " finite weights ≥ 0 needed, got "
                        + java.util.Arrays.toString(w));
            }
            weights = w.clone();
            return this;
        }

        /**
         * Adds the residuals of a Gaussian prior to the data's (null: none, the default); every parameter a term
         * names must belong to the model. Ranking of starts and of the best point uses the whole cost.
         */
        public Builder prior(GaussianPrior p) {
            if (p != null) {
                p.terms().forEach(t -> t.names().forEach(model::index));
            }
            prior = p;
            return this;
        }

        /** Adds a full parameter vector as a candidate start of the multi-start stage (e.g. a CNN prediction). */
        public Builder candidate(double[] fullVector) {
            candidates.add(checkLength(fullVector, "candidate").clone());
            return this;
        }

        private double[] checkLength(double[] v, String what) {
            if (v.length != start.length) {
                throw new IllegalArgumentException(what + " has " + v.length + " values, the model " + start.length
                        + " parameters " + model.parameterNames());
            }
            return v;
        }

        /** The immutable problem. */
        public LeastSquaresProblem build() {
            return new LeastSquaresProblem(this);
        }
    }
}
