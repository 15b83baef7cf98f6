package strainlab.cnn.evaluation;

/**
 * The five scalar parameters whose prediction accuracy the paper reports (table 2, fig. 3): thickness t,
 * maximum strain e_max, minimum Debye–Waller factor DWmin, resolution FWHM H and dynamic range DR. The strain
 * profile itself is scored separately by σe/e_max ({@link ProfileComparison}).
 */
public enum Parameter {
    /** Layer thickness t, nm. */
    T("t", "t (nm)", "aT"),
    /** Maximum strain e_max, % (maximum of the strain profile). */
    E_MAX("e_max", "e_max (%)", "aEmax"),
    /** Minimum Debye–Waller factor DWmin = exp(−scale_dw). */
    DW_MIN("DWmin", "DWmin", "aDw"),
    /** Resolution FWHM H, degrees 2θ. */
    H("H", "H (deg)", "aH"),
    /** Dynamic range DR = log10(Imax/Imin) of the curve, decades. */
    DR("DR", "DR", "aDr");

    private final String symbol;
    private final String axisLabel;
    private final String accuracyKey;

    Parameter(String symbol, String axisLabel, String accuracyKey) {
        this.symbol = symbol;
        this.axisLabel = axisLabel;
        this.accuracyKey = accuracyKey;
    }

    /** Short symbol, e.g. {@code t}, {@code e_max}. */
    public String symbol() {
        return symbol;
    }

    /** Axis title with unit, e.g. {@code t (nm)}. */
    public String axisLabel() {
        return axisLabel;
    }

    /** Key of this parameter's accuracy in {@code table2.json}, e.g. {@code aT}. */
    public String accuracyKey() {
        return accuracyKey;
    }

    /** Column-name stem in the per-curve CSV, e.g. {@code t}, {@code e_max}, {@code dw_min}. */
    public String columnStem() {
        return switch (this) {
            case T -> "t_nm";
            case E_MAX -> "e_max_percent";
            case DW_MIN -> "dw_min";
            case H -> "h_deg";
            case DR -> "dr";
        };
    }
}
