package strainlab.cnn.evaluation;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import strainlab.cnn.OutputLayout;
import strainlab.dataset.recipe.LabelLayout;

/**
 * Reads the evaluated quantities out of a label vector by label <em>name</em>, so that the full 14-label layout
 * ({@link LabelLayout}) and the reduced-output variants (CNN3[12]: no H and DR; CNN3[3]: t, e_max and DW only)
 * are handled by the same code. A quantity whose labels are absent is reported as not {@link #has available}
 * and read as NaN, never guessed.
 *
 * <ul>
 *   <li>t: label {@code t_nm} (absolute value: a network may predict a negative thickness).</li>
 *   <li>e_max (%): the maximum of the strain profile on its N+1 nodes when the 10 weights are present (the
 *       authors' definition), else a label named {@value #E_MAX_LABEL}.</li>
 *   <li>DWmin: {@code exp(−max(0, scale_dw))}.</li>
 *   <li>H: {@code fwhm_deg}; DR: {@code dr}.</li>
 *   <li>strain profile: the 10 weights (negative predicted weights clipped to 0) and {@code t_nm}.</li>
 * </ul>
 */
public final class LabelView {
    /** Name of a direct e_max output (in %) of reduced-output networks ({@link OutputLayout#E_MAX_LABEL}). */
    public static final String E_MAX_LABEL = OutputLayout.E_MAX_LABEL;

    private final List<String> names;
    private final int[] weights;
    private final int scaleDw;
    private final int thickness;
    private final int fwhm;
    private final int dynamicRange;
    private final int eMax;
    private final int lamellae;

    /** A view of labels named {@code names}, with profiles on N = {@code lamellae} lamellae. */
    public LabelView(List<String> names, int lamellae) {
        if (lamellae < 1) {
            throw new IllegalArgumentException("lamellae must be >= 1, got " + lamellae);
        }
        this.names = List.copyOf(names);
        this.lamellae = lamellae;
        int[] w = new int[LabelLayout.WEIGHTS];
        boolean all = true;
        for (int i = 0; i < w.length; i++) {
            w[i] = this.names.indexOf("w" + (i + 1));
            all &= w[i] >= 0;
        }
        this.weights = all ? w : null;
        this.scaleDw = this.names.indexOf("scale_dw");
        this.thickness = this.names.indexOf("t_nm");
        this.fwhm = this.names.indexOf("fwhm_deg");
        this.dynamicRange = this.names.indexOf("dr");
        this.eMax = this.names.indexOf(E_MAX_LABEL);
    }

    /** A view with the paper's N = 500 lamellae. */
    public static LabelView of(List<String> names) {
        return new LabelView(names, ProfileComparison.PAPER_LAMELLAE);
    }

    /** The label names in order. */
    public List<String> names() {
        return names;
    }

    /** Lamellae N of the profile grid. */
    public int lamellae() {
        return lamellae;
    }

    /** Whether a parameter can be read from these labels. */
    public boolean has(Parameter p) {
        return switch (p) {
            case T -> thickness >= 0;
            case E_MAX -> weights != null || eMax >= 0;
            case DW_MIN -> scaleDw >= 0;
            case H -> fwhm >= 0;
            case DR -> dynamicRange >= 0;
        };
    }

    /** Whether the strain profile (10 weights and t) can be rebuilt from these labels. */
    public boolean hasProfile() {
        return weights != null && thickness >= 0;
    }

    /** Whether these are the full 14 labels of {@link LabelLayout} (a curve can be recomputed). */
    public boolean isFullLayout() {
        return names.equals(LabelLayout.names());
    }

    /** The parameters these labels provide. */
    public Set<Parameter> available() {
        Set<Parameter> s = EnumSet.noneOf(Parameter.class);
        for (Parameter p : Parameter.values()) {
            if (has(p)) {
                s.add(p);
            }
        }
        return s;
    }

    /** The value of a parameter in its unit (see the class comment), or NaN when absent. */
    public double value(Parameter p, float[] labels) {
        checkLength(labels);
        return switch (p) {
            case T -> thickness >= 0 ? Math.abs(labels[thickness]) : Double.NaN;
            case E_MAX -> weights != null ? ProfileComparison.maxStrainPercent(weightsPercent(labels), lamellae)
                    : eMax >= 0 ? labels[eMax] : Double.NaN;
            case DW_MIN -> scaleDw >= 0 ? Math.exp(-Math.max(0, labels[scaleDw])) : Double.NaN;
            case H -> fwhm >= 0 ? labels[fwhm] : Double.NaN;
            case DR -> dynamicRange >= 0 ? labels[dynamicRange] : Double.NaN;
        };
    }

    /** The 10 strain weights in % (negative values clipped to 0); an error when absent. */
    public double[] weightsPercent(float[] labels) {
        if (weights == null) {
            throw new IllegalStateException("labels " + names + " have no strain weights w1..w10");
        }
        checkLength(labels);
        double[] w = new double[weights.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.max(0, labels[weights[i]]);
        }
        return w;
    }

    /**
     * σe/e_max of a predicted label vector (read with {@code predicted}'s view) against true labels (read with
     * this view), or NaN when either lacks the profile.
     */
    public double relativeStrainRms(float[] truth, LabelView predicted, float[] prediction) {
        if (!hasProfile() || !predicted.hasProfile()) {
            return Double.NaN;
        }
        double tp = predicted.value(Parameter.T, prediction);
        if (!(tp > 0)) {
            return Double.NaN;
        }
        return ProfileComparison.relativeRms(weightsPercent(truth), value(Parameter.T, truth),
                predicted.weightsPercent(prediction), tp, lamellae);
    }

    /**
     * The value of label {@code name} for this vector when it has one, else the derived e_max for
     * {@value #E_MAX_LABEL} (from the weights); an error naming the label otherwise. Used to find the truth of a
     * reduced network's outputs in full-layout data.
     */
    public double labelOrDerived(String name, float[] labels) {
        int i = names.indexOf(name);
        if (i >= 0) {
            return labels[i];
        }
        if (E_MAX_LABEL.equals(name) && weights != null) {
            return value(Parameter.E_MAX, labels);
        }
        throw new IllegalArgumentException("label '" + name + "' is not among the data's labels " + names);
    }

    /** Whether {@link #labelOrDerived} can give label {@code name} from these labels. */
    public boolean provides(String name) {
        return names.contains(name) || E_MAX_LABEL.equals(name) && weights != null;
    }

    private void checkLength(float[] labels) {
        if (labels.length != names.size()) {
            throw new IllegalArgumentException("expected " + names.size() + " labels " + names + ", got "
                    + labels.length);
        }
    }
}
