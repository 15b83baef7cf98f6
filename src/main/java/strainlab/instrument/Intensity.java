package strainlab.instrument;

/**
 * From the convolved reflectivity to counts: {@code I = conv/max(conv)·scale + background} (the paper
 * generator; RaDMaX is the case scale = 1).
 */
public final class Intensity {
    private Intensity() {
    }

    /** {@code conv/max(conv)·scale + background}, background constant or linear in 2θ. */
    public static double[] scaled(double[] convolved, double[] thetaRad, double scale, Background background) {
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be finite and > 0, got " + scale);
        }
        double max = max(convolved);
        if (!(max > 0)) {
            throw new IllegalArgumentException("the convolved curve has no positive maximum (" + max + ")");
        }
        double[] b = background.at(thetaRad);
        double[] out = new double[convolved.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = convolved[i] / max * scale + b[i];
        }
        return out;
    }

    /**
     * {@code R·scale + background}: the absolute reflectivity R in counts for {@code scale} incident counts, never
     * normalised to the curve's maximum (for weak reflections and grids that miss the Bragg peak).
     */
    public static double[] absolute(double[] reflectivity, double[] thetaRad, double scale, Background background) {
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be finite and > 0, got " + scale);
        }
        double[] b = background.at(thetaRad);
        double[] out = new double[reflectivity.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = reflectivity[i] * scale + b[i];
        }
        return out;
    }

    static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }
}
