package strainlab.instrument;

/**
 * θ grids (Bragg angle θ in radians, never 2θ). The paper generator's rule:
 * {@code start_deg = round(deg(θB − (scale_e/100 + eps1)·tanθB), 2)},
 * {@code stop_deg = round(deg(θB + eps2·tanθB), 2)}, {@code θ_i = start_deg·π/180 + i·step_rad} for
 * {@code i < count}. Stored curves carry their own count: use it rather than recomputing it.
 */
public final class ThetaGrid {
    /** The paper generator's step: 0.005° in θ. */
    public static final double PAPER_STEP_DEG = 0.005;

    private ThetaGrid() {
    }

    /** numpy-style {@code round(x, 2)} (half to even on the scaled value). */
    public static double round2(double x) {
        return Math.rint(x * 100.0) / 100.0;
    }

    /** Start of the paper grid in degrees (θ), from the nominal strain span {@code scaleEPercent} (in %). */
    public static double paperStartDeg(double thetaBRad, double scaleEPercent, double eps1) {
        return round2(Math.toDegrees(thetaBRad - (scaleEPercent / 100 + eps1) * Math.tan(thetaBRad)));
    }

    /** Stop (exclusive) of the paper grid in degrees (θ). */
    public static double paperStopDeg(double thetaBRad, double eps2) {
        return round2(Math.toDegrees(thetaBRad + eps2 * Math.tan(thetaBRad)));
    }

    /** numpy {@code len(arange(start, stop, step))} with start/stop/step in radians: ceil((stop−start)/step). */
    public static int arangeCount(double startRad, double stopRad, double stepRad) {
        return (int) Math.max(0, Math.ceil((stopRad - startRad) / stepRad));
    }

    /** The paper grid for new draws: start/stop rounding as above, count from numpy's arange rule. */
    public static double[] paper(double thetaBRad, double scaleEPercent, double eps1, double eps2) {
        double start = paperStartDeg(thetaBRad, scaleEPercent, eps1) * Math.PI / 180;
        double stop = paperStopDeg(thetaBRad, eps2) * Math.PI / 180;
        double step = PAPER_STEP_DEG * Math.PI / 180;
        return uniform(start, step, arangeCount(start, stop, step));
    }

    /** {@code θ_i = startDeg·π/180 + i·stepDeg·π/180}, i < count (radians): the stored-count form. */
    public static double[] fromDegrees(double startDeg, double stepDeg, int count) {
        return uniform(startDeg * Math.PI / 180, stepDeg * Math.PI / 180, count);
    }

    /** θ = 2θ·π/360 for a measured scan tabulated in 2θ degrees. */
    public static double[] fromTwoThetaDeg(double[] twoThetaDeg) {
        if (twoThetaDeg.length == 0) {
            throw new IllegalArgumentException("twoThetaDeg: the grid is empty");
        }
        double[] t = new double[twoThetaDeg.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = twoThetaDeg[i] * Math.PI / 360;
        }
        return t;
    }

    /** {@code start + i·step}, i < count (radians). */
    public static double[] uniform(double startRad, double stepRad, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("theta.count must be ≥ 1, got " + count);
        }
        if (!(stepRad > 0)) {
            throw new IllegalArgumentException("theta.stepDeg must be > 0, got " + Math.toDegrees(stepRad));
        }
        double[] t = new double[count];
        for (int i = 0; i < count; i++) {
            t[i] = startRad + i * stepRad;
        }
        return t;
    }

    /** 2θ in degrees for each θ in radians. */
    public static double[] twoThetaDeg(double[] thetaRad) {
        double[] d = new double[thetaRad.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = thetaRad[i] * 360 / Math.PI;
        }
        return d;
    }

    /** θ in degrees. */
    public static double[] thetaDeg(double[] thetaRad) {
        double[] d = new double[thetaRad.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.toDegrees(thetaRad[i]);
        }
        return d;
    }

    /** Scattering vector {@code Q = 4π·sinθ/λ} in Å⁻¹. */
    public static double[] q(double[] thetaRad, double wavelengthA) {
        double[] q = new double[thetaRad.length];
        for (int i = 0; i < q.length; i++) {
            q[i] = 4 * Math.PI * Math.sin(thetaRad[i]) / wavelengthA;
        }
        return q;
    }

    /** {@code ΔQ/Q_B = (Q − Q_B)/Q_B = sinθ/sinθB − 1} (dimensionless; ≈ −strain for the layer peak). */
    public static double[] dqOverQ(double[] thetaRad, double thetaBRad) {
        double sb = Math.sin(thetaBRad);
        double[] d = new double[thetaRad.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.sin(thetaRad[i]) / sb - 1;
        }
        return d;
    }
}
