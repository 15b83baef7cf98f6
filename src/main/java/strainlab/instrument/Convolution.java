package strainlab.instrument;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Discrete convolution with numpy's {@code convolve(a, k, 'same')} alignment:
 * {@code out[i] = Σ_j a[j]·k[i + (M−1)/2 − j]} (integer division, zero padding), {@code out} as long as
 * {@code a}. For odd M the kernel's centre sample sits on the output sample (no shift); for even M the result is
 * shifted by +½ step, as in the reference. Computed directly (exact, no FFT round-off) as SIMD dot products.
 */
public final class Convolution {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

    private Convolution() {
    }

    /** numpy {@code convolve(a, kernel, 'same')} for any lengths (output length = a.length when ≥ M). */
    public static double[] same(double[] a, double[] kernel) {
        if (a.length == 0 || kernel.length == 0) {
            throw new IllegalArgumentException("convolution needs non-empty arrays");
        }
        int n = a.length;
        int m = kernel.length;
        // numpy 'same' returns max(n, m) points centred on the full convolution (length n + m − 1)
        int outLen = Math.max(n, m);
        int start = (Math.min(n, m) - 1) / 2;
        double[] out = new double[outLen];
        double[] reversed = new double[m];
        for (int k = 0; k < m; k++) {
            reversed[k] = kernel[m - 1 - k];
        }
        for (int i = 0; i < outLen; i++) {
            // full[c] = Σ_j a[j]·kernel[c − j], c = i + start; kernel[c − j] = reversed[m − 1 − c + j]
            int c = i + start;
            int off = m - 1 - c;
            int jlo = Math.max(0, c - (m - 1));
            int jhi = Math.min(n - 1, c);
            out[i] = dot(a, jlo, reversed, jlo + off, jhi - jlo + 1);
        }
        return out;
    }

    private static double dot(double[] a, int ia, double[] b, int ib, int len) {
        int lanes = SPECIES.length();
        int j = 0;
        double s = 0;
        if (len >= 2 * lanes) {
            DoubleVector acc = DoubleVector.zero(SPECIES);
            int end = len - len % lanes;
            for (; j < end; j += lanes) {
                acc = DoubleVector.fromArray(SPECIES, a, ia + j).fma(DoubleVector.fromArray(SPECIES, b, ib + j), acc);
            }
            s = acc.reduceLanes(VectorOperators.ADD);
        }
        for (; j < len; j++) {
            s += a[ia + j] * b[ib + j];
        }
        return s;
    }
}
