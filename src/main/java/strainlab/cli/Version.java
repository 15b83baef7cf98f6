package strainlab.cli;

import strainlab.Info;

/** Versions StrainLab is built against (the library's {@link Info} holds the values). */
public final class Version {
    private Version() {
    }

    public static final String STRAINLAB = Info.STRAINLAB_VERSION;
    public static final String DJL = Info.DJL_VERSION;
    public static final String PYTORCH = Info.PYTORCH_VERSION;
}
