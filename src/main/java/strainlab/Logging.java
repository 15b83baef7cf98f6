package strainlab;

import java.util.Locale;

/**
 * How much the libraries log (DJL, PyTorch engine): quiet by default, so that commands and notebook cells show
 * only StrainLab's own output and library errors; verbose shows their INFO and WARN messages too, e.g. the
 * engine's platform, thread counts and CUDA detection. {@code bin/strainlab --verbose} or, in a notebook,
 * {@code strainlab.Logging.verbose(true)}; the initial setting comes from the system property
 * {@value #PROPERTY} or the environment variable {@value #ENV} ({@code true}/{@code 1}).
 */
public final class Logging {
    /** System property that makes the libraries verbose from the start. */
    public static final String PROPERTY = "strainlab.verbose";
    /** Environment variable that makes the libraries verbose from the start. */
    public static final String ENV = "STRAINLAB_VERBOSE";

    private static volatile boolean verbose = initial();

    private Logging() {
    }

    /** Turns the libraries' INFO and WARN messages on or off (errors are always shown); takes effect at once. */
    public static void verbose(boolean on) {
        verbose = on;
    }

    /** Whether the libraries' INFO and WARN messages are shown. */
    public static boolean isVerbose() {
        return verbose;
    }

    private static boolean initial() {
        String v = System.getProperty(PROPERTY);
        if (v == null || v.isBlank()) {
            v = System.getenv(ENV);
        }
        if (v == null || v.isBlank()) {
            return false;
        }
        v = v.trim().toLowerCase(Locale.ROOT);
        return v.equals("true") || v.equals("1") || v.equals("yes") || v.equals("on");
    }
}
