package strainlab.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

class PoissonNoiseSamplerTest {

    @Test
    void countsFollowThePoissonLawForSmallAndLargeMeans() {
        for (double mu : new double[]{0.3, 2.5, 9.9, 10, 37, 400}) {
            SplittableRandom rng = new SplittableRandom(7);
            int n = 40_000;
            PoissonDistribution law = new PoissonDistribution(null, mu, 1e-12, 10_000_000);
            int lo = Math.max(0, (int) Math.floor(mu - 4 * Math.sqrt(mu)));
            int hi = (int) Math.ceil(mu + 4 * Math.sqrt(mu)) + 2;
            // bin 0: k < lo; bins 1..: k = lo..hi; last: k > hi
            long[] observed = new long[hi - lo + 3];
            double[] expected = new double[hi - lo + 3];
            for (int i = 0; i < n; i++) {
                double k = PoissonNoise.sample(mu, rng);
                assertEquals(Math.rint(k), k, 0.0);
                int b = k < lo ? 0 : k > hi ? observed.length - 1 : (int) k - lo + 1;
                observed[b]++;
            }
            expected[0] = law.cumulativeProbability(lo - 1) * n;
            for (int k = lo; k <= hi; k++) {
                expected[k - lo + 1] = law.probability(k) * n;
            }
            expected[expected.length - 1] = (1 - law.cumulativeProbability(hi)) * n;
            double p = chiSquare(expected, observed);
            assertTrue(p > 1e-3, "μ = " + mu + ": counts are not Poisson (p = " + p + ")");
        }
    }

    @Test
    void veryLargeMeansHaveTheRightMeanAndVariance() {
        SplittableRandom rng = new SplittableRandom(1);
        double mu = 1e7;
        int n = 20_000;
        double s = 0;
        double s2 = 0;
        for (int i = 0; i < n; i++) {
            double d = PoissonNoise.sample(mu, rng) - mu;
            s += d;
            s2 += d * d;
        }
        double mean = s / n;
        double var = s2 / n - mean * mean;
        assertTrue(Math.abs(mean) < 4 * Math.sqrt(mu / n), "mean off by " + mean);
        assertEquals(mu, var, 4 * mu * Math.sqrt(2.0 / n), "variance");
    }

    @Test
    void zeroMeanGivesZeroAndBadMeansAreRejected() {
        assertEquals(0.0, PoissonNoise.sample(0, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> PoissonNoise.sample(-1, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> PoissonNoise.sample(Double.NaN, new SplittableRandom(1)));
    }

    /** Chi-square p-value after merging neighbouring bins until each expects ≥ 20 counts. */
    private static double chiSquare(double[] expected, long[] observed) {
        List<double[]> bins = new ArrayList<>();
        double e = 0;
        long o = 0;
        for (int i = 0; i < expected.length; i++) {
            e += expected[i];
            o += observed[i];
            if (e >= 20) {
                bins.add(new double[]{e, o});
                e = 0;
                o = 0;
            }
        }
        if (e > 0 || o > 0) {
            double[] last = bins.get(bins.size() - 1);
            last[0] += e;
            last[1] += o;
        }
        double[] ex = new double[bins.size()];
        long[] ob = new long[bins.size()];
        for (int i = 0; i < ex.length; i++) {
            ex[i] = bins.get(i)[0];
            ob[i] = (long) bins.get(i)[1];
        }
        return new ChiSquareTest().chiSquareTest(ex, ob);
    }
}
