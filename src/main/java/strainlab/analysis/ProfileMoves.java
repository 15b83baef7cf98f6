package strainlab.analysis;

import java.util.ArrayList;
import java.util.List;
import strainlab.dataset.recipe.LabelLayout;

/**
 * New starts made from a refined label vector by moving its strain profile in depth: the minima that least squares
 * ends in from a network's start often hold the right profile one spline node off, or the right profile over a layer
 * cut short or extended at one end (the misfit of such a minimum is typically 1.1–15 × the true profile's on the
 * curves of a cnn2 published-noise set). The strain weights are read as the profile's values at 10 equally spaced
 * depth nodes, the first at one end of the layer and the last at the other; every other label is kept.
 * <ul>
 *   <li>shifts: every weight moved by 1 … n nodes towards either end, the weight at the end left behind repeated;</li>
 *   <li>stretches: the thickness multiplied by each factor with the profile kept at the same depth in nm from either
 *       end, resampled linearly at the new nodes and held at its last value beyond the old layer.</li>
 * </ul>
 */
public final class ProfileMoves {
    /** Thickness factors of the stretches: the thicknesses of the wrong minima seen lie 0.75–1.3 × the true one. */
    public static final double[] STRETCH_FACTORS = {0.8, 1.25};

    private ProfileMoves() {
    }

    /**
     * How the moves search after the released fits.
     *
     * @param rounds    rounds of moves (0: none); a moved fit that lowers σ_I by more than
     *                  {@link NearestMinimum#SIGMA_TOLERANCE} against the fit it was moved from is moved again in the
     *                  next round
     * @param fits      fits moved in the first round: the kept fit, then the next distinct free fits of lowest σ_I
     * @param shifts    largest shift in nodes (each of 1 … shifts, towards either end; 0: none)
     * @param stretches thickness factors of the stretches (each finite, &gt; 0 and ≠ 1)
     */
    public record Search(int rounds, int fits, int shifts, double[] stretches) {
        /** No moves. */
        public static final Search NONE = new Search(0, 1, 1, STRETCH_FACTORS);

        public Search {
            if (rounds < 0) {
                throw new IllegalArgumentException("move rounds must be ≥ 0, got " + rounds);
            }
            if (fits < 1) {
                throw new IllegalArgumentException("fits moved must be ≥ 1, got " + fits);
            }
            if (shifts < 0 || shifts >= LabelLayout.WEIGHTS) {
                throw new IllegalArgumentException("shifts must be 0 … " + (LabelLayout.WEIGHTS - 1) + " nodes, got "
                        + shifts);
            }
            stretches = checked(stretches).clone();
            if (shifts == 0 && stretches.length == 0) {
                throw new IllegalArgumentException("profile moves need a shift or a stretch");
            }
        }

        /** {@code rounds} rounds from the kept fit alone: one-node shifts, stretches × {@link #STRETCH_FACTORS}. */
        public static Search rounds(int rounds) {
            return new Search(rounds, 1, 1, STRETCH_FACTORS);
        }

        @Override
        public double[] stretches() {
            return stretches.clone();
        }
    }

    /**
     * The moved label vectors of {@code labels}: one-node shifts and the stretches by {@code factors}, as
     * {@link #of(float[], int, double[])}.
     */
    public static List<float[]> of(float[] labels, double[] factors) {
        return of(labels, 1, factors);
    }

    /**
     * The moved label vectors of {@code labels} (storage order, {@link LabelLayout}), in this order: for each shift of
     * 1 … {@code shifts} nodes a shift towards the first node and one towards the last node, then for each factor a
     * stretch kept from the first node's end and one kept from the last node's end.
     *
     * @param shifts  largest shift in nodes (0 … {@link LabelLayout#WEIGHTS} − 1)
     * @param factors thickness factors of the stretches (each &gt; 0 and ≠ 1)
     */
    public static List<float[]> of(float[] labels, int shifts, double[] factors) {
        if (labels.length != LabelLayout.COUNT) {
            throw new IllegalArgumentException(LabelLayout.COUNT + " labels needed, got " + labels.length);
        }
        checked(factors);
        int n = LabelLayout.WEIGHTS;
        if (shifts < 0 || shifts >= n) {
            throw new IllegalArgumentException("shifts must be 0 … " + (n - 1) + " nodes, got " + shifts);
        }
        double[] w = new double[n];
        for (int k = 0; k < n; k++) {
            w[k] = labels[LabelLayout.W1 + k];
        }
        List<float[]> out = new ArrayList<>();
        for (int d = 1; d <= shifts; d++) {
            double[] towardsFirst = new double[n];
            double[] towardsLast = new double[n];
            for (int k = 0; k < n; k++) {
                towardsFirst[k] = w[Math.min(n - 1, k + d)];
                towardsLast[k] = w[Math.max(0, k - d)];
            }
            out.add(with(labels, towardsFirst, 1));
            out.add(with(labels, towardsLast, 1));
        }
        for (double f : factors) {
            double[] fromFirst = new double[n];
            double[] fromLast = new double[n];
            for (int k = 0; k < n; k++) {
                double u = (double) k / (n - 1);
                fromFirst[k] = at(w, u * f);
                fromLast[k] = at(w, 1 - (1 - u) * f);
            }
            out.add(with(labels, fromFirst, f));
            out.add(with(labels, fromLast, f));
        }
        return out;
    }

    private static double[] checked(double[] factors) {
        for (double f : factors) {
            if (!(f > 0) || f == 1 || !Double.isFinite(f)) {
                throw new IllegalArgumentException("stretch factors must be finite, > 0 and ≠ 1, got " + f);
            }
        }
        return factors;
    }

    /** The profile of node values {@code w} at fraction {@code u} of the layer, linear, held at its ends beyond. */
    static double at(double[] w, double u) {
        double x = Math.max(0, Math.min(1, u)) * (w.length - 1);
        int k = Math.min(w.length - 2, (int) Math.floor(x));
        double r = x - k;
        return (1 - r) * w[k] + r * w[k + 1];
    }

    private static float[] with(float[] labels, double[] weights, double thicknessFactor) {
        float[] out = labels.clone();
        for (int k = 0; k < weights.length; k++) {
            out[LabelLayout.W1 + k] = (float) weights[k];
        }
        out[LabelLayout.THICKNESS_NM] = (float) (labels[LabelLayout.THICKNESS_NM] * thicknessFactor);
        return out;
    }
}
