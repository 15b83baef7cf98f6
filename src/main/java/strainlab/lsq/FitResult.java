package strainlab.lsq;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Outcome of a {@link LeastSquaresOptimizer}: the parameters, their 1σ uncertainties from the covariance
 * ({@code (JᵀJ)⁻¹·RSS/(n − p)} at the solution; NaN for fixed parameters or an undetermined direction),
 * the misfit σ_I (root of the weighted mean square of model − target; for diffraction curves the rms of log10
 * differences), the model curve
 * and what each stage did.
 *
 * @param names parameter names, in model order
 * @param values fitted values (full vector, fixed ones included)
 * @param uncertainties 1σ uncertainties (NaN where not estimated)
 * @param fixed which parameters were held fixed
 * @param sigmaI root of the weighted mean square of (model − target) over all points
 * @param model the model curve at the solution
 * @param evaluations number of model evaluations (Jacobian columns included)
 * @param seconds wall time of the fit
 * @param method the stages that ran, e.g. {@code "lm"} or {@code "lm > multistart > cmaes"}
 * @param stages one entry per stage
 * @param history every improvement of the best point: {evaluations, seconds, σ_I}
 * @param priorMeanSquare the {@link GaussianPrior}'s share of the cost at the solution, on the scale of σ_I² (its sum
 *                        of squares over the data points; 0 without a prior): the fit minimised
 *                        {@link #objective()} = σ_I² + this
 */
public record FitResult(List<String> names, double[] values, double[] uncertainties, boolean[] fixed, double sigmaI,
                        double[] model, int evaluations, double seconds, String method, List<Stage> stages,
                        List<double[]> history, double priorMeanSquare) {
    /**
     * One stage of a fit.
     *
     * @param name {@code lm}, {@code multistart} or {@code cmaes}
     * @param sigmaI misfit at the end of the stage (best so far)
     * @param evaluations model evaluations in the stage
     * @param seconds wall time of the stage
     * @param note why the stage ran or how it ended
     * @param priorMeanSquare the prior's share of the cost at the stage's best point (0 without a prior)
     */
    public record Stage(String name, double sigmaI, int evaluations, double seconds, String note,
                        double priorMeanSquare) {
        public Stage {
            if (!(priorMeanSquare >= 0)) {
                throw new IllegalArgumentException("priorMeanSquare must be ≥ 0, got " + priorMeanSquare);
            }
        }

        /** A stage of a fit without a prior. */
        public Stage(String name, double sigmaI, int evaluations, double seconds, String note) {
            this(name, sigmaI, evaluations, seconds, note, 0);
        }

        /** The cost the stage minimised at its best point: σ_I² plus the prior's share. */
        public double objective() {
            return sigmaI * sigmaI + priorMeanSquare;
        }
    }

    /** A fit without a prior ({@code priorMeanSquare} 0). */
    public FitResult(List<String> names, double[] values, double[] uncertainties, boolean[] fixed, double sigmaI,
            double[] model, int evaluations, double seconds, String method, List<Stage> stages,
            List<double[]> history) {
        this(names, values, uncertainties, fixed, sigmaI, model, evaluations, seconds, method, stages, history, 0);
    }

    public FitResult {
        if (!(priorMeanSquare >= 0)) {
            throw new IllegalArgumentException("priorMeanSquare must be ≥ 0, got " + priorMeanSquare);
        }
        names = List.copyOf(names);
        values = values.clone();
        uncertainties = uncertainties.clone();
        fixed = fixed.clone();
        model = model.clone();
        stages = List.copyOf(stages);
        history = List.copyOf(history);
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public double[] uncertainties() {
        return uncertainties.clone();
    }

    @Override
    public boolean[] fixed() {
        return fixed.clone();
    }

    @Override
    public double[] model() {
        return model.clone();
    }

    /** Mean square misfit σ_I². */
    public double meanSquare() {
        return sigmaI * sigmaI;
    }

    /** The cost the fit minimised: σ_I² plus the prior's share ({@link #priorMeanSquare}); σ_I² without a prior. */
    public double objective() {
        return sigmaI * sigmaI + priorMeanSquare;
    }

    /** Value of the named parameter. */
    public double get(String name) {
        return values[indexOf(name)];
    }

    /** 1σ uncertainty of the named parameter (NaN when fixed or undetermined). */
    public double uncertainty(String name) {
        return uncertainties[indexOf(name)];
    }

    /** name → 1σ uncertainty of the free parameters, in model order. */
    public Map<String, Double> uncertaintyMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            if (!fixed[i]) {
                m.put(names.get(i), uncertainties[i]);
            }
        }
        return Collections.unmodifiableMap(m);
    }

    private int indexOf(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("unknown parameter '" + name + "'; parameters are " + names);
        }
        return i;
    }

    /** A short human-readable summary: σ_I, time, method and the free parameters with uncertainties. */
    public String summary() {
        StringBuilder sb = new StringBuilder(String.format(java.util.Locale.ROOT,
                "σ_I = %.4f after %d evaluations in %.2f s (%s)%n", sigmaI, evaluations, seconds, method));
        for (int i = 0; i < names.size(); i++) {
            sb.append(String.format(java.util.Locale.ROOT, "  %-20s %12.6g", names.get(i), values[i]));
            sb.append(fixed[i] ? "   (fixed)" : String.format(java.util.Locale.ROOT, " ± %.3g", uncertainties[i]));
            sb.append('\n');
        }
        return sb.toString();
    }
}
