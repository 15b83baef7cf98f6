package strainlab.profile;

/**
 * How user B-spline weights are padded before evaluation (see the physics conventions).
 * <ul>
 *   <li>{@link #SMOOTH}: three pad weights are prepended ({@code 0} for strain, {@code 1} for a DW spline), so
 *       the profile starts at the pad value with zero slope at the interface (z = 0). Used by RaDMaX and by
 *       the paper's simulations.</li>
 *   <li>{@link #ABRUPT}: the weights are used as given, so the value at the interface can jump. The paper's
 *       generator fits its random profiles with 13 abrupt weights.</li>
 * </ul>
 * {@code SMOOTH(w)} equals {@code ABRUPT([p,p,p] + w)} for pad value p.
 */
public enum SplineConvention {
    SMOOTH,
    ABRUPT;

    /** Number of pad weights prepended by this convention (3 for smooth, 0 for abrupt). */
    public int padCount() {
        return this == SMOOTH ? 3 : 0;
    }

    /** Parses {@code smooth} or {@code abrupt} (case-insensitive). */
    public static SplineConvention parse(String text) {
        if (text != null) {
            switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "smooth": return SMOOTH;
                case "abrupt": return ABRUPT;
                default: break;
            }
        }
        throw new IllegalArgumentException("splineConvention: expected 'smooth' or 'abrupt', got '" + text + "'");
    }
}
