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
 *   <li>shifts: every weight moved one node towards either end, the weight at the end left behind repeated;</li>
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
     * The moved label vectors of {@code labels} (storage order, {@link LabelLayout}), in this order: shift towards
     * the first node, shift towards the last node, then for each factor a stretch kept from the first node's end and
     * one kept from the last node's end.
     *
     * @param factors thickness factors of the stretches (each &gt; 0 and ≠ 1)
     */
    public static List<float[]> of(float[] labels, double[] factors) {
        if (labels.length != LabelLayout.COUNT) {
            throw new IllegalArgumentException(LabelLayout.COUNT + " labels needed, got " + labels.length);
        }
        for (double f : factors) {
            if (!(f > 0) || f == 1 || !Double.isFinite(f)) {
                throw new IllegalArgumentException("stretch factors must be finite, > 0 and ≠ 1, got " + f);
            }
        }
        int n = LabelLayout.WEIGHTS;
        double[] w = new double[n];
        for (int k = 0; k < n; k++) {
            w[k] = labels[LabelLayout.W1 + k];
        }
        List<float[]> out = new ArrayList<>();
        double[] towardsFirst = new double[n];
        double[] towardsLast = new double[n];
        for (int k = 0; k < n; k++) {
            towardsFirst[k] = w[Math.min(n - 1, k + 1)];
            towardsLast[k] = w[Math.max(0, k - 1)];
        }
        out.add(with(labels, towardsFirst, 1));
        out.add(with(labels, towardsLast, 1));
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
