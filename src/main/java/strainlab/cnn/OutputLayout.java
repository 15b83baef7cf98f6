package strainlab.cnn;

import java.util.List;
import java.util.Locale;
import strainlab.dataset.recipe.LabelLayout;

/**
 * Which labels a network predicts: the paper's full 14 outputs or the reduced-output variants of §3.4 (table 2),
 * named as the paper does by the number of outputs in brackets after the preset: CNN3[12] predicts no H and no
 * DR, CNN3[3] only t, e_max and DWmin. A model folder stores its layout as {@code outputLayout} in
 * {@code model.json} ({@link #tag()}: {@code "[14]"}, {@code "[12]"} or {@code "[3]"}).
 *
 * <p>Metrics of an evaluation ({@code table2.json}): {@code [12]} has no {@code aH} and {@code aDr};
 * {@code [3]} has no {@code aH}, {@code aDr} and {@code aStrain} (no profile shape). Absent metrics are left out
 * of the JSON and listed under {@code absent}.
 */
public enum OutputLayout {
    /** All 14 labels of {@link LabelLayout}: w1..w10 (%), scale_dw, t_nm, fwhm_deg (H), dr (DR). */
    ALL(LabelLayout.names()),
    /** CNN3[12]: w1..w10, scale_dw and t_nm (no H, no DR). */
    NO_H_DR(LabelLayout.names().subList(0, LabelLayout.FWHM_DEG)),
    /** CNN3[3]: t_nm, e_max (%, the maximum of the strain profile) and scale_dw. */
    T_EMAX_DW(List.of("t_nm", OutputLayout.E_MAX_LABEL, "scale_dw"));

    /** Name of the direct e_max output (in %) of the 3-output network. */
    public static final String E_MAX_LABEL = "e_max";

    private final List<String> labelNames;

    OutputLayout(List<String> labelNames) {
        this.labelNames = List.copyOf(labelNames);
    }

    /** The output names in order. */
    public List<String> labelNames() {
        return labelNames;
    }

    /** Number of outputs. */
    public int count() {
        return labelNames.size();
    }

    /** The paper's bracket tag: {@code [14]}, {@code [12]} or {@code [3]}. */
    public String tag() {
        return "[" + count() + "]";
    }

    /** A short description of the outputs, for usage texts and reports. */
    public String description() {
        return switch (this) {
            case ALL -> "all 14 labels";
            case NO_H_DR -> "12 labels: no H (fwhm_deg) and no DR (dr)";
            case T_EMAX_DW -> "3 labels: t_nm, e_max, scale_dw";
        };
    }

    /**
     * The layout named by {@code value}: the number of outputs ({@code 14}, {@code 12}, {@code 3}), optionally in
     * brackets and after a preset name ({@code [12]}, {@code cnn3[12]}); an error naming the accepted values
     * otherwise.
     */
    public static OutputLayout parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        int open = v.indexOf('[');
        if (open >= 0 && v.endsWith("]")) {
            v = v.substring(open + 1, v.length() - 1).trim();
        }
        for (OutputLayout l : values()) {
            if (v.equals(String.valueOf(l.count()))) {
                return l;
            }
        }
        throw new IllegalArgumentException("output layout: expected 14, 12 or 3 (the paper's CNN3[12] and CNN3[3]), "
                + "got '" + value + "'");
    }

    /** The layout whose outputs are exactly {@code names}, or null when they are another set. */
    public static OutputLayout ofLabels(List<String> names) {
        for (OutputLayout l : values()) {
            if (l.labelNames.equals(names)) {
                return l;
            }
        }
        return null;
    }
}
