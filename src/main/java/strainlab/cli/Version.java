package strainlab.cli;

/** Versions StrainLab is built against. */
public final class Version {
    private Version() {
    }

    public static final String STRAINLAB = "0.1.0";
    public static final String DJL = "0.32.0";
    public static final String PYTORCH = "2.5.1";
}
