package strainlab.profile;

import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;

/**
 * Uniform cubic B-splines of the reference model: {@code S(z) = Σ_i w̃_i·B3(u − i + 3)} with
 * {@code u = (z/t)·Nabs} and {@code Nabs = len(w̃) − 3}, where {@code w̃} is the padded weight vector
 * (see {@link SplineConvention}). Depth z is measured from the layer/substrate interface: z/t = 0 is the
 * interface, z/t = 1 the free surface.
 */
public final class BSplines {
    private BSplines() {
    }

    /** The uniform cubic B-spline on (0, 4]: zero outside, piecewise cubic inside (exact reference formulas). */
    public static double b3(double x) {
        if (x <= 0) {
            return 0.0;
        } else if (x <= 1) {
            return x * x * x / 6.0;
        } else if (x <= 2) {
            return 2.0 / 3.0 + x * (-2.0 + x * (2.0 - x / 2.0));
        } else if (x <= 3) {
            return -22.0 / 3.0 + x * (10.0 + x * (-4.0 + x / 2.0));
        } else if (x <= 4) {
            return 32.0 / 3.0 + x * (-8.0 + x * (2.0 - x / 6.0));
        }
        return 0.0;
    }

    /** The padded weight vector {@code w̃}: {@code [pad,pad,pad] + weights} for smooth, {@code weights} for abrupt. */
    public static double[] padded(double[] weights, SplineConvention convention, double padValue) {
        requireWeights(weights, convention);
        int p = convention.padCount();
        double[] w = new double[weights.length + p];
        for (int i = 0; i < p; i++) {
            w[i] = padValue;
        }
        System.arraycopy(weights, 0, w, p, weights.length);
        return w;
    }

    /**
     * Evaluates the spline at relative depths {@code zOverT} (0 = interface, 1 = surface) with pad value 0
     * (the strain convention).
     */
    public static double[] evaluate(double[] weights, SplineConvention convention, double[] zOverT) {
        return evaluate(weights, convention, 0.0, zOverT);
    }

    /** As {@link #evaluate(double[], SplineConvention, double[])} with an explicit pad value (1 for DW). */
    public static double[] evaluate(double[] weights, SplineConvention convention, double padValue,
                                    double[] zOverT) {
        double[] w = padded(weights, convention, padValue);
        int nAbs = w.length - 3;
        double[] out = new double[zOverT.length];
        for (int j = 0; j < zOverT.length; j++) {
            double u = zOverT[j] * nAbs;
            double s = 0;
            // only i with 0 < u − i + 3 ≤ 4 contribute: i in [u − 1, u + 3)
            int lo = Math.max(0, (int) Math.floor(u) - 1);
            int hi = Math.min(w.length - 1, (int) Math.floor(u) + 3);
            for (int i = lo; i <= hi; i++) {
                s += w[i] * b3(u - i + 3);
            }
            out[j] = s;
        }
        return out;
    }

    /**
     * The design matrix {@code A[j][k]} = value at {@code zOverT[j]} of the spline with unit weight k and all
     * other (user and pad) weights 0, for {@code weightCount} user weights. A profile is then
     * {@code A·w + pad·(pad columns)}; for strain (pad 0) it is exactly {@code A·w}, which makes fitting the
     * weights a linear least-squares problem.
     */
    public static double[][] basisMatrix(int weightCount, SplineConvention convention, double[] zOverT) {
        if (weightCount < 1 || (convention == SplineConvention.ABRUPT && weightCount < 4)) {
            throw new IllegalArgumentException("weightCount: need ≥ " + (convention == SplineConvention.ABRUPT ? 4 : 1)
                    + " weights for the " + convention + " convention, got " + weightCount);
        }
        int p = convention.padCount();
        int nAbs = weightCount + p - 3;
        double[][] a = new double[zOverT.length][weightCount];
        for (int j = 0; j < zOverT.length; j++) {
            double u = zOverT[j] * nAbs;
            for (int k = 0; k < weightCount; k++) {
                a[j][k] = b3(u - (k + p) + 3);
            }
        }
        return a;
    }

    /**
     * The {@code weightCount} weights whose spline (pad value 0) fits {@code values} at relative depths
     * {@code zOverT} best in the least-squares sense ({@link #basisMatrix}, solved by QR); for a profile with pad
     * value p, fit {@code values − p} and add p to the weights.
     *
     * @throws IllegalArgumentException when there are fewer depths than weights or the lengths differ
     */
    public static double[] fitWeights(int weightCount, SplineConvention convention, double[] zOverT,
                                      double[] values) {
        if (values.length != zOverT.length || zOverT.length < weightCount) {
            throw new IllegalArgumentException("fitting " + weightCount + " weights needs as many depths or more and"
                    + " one value per depth, got " + zOverT.length + " depths and " + values.length + " values");
        }
        return new QRDecomposition(new Array2DRowRealMatrix(basisMatrix(weightCount, convention, zOverT), false))
                .getSolver().solve(new ArrayRealVector(values, false)).toArray();
    }

    /** Relative depths of the N+1 lamella nodes: {@code z_j/t = j/N}, node 0 = interface, node N = surface. */
    public static double[] nodeFractions(int lamellae) {
        if (lamellae < 1) {
            throw new IllegalArgumentException("lamellae must be ≥ 1, got " + lamellae);
        }
        double[] z = new double[lamellae + 1];
        for (int j = 0; j <= lamellae; j++) {
            z[j] = (double) j / lamellae;
        }
        return z;
    }

    /** The spline sampled on the N+1 lamella nodes (pad value 0: strain convention). */
    public static double[] onNodes(double[] weights, SplineConvention convention, int lamellae) {
        return evaluate(weights, convention, 0.0, nodeFractions(lamellae));
    }

    /**
     * The spline sampled on the N+1 lamella nodes with an explicit pad value (1 for a DW spline): the same
     * values as {@link #evaluate(double[], SplineConvention, double, double[])} on {@link #nodeFractions}, with
     * the B3 terms of each node taken from a table made once per (N, Nabs).
     */
    public static double[] onNodes(double[] weights, SplineConvention convention, double padValue, int lamellae) {
        double[] w = padded(weights, convention, padValue);
        NodeBasis basis = NodeBasis.of(lamellae, w.length - 3);
        double[] out = new double[lamellae + 1];
        for (int j = 0; j <= lamellae; j++) {
            int lo = basis.lo[j];
            int at = NodeBasis.TERMS * j;
            double s = 0;
            for (int t = 0; t < basis.count[j]; t++) {
                s += w[lo + t] * basis.b3[at + t];
            }
            out[j] = s;
        }
        return out;
    }

    /**
     * The terms of {@link #evaluate} at the nodes {@code z_j/t = j/N} for Nabs spline intervals: for node j, the
     * weights {@code lo[j] .. lo[j] + count[j] − 1} with factors {@code b3[TERMS·j + i]}.
     */
    private record NodeBasis(int[] lo, int[] count, double[] b3) {
        static final int TERMS = 5;
        private static final ConcurrentHashMap<Long, NodeBasis> CACHE = new ConcurrentHashMap<>();

        static NodeBasis of(int lamellae, int nAbs) {
            return CACHE.computeIfAbsent(((long) lamellae << 32) | nAbs, key -> make(lamellae, nAbs));
        }

        private static NodeBasis make(int lamellae, int nAbs) {
            double[] z = nodeFractions(lamellae);
            int[] lo = new int[z.length];
            int[] count = new int[z.length];
            double[] b = new double[TERMS * z.length];
            for (int j = 0; j < z.length; j++) {
                double u = z[j] * nAbs;
                lo[j] = Math.max(0, (int) Math.floor(u) - 1);
                int hi = Math.min(nAbs + 2, (int) Math.floor(u) + 3);
                count[j] = hi - lo[j] + 1;
                for (int i = lo[j]; i <= hi; i++) {
                    b[TERMS * j + i - lo[j]] = BSplines.b3(u - i + 3);
                }
            }
            return new NodeBasis(lo, count, b);
        }
    }

    private static void requireWeights(double[] weights, SplineConvention convention) {
        if (weights == null || weights.length == 0) {
            throw new IllegalArgumentException("weights: at least one weight is required");
        }
        if (weights.length + convention.padCount() < 4) {
            throw new IllegalArgumentException("weights: the " + convention.name().toLowerCase(java.util.Locale.ROOT)
                    + " convention needs ≥ " + (4 - convention.padCount()) + " weights, got " + weights.length);
        }
        for (int i = 0; i < weights.length; i++) {
            if (!Double.isFinite(weights[i])) {
                throw new IllegalArgumentException("weights[" + i + "] must be finite, got " + weights[i]);
            }
        }
    }
}
