package strainlab.lsq;

/**
 * Maps a trial point of the free parameters into the admissible domain before the model is evaluated; the
 * optimiser passes every point through it, so the model never sees an inadmissible one.
 */
@FunctionalInterface
public interface ParameterValidator {
    /** The admissible point nearest {@code free} in this validator's sense (a new array). */
    double[] validate(double[] free);

    /** Clamps each coordinate into {@code [lower[k], upper[k]]}; a NaN coordinate goes to its lower bound. */
    static ParameterValidator box(double[] lower, double[] upper) {
        double[] lo = lower.clone();
        double[] hi = upper.clone();
        return x -> {
            double[] c = x.clone();
            for (int k = 0; k < c.length; k++) {
                c[k] = Math.min(hi[k], Math.max(lo[k], Double.isNaN(c[k]) ? lo[k] : c[k]));
            }
            return c;
        };
    }
}
