package strainlab.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import strainlab.dataset.recipe.CurveParameters;
import strainlab.dataset.recipe.PaperRecipe;
import strainlab.dataset.recipe.ParameterRanges;

/** The FFT convolution and the allocation-free rescaling of the forward model against their definitions. */
class ConvolutionFftAndRescaleTest {

    /** Straight transcription of numpy's 'same' alignment for two arrays of length m. */
    private static double[] naiveSame(double[] raw, double[] resol) {
        int m = raw.length;
        double[] out = new double[m];
        int h = (m - 1) / 2;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                int k = i + h - j;
                if (k >= 0 && k < m) {
                    out[i] += raw[j] * resol[k];
                }
            }
        }
        return out;
    }

    @Test
    void convolutionMatchesTheDefinitionForOddAndEvenLengths() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int m : new int[]{1, 2, 3, 7, 8, 31, 64, 341, 342, 1001}) {
            double[] raw = new double[m];
            double[] resol = new double[m];
            for (int i = 0; i < m; i++) {
                raw[i] = Math.pow(10, -8 * rng.nextDouble());
                resol[i] = rng.nextDouble();
            }
            double[] out = new double[m];
            Convolution.sameDirect(raw, resol, m, out);
            double[] ref = naiveSame(raw, resol);
            assertArrayEquals(ref, out, 0.0, "direct sum, m=" + m);
            int p = Convolution.fftSize(m);
            assertTrue(p >= 2 * m - 1 && Integer.bitCount(p) == 1);
            double[] fft = new double[m];
            Convolution.fftConvolve(raw, resol, m, new double[p], new double[p], fft);
            double max = Arrays.stream(ref).max().orElseThrow();
            for (int i = 0; i < m; i++) {
                // FFT round-off is relative to the largest output
                assertEquals(ref[i], fft[i], 1e-14 * max, "FFT, m=" + m + " i=" + i);
            }
        }
    }

    @Test
    void deltaResponseHasNumpyShiftForEvenLengths() {
        // even m: the kernel centre falls between samples; a delta at j0 gives out[i] = resol[i + h − j0]
        int m = 6;
        double[] raw = new double[m];
        raw[2] = 1;
        double[] resol = {1, 2, 3, 4, 5, 6};
        double[] out = new double[m];
        Convolution.sameDirect(raw, resol, m, out);
        assertArrayEquals(new double[]{1, 2, 3, 4, 5, 6}, out, 0.0);
        raw[2] = 0;
        raw[0] = 1;
        Convolution.sameDirect(raw, resol, m, out);
        assertArrayEquals(new double[]{3, 4, 5, 6, 0, 0}, out, 0.0);
        double[] fft = new double[m];
        Convolution.fftConvolve(raw, resol, m, new double[16], new double[16], fft);
        assertArrayEquals(new double[]{3, 4, 5, 6, 0, 0}, fft, 1e-14);
    }

    @Test
    void fftConvolutionAgreesWithTheInstrumentOnRealCurves() {
        // raw reflectivities and pseudo-Voigt kernels of real recipe curves (≈1e-9 … 1 dynamic range)
        PaperRecipe recipe = new PaperRecipe(ParameterRanges.cnn1(), PaperRecipe.Noise.NONE);
        for (int c = 0; c < 6; c++) {
            SimulatedCurve sc = recipe.simulate(4, c);
            CurveParameters par = recipe.parameters(4, c);
            double[] th = sc.thetaRad();
            double[] raw = sc.rawReflectivity();
            int m = th.length;
            double[] kernel = Resolution.paper(par.fwhmDeg(), 0.001).sample(th);
            double[] ref = Convolution.same(raw, kernel);
            double[] fft = new double[m];
            int p = Convolution.fftSize(m);
            Convolution.fftConvolve(raw, kernel, m, new double[p], new double[p], fft);
            double max = Arrays.stream(ref).max().orElseThrow();
            double bkgOverScale = par.background() / par.scale();
            for (int i = 0; i < m; i++) {
                assertEquals(ref[i], fft[i], 1e-14 * max, "curve " + c + " point " + i);
                // relative error of the intensity I = conv/max·scale + background
                double rel = Math.abs(fft[i] - ref[i]) / max / (ref[i] / max + bkgOverScale);
                assertTrue(rel < 1e-9, "relative intensity error " + rel);
            }
        }
    }

    @Test
    void rescaleAgreesWithTheInstrumentNetworkGrid() {
        PaperRecipe recipe = new PaperRecipe(ParameterRanges.cnn1());
        double thB = ParameterRanges.PAPER_ZRO2_004.braggAngleRad();
        double d = ParameterRanges.PAPER_ZRO2_004.dSpacingA();
        for (int c = 0; c < 6; c++) {
            SimulatedCurve sc = recipe.simulate(6, c);
            double[] th = sc.thetaRad();
            int m = th.length;
            for (NetworkGrid g : NetworkGrid.values()) {
                double[] ref = g.rescaleLog10(th, sc.intensity(), thB, d);
                double[] x = new double[m];
                NetworkGrid.abscissa(th, m, ParameterRanges.PAPER_ZRO2_004.wavelengthA(), thB, d, x);
                double[] out = new double[g.points()];
                NetworkGrid.rescaleLog10(x, sc.intensity(), m, g.x(), out);
                for (int k = 0; k < out.length; k++) {
                    assertEquals(ref[k], out[k], 1e-5, g + " point " + k + " of curve " + c);
                }
            }
        }
    }

    @Test
    void rescaleInterpolatesFillsAndNormalises() {
        // data x = 2, 1, 0, −0.5 (decreasing), grid 3 → −1 in steps of 1
        double[] x = {2, 1, 0, -0.5};
        double[] y = {10, 0, 1000, 100};
        double[] grid = {3, 2, 1, 0.5, 0, -1};
        double[] out = new double[grid.length];
        NetworkGrid.rescaleLog10(x, y, 4, grid, out);
        // zero replaced by the smallest non-zero value (10), which also fills the outside points
        double[] lin = {10, 10, 10, 505, 1000, 10};
        for (int i = 0; i < grid.length; i++) {
            assertEquals(Math.log10(lin[i] / 1000), out[i], 1e-6, "grid point " + i);
        }
        assertThrows(IllegalStateException.class,
                () -> NetworkGrid.rescaleLog10(x, new double[4], 4, grid, new double[6]));
    }
}
