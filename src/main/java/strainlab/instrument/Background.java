package strainlab.instrument;

/**
 * Additive background in counts: {@code b(2θ) = constant + slopePerDeg·(2θ − 2θ_first)}, with 2θ in degrees
 * and {@code 2θ_first} the first point of the curve. The paper and RaDMaX use a constant.
 *
 * @param constant background at the first point of the curve (counts), ≥ 0
 * @param slopePerDeg change per degree of 2θ (counts/°)
 */
public record Background(double constant, double slopePerDeg) {
    public Background {
        if (!(constant >= 0) || !Double.isFinite(constant)) {
            throw new IllegalArgumentException("background must be finite and ≥ 0, got " + constant);
        }
        if (!Double.isFinite(slopePerDeg)) {
            throw new IllegalArgumentException("background slope must be finite, got " + slopePerDeg);
        }
    }

    /** A constant background. */
    public static Background constant(double counts) {
        return new Background(counts, 0.0);
    }

    /** The background at point i of the θ grid (rad); fails if it is negative there. */
    public double at(double[] thetaRad, int i) {
        if (slopePerDeg == 0) {
            return constant;
        }
        double b = constant + slopePerDeg * (Math.toDegrees(2 * thetaRad[i]) - Math.toDegrees(2 * thetaRad[0]));
        if (b < 0) {
            throw new IllegalArgumentException("background: the linear background is negative (" + b
                    + ") at 2θ = " + Math.toDegrees(2 * thetaRad[i]) + "°");
        }
        return b;
    }
}
