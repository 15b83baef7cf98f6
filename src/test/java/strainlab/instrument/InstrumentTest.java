package strainlab.instrument;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InstrumentTest {

    @Test
    void fwhmAxisConversions() {
        assertEquals(0.01 * Math.PI / 360, Resolution.paper(0.01, 0.001).fwhmThetaRad(), 1e-18);
        assertEquals(0.013 * Math.PI / 180, Resolution.radmax(0.013, 1e-5).fwhmThetaRad(), 1e-18);
        assertEquals(FwhmAxis.TWO_THETA, FwhmAxis.parse("2theta"));
        assertEquals(FwhmAxis.THETA, FwhmAxis.parse("theta"));
        assertThrows(IllegalArgumentException.class, () -> FwhmAxis.parse("omega"));
        assertThrows(IllegalArgumentException.class, () -> new Resolution(0.01, FwhmAxis.THETA, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new Resolution(-0.01, FwhmAxis.THETA, 0.5));
    }

    @Test
    void resolutionHasUnitAmplitudeAndTheStatedHalfWidth() {
        double[] theta = new double[201];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = 0.6 + i * 1e-5;
        }
        Resolution r = new Resolution(Math.toDegrees(20e-5), FwhmAxis.THETA, 0.3);
        double[] k = r.sample(theta);
        assertEquals(1.0, k[100], 1e-15);
        assertEquals(0.5, k[110], 1e-12);
        assertEquals(0.5, k[90], 1e-12);
    }

    @Test
    void intensityIsNormalisedScaledAndOffset() {
        double[] theta = {0.6, 0.61, 0.62};
        double[] i = Intensity.scaled(new double[]{1, 4, 2}, theta, 1000, Background.constant(5));
        assertArrayEquals(new double[]{255, 1005, 505}, i, 1e-12);
        double[] lin = Intensity.scaled(new double[]{1, 4, 2}, theta, 1000, new Background(5, 1));
        double d2 = Math.toDegrees(2 * 0.01);
        assertArrayEquals(new double[]{255, 1005 + d2, 505 + 2 * d2}, lin, 1e-9);
        assertThrows(IllegalArgumentException.class, () -> Background.constant(-1));
    }

    @Test
    void poissonCountsHaveTheRightMomentsAndAreSeeded() {
        for (double mean : new double[]{0.3, 3, 9.9, 10, 47, 1e4, 1e7}) {
            SplittableRandom rng = new SplittableRandom(11);
            int n = 40_000;
            double s = 0;
            double s2 = 0;
            for (int i = 0; i < n; i++) {
                double k = PoissonNoise.sample(mean, rng);
                assertEquals(Math.rint(k), k, 0.0);
                s += k;
                s2 += k * k;
            }
            double m = s / n;
            double v = s2 / n - m * m;
            double se = Math.sqrt(mean / n);
            assertEquals(mean, m, 5 * se, "mean of Poisson(" + mean + ")");
            assertEquals(mean, v, 0.05 * mean + 5 * se, "variance of Poisson(" + mean + ")");
        }
        double[] expected = {0, 2.5, 30, 1e5};
        assertArrayEquals(PoissonNoise.apply(expected, PoissonNoise.Mode.COUNTING, 5),
                PoissonNoise.apply(expected, PoissonNoise.Mode.COUNTING, 5), 0.0);
        double[] doubled = PoissonNoise.apply(expected, PoissonNoise.Mode.PUBLISHED_DOUBLED, 5);
        double[] counting = PoissonNoise.apply(expected, PoissonNoise.Mode.COUNTING, 5);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i] + counting[i], doubled[i], 0.0);
        }
        assertEquals(0.0, counting[0]);
        assertThrows(IllegalArgumentException.class, () -> PoissonNoise.sample(-1, new SplittableRandom(1)));
    }

    @Test
    void logFactorialIsAccurate() {
        double f = 0;
        for (int k = 1; k <= 170; k++) {
            f += Math.log(k);
            assertEquals(f, PoissonNoise.logFactorial(k), 1e-12 * Math.max(1, f), "ln " + k + "!");
        }
    }

    @Test
    void paperThetaGridRule() {
        double thB = Math.asin(1.5406 / (2 * 1.2858375));
        assertEquals(36.80, Math.toDegrees(thB), 0.01);
        double start = ThetaGrid.paperStartDeg(thB, 2.0, 0.01);
        double expectStart = Math.rint(Math.toDegrees(thB - (0.02 + 0.01) * Math.tan(thB)) * 100) / 100;
        assertEquals(expectStart, start, 0);
        double[] g = ThetaGrid.paper(thB, 2.0, 0.01, 0.01);
        assertEquals(start * Math.PI / 180, g[0], 0);
        assertEquals(0.005 * Math.PI / 180, g[1] - g[0], 1e-15);
        double stop = ThetaGrid.paperStopDeg(thB, 0.01) * Math.PI / 180;
        assertTrue(g[g.length - 1] < stop && g[g.length - 1] + 0.005 * Math.PI / 180 >= stop - 1e-12);
        double[] stored = ThetaGrid.fromDegrees(35.52, 0.005, 342);
        assertEquals(342, stored.length);
        assertEquals(35.52 * Math.PI / 180 + 341 * (0.005 * Math.PI / 180), stored[341], 0);
        assertThrows(IllegalArgumentException.class, () -> ThetaGrid.fromDegrees(35, 0.005, 0));
    }

    @Test
    void qConversions() {
        double thB = 0.6;
        double[] th = {0.59, 0.6, 0.61};
        double[] q = ThetaGrid.q(th, 1.5406);
        assertEquals(4 * Math.PI * Math.sin(0.6) / 1.5406, q[1], 1e-15);
        double[] dq = ThetaGrid.dqOverQ(th, thB);
        assertEquals(0.0, dq[1], 0);
        assertEquals((q[0] - q[1]) / q[1], dq[0], 1e-15);
        assertArrayEquals(new double[]{Math.toDegrees(1.18), Math.toDegrees(1.2), Math.toDegrees(1.22)},
                ThetaGrid.twoThetaDeg(th), 1e-12);
    }

    @Test
    void networkGridsAndRescaling() {
        double[] x = NetworkGrid.CNN_1001.x();
        assertEquals(1001, x.length);
        assertEquals(8.0, x[0], 0);
        assertEquals(-1.0, x[1000], 0);
        assertEquals(8 - 9.0 / 1000, x[1], 1e-15);
        double[] y = NetworkGrid.LOW_STRAIN_401.x();
        assertEquals(3.0, y[0], 0);
        assertEquals(-1.0, y[400], 0);
        assertEquals(NetworkGrid.LOW_STRAIN_401, NetworkGrid.ofPoints(401));
        assertThrows(IllegalArgumentException.class, () -> NetworkGrid.ofPoints(500));

        double thB = Math.asin(1.5406 / (2 * 1.2858375));
        double d = 1.2858375;
        double[] theta = ThetaGrid.paper(thB, 2.0, 0.01, 0.01);
        double[] xs = NetworkGrid.abscissa(theta, thB, d);
        // x = 100·(d−dB)/dB/d_hkl: positive on the low-θ side, 0 at θB
        assertTrue(xs[0] > 0 && xs[xs.length - 1] < 0);
        assertEquals(0.0, NetworkGrid.abscissa(new double[]{thB}, thB, d)[0], 1e-15);
        // a linear function of x is interpolated exactly inside the range; outside gets min(I)
        double[] inten = new double[theta.length];
        for (int i = 0; i < inten.length; i++) {
            inten[i] = 10 + xs[i];
        }
        double[] r = NetworkGrid.CNN_1001.rescaleLog10(theta, inten, thB, d);
        double min = 10 + xs[xs.length - 1];
        double[] expect = new double[1001];
        double max = 0;
        for (int k = 0; k < 1001; k++) {
            expect[k] = x[k] > xs[0] || x[k] < xs[xs.length - 1] ? min : 10 + x[k];
            max = Math.max(max, expect[k]);
        }
        for (int k = 0; k < 1001; k++) {
            assertEquals(Math.log10(expect[k] / max), r[k], 1e-12, "grid point " + k);
        }
        // zero counts (honest noise) become the smallest positive count
        double[] withZero = inten.clone();
        withZero[5] = 0;
        double[] rz = NetworkGrid.CNN_1001.rescaleLog10(theta, withZero, thB, d);
        for (double v : rz) {
            assertTrue(Double.isFinite(v) && v <= 0);
        }
    }
}
