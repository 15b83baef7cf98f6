package strainlab.dataset.recipe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The one place that owns the label order of the paper's training sets (14 labels):
 * {@code w1..w10} (strain B-spline weights in %, in the recipe's convention: smooth for the paper and the
 * presets), {@code scale_dw} (= −ln DWmin), {@code t_nm} (layer thickness, nm), {@code fwhm_deg} (resolution
 * FWHM, degrees 2θ) and {@code dr} (dynamic range log10(scale/background)). Labels are stored raw (not
 * normalised); the min–max normaliser of the training set is the CNN's business.
 */
public final class LabelLayout {
    /** Number of strain weights. */
    public static final int WEIGHTS = 10;
    /** Index of the first strain weight (w1). */
    public static final int W1 = 0;
    /** Index of {@code scale_dw = −ln DWmin}. */
    public static final int SCALE_DW = 10;
    /** Index of the thickness in nm. */
    public static final int THICKNESS_NM = 11;
    /** Index of the resolution FWHM in degrees 2θ. */
    public static final int FWHM_DEG = 12;
    /** Index of the dynamic range log10(scale/background). */
    public static final int DYNAMIC_RANGE = 13;
    /** Number of labels. */
    public static final int COUNT = 14;

    private static final List<String> NAMES;
    private static final List<String> UNITS;

    static {
        List<String> n = new ArrayList<>();
        List<String> u = new ArrayList<>();
        for (int i = 1; i <= WEIGHTS; i++) {
            n.add("w" + i);
            u.add("%");
        }
        n.add("scale_dw");
        u.add("1 (−ln DWmin)");
        n.add("t_nm");
        u.add("nm");
        n.add("fwhm_deg");
        u.add("deg 2θ");
        n.add("dr");
        u.add("decades");
        NAMES = Collections.unmodifiableList(n);
        UNITS = Collections.unmodifiableList(u);
    }

    private LabelLayout() {
    }

    /** Label names in storage order: w1..w10, scale_dw, t_nm, fwhm_deg, dr. */
    public static List<String> names() {
        return NAMES;
    }

    /** Units of the labels, in storage order. */
    public static List<String> units() {
        return UNITS;
    }

    /** Index of a label by name; an unknown name is an error naming it. */
    public static int indexOf(String name) {
        int i = NAMES.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("label '" + name + "' is unknown; labels are " + NAMES);
        }
        return i;
    }

    /** Writes labels into {@code out} (length ≥ 14) in storage order, as float32. */
    public static void write(double[] weightsPercent, double scaleDw, double thicknessNm, double fwhmDeg,
                             double dynamicRange, float[] out) {
        if (weightsPercent.length != WEIGHTS) {
            throw new IllegalArgumentException("weightsPercent: expected " + WEIGHTS + " weights, got "
                    + weightsPercent.length);
        }
        if (out.length < COUNT) {
            throw new IllegalArgumentException("labels: need room for " + COUNT + " labels, got " + out.length);
        }
        for (int i = 0; i < WEIGHTS; i++) {
            out[W1 + i] = (float) weightsPercent[i];
        }
        out[SCALE_DW] = (float) scaleDw;
        out[THICKNESS_NM] = (float) thicknessNm;
        out[FWHM_DEG] = (float) fwhmDeg;
        out[DYNAMIC_RANGE] = (float) dynamicRange;
    }
}
