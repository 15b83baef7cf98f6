package strainlab.cnn.evaluation;

import strainlab.profile.BSplines;
import strainlab.profile.SplineConvention;

/**
 * Strain profiles given by their labels (10 smooth B-spline weights in %, thickness in nm) compared on a common
 * depth grid, as in §3.1 of the paper and the authors' analysis notebook.
 *
 * <p><b>Common grid.</b> Predicted and true thicknesses differ, so both profiles are evaluated at depths below
 * the free surface {@code d_j = T·j/N}, j = 0..N, with {@code T = max(t, t_pred)} (the N+1 lamella nodes of the
 * thicker layer); a profile is 0 deeper than its own layer (the strain-free substrate). The spline is evaluated
 * exactly at each depth ({@code z/t = (t − d)/t} from the interface), not interpolated.
 *
 * <p><b>σe/e_max</b> is {@code sqrt(mean_j (e_pred(d_j) − e(d_j))²) / max_j e(d_j)}: the rms difference of the
 * two profiles over the common grid, relative to the true maximum strain on that grid.
 */
public final class ProfileComparison {
    /** Lamellae of the paper's recursion (N = 500): the grid has N+1 depths. */
    public static final int PAPER_LAMELLAE = 500;

    private ProfileComparison() {
    }

    /**
     * Strain in % at depths below the surface (nm) of a layer of thickness {@code thicknessNm} described by
     * smooth B-spline weights in %: the spline at {@code z/t = (t − d)/t}, and 0 below the layer (d &gt; t).
     */
    public static double[] strainPercentAtDepths(double[] weightsPercent, double thicknessNm, double[] depthsNm) {
        if (!(thicknessNm > 0) || !Double.isFinite(thicknessNm)) {
            throw new IllegalArgumentException("thicknessNm must be finite and > 0, got " + thicknessNm);
        }
        double[] zOverT = new double[depthsNm.length];
        for (int j = 0; j < depthsNm.length; j++) {
            zOverT[j] = (thicknessNm - depthsNm[j]) / thicknessNm;
        }
        double[] e = BSplines.evaluate(weightsPercent, SplineConvention.SMOOTH, zOverT);
        for (int j = 0; j < depthsNm.length; j++) {
            if (depthsNm[j] > thicknessNm || depthsNm[j] < 0) {
                e[j] = 0;
            }
        }
        return e;
    }

    /** The common grid: depths {@code T·j/N} (nm), j = 0..N, with T the larger thickness. */
    public static double[] commonDepthsNm(double thicknessNm, double predictedThicknessNm, int lamellae) {
        if (lamellae < 1) {
            throw new IllegalArgumentException("lamellae must be >= 1, got " + lamellae);
        }
        double t = Math.max(thicknessNm, predictedThicknessNm);
        double[] d = new double[lamellae + 1];
        for (int j = 0; j <= lamellae; j++) {
            d[j] = t * j / lamellae;
        }
        d[lamellae] = t;
        return d;
    }

    /**
     * σe/e_max of a predicted profile against the true one on the common grid of N+1 depths (see the class
     * comment). Returns NaN when the true profile has no positive strain.
     *
     * @param weightsPercent true smooth weights (%)
     * @param thicknessNm true thickness (nm)
     * @param predictedWeightsPercent predicted smooth weights (%)
     * @param predictedThicknessNm predicted thickness (nm, &gt; 0)
     * @param lamellae N (the grid has N+1 depths)
     */
    public static double relativeRms(double[] weightsPercent, double thicknessNm, double[] predictedWeightsPercent,
            double predictedThicknessNm, int lamellae) {
        double[] d = commonDepthsNm(thicknessNm, predictedThicknessNm, lamellae);
        double[] e = strainPercentAtDepths(weightsPercent, thicknessNm, d);
        double[] p = strainPercentAtDepths(predictedWeightsPercent, predictedThicknessNm, d);
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (int j = 0; j < d.length; j++) {
            max = Math.max(max, e[j]);
            double diff = p[j] - e[j];
            sum += diff * diff;
        }
        if (!(max > 0)) {
            return Double.NaN;
        }
        return Math.sqrt(sum / d.length) / max;
    }

    /** Maximum strain in % of a profile on its own N+1 lamella nodes (the paper's e_max of a profile). */
    public static double maxStrainPercent(double[] weightsPercent, int lamellae) {
        double[] s = BSplines.onNodes(weightsPercent, SplineConvention.SMOOTH, lamellae);
        double max = Double.NEGATIVE_INFINITY;
        for (double v : s) {
            max = Math.max(max, v);
        }
        return max;
    }
}
