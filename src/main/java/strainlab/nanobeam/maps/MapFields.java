package strainlab.nanobeam.maps;

import strainlab.nanobeam.sim.ParameterEstimates;

/**
 * Ground-truth fields of a simulated scan (the paper's figure 3): a 2-D sinusoidal strain wave (domains) and
 * sigmoidal steps of both tilts (film tilt at substrate step edges), on a {@code width × width} field of view
 * (64 × 64 in the paper). Map pixel i is (row i / width, column i % width), row = y, column = x, as numpy's
 * {@code meshgrid} lays them out. The formulas are those of the authors' analysis notebook:
 * <ul>
 *   <li>e(x, y) = 5e-4 · sin(2π(x + y)/0.4), x, y ∈ [−1, 1];</li>
 *   <li>ω = S(0.01; x∈[−3,−1], y∈[−1,1], 60°) − S(0.01; x∈[−1.5,0.5], y∈[−1,1], 60°) − S(0.01; x∈[1,3],
 *       y∈[1,−1], 120°) + 0.005, with S(A; θ) = A / (1 + exp(−((x cosθ − y sinθ)/0.07)));</li>
 *   <li>χ: the same with amplitude 0.015 and offset 0.0075.</li>
 * </ul>
 * All values are far inside the library range: |e| ≤ 0.05 %, |ω| ≤ 0.005°, |χ| ≤ 0.0075°.
 */
public final class MapFields {
    /** Map side of the paper's figure 3 (the authors' notebook samples the fields on 64 × 64 points). */
    public static final int PAPER_WIDTH = 64;

    /** How a map of any width covers the figure-3 fields. */
    public enum FieldOfView {
        /** The paper's field of view (x, y ∈ [−1, 1]) sampled on width × width points (finer or coarser). */
        PAPER,
        /**
         * The paper's 64 × 64 map repeated periodically (pixel (r, c) = paper pixel (r mod 64, c mod 64)), as
         * {@code bench nanobeam} does for its 165 × 165 speed map; identical to {@link #PAPER} at width 64.
         */
        TILE
    }

    private MapFields() {
    }

    /** The figure-3 fields on a width × width map covering the field of view as {@code fov} says. */
    public static ParameterEstimates figure3(int width, FieldOfView fov) {
        return switch (fov) {
            case PAPER -> figure3(width);
            case TILE -> tile(figure3(PAPER_WIDTH), PAPER_WIDTH, width);
        };
    }

    /** Repeats a w-wide square field periodically onto a width-wide square map. */
    public static ParameterEstimates tile(ParameterEstimates field, int w, int width) {
        if (w < 1 || field.size() != w * w) {
            throw new IllegalArgumentException("field has " + field.size() + " values, not a " + w + "x" + w + " map");
        }
        if (width < 1) {
            throw new IllegalArgumentException("width must be >= 1, got " + width);
        }
        ParameterEstimates t = ParameterEstimates.zeros(width * width);
        for (int r = 0; r < width; r++) {
            for (int c = 0; c < width; c++) {
                t.set(r * width + c, field.state((r % w) * w + c % w).toArray());
            }
        }
        return t;
    }

    /** The figure-3 fields on a width × width grid (width ≥ 2). */
    public static ParameterEstimates figure3(int width) {
        if (width < 2) {
            throw new IllegalArgumentException("width must be >= 2, got " + width);
        }
        int n = width * width;
        ParameterEstimates t = ParameterEstimates.zeros(n);
        double[] u = linspace(-1, 1, width);
        double[] x0 = linspace(-3, -1, width);
        double[] x1 = linspace(-1.5, 0.5, width);
        double[] x2 = linspace(1, 3, width);
        double[] y2 = linspace(1, -1, width);
        for (int r = 0; r < width; r++) {
            for (int c = 0; c < width; c++) {
                int i = r * width + c;
                t.strain()[i] = 0.0005 * Math.sin(2 * Math.PI * (u[c] + u[r]) / 0.4);
                t.tiltLrDeg()[i] = steps(0.01, x0[c], u[r], x1[c], u[r], x2[c], y2[r]) + 0.005;
                t.tiltUdDeg()[i] = steps(0.015, x0[c], u[r], x1[c], u[r], x2[c], y2[r]) + 0.0075;
            }
        }
        return t;
    }

    private static double steps(double a, double xa, double ya, double xb, double yb, double xc, double yc) {
        return sigmoid(a, xa, ya, Math.PI / 3) - sigmoid(a, xb, yb, Math.PI / 3) - sigmoid(a, xc, yc, 2 * Math.PI / 3);
    }

    /** A / (1 + exp(−rot/0.07)) with rot = x cosθ − y sinθ. */
    static double sigmoid(double a, double x, double y, double theta) {
        double rot = x * Math.cos(theta) - y * Math.sin(theta);
        return a * (1 / (1 + Math.exp(-rot / 0.07)));
    }

    /** numpy linspace. */
    static double[] linspace(double a, double b, int n) {
        double[] v = new double[n];
        double step = (b - a) / (n - 1);
        for (int i = 0; i < n; i++) {
            v[i] = i * step + a;
        }
        v[n - 1] = b;
        return v;
    }
}
