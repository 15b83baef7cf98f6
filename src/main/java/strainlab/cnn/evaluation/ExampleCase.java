package strainlab.cnn.evaluation;

import java.util.List;
import strainlab.dataset.recipe.CurveLabels;
import strainlab.dataset.recipe.LabelLayout;
import strainlab.dataset.recipe.PaperRecipe;
import strainlab.profile.DepthProfiles;
import strainlab.profile.SplineConvention;

/**
 * One curve shown in an example figure (figs 1, 4, 8, 9): the network input, the curve recomputed from the
 * prediction (when the model predicts all 14 labels), and the true and predicted strain and DW profiles against
 * depth below the surface.
 *
 * @param name legend text
 * @param deltaQPercent abscissa (Q − Q_B)/Q_B in % of the cropped curve
 * @param input log10(I/Imax) of the network input, cropped to where it carries signal
 * @param recomputed log10(I/Imax) recomputed from the predicted labels on the same points, or null
 * @param truth true strain and DW profiles
 * @param prediction predicted profiles, or null when the model does not predict the profile
 * @param strainRelativeRms σe/e_max of the prediction (NaN when not available)
 */
public record ExampleCase(String name, double[] deltaQPercent, double[] input, double[] recomputed,
        DepthProfiles truth, DepthProfiles prediction, double strainRelativeRms) {

    /**
     * Builds a case from a network input and the true and predicted label vectors.
     *
     * @param recipe the recipe of the data (material, lamellae, network grid) used to recompute curves and profiles
     * @param truthView how {@code truthLabels} are laid out (full 14 labels)
     * @param predictionView how {@code predictedLabels} are laid out
     */
    public static ExampleCase of(String name, PaperRecipe recipe, float[] networkInput, LabelView truthView,
            float[] truthLabels, LabelView predictionView, float[] predictedLabels) {
        double[] grid = recipe.inputGrid();
        if (networkInput.length != grid.length) {
            throw new IllegalArgumentException("input has " + networkInput.length + " samples, the recipe's grid "
                    + grid.length);
        }
        double d = recipe.ranges().setup().dSpacingA();
        int[] range = signalRange(networkInput);
        int n = range[1] - range[0] + 1;
        double[] x = new double[n];
        double[] in = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = -grid[range[0] + k] * d;
            in[k] = networkInput[range[0] + k];
        }
        DepthProfiles truth = profiles(recipe, truthView, truthLabels);
        DepthProfiles pred = predictionView.hasProfile() && predictionView.has(Parameter.DW_MIN)
                ? profiles(recipe, predictionView, predictedLabels) : null;
        double[] recomputed = null;
        if (predictionView.isFullLayout() && pred != null) {
            double[] full = recipe.curveFromLabels(predictedCurveLabels(predictedLabels), PaperRecipe.Rendering.BRAGG);
            recomputed = new double[n];
            System.arraycopy(full, range[0], recomputed, 0, n);
        }
        double s = truthView.relativeStrainRms(truthLabels, predictionView, predictedLabels);
        return new ExampleCase(name, x, in, recomputed, truth, pred, s);
    }

    /** The predicted 14 labels made physical (weights and scale_dw clipped at 0, |t|). */
    static CurveLabels predictedCurveLabels(float[] predicted) {
        float[] p = predicted.clone();
        p[LabelLayout.THICKNESS_NM] = Math.abs(p[LabelLayout.THICKNESS_NM]);
        p[LabelLayout.FWHM_DEG] = Math.abs(p[LabelLayout.FWHM_DEG]);
        return CurveLabels.ofPrediction(p);
    }

    /** Strain and tied DW profiles of a label vector (weights, t and scale_dw), on the recipe's lamellae. */
    static DepthProfiles profiles(PaperRecipe recipe, LabelView view, float[] labels) {
        double t = view.value(Parameter.T, labels);
        double scaleDw = -Math.log(view.value(Parameter.DW_MIN, labels));
        return DepthProfiles.withTiedDwScale(Math.max(t, 1e-3) * 10.0, recipe.ranges().lamellae(),
                view.weightsPercent(labels), SplineConvention.SMOOTH, Math.max(0, scaleDw));
    }

    /** First and last sample of the input that differ from a neighbour (the fill outside the scan is constant). */
    static int[] signalRange(float[] input) {
        int lo = 0;
        int hi = input.length - 1;
        while (lo < hi && input[lo + 1] == input[lo]) {
            lo++;
        }
        while (hi > lo && input[hi - 1] == input[hi]) {
            hi--;
        }
        return new int[] {lo, hi};
    }

    /** Depths below the surface in nm of a profile's nodes. */
    public static double[] depthNm(DepthProfiles p) {
        double[] a = p.depthFromSurfaceA();
        for (int i = 0; i < a.length; i++) {
            a[i] /= 10.0;
        }
        return a;
    }

    /** Strain in % of a profile's nodes. */
    public static double[] strainPercent(DepthProfiles p) {
        double[] s = p.strain();
        for (int i = 0; i < s.length; i++) {
            s[i] *= 100.0;
        }
        return s;
    }

    /** Names of the cases, for legends. */
    public static List<String> names(List<ExampleCase> cases) {
        return cases.stream().map(ExampleCase::name).toList();
    }
}
