package strainlab.analysis;

/**
 * The choice among several refined fits of one curve: the lowest misfit σ_I, except that fits within a relative
 * tolerance of it count as equally good, and of those the one nearest the prediction (lowest prior score) is kept.
 * Distinct minima of the paper model often differ in σ_I by a per cent or two (a thickness traded against the
 * strain profile), less than the misfit can tell apart; the prediction then decides.
 */
public final class NearestMinimum {
    /**
     * Relative σ_I tolerance of {@link #choose} used by the refinements: of 0, 1, 2, 3, 5, 10 and 20 %, 2 % kept the
     * most strain profiles accurate on the first 200 validation curves of a cnn2 published-noise set (seed 7), among
     * the released fits of an ensemble's mean and members' starts with Poisson weights.
     */
    public static final double SIGMA_TOLERANCE = 0.02;

    private NearestMinimum() {
    }

    /**
     * The index of the chosen fit: among the fits whose σ_I is at most {@code (1 + tolerance)} times the lowest, the
     * one of lowest {@code priorScore} (the earlier on a tie); −1 when no σ_I is finite.
     *
     * @param sigmaI     misfit of each fit (NaN: failed, never chosen)
     * @param priorScore distance of each fit from the prediction (e.g. Σ z² of a {@link StartPrior}); any scale
     * @param tolerance  relative σ_I tolerance (≥ 0; 0: lowest σ_I, the prior only breaks exact ties)
     */
    public static int choose(double[] sigmaI, double[] priorScore, double tolerance) {
        if (sigmaI.length != priorScore.length) {
            throw new IllegalArgumentException(sigmaI.length + " misfits but " + priorScore.length + " prior scores");
        }
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be ≥ 0, got " + tolerance);
        }
        double lowest = Double.POSITIVE_INFINITY;
        for (double s : sigmaI) {
            if (Double.isFinite(s)) {
                lowest = Math.min(lowest, s);
            }
        }
        int best = -1;
        for (int k = 0; k < sigmaI.length; k++) {
            if (Double.isFinite(sigmaI[k]) && sigmaI[k] <= (1 + tolerance) * lowest
                    && (best < 0 || priorScore[k] < priorScore[best])) {
                best = k;
            }
        }
        return best;
    }
}
