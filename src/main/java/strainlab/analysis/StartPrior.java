package strainlab.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import strainlab.dataset.recipe.LabelLayout;
import strainlab.fit.CurveModel;
import strainlab.lsq.GaussianPrior;

/**
 * Widths of a Gaussian prior centred on a fit's start (a network's prediction), per label of the paper model, as
 * fractions where table 2 scores relative errors: each strain weight within a fraction of the start's largest
 * weight, the thickness and the resolution within a fraction of the start's values, {@code scale_dw} and the dynamic
 * range within absolute widths. {@link #of} measures them as the spread of a network's errors on labelled curves it
 * was not trained on (a set's validation split).
 *
 * @param strainWeightWidthsOfEmax one 1σ width per strain weight, as a fraction of the start's largest weight (&gt; 0)
 * @param scaleDwWidth             1σ width of {@code scale_dw} (&gt; 0)
 * @param thicknessWidthRelative   1σ width of the thickness as a fraction of the start's (&gt; 0)
 * @param fwhmWidthRelative        1σ width of the resolution FWHM as a fraction of the start's (&gt; 0)
 * @param dynamicRangeWidthDecades 1σ width of {@code DR = log10_scale − log10_background}, decades (&gt; 0)
 */
public record StartPrior(double[] strainWeightWidthsOfEmax, double scaleDwWidth, double thicknessWidthRelative,
                         double fwhmWidthRelative, double dynamicRangeWidthDecades) {
    /** Factor from the median absolute deviation to the standard deviation of a Gaussian. */
    static final double MAD_TO_SIGMA = 1.4826;
    /** Floor of the largest strain weight (%) that scales the strain weights' widths. */
    private static final double EMAX_FLOOR_PERCENT = 0.1;
    /** Floor of the FWHM (° 2θ) that scales its width. */
    private static final double FWHM_FLOOR_DEG_2THETA = 0.001;

    public StartPrior {
        strainWeightWidthsOfEmax = strainWeightWidthsOfEmax.clone();
        if (strainWeightWidthsOfEmax.length != LabelLayout.WEIGHTS) {
            throw new IllegalArgumentException(LabelLayout.WEIGHTS + " strain-weight widths needed, got "
                    + strainWeightWidthsOfEmax.length);
        }
        double[] all = Arrays.copyOf(strainWeightWidthsOfEmax, LabelLayout.WEIGHTS + 4);
        all[LabelLayout.WEIGHTS] = scaleDwWidth;
        all[LabelLayout.WEIGHTS + 1] = thicknessWidthRelative;
        all[LabelLayout.WEIGHTS + 2] = fwhmWidthRelative;
        all[LabelLayout.WEIGHTS + 3] = dynamicRangeWidthDecades;
        for (double w : all) {
            if (!(w > 0)) {
                throw new IllegalArgumentException("prior widths must be > 0 (+∞: no constraint), got "
                        + Arrays.toString(all));
            }
        }
    }

    @Override
    public double[] strainWeightWidthsOfEmax() {
        return strainWeightWidthsOfEmax.clone();
    }

    /**
     * The widths measured from a network's errors: for each label the robust spread 1.4826 · median |error| over
     * the curves, of (predicted − true) / true e_max for the strain weights, relative errors for the thickness
     * and FWHM, absolute errors for {@code scale_dw} and DR.
     *
     * @param predicted the network's labels per curve (storage order, {@link LabelLayout})
     * @param truth     the true labels per curve
     */
    public static StartPrior of(float[][] predicted, float[][] truth) {
        if (predicted.length != truth.length || predicted.length == 0) {
            throw new IllegalArgumentException("predicted and true labels of the same curves needed, got "
                    + predicted.length + " and " + truth.length);
        }
        int n = predicted.length;
        double[][] err = new double[LabelLayout.COUNT][n];
        for (int i = 0; i < n; i++) {
            float[] p = predicted[i];
            float[] t = truth[i];
            double emax = Math.max(EMAX_FLOOR_PERCENT, emax(t));
            for (int k = 0; k < LabelLayout.WEIGHTS; k++) {
                err[LabelLayout.W1 + k][i] = (p[LabelLayout.W1 + k] - t[LabelLayout.W1 + k]) / emax;
            }
            err[LabelLayout.SCALE_DW][i] = p[LabelLayout.SCALE_DW] - t[LabelLayout.SCALE_DW];
            err[LabelLayout.THICKNESS_NM][i] = (p[LabelLayout.THICKNESS_NM] - t[LabelLayout.THICKNESS_NM])
                    / t[LabelLayout.THICKNESS_NM];
            err[LabelLayout.FWHM_DEG][i] = (p[LabelLayout.FWHM_DEG] - t[LabelLayout.FWHM_DEG]) / t[LabelLayout.FWHM_DEG];
            err[LabelLayout.DYNAMIC_RANGE][i] = p[LabelLayout.DYNAMIC_RANGE] - t[LabelLayout.DYNAMIC_RANGE];
        }
        double[] w = new double[LabelLayout.WEIGHTS];
        for (int k = 0; k < LabelLayout.WEIGHTS; k++) {
            w[k] = spread(err[LabelLayout.W1 + k]);
        }
        return new StartPrior(w, spread(err[LabelLayout.SCALE_DW]), spread(err[LabelLayout.THICKNESS_NM]),
                spread(err[LabelLayout.FWHM_DEG]), spread(err[LabelLayout.DYNAMIC_RANGE]));
    }

    /** The same prior with every width multiplied by {@code factor} (&gt; 0; +∞: no constraint). */
    public StartPrior widened(double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("width factor must be > 0, got " + factor);
        }
        return new StartPrior(Arrays.stream(strainWeightWidthsOfEmax).map(v -> v * factor).toArray(),
                scaleDwWidth * factor, thicknessWidthRelative * factor, fwhmWidthRelative * factor,
                dynamicRangeWidthDecades * factor);
    }

    /**
     * The prior of {@code model} (10 strain weights, tied DW) centred on its parameter vector {@code start}: the
     * start's largest strain weight (at least 0.1 %) and FWHM (at least 0.0005° θ) scale the relative widths.
     *
     * @param residualScale what one standard score weighs in the data's units: the curve's noise (log10)
     */
    public GaussianPrior around(CurveModel model, double[] start, double residualScale) {
        if (model.strainWeightCount() != LabelLayout.WEIGHTS || model.dwMode() != CurveModel.DwMode.TIED) {
            throw new IllegalArgumentException("a start prior needs a model with 10 strain weights and a tied DW");
        }
        List<String> names = model.parameterNames();
        double[] w = model.strainWeightsPercent(start);
        double t = start[names.indexOf(CurveModel.THICKNESS_NM)];
        double fwhm = start[names.indexOf(CurveModel.FWHM_THETA_DEG)];
        double[] width = widths(Arrays.stream(w).max().orElse(0), t, 2 * fwhm);
        List<GaussianPrior.Term> terms = new ArrayList<>();
        for (int k = 0; k < w.length; k++) {
            terms.add(GaussianPrior.Term.of(CurveModel.strainWeight(k + 1), w[k], width[LabelLayout.W1 + k]));
        }
        int scale = names.indexOf(CurveModel.LOG10_SCALE);
        int background = names.indexOf(CurveModel.LOG10_BACKGROUND);
        terms.add(GaussianPrior.Term.of(CurveModel.SCALE_DW, start[names.indexOf(CurveModel.SCALE_DW)],
                width[LabelLayout.SCALE_DW]));
        terms.add(GaussianPrior.Term.of(CurveModel.THICKNESS_NM, t, width[LabelLayout.THICKNESS_NM]));
        terms.add(GaussianPrior.Term.of(CurveModel.FWHM_THETA_DEG, fwhm, width[LabelLayout.FWHM_DEG] / 2));
        terms.add(new GaussianPrior.Term(List.of(CurveModel.LOG10_SCALE, CurveModel.LOG10_BACKGROUND),
                new double[]{1, -1}, start[scale] - start[background], width[LabelLayout.DYNAMIC_RANGE]));
        return new GaussianPrior(terms, residualScale);
    }

    /**
     * Σ z² of a label vector against a centre, both in storage order ({@link LabelLayout}), with the terms of
     * {@link #around} centred on {@code centre}: strain weights within widths × the centre's e_max (at least 0.1 %),
     * the thickness and FWHM relative to the centre's (FWHM at least 0.001° 2θ), {@code scale_dw} and DR absolute.
     */
    public double scoreSquared(float[] centre, float[] labels) {
        if (centre.length != LabelLayout.COUNT || labels.length != LabelLayout.COUNT) {
            throw new IllegalArgumentException(LabelLayout.COUNT + " labels needed, got " + centre.length + " and "
                    + labels.length);
        }
        double[] width = widths(emax(centre), centre[LabelLayout.THICKNESS_NM], centre[LabelLayout.FWHM_DEG]);
        double s = 0;
        for (int k = 0; k < LabelLayout.COUNT; k++) {
            s += square((labels[k] - centre[k]) / width[k]);
        }
        return s;
    }

    private static double square(double v) {
        return v * v;
    }

    /**
     * The absolute widths in label storage order around a centre of largest strain weight {@code emaxPercent} (at
     * least 0.1 %), thickness {@code thicknessNm} and FWHM {@code fwhmDeg2Theta} (at least 0.001° 2θ).
     */
    private double[] widths(double emaxPercent, double thicknessNm, double fwhmDeg2Theta) {
        double emax = Math.max(EMAX_FLOOR_PERCENT, emaxPercent);
        double[] all = new double[LabelLayout.COUNT];
        for (int k = 0; k < LabelLayout.WEIGHTS; k++) {
            all[LabelLayout.W1 + k] = strainWeightWidthsOfEmax[k] * emax;
        }
        all[LabelLayout.SCALE_DW] = scaleDwWidth;
        all[LabelLayout.THICKNESS_NM] = thicknessWidthRelative * thicknessNm;
        all[LabelLayout.FWHM_DEG] = fwhmWidthRelative * Math.max(FWHM_FLOOR_DEG_2THETA, fwhmDeg2Theta);
        all[LabelLayout.DYNAMIC_RANGE] = dynamicRangeWidthDecades;
        return all;
    }

    /** The widths in label storage order (strain weights as fractions of e_max, then DW, t, FWHM, DR). */
    public double[] labelWidths() {
        double[] all = Arrays.copyOf(strainWeightWidthsOfEmax, LabelLayout.COUNT);
        all[LabelLayout.SCALE_DW] = scaleDwWidth;
        all[LabelLayout.THICKNESS_NM] = thicknessWidthRelative;
        all[LabelLayout.FWHM_DEG] = fwhmWidthRelative;
        all[LabelLayout.DYNAMIC_RANGE] = dynamicRangeWidthDecades;
        return all;
    }

    private static double spread(double[] err) {
        double[] a = Arrays.stream(err).map(Math::abs).sorted().toArray();
        int n = a.length;
        double median = n % 2 == 1 ? a[n / 2] : 0.5 * (a[n / 2 - 1] + a[n / 2]);
        return Math.max(1e-6, MAD_TO_SIGMA * median);
    }

    private static double emax(float[] labels) {
        double m = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < LabelLayout.WEIGHTS; k++) {
            m = Math.max(m, labels[LabelLayout.W1 + k]);
        }
        return m;
    }
}
