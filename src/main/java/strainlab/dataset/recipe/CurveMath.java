package strainlab.dataset.recipe;

import java.util.concurrent.ConcurrentHashMap;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Allocation-free array kernels of the per-curve pipeline that the recipe needs faster than the general
 * {@code strainlab.instrument} versions: numpy 'same' convolution by FFT (O(m log m) instead of O(m²)) and the
 * rescaling onto the network grid without sorting, both on caller-owned buffers with an explicit length so
 * that per-thread scratch arrays are reused. Same conventions as {@code Convolution.same} and
 * {@code NetworkGrid.rescaleLog10}, against which they are tested.
 */
final class CurveMath {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

    private CurveMath() {
    }

    /** Below this length {@link #convolve} sums directly; from it on it uses the FFT. */
    static final int FFT_FROM = 64;

    /**
     * numpy {@code convolve(raw, resol, 'same')} for two arrays of the same length m (see
     * {@link #convolveSame}): by FFT from {@link #FFT_FROM} points on, directly below.
     *
     * @param re FFT work array of length ≥ {@link #fftSize(int)}
     * @param im FFT work array of length ≥ {@link #fftSize(int)}
     */
    static void convolve(double[] raw, double[] resol, int m, double[] re, double[] im, double[] out) {
        if (m >= FFT_FROM) {
            convolveSameFft(raw, resol, m, re, im, out);
        } else {
            convolveSame(raw, resol, m, out);
        }
    }

    /**
     * numpy {@code convolve(raw, resol, 'same')} for two arrays of the same length m, summed directly:
     * {@code out[i] = Σ_j raw[j]·resol[i + (m−1)//2 − j]} with zero padding. Exact full kernel, O(m²); plain
     * scalar sums in a fixed order, so the result does not depend on the machine's vector width.
     */
    static void convolveSame(double[] raw, double[] resol, int m, double[] out) {
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
     * of the stage with half-length h are stored contiguously at {@code [h, 2h)}: {@code e^{−iπk/h}}.
     */
    private record FftPlan(int size, double[] cos, double[] sin, int[] bitReverse) {
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
            int[] rev = new int[size];
            for (int i = 0; i < size; i++) {
                rev[i] = Integer.reverse(i) >>> (32 - bits);
            }
            return new FftPlan(size, c, sn, rev);
        }
    }

    private static final ConcurrentHashMap<Integer, FftPlan> PLANS = new ConcurrentHashMap<>();

    /** FFT size used by {@link #convolveSameFft} for length m: the power of two ≥ 2m − 1. */
    static int fftSize(int m) {
        return Math.max(2, Integer.highestOneBit(Math.max(1, 2 * m - 2)) << 1);
    }

    /**
     * The same 'same' convolution as {@link #convolveSame} by FFT, in O(m log m): both real arrays are packed
     * into one complex sequence (raw + i·resol), transformed once, their spectra separated by Hermitian
     * symmetry, multiplied, and transformed back; no wrap-around because the size is ≥ 2m − 1. The
     * round-off is ~1e-16·log2(P) of the largest output (absolute), not of each output.
     *
     * @param re work array of length ≥ {@link #fftSize(int)}
     * @param im work array of length ≥ {@link #fftSize(int)}
     */
    static void convolveSameFft(double[] raw, double[] resol, int m, double[] re, double[] im, double[] out) {
        int p = fftSize(m);
        FftPlan plan = PLANS.computeIfAbsent(p, FftPlan::of);
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
        int[] rev = plan.bitReverse();
        for (int i = 0; i < n; i++) {
            int j = rev[i];
            if (j > i) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
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

    /**
     * The rescaled abscissa of the paper: {@code x_i = 100·(d_i − d_ref)/d_ref / d_hkl} with
     * {@code d_i = λ/(2 sin θ_i)} and {@code d_ref = λ/(2 sin θ_ref)}.
     */
    static void rescaledX(double[] theta, int m, double wavelengthA, double thetaRef, double dHklA, double[] out) {
        double dRef = wavelengthA / (2 * Math.sin(thetaRef));
        for (int i = 0; i < m; i++) {
            double d = wavelengthA / (2 * Math.sin(theta[i]));
            out[i] = 100 * (d - dRef) / dRef / dHklA;
        }
    }

    /**
     * Rescales one curve onto the network grid exactly as the paper generator: zero counts are replaced by the
     * smallest non-zero value, which also fills grid points outside the data; linear interpolation in x
     * (data sorted by x); division by the maximum; log10.
     *
     * @param x data abscissae, strictly decreasing with the index (θ increasing)
     * @param y intensities (counts), ≥ 0, modified in place (zeros replaced)
     * @param gridX network grid, strictly decreasing (index 0 = largest strain)
     * @param work scratch of length ≥ grid length
     * @param out log10(I/max) on the grid
     */
    static void rescaleLog10(double[] x, double[] y, int m, double[] gridX, double[] work, float[] out) {
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
                double slope = (y[hiI] - yLo) / (x[hiI] - xLo);
                v = slope * (xn - xLo) + yLo;
            }
            work[k] = v;
            max = Math.max(max, v);
        }
        for (int k = 0; k < n; k++) {
            out[k] = (float) Math.log10(work[k] / max);
        }
    }
}
