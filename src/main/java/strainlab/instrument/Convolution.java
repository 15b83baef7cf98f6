package strainlab.instrument;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Discrete convolution with numpy's {@code convolve(a, k, 'same')} alignment:
 * {@code out[i] = Σ_j a[j]·k[i + (M−1)/2 − j]} (integer division, zero padding), {@code out} as long as
 * {@code a}. For odd M the kernel's centre sample sits on the output sample (no shift); for even M the result is
 * shifted by +½ step, as in the reference. Two methods ({@link Method}): exact direct sums (SIMD dot products,
 * no FFT round-off) or, for long curves, an FFT in O(m log m).
 */
public final class Convolution {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

    /** How a curve is convolved with its resolution sampled on the same grid. */
    public enum Method {
        /** Direct sums (SIMD dot products): exact up to the sum's round-off at every point. For fits. */
        DIRECT,
        /**
         * By FFT from {@link #FFT_FROM} points on, plain scalar direct sums below: round-off ~1e-16·log2(P) of the
         * largest output (absolute), not of each output. For training-set generation.
         */
        FFT
    }

    /** Below this length {@link Method#FFT} sums directly; from it on it uses the FFT. */
    public static final int FFT_FROM = 64;

    private Convolution() {
    }

    /** numpy {@code convolve(a, kernel, 'same')} for any lengths (output length = a.length when ≥ M). */
    public static double[] same(double[] a, double[] kernel) {
        if (a.length == 0 || kernel.length == 0) {
            throw new IllegalArgumentException("convolution needs non-empty arrays");
        }
        double[] out = new double[Math.max(a.length, kernel.length)];
        same(a, a.length, kernel, kernel.length, new double[kernel.length], out);
        return out;
    }

    /**
     * Allocation-free {@link #same(double[], double[])} on the first n values of {@code a} and the first m of
     * {@code kernel}; {@code reversed} is work space of length ≥ m, {@code out} receives max(n, m) values.
     */
    public static void same(double[] a, int n, double[] kernel, int m, double[] reversed, double[] out) {
        // numpy 'same' returns max(n, m) points centred on the full convolution (length n + m − 1)
        int outLen = Math.max(n, m);
        int start = (Math.min(n, m) - 1) / 2;
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
    }

    /**
     * The 'same' convolution of two arrays of the same length m by {@link Method#FFT}: by FFT from
     * {@link #FFT_FROM} points on, by {@link #sameDirect} below.
     *
     * @param re FFT work array of length ≥ {@link #fftSize(int)}
     * @param im FFT work array of length ≥ {@link #fftSize(int)}
     */
    public static void sameFft(double[] raw, double[] resol, int m, double[] re, double[] im, double[] out) {
        if (m >= FFT_FROM) {
            fftConvolve(raw, resol, m, re, im, out);
        } else {
            sameDirect(raw, resol, m, out);
        }
    }

    /**
     * numpy {@code convolve(raw, resol, 'same')} for two arrays of the same length m, summed directly:
     * {@code out[i] = Σ_j raw[j]·resol[i + (m−1)//2 − j]} with zero padding. Plain scalar sums in a fixed order,
     * so the result does not depend on the machine's vector width.
     */
    static void sameDirect(double[] raw, double[] resol, int m, double[] out) {
        int h = (m - 1) / 2;
        for (int i = 0; i < m; i++) {
            int jlo = Math.max(0, i + h - (m - 1));
            int jhi = Math.min(m - 1, i + h);
            double s = 0;
            for (int j = jlo; j <= jhi; j++) {
                s += raw[j] * resol[i + h - j];
            }
            out[i] = s;
        }
    }

    /**
     * Twiddle factors and bit-reversal permutation of a radix-2 FFT of size P (immutable, shared). The factors
     * of the stage with half-length h are stored contiguously at {@code [h, 2h)}: {@code e^{−iπk/h}}. The
     * permutation is kept as its swaps: index pairs {@code (i, j)}, i &lt; j, at {@code [2s, 2s + 1]}.
     */
    private record FftPlan(int size, double[] cos, double[] sin, int[] swaps) {
        static FftPlan of(int size) {
            double[] c = new double[size];
            double[] sn = new double[size];
            for (int h = 1; h < size; h <<= 1) {
                for (int k = 0; k < h; k++) {
                    double a = -Math.PI * k / h;
                    c[h + k] = Math.cos(a);
                    sn[h + k] = Math.sin(a);
                }
            }
            int bits = Integer.numberOfTrailingZeros(size);
            int[] swaps = new int[size];
            int n = 0;
            for (int i = 0; i < size; i++) {
                int j = Integer.reverse(i) >>> (32 - bits);
                if (j > i) {
                    swaps[n++] = i;
                    swaps[n++] = j;
                }
            }
            return new FftPlan(size, c, sn, Arrays.copyOf(swaps, n));
        }
    }

    /** Plans by log2 of their size, made on first use (a race makes equal plans twice, harmlessly). */
    private static final AtomicReferenceArray<FftPlan> PLANS = new AtomicReferenceArray<>(31);

    /** FFT size used by {@link #sameFft} for length m: the power of two ≥ 2m − 1. */
    public static int fftSize(int m) {
        return Math.max(2, Integer.highestOneBit(Math.max(1, 2 * m - 2)) << 1);
    }

    /**
     * The same 'same' convolution as {@link #sameDirect} by FFT, in O(m log m): both real arrays are packed
     * into one complex sequence (raw + i·resol), transformed once, their spectra separated by Hermitian
     * symmetry, multiplied, and transformed back; no wrap-around because the size is ≥ 2m − 1. The
     * round-off is ~1e-16·log2(P) of the largest output (absolute), not of each output.
     *
     * @param re work array of length ≥ {@link #fftSize(int)}
     * @param im work array of length ≥ {@link #fftSize(int)}
     */
    static void fftConvolve(double[] raw, double[] resol, int m, double[] re, double[] im, double[] out) {
        int p = fftSize(m);
        int bits = Integer.numberOfTrailingZeros(p);
        FftPlan plan = PLANS.get(bits);
        if (plan == null) {
            plan = FftPlan.of(p);
            PLANS.set(bits, plan);
        }
        for (int i = 0; i < m; i++) {
            re[i] = raw[i];
            im[i] = resol[i];
        }
        for (int i = m; i < p; i++) {
            re[i] = 0;
            im[i] = 0;
        }
        fft(plan, re, im, false);
        // A_k = (Z_k + conj Z_{−k})/2, B_k = (Z_k − conj Z_{−k})/(2i); C_k = A_k·B_k, for k and −k together
        for (int k = 0; k <= p / 2; k++) {
            int nk = (p - k) & (p - 1);
            double zr = re[k];
            double zi = im[k];
            double wr = re[nk];
            double wi = im[nk];
            double ar = 0.5 * (zr + wr);
            double ai = 0.5 * (zi - wi);
            double br = 0.5 * (zi + wi);
            double bi = -0.5 * (zr - wr);
            double cr = ar * br - ai * bi;
            double ci = ar * bi + ai * br;
            re[k] = cr;
            im[k] = ci;
            // C_{−k} = conj(C_k) for real inputs
            re[nk] = cr;
            im[nk] = -ci;
        }
        fft(plan, re, im, true);
        int h = (m - 1) / 2;
        double inv = 1.0 / p;
        for (int i = 0; i < m; i++) {
            out[i] = re[i + h] * inv;
        }
    }

    /** In-place iterative radix-2 FFT (unnormalised; {@code inverse} uses e^{+2πik/P}). */
    private static void fft(FftPlan plan, double[] re, double[] im, boolean inverse) {
        int n = plan.size();
        int[] swaps = plan.swaps();
        for (int s = 0; s < swaps.length; s += 2) {
            int i = swaps[s];
            int j = swaps[s + 1];
            double t = re[i];
            re[i] = re[j];
            re[j] = t;
            t = im[i];
            im[i] = im[j];
            im[j] = t;
        }
        double[] cs = plan.cos();
        double[] sn = plan.sin();
        double sign = inverse ? -1 : 1;
        int lanes = SPECIES.length();
        for (int half = 1; half < n; half <<= 1) {
            int len = half << 1;
            if (half >= lanes) {
                for (int start = 0; start < n; start += len) {
                    for (int k = 0; k < half; k += lanes) {
                        DoubleVector wr = DoubleVector.fromArray(SPECIES, cs, half + k);
                        DoubleVector wi = DoubleVector.fromArray(SPECIES, sn, half + k).mul(sign);
                        int a = start + k;
                        int b = a + half;
                        DoubleVector br = DoubleVector.fromArray(SPECIES, re, b);
                        DoubleVector bi = DoubleVector.fromArray(SPECIES, im, b);
                        DoubleVector ar = DoubleVector.fromArray(SPECIES, re, a);
                        DoubleVector ai = DoubleVector.fromArray(SPECIES, im, a);
                        DoubleVector xr = br.mul(wr).sub(bi.mul(wi));
                        DoubleVector xi = br.mul(wi).add(bi.mul(wr));
                        ar.sub(xr).intoArray(re, b);
                        ai.sub(xi).intoArray(im, b);
                        ar.add(xr).intoArray(re, a);
                        ai.add(xi).intoArray(im, a);
                    }
                }
            } else {
                for (int start = 0; start < n; start += len) {
                    for (int k = 0; k < half; k++) {
                        double wr = cs[half + k];
                        double wi = sign * sn[half + k];
                        int a = start + k;
                        int b = a + half;
                        double xr = re[b] * wr - im[b] * wi;
                        double xi = re[b] * wi + im[b] * wr;
                        re[b] = re[a] - xr;
                        im[b] = im[a] - xi;
                        re[a] += xr;
                        im[a] += xi;
                    }
                }
            }
        }
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
