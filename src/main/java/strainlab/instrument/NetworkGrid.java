package strainlab.instrument;

/**
 * The fixed abscissae the networks read curves on, and the paper's rescaling onto them. The abscissa is
 * {@code x = 100·(d − d_B)/d_B / d_hkl} (strain in % divided by d in Å, as the reference code does), with
 * {@code d = λ/(2 sinθ)} and {@code d_B = λ/(2 sinθB)}. Index 0 is the largest-strain (lowest-θ) side.
 */
public enum NetworkGrid {
    /** {@code linspace(8, −1, 1001)}: the CNN input of the paper. */
    CNN_1001(8.0, -1.0, 1001),
    /** {@code linspace(3, −1, 401)}: the low-strain network. */
    LOW_STRAIN_401(3.0, -1.0, 401);

    private final double first;
    private final double last;
    private final int points;

    NetworkGrid(double first, double last, int points) {
        this.first = first;
        this.last = last;
        this.points = points;
    }

    /** Number of points. */
    public int points() {
        return points;
    }

    /** The grid by its number of points (1001 or 401). */
    public static NetworkGrid ofPoints(int points) {
        for (NetworkGrid g : values()) {
            if (g.points == points) {
                return g;
            }
        }
        throw new IllegalArgumentException("rescale.points: expected 1001 or 401, got " + points);
    }

    /** numpy {@code linspace(first, last, points)}. */
    public double[] x() {
        double[] x = new double[points];
        double step = (last - first) / (points - 1);
        for (int i = 0; i < points; i++) {
            x[i] = first + i * step;
        }
        x[points - 1] = last;
        return x;
    }

    /** The rescaled abscissa of each θ (rad) of a curve. */
    public static double[] abscissa(double[] thetaRad, double thetaBRad, double dHklA) {
        double sb = Math.sin(thetaBRad);
        double[] x = new double[thetaRad.length];
        for (int i = 0; i < x.length; i++) {
            // (d − d_B)/d_B = sinθB/sinθ − 1
            x[i] = 100 * (sb / Math.sin(thetaRad[i]) - 1) / dHklA;
        }
        return x;
    }

    /**
     * The paper's rescaling: linear interpolation of {@code intensity} (sorted by x) onto this grid, grid points
     * outside the data range get {@code min(intensity)}, then division by the maximum and log10. Zero counts
     * (honest Poisson noise on a low background) are first replaced by the smallest positive count, so the
     * logarithm stays finite; the published generator's {@code I + Poisson(I)} never produces zeros.
     *
     * @param intensity counts at each θ, all ≥ 0 and at least one &gt; 0
     * @return log10(I/max) on the grid, values ≤ 0
     */
    public double[] rescaleLog10(double[] thetaRad, double[] intensity, double thetaBRad, double dHklA) {
        if (thetaRad.length != intensity.length || thetaRad.length < 2) {
            throw new IllegalArgumentException("rescale: need ≥ 2 points and as many intensities as angles");
        }
        double[] xs = abscissa(thetaRad, thetaBRad, dHklA);
        int n = xs.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(xs[a], xs[b]));
        double[] sx = new double[n];
        double[] sy = new double[n];
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            sx[i] = xs[order[i]];
            sy[i] = intensity[order[i]];
            if (!(sy[i] >= 0) || !Double.isFinite(sy[i])) {
                throw new IllegalArgumentException("rescale: intensity[" + order[i] + "] must be finite and ≥ 0, got "
                        + sy[i]);
            }
            if (sy[i] > 0) {
                min = Math.min(min, sy[i]);
            }
        }
        if (min == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("rescale: the curve has no positive intensity to take log10 of");
        }
        for (int i = 0; i < n; i++) {
            if (sy[i] == 0) {
                sy[i] = min;
            }
        }
        double[] grid = x();
        double[] v = new double[points];
        double max = Double.NEGATIVE_INFINITY;
        int hi = 1;
        // walk the grid in increasing x (from the last index down)
        for (int k = points - 1; k >= 0; k--) {
            double g = grid[k];
            double val;
            if (g < sx[0] || g > sx[n - 1]) {
                val = min;
            } else {
                while (hi < n - 1 && sx[hi] < g) {
                    hi++;
                }
                int lo = hi - 1;
                double dx = sx[hi] - sx[lo];
                val = dx == 0 ? sy[hi] : sy[lo] + (sy[hi] - sy[lo]) * (g - sx[lo]) / dx;
            }
            v[k] = val;
            max = Math.max(max, val);
        }
        for (int k = 0; k < points; k++) {
            v[k] = Math.log10(v[k] / max);
        }
        return v;
    }
}
