package strainlab.instrument;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ConvolutionTest {

    /** The reference formula of the conventions document, literally. */
    static double[] reference(double[] raw, double[] resol) {
        int m = raw.length;
        double[] out = new double[m];
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int j = 0; j < m; j++) {
                int k = i + (m - 1) / 2 - j;
                if (k >= 0 && k < m) {
                    s += raw[j] * resol[k];
                }
            }
            out[i] = s;
        }
        return out;
    }

    @Test
    void matchesNumpySameForOddAndEvenLengths() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int m : new int[]{1, 2, 3, 4, 7, 8, 31, 32, 301, 342, 501}) {
            double[] a = rng.doubles(m).toArray();
            double[] k = rng.doubles(m).toArray();
            assertArrayEquals(reference(a, k), Convolution.same(a, k), 1e-12 * m, "M = " + m);
        }
    }

    @Test
    void numpyExamples() {
        // numpy.convolve([1,2,3],[0,1,0.5],'same') = [1, 2.5, 4]
        assertArrayEquals(new double[]{1, 2.5, 4}, Convolution.same(new double[]{1, 2, 3}, new double[]{0, 1, 0.5}), 1e-15);
        // even length: full = [1,3,5,7,4,0,0], 'same' starts at (4−1)//2 = 1: [3, 5, 7, 4]
        assertArrayEquals(new double[]{3, 5, 7, 4},
                Convolution.same(new double[]{1, 2, 3, 4}, new double[]{1, 1, 0, 0}), 1e-15);
        // shorter kernel: numpy.convolve([1,2,3,4,5],[1,1],'same') = [1, 3, 5, 7, 9]
        assertArrayEquals(new double[]{1, 3, 5, 7, 9},
                Convolution.same(new double[]{1, 2, 3, 4, 5}, new double[]{1, 1}), 1e-15);
    }

    @Test
    void oddKernelCentredOnTheGridDoesNotShiftAndEvenShiftsHalfAStep() {
        int m = 101;
        double[] theta = new double[m];
        for (int i = 0; i < m; i++) {
            theta[i] = 0.6 + i * 1e-4;
        }
        double[] delta = new double[m];
        delta[40] = 1;
        double[] out = Resolution.paper(0.05, 0.0).convolve(theta, delta);
        int arg = 0;
        for (int i = 0; i < m; i++) {
            if (out[i] > out[arg]) {
                arg = i;
            }
        }
        assertEquals(40, arg);
        assertEquals(1.0, out[40], 1e-12);
        double[] theta2 = java.util.Arrays.copyOf(theta, 100);
        double[] delta2 = java.util.Arrays.copyOf(delta, 100);
        double[] out2 = Resolution.paper(0.05, 0.0).convolve(theta2, delta2);
        // even M: the kernel's centre falls between samples 49 and 50; the delta's image is symmetric about 40.5
        assertEquals(out2[40], out2[41], 1e-12);
    }
}
