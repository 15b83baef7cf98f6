package strainlab.instrument;

/** The axis on which a resolution FWHM given in degrees is measured. */
public enum FwhmAxis {
    /** FWHM in 2θ degrees: {@code FWHM_θ[rad] = fwhm·π/360} (the paper generator). */
    TWO_THETA,
    /** FWHM in θ degrees: {@code FWHM_θ[rad] = fwhm·π/180} (RaDMaX applies its .ini value this way). */
    THETA;

    /** The FWHM on the θ axis in radians for a FWHM of {@code fwhmDeg} degrees on this axis. */
    public double thetaRad(double fwhmDeg) {
        return this == TWO_THETA ? fwhmDeg * Math.PI / 360 : fwhmDeg * Math.PI / 180;
    }

    /** Parses {@code 2theta} or {@code theta} (case-insensitive). */
    public static FwhmAxis parse(String text) {
        if (text != null) {
            switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "2theta": case "two_theta": case "2θ": return TWO_THETA;
                case "theta": case "θ": return THETA;
                default: break;
            }
        }
        throw new IllegalArgumentException("resolution.axis: expected '2theta' or 'theta', got '" + text + "'");
    }
}
