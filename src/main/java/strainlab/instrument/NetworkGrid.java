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
     * The paper's rescaling of a measured or simulated curve in any point order: linear interpolation of
     * {@code intensity} (sorted by x) onto this grid, through {@link #rescaleLog10(double[], double[], int,
     * double[], double[])} on the abscissae of {@link #abscissa}.
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
        java.util.Arrays.sort(order, (a, b) -> Double.compare(xs[b], xs[a]));
        double[] sx = new double[n];
        double[] sy = new double[n];
        boolean positive = false;
        for (int i = 0; i < n; i++) {
            sx[i] = xs[order[i]];
            sy[i] = intensity[order[i]];
            if (!(sy[i] >= 0) || !Double.isFinite(sy[i])) {
                throw new IllegalArgumentException("rescale: intensity[" + order[i] + "] must be finite and ≥ 0, got "
                        + sy[i]);
            }
            positive |= sy[i] > 0;
        }
        if (!positive) {
            throw new IllegalArgumentException("rescale: the curve has no positive intensity to take log10 of");
        }
        double[] v = new double[points];
        rescaleLog10(sx, sy, n, x(), v);
        return v;
    }

    /**
     * The rescaled abscissa of a simulated curve: {@code x_i = 100·(d_i − d_ref)/d_ref / d_hkl} with
     * {@code d_i = λ/(2 sin θ_i)} and {@code d_ref = λ/(2 sin θ_ref)} (equal to {@link #abscissa} up to round-off).
     */
    public static void abscissa(double[] thetaRad, int m, double wavelengthA, double thetaRefRad, double dHklA,
                                double[] out) {
        double dRef = wavelengthA / (2 * Math.sin(thetaRefRad));
        for (int i = 0; i < m; i++) {
            double d = wavelengthA / (2 * Math.sin(thetaRad[i]));
            out[i] = 100 * (d - dRef) / dRef / dHklA;
        }
    }

    /**
     * The paper's rescaling onto a network grid, allocation-free: zero counts are replaced by the smallest
     * non-zero count, which also fills grid points outside the data (the published generator's
     * {@code I + Poisson(I)} never produces zeros); linear interpolation in x; division by the maximum; log10.
     *
     * @param x data abscissae, decreasing with the index (θ increasing)
     * @param y intensities (counts), ≥ 0, modified in place (zeros replaced)
     * @param m number of data points used
     * @param gridX network grid, strictly decreasing (index 0 = largest strain)
     * @param out receives log10(I/max) on the grid (length ≥ grid length)
     * @throws IllegalStateException when no count is positive
     */
    public static void rescaleLog10(double[] x, double[] y, int m, double[] gridX, double[] out) {
        double fill = Double.POSITIVE_INFINITY;
        for (int i = 0; i < m; i++) {
            if (y[i] != 0 && y[i] < fill) {
                fill = y[i];
            }
        }
        if (!(fill > 0) || fill == Double.POSITIVE_INFINITY) {
            throw new IllegalStateException("curve has no positive intensity to rescale");
        }
        for (int i = 0; i < m; i++) {
            if (y[i] == 0) {
                y[i] = fill;
            }
        }
        int n = gridX.length;
        double xMin = x[m - 1];
        double xMax = x[0];
        // walk the grid in increasing x (k from n−1 down) and the data in increasing x (i from m−1 down)
        int hiIdx = m - 2; // data index of the upper node in increasing-x order: sorted position q ↔ i = m−1−q
        double max = Double.NEGATIVE_INFINITY;
        for (int k = n - 1; k >= 0; k--) {
            double xn = gridX[k];
            double v;
            if (xn < xMin || xn > xMax) {
                v = fill;
            } else {
                // searchsorted(side='left') in ascending order, clipped to [1, m−1]: first q with xs[q] ≥ xn
                while (hiIdx > 0 && x[hiIdx] < xn) {
                    hiIdx--;
                }
                int hiI = hiIdx;      // xs[q] with q = m−1−hiI
                int loI = hiIdx + 1;  // xs[q−1]
                double xLo = x[loI];
                double yLo = y[loI];
                if (x[hiI] == xLo) {
                    v = y[hiI];
                } else {
                    double slope = (y[hiI] - yLo) / (x[hiI] - xLo);
                    v = slope * (xn - xLo) + yLo;
                }
            }
            out[k] = v;
            max = Math.max(max, v);
        }
        // grid points outside the data all hold the fill value: its logarithm once
        double fillLog = Math.log10(fill / max);
        for (int k = 0; k < n; k++) {
            out[k] = out[k] == fill ? fillLog : Math.log10(out[k] / max);
        }
    }
}
