package strainlab;

import java.util.Locale;

/**
 * The one place that decides how big a notebook or CLI run is: {@code quick} (CI, minutes on a laptop)
 * or {@code paper} (the published sizes, for a GPU host). Read from the environment variable
 * {@code STRAINLAB_SCALE} (or the system property {@code strainlab.scale}); default {@code quick}.
 */
public enum Scale {
    /** Small sets and few epochs: every notebook in CI stays within its time budget. */
    QUICK,
    /** The paper's sizes (1.5 M curves, 70 epochs, 500 NanobeamNN epochs). */
    PAPER;

    /** Name of the environment variable that selects the scale. */
    public static final String ENV = "STRAINLAB_SCALE";

    /** The scale in force: system property {@code strainlab.scale}, else {@value #ENV}, else QUICK. */
    public static Scale current() {
        String v = System.getProperty("strainlab.scale");
        if (v == null || v.isBlank()) {
            v = System.getenv(ENV);
        }
        return parse(v == null || v.isBlank() ? "quick" : v);
    }

    /** Parses {@code quick} or {@code paper} (case-insensitive); anything else is an error naming the value. */
    public static Scale parse(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "quick": return QUICK;
            case "paper": return PAPER;
            default: throw new IllegalArgumentException(
                    ENV + ": expected 'quick' or 'paper', got '" + text + "'");
        }
    }

    /** Picks the quick or the paper value, e.g. {@code Scale.current().pick(5_000, 1_500_000)}. */
    public <T> T pick(T quick, T paper) {
        return this == QUICK ? quick : paper;
    }

    /** Primitive convenience for {@link #pick(Object, Object)}. */
    public int pick(int quick, int paper) {
        return this == QUICK ? quick : paper;
    }
}
