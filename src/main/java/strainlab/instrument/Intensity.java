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
        double[] out = new double[convolved.length];
        scaled(convolved, thetaRad, convolved.length, scale, background, out);
        return out;
    }

    /** Allocation-free {@link #scaled(double[], double[], double, Background)} on the first m points. */
    public static void scaled(double[] convolved, double[] thetaRad, int m, double scale, Background background,
                              double[] out) {
        requireScale(scale);
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < m; i++) {
            max = Math.max(max, convolved[i]);
        }
        if (!(max > 0) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("the convolved curve has no positive finite maximum (" + max + ")");
        }
        for (int i = 0; i < m; i++) {
            out[i] = convolved[i] / max * scale + background.at(thetaRad, i);
        }
    }

    /**
     * {@code R·scale + background} on the first m points: the absolute reflectivity R in counts for {@code scale}
     * incident counts, never normalised to the curve's maximum (for weak reflections and grids that miss the
     * Bragg peak).
     */
    public static void absolute(double[] reflectivity, double[] thetaRad, int m, double scale, Background background,
                                double[] out) {
        requireScale(scale);
        for (int i = 0; i < m; i++) {
            out[i] = reflectivity[i] * scale + background.at(thetaRad, i);
        }
    }

    private static void requireScale(double scale) {
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be finite and > 0, got " + scale);
        }
    }
}
