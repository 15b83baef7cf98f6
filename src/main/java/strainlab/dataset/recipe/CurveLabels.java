package strainlab.dataset.recipe;

import java.util.Arrays;

/**
 * The 14 labels of one curve as named values (order and names: {@link LabelLayout}). Used to read a stored
 * or predicted label vector back into physics: see {@link PaperRecipe#profilesFromLabels(CurveLabels)} and
 * {@link PaperRecipe#curveFromLabels(CurveLabels)}.
 *
 * @param weightsPercent the 10 strain B-spline weights in % (smooth convention)
 * @param scaleDw {@code −ln DWmin} (≥ 0)
 * @param thicknessNm layer thickness in nm (&gt; 0)
 * @param fwhmDeg resolution FWHM in degrees 2θ (&gt; 0)
 * @param dynamicRange {@code log10(scale/background)}
 */
public record CurveLabels(double[] weightsPercent, double scaleDw, double thicknessNm, double fwhmDeg,
                          double dynamicRange) {
    public CurveLabels {
        if (weightsPercent == null || weightsPercent.length != LabelLayout.WEIGHTS) {
            throw new IllegalArgumentException("weightsPercent: expected " + LabelLayout.WEIGHTS + " weights, got "
                    + (weightsPercent == null ? "none" : weightsPercent.length));
        }
        for (int i = 0; i < weightsPercent.length; i++) {
            if (!Double.isFinite(weightsPercent[i])) {
                throw new IllegalArgumentException("w" + (i + 1) + " must be finite, got " + weightsPercent[i]);
            }
        }
        if (!(scaleDw >= 0) || !Double.isFinite(scaleDw)) {
            throw new IllegalArgumentException("scale_dw must be finite and ≥ 0, got " + scaleDw);
        }
        if (!(thicknessNm > 0) || !Double.isFinite(thicknessNm)) {
            throw new IllegalArgumentException("t_nm must be finite and > 0, got " + thicknessNm);
        }
        if (!(fwhmDeg > 0) || !Double.isFinite(fwhmDeg)) {
            throw new IllegalArgumentException("fwhm_deg must be finite and > 0, got " + fwhmDeg);
        }
        if (!Double.isFinite(dynamicRange)) {
            throw new IllegalArgumentException("dr must be finite, got " + dynamicRange);
        }
        weightsPercent = weightsPercent.clone();
    }

    /** Reads a label vector in storage order (float32, as stored or predicted). */
    public static CurveLabels of(float[] labels) {
        requireLength(labels.length);
        double[] d = new double[labels.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = labels[i];
        }
        return of(d);
    }

    /** Reads a label vector in storage order. */
    public static CurveLabels of(double[] labels) {
        requireLength(labels.length);
        return new CurveLabels(Arrays.copyOfRange(labels, LabelLayout.W1, LabelLayout.W1 + LabelLayout.WEIGHTS),
                labels[LabelLayout.SCALE_DW], labels[LabelLayout.THICKNESS_NM], labels[LabelLayout.FWHM_DEG],
                labels[LabelLayout.DYNAMIC_RANGE]);
    }

    /**
     * A predicted vector, made physical: negative weights are clipped to 0 and a negative {@code scale_dw}
     * to 0 (a network can predict slightly outside the training ranges).
     */
    public static CurveLabels ofPrediction(float[] labels) {
        requireLength(labels.length);
        double[] d = new double[labels.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = labels[i];
        }
        for (int i = 0; i < LabelLayout.WEIGHTS; i++) {
            d[LabelLayout.W1 + i] = Math.max(0, d[LabelLayout.W1 + i]);
        }
        d[LabelLayout.SCALE_DW] = Math.max(0, d[LabelLayout.SCALE_DW]);
        return of(d);
    }

    @Override
    public double[] weightsPercent() {
        return weightsPercent.clone();
    }

    /** DWmin = exp(−scale_dw). */
    public double dwMin() {
        return Math.exp(-scaleDw);
    }

    /** The largest weight in % (e_max of the recipe). */
    public double strainMaxPercent() {
        double m = Double.NEGATIVE_INFINITY;
        for (double w : weightsPercent) {
            m = Math.max(m, w);
        }
        return m;
    }

    /** The labels in storage order as float32. */
    public float[] toFloats() {
        float[] out = new float[LabelLayout.COUNT];
        LabelLayout.write(weightsPercent, scaleDw, thicknessNm, fwhmDeg, dynamicRange, out);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CurveLabels c && Arrays.equals(c.weightsPercent, weightsPercent)
                && Double.compare(c.scaleDw, scaleDw) == 0 && Double.compare(c.thicknessNm, thicknessNm) == 0
                && Double.compare(c.fwhmDeg, fwhmDeg) == 0 && Double.compare(c.dynamicRange, dynamicRange) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(weightsPercent) * 31 + Double.hashCode(scaleDw) * 17 + Double.hashCode(thicknessNm) * 7
                + Double.hashCode(fwhmDeg) * 3 + Double.hashCode(dynamicRange);
    }

    @Override
    public String toString() {
        return "CurveLabels[weightsPercent=" + Arrays.toString(weightsPercent) + ", scaleDw=" + scaleDw
                + ", thicknessNm=" + thicknessNm + ", fwhmDeg=" + fwhmDeg + ", dynamicRange=" + dynamicRange + "]";
    }

    private static void requireLength(int n) {
        if (n != LabelLayout.COUNT) {
            throw new IllegalArgumentException("labels: expected " + LabelLayout.COUNT + " values "
                    + LabelLayout.names() + ", got " + n);
        }
    }
}
