package strainlab.io;

import java.util.Locale;

/**
 * Unit of the abscissa of a measured scan. Everything is converted to the Bragg angle θ in radians for the
 * physics (θ = 2θ/2; Q = 4π·sinθ/λ).
 */
public enum ScanAxis {
    /** Detector angle 2θ in degrees (what diffractometers write for a 2θ–ω scan). */
    TWO_THETA_DEG("2theta_deg"),
    /** Bragg angle θ (or ω for a symmetric scan) in degrees. */
    THETA_DEG("theta_deg"),
    /** Scattering vector Q = 4π·sinθ/λ in Å⁻¹. */
    Q_PER_A("q_per_A"),
    /** Scattering vector Q = 4π·sinθ/λ in nm⁻¹. */
    Q_PER_NM("q_per_nm");

    private final String label;

    ScanAxis(String label) {
        this.label = label;
    }

    /** Column label used in CSV files, e.g. {@code 2theta_deg}. */
    public String label() {
        return label;
    }

    /** Whether converting to θ needs the wavelength. */
    public boolean needsWavelength() {
        return this == Q_PER_A || this == Q_PER_NM;
    }

    /**
     * θ in radians of one abscissa value.
     *
     * @param value the abscissa in this unit
     * @param wavelengthA λ in Å (only used for Q)
     * @throws IllegalArgumentException when a Q value is beyond 4π/λ (no Bragg angle)
     */
    public double toThetaRad(double value, double wavelengthA) {
        switch (this) {
            case TWO_THETA_DEG:
                return Math.toRadians(value) / 2;
            case THETA_DEG:
                return Math.toRadians(value);
            case Q_PER_A:
            case Q_PER_NM:
                if (!(wavelengthA > 0)) {
                    throw new IllegalArgumentException("wavelengthA must be > 0 to convert Q to θ, got " + wavelengthA);
                }
                double qPerA = this == Q_PER_A ? value : value / 10;
                double s = qPerA * wavelengthA / (4 * Math.PI);
                if (s < 0 || s >= 1) {
                    throw new IllegalArgumentException("Q = " + value + " " + label + " has no Bragg angle at λ = "
                            + wavelengthA + " Å");
                }
                return Math.asin(s);
            default:
                throw new AssertionError(this);
        }
    }

    /**
     * Parses a user word: {@code 2theta}, {@code twotheta}, {@code 2θ}, {@code theta}, {@code omega}, {@code q}
     * (Å⁻¹), {@code q_nm}; case-insensitive.
     *
     * @throws IllegalArgumentException naming the word when it is none of these
     */
    public static ScanAxis parse(String word) {
        String w = word.trim().toLowerCase(Locale.ROOT).replace("θ", "theta").replace("ω", "omega")
                .replace("-", "").replace("_", "").replace(" ", "");
        switch (w) {
            case "2theta": case "twotheta": case "2thetadeg": case "tth":
                return TWO_THETA_DEG;
            case "theta": case "thetadeg": case "omega": case "omegadeg":
                return THETA_DEG;
            case "q": case "qpera": case "qa": case "q1/a":
                return Q_PER_A;
            case "qnm": case "qpernm": case "q1/nm":
                return Q_PER_NM;
            default:
                throw new IllegalArgumentException("unknown scan axis '" + word
                        + "': expected 2theta, theta, omega, q (1/Å) or q_nm (1/nm)");
        }
    }
}
