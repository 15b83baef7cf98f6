package strainlab.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.apache.commons.math3.distribution.UniformRealDistribution;
import org.apache.commons.math3.stat.inference.AlternativeHypothesis;
import org.apache.commons.math3.stat.inference.BinomialTest;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

class RandomStrainProfilesTest {
    private static final int N = 500;
    /** Significance of every statistical test (fixed seeds: a failure means the recipe changed). */
    private static final double ALPHA = 1e-3;

    @Test
    void linearFitReproducesASplineInItsSpanExactly() {
        RandomStrainProfiles recipe = RandomStrainProfiles.forLamellae(N);
        SplittableRandom rng = new SplittableRandom(11);
        for (int rep = 0; rep < 20; rep++) {
            double[] w = new double[RandomStrainProfiles.FIT_WEIGHTS];
            for (int k = 0; k < w.length; k++) {
                w[k] = rng.nextDouble(-3, 5);
            }
            double[] onNodes = BSplines.onNodes(w, SplineConvention.ABRUPT, N);
            double[] fit = recipe.fitAbruptWeights(onNodes);
            assertArrayEquals(w, fit, 1e-10, "fit of an abrupt spline must return its own weights");
        }
    }

    @Test
    void fitOfSmoothTenWeightSplineGivesZeroPaddingAndTheWeights() {
        // smooth(w10) = abrupt([0,0,0] + w10): the fit must recover the padding and the 10 weights
        RandomStrainProfiles recipe = RandomStrainProfiles.forLamellae(N);
        double[] w10 = {0.1, 0.5, 1.0, 0.8, 0.6, 0.4, 0.3, 0.2, 0.1, 0.05};
        double[] fit = recipe.fitAbruptWeights(BSplines.onNodes(w10, SplineConvention.SMOOTH, N));
        for (int k = 0; k < 3; k++) {
            assertEquals(0.0, fit[k], 1e-10);
        }
        for (int k = 0; k < 10; k++) {
            assertEquals(w10[k], fit[k + 3], 1e-10);
        }
    }

    @Test
    void fitIsTheLeastSquaresSolution() {
        // residual of the fit is orthogonal to every basis column (normal equations)
        RandomStrainProfiles recipe = RandomStrainProfiles.forLamellae(N);
        double[] target = new double[N + 1];
        for (int j = 0; j <= N; j++) {
            double x = (double) j / N;
            target[j] = Math.exp(-Math.pow((x - 0.7) / 0.05, 2)) + (x > 0.7 ? 0.3 : 0);
        }
        double[] fit = recipe.fitAbruptWeights(target);
        double[] model = BSplines.onNodes(fit, SplineConvention.ABRUPT, N);
        double[][] a = BSplines.basisMatrix(13, SplineConvention.ABRUPT, BSplines.nodeFractions(N));
        for (int k = 0; k < 13; k++) {
            double dot = 0;
            for (int j = 0; j <= N; j++) {
                dot += a[j][k] * (target[j] - model[j]);
            }
            assertEquals(0.0, dot, 1e-9, "residual not orthogonal to column " + k);
        }
    }

    @Test
    void acceptedDrawsObeyTheRecipeRules() {
        RandomStrainProfiles recipe = RandomStrainProfiles.forLamellae(N);
        SplittableRandom rng = new SplittableRandom(5);
        for (double tNm : new double[]{50, 100, 370, 1000}) {
            double tA = 10 * tNm;
            for (int i = 0; i < 500; i++) {
                RandomStrainProfiles.Draw d = recipe.sample(tNm, rng);
                double[] w = d.normalizedWeights();
                assertEquals(10, w.length);
                double max = 0;
                for (double v : w) {
                    assertTrue(v >= 0 && Double.isFinite(v), "weights must be finite and ≥ 0: " + d);
                    max = Math.max(max, v);
                }
                assertEquals(1.0, max, 0.0, "the largest weight is exactly 1");
                assertFalse(w[0] <= 0.01 && w[1] <= 0.01, "redraw rule violated: " + d);
                assertTrue(d.peakPositionA() >= 0.3 * tA && d.peakPositionA() < tA, "peak outside [3t/10, t): " + d);
                assertTrue(d.fwhmLeftA() >= tA / 10 && d.fwhmLeftA() < tA);
                assertTrue(d.fwhmRightA() >= tA / 10 && d.fwhmRightA() < tA);
                assertTrue(d.attempts() >= 1);
                if (d.plateau() == RandomStrainProfiles.Plateau.NONE) {
                    assertEquals(0.0, d.plateauFraction());
                } else {
                    assertTrue(d.plateauFraction() >= 0 && d.plateauFraction() < 1);
                }
            }
        }
    }

    @Test
    void ingredientsHaveTheRecipeDistributionsPerAttempt() {
        RandomStrainProfiles recipe = RandomStrainProfiles.forLamellae(N);
        RandomStrainProfiles.Workspace ws = recipe.newWorkspace();
        double[] w = new double[10];
        SplittableRandom rng = new SplittableRandom(2024);
        int n = 20_000;
        double tNm = 500;
        double tA = 10 * tNm;
        long plateaus = 0;
        long[] sides = new long[3];
        double[] peak = new double[n];
        double[] fwhmL = new double[n];
        double[] fwhmR = new double[n];
        double[] frac = new double[(int) (n * 0.4)];
        int nf = 0;
        for (int i = 0; i < n; i++) {
            recipe.attempt(tNm, rng, ws, w);
            // integer peak in [1500, 5000): continuity-corrected to uniform on [0,1)
            peak[i] = (ws.peakPositionA() + 0.5 - 1500) / 3500.0;
            fwhmL[i] = ws.fwhmLeftA() / tA;
            fwhmR[i] = ws.fwhmRightA() / tA;
            if (ws.plateau() != RandomStrainProfiles.Plateau.NONE) {
                plateaus++;
                sides[ws.plateau().ordinal() - 1]++;
                if (nf < frac.length) {
                    frac[nf++] = ws.plateauFraction();
                }
            }
        }
        double p = new BinomialTest().binomialTest(n, (int) plateaus, 0.25, AlternativeHypothesis.TWO_SIDED);
        assertTrue(p > ALPHA, "plateau frequency " + (double) plateaus / n + " is not 0.25 (p = " + p + ")");
        double third = plateaus / 3.0;
        double pSides = new ChiSquareTest().chiSquareTest(new double[]{third, third, third}, sides);
        assertTrue(pSides > ALPHA, "plateau sides not 1/3 each: " + java.util.Arrays.toString(sides));
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
        assertTrue(ks.kolmogorovSmirnovTest(new UniformRealDistribution(0, 1), peak) > ALPHA, "peak not uniform");
        assertTrue(ks.kolmogorovSmirnovTest(new UniformRealDistribution(0.1, 1), fwhmL) > ALPHA, "FWHM left not uniform");
        assertTrue(ks.kolmogorovSmirnovTest(new UniformRealDistribution(0.1, 1), fwhmR) > ALPHA, "FWHM right not uniform");
        assertTrue(ks.kolmogorovSmirnovTest(new UniformRealDistribution(0, 1), java.util.Arrays.copyOf(frac, nf)) > ALPHA,
                "plateau fraction not uniform");
    }

    @Test
    void statisticalTestsDetectAWrongPlateauProbability() {
        // the binomial test used above rejects a frequency of 0.27 at this sample size
        double p = new BinomialTest().binomialTest(20_000, 5_400, 0.25, AlternativeHypothesis.TWO_SIDED);
        assertTrue(p < ALPHA);
    }

    @Test
    void plateauRaisesTheBlendedSideToTheFraction() {
        RandomStrainProfiles recipe = RandomStrainProfiles.forLamellae(N);
        RandomStrainProfiles.Workspace ws = recipe.newWorkspace();
        double[] w = new double[10];
        SplittableRandom rng = new SplittableRandom(77);
        int checked = 0;
        for (int i = 0; i < 400 && checked < 30; i++) {
            recipe.attempt(300, rng, ws, w);
            if (ws.plateau() == RandomStrainProfiles.Plateau.NONE) {
                continue;
            }
            checked++;
            double[] c = ws.targetCurve();
            double step = 3000.0 / N;
            for (int j = 0; j <= N; j++) {
                double z = j * step;
                boolean blended = ws.plateau() == RandomStrainProfiles.Plateau.BOTH
                        || (ws.plateau() == RandomStrainProfiles.Plateau.LEFT ? z < ws.peakPositionA() : z > ws.peakPositionA());
                double h = blended ? ws.plateauFraction() : 0;
                assertTrue(c[j] >= h - 1e-12 && c[j] <= 1 + 1e-12, "blended curve out of [f, 1] at node " + j);
            }
        }
        assertTrue(checked > 10);
    }

    @Test
    void sameGeneratorStateGivesSameDraw() {
        RandomStrainProfiles recipe = RandomStrainProfiles.forLamellae(N);
        RandomStrainProfiles.Draw a = recipe.sample(420, new SplittableRandom(9));
        RandomStrainProfiles.Draw b = recipe.sample(420, new SplittableRandom(9));
        assertArrayEquals(a.normalizedWeights(), b.normalizedWeights(), 0.0);
        assertEquals(a.peakPositionA(), b.peakPositionA());
        assertEquals(a.plateau(), b.plateau());
    }

    @Test
    void badArgumentsAreRejectedWithTheFieldName() {
        RandomStrainProfiles recipe = RandomStrainProfiles.forLamellae(N);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> recipe.sample(-5, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("thicknessNm"));
        e = assertThrows(IllegalArgumentException.class, () -> recipe.fitAbruptWeights(new double[10]));
        assertTrue(e.getMessage().contains("onNodes"));
        e = assertThrows(IllegalArgumentException.class, () -> RandomStrainProfiles.forLamellae(5));
        assertTrue(e.getMessage().contains("lamellae"));
        RandomStrainProfiles.Workspace other = RandomStrainProfiles.forLamellae(100).newWorkspace();
        e = assertThrows(IllegalArgumentException.class,
                () -> recipe.sampleInto(100, new SplittableRandom(1), other, new double[10]));
        assertTrue(e.getMessage().contains("ws"));
    }
}
