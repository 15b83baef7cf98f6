package strainlab.dataset.recipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.commons.math3.distribution.AbstractRealDistribution;
import org.apache.commons.math3.distribution.UniformRealDistribution;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

import strainlab.diffraction.DynamicalDiffraction;
import strainlab.instrument.SimulatedCurve;
import strainlab.profile.DepthProfiles;

class PaperRecipeTest {
    private static final double ALPHA = 1e-3;

    @Test
    void labelDistributionsOf20000CurvesMatchTheRecipe() {
        PaperRecipe recipe = PaperRecipe.preset("cnn1");
        int n = 20_000;
        double[] e = new double[n];
        double[] dwMin = new double[n];
        double[] fwhm = new double[n];
        double[] log10Bkg = new double[n];
        double[] log10Scale = new double[n];
        double[] eps = new double[2 * n];
        long[] tCounts = new long[96];
        for (int i = 0; i < n; i++) {
            CurveParameters p = recipe.parameters(42, i);
            CurveLabels l = p.labels();
            double t = l.thicknessNm();
            assertTrue(t >= 50 && t <= 1000 && Math.abs(t / 10 - Math.rint(t / 10)) < 1e-9, "t not on the 10 nm steps: " + t);
            tCounts[(int) Math.rint((t - 50) / 10)]++;
            e[i] = p.strainMaxPercent();
            assertEquals(p.strainMaxPercent(), l.strainMaxPercent(), 1e-12, "the largest weight is e_max");
            for (double w : l.weightsPercent()) {
                assertTrue(w >= 0);
            }
            dwMin[i] = Math.exp(-l.scaleDw());
            fwhm[i] = l.fwhmDeg();
            assertTrue(l.dynamicRange() > 3 && l.dynamicRange() < 6, "DR outside the open window (3, 6)");
            assertEquals(Math.log10(p.scale() / p.background()), l.dynamicRange(), 1e-12);
            log10Bkg[i] = Math.log10(p.background());
            log10Scale[i] = Math.log10(p.scale());
            eps[2 * i] = p.eps1();
            eps[2 * i + 1] = p.eps2();
        }
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
        assertTrue(ks.kolmogorovSmirnovTest(new UniformRealDistribution(0.2, 8), e) > ALPHA, "e_max not U[0.2, 8]");
        assertTrue(ks.kolmogorovSmirnovTest(new UniformRealDistribution(0.001, 1), dwMin) > ALPHA, "DWmin not U[0.001, 1]");
        assertTrue(ks.kolmogorovSmirnovTest(new UniformRealDistribution(0.003, 0.1), fwhm) > ALPHA, "FWHM not U[0.003, 0.1]");
        assertTrue(ks.kolmogorovSmirnovTest(new UniformRealDistribution(0.002, 0.025), eps) > ALPHA, "eps not U[0.002, 0.025]");
        // (log10 bkg, log10 scale) uniform on [0,1.7]×[3,7] restricted to 3 < a − b < 6: known marginals
        assertTrue(ks.kolmogorovSmirnovTest(new Piecewise(true), log10Bkg) > ALPHA, "background marginal is wrong");
        assertTrue(ks.kolmogorovSmirnovTest(new Piecewise(false), log10Scale) > ALPHA, "scale marginal is wrong");
        double[] expected = new double[96];
        Arrays.fill(expected, n / 96.0);
        assertTrue(new ChiSquareTest().chiSquareTest(expected, tCounts) > ALPHA, "t not uniform over the 96 steps");
    }

    @Test
    void ksTestsRejectAWrongRange() {
        // the same KS test rejects e_max drawn on [0.5, 8] when [0.2, 8] is expected
        PaperRecipe recipe = PaperRecipe.preset("cnn2");
        double[] e = new double[5000];
        for (int i = 0; i < e.length; i++) {
            e[i] = recipe.parameters(1, i).strainMaxPercent();
        }
        assertTrue(new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new UniformRealDistribution(0.2, 8), e) < ALPHA);
    }

    @Test
    void presetsFollowTable1() {
        ParameterRanges c1 = ParameterRanges.cnn1();
        assertEquals(new ParameterRanges.Range(50, 1000), c1.thicknessNm());
        assertEquals(new ParameterRanges.Range(0.2, 8), c1.strainMaxPercent());
        assertEquals(0.001, c1.dwMin().min());
        assertEquals(1001, c1.gridPoints());
        ParameterRanges c2 = ParameterRanges.cnn2();
        assertEquals(new ParameterRanges.Range(100, 1000), c2.thicknessNm());
        assertEquals(new ParameterRanges.Range(0.5, 8), c2.strainMaxPercent());
        assertEquals(0.05, c2.dwMin().min());
        ParameterRanges c3 = ParameterRanges.preset("cnn3-401");
        assertEquals(new ParameterRanges.Range(0.5, 2), c3.strainMaxPercent());
        assertEquals(401, c3.gridPoints());
        assertEquals(96, c1.thicknessValueCount());
        assertEquals(91, c2.thicknessValueCount());
        for (ParameterRanges r : List.of(c1, c2, c3)) {
            assertEquals(new ParameterRanges.Range(0.003, 0.1), r.fwhmDeg());
            assertEquals(0.001, r.pseudoVoigtEta());
            assertEquals(new ParameterRanges.Range(0, 1.7), r.log10Background());
            assertEquals(new ParameterRanges.Range(3, 7), r.log10Scale());
            assertEquals(new ParameterRanges.Range(3, 6), r.dynamicRange());
            assertEquals(500, r.lamellae());
            assertEquals(0.005, r.thetaStepDeg());
            assertEquals(ParameterRanges.PAPER_ZRO2_004, r.setup());
        }
        assertEquals(36.802949, Math.toDegrees(ParameterRanges.PAPER_ZRO2_004.braggAngleRad()), 1e-6);
    }

    @Test
    void networkGridsAreTheNumpyLinspaces() {
        double[] g = PaperRecipe.networkGrid(1001);
        assertEquals(8.0, g[0]);
        assertEquals(-1.0, g[1000]);
        assertEquals(8 - 0.009 * 500, g[500], 1e-12);
        double[] s = PaperRecipe.networkGrid(401);
        assertEquals(3.0, s[0]);
        assertEquals(-1.0, s[400]);
        assertEquals(3 - 0.01 * 100, s[100], 1e-12);
        assertArrayEquals(g, PaperRecipe.preset("cnn2").inputGrid(), 0.0);
    }

    @Test
    void generateGivesTheSampledLabelsAndAFiniteLog10Curve() {
        PaperRecipe recipe = PaperRecipe.preset("cnn1");
        float[] in = new float[1001];
        float[] lab = new float[14];
        for (int i = 0; i < 12; i++) {
            recipe.generate(3, i, in, lab);
            assertArrayEquals(recipe.parameters(3, i).labels().toFloats(), lab, 0f);
            float max = Float.NEGATIVE_INFINITY;
            for (float v : in) {
                assertTrue(Float.isFinite(v), "non-finite input in curve " + i);
                max = Math.max(max, v);
            }
            assertEquals(0f, max, 0f, "log10(I/max) peaks at 0");
        }
    }

    @Test
    void sameBytesWhateverTheThreadCountAndCallOrder() throws Exception {
        PaperRecipe recipe = PaperRecipe.preset("cnn2");
        int n = 24;
        float[][] serialIn = new float[n][1001];
        float[][] serialLab = new float[n][14];
        for (int i = 0; i < n; i++) {
            recipe.generate(99, i, serialIn[i], serialLab[i]);
        }
        // another instance, 3 threads, reversed order
        PaperRecipe other = PaperRecipe.preset("cnn2");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<float[][]>> futures = new ArrayList<>();
            for (int i = n - 1; i >= 0; i--) {
                final int idx = i;
                futures.add(pool.submit(() -> {
                    float[] a = new float[1001];
                    float[] b = new float[14];
                    other.generate(99, idx, a, b);
                    return new float[][]{a, b, {idx}};
                }));
            }
            for (Future<float[][]> f : futures) {
                float[][] r = f.get();
                int idx = (int) r[2][0];
                assertArrayEquals(serialIn[idx], r[0], 0f, "input of curve " + idx + " differs");
                assertArrayEquals(serialLab[idx], r[1], 0f, "labels of curve " + idx + " differ");
            }
        } finally {
            pool.shutdownNow();
        }
        float[] a = new float[1001];
        float[] b = new float[14];
        recipe.generate(100, 0, a, b);
        assertTrue(!Arrays.equals(a, serialIn[0]), "another seed must give another curve");
    }

    @Test
    void curveFromLabelsReproducesTheNoiseFreeInput() {
        PaperRecipe recipe = new PaperRecipe(ParameterRanges.cnn1(), PaperRecipe.Noise.NONE);
        for (int i = 0; i < 4; i++) {
            SimulatedCurve c = recipe.simulate(8, i);
            CurveParameters p = recipe.parameters(8, i);
            PaperRecipe.Rendering same = new PaperRecipe.Rendering(p.strainMaxPercent(), p.eps1(), p.eps2(), false);
            double[] again = recipe.curveFromLabels(p.labels(), same);
            double[] in = c.rescaledLog10();
            for (int k = 0; k < in.length; k++) {
                assertEquals(in[k], again[k], 1e-5, "curve " + i + " point " + k);
            }
            DepthProfiles prof = recipe.profilesFromLabels(p.labels());
            assertArrayEquals(c.rawReflectivity(), DynamicalDiffraction.reflectivity(recipe.ranges().setup(), prof,
                    c.thetaRad(), recipe.kernel()), 0.0, "the labels' profiles are the sampled ones");
            assertEquals(Math.exp(-p.scaleDw()), minOf(prof.dw()), 1e-12, "DWmin reached at the strain maximum");
            double[] published = recipe.curveFromLabels(CurveLabels.of(p.labels().toFloats()));
            assertEquals(1001, published.length);
            assertEquals(0.0, Arrays.stream(published).max().orElseThrow(), 0.0);
        }
    }

    @Test
    void noiseModesHaveTheRightMean() {
        for (PaperRecipe.Noise mode : PaperRecipe.Noise.values()) {
            PaperRecipe recipe = new PaperRecipe(ParameterRanges.cnn3(), mode);
            SimulatedCurve c = recipe.simulate(5, 1);
            double[] mu = c.expectedIntensity();
            double[] k = c.intensity();
            double factor = mode == PaperRecipe.Noise.PUBLISHED ? 2 : 1;
            double sum = 0;
            double var = 0;
            for (int i = 0; i < mu.length; i++) {
                sum += k[i] - factor * mu[i];
                var += mu[i];
            }
            if (mode == PaperRecipe.Noise.NONE) {
                assertArrayEquals(mu, k, 0.0);
            } else {
                double z = sum / Math.sqrt(var);
                assertTrue(Math.abs(z) < 4, mode + ": mean of the counts off by z = " + z);
                for (int i = 0; i < mu.length; i++) {
                    // Poisson: integer counts; published: I + integer count
                    double count = mode == PaperRecipe.Noise.POISSON ? k[i] : k[i] - mu[i];
                    assertEquals(Math.rint(count), count, 1e-6 * Math.max(1, mu[i]), "not a count at " + i);
                    assertTrue(count >= 0);
                }
            }
        }
    }

    @Test
    void badArgumentsAreRejectedWithTheFieldName() {
        PaperRecipe recipe = PaperRecipe.preset("cnn3");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> recipe.generate(1, 0, new float[401], new float[14]));
        assertTrue(e.getMessage().contains("input"));
        e = assertThrows(IllegalArgumentException.class, () -> recipe.generate(1, -1, new float[1001], new float[14]));
        assertTrue(e.getMessage().contains("index"));
        e = assertThrows(IllegalArgumentException.class, () -> recipe.generate(1, 0, new float[1001], new float[12]));
        assertTrue(e.getMessage().contains("labels"));
        e = assertThrows(IllegalArgumentException.class, () -> ParameterRanges.preset("cnn9"));
        assertTrue(e.getMessage().contains("preset") && e.getMessage().contains("cnn9"));
        e = assertThrows(IllegalArgumentException.class,
                () -> ParameterRanges.cnn1().withDwMin(new ParameterRanges.Range(0.1, 1.5)));
        assertTrue(e.getMessage().contains("dwMin"));
        e = assertThrows(IllegalArgumentException.class, () -> ParameterRanges.cnn1().withGridPoints(500));
        assertTrue(e.getMessage().contains("gridPoints"));
        e = assertThrows(IllegalArgumentException.class, () -> ParameterRanges.cnn1().withLamellae(3));
        assertTrue(e.getMessage().contains("lamellae"));
        ParameterRanges c = ParameterRanges.cnn1();
        e = assertThrows(IllegalArgumentException.class, () -> new ParameterRanges("x", c.setup(), c.thicknessNm(),
                10, c.strainMaxPercent(), c.dwMin(), c.fwhmDeg(), 0.001, c.log10Background(), c.log10Scale(),
                new ParameterRanges.Range(8, 9), c.thetaMargin(), 0.005, 500, 1001));
        assertTrue(e.getMessage().contains("dynamicRange"));
        e = assertThrows(IllegalArgumentException.class, () -> CurveLabels.of(new float[13]));
        assertTrue(e.getMessage().contains("labels"));
    }

    @Test
    void userRangesWork() {
        ParameterRanges r = ParameterRanges.cnn1().withName("thin-low").withThicknessNm(new ParameterRanges.Range(20, 80), 0)
                .withStrainMaxPercent(new ParameterRanges.Range(0.5, 1)).withLamellae(100);
        PaperRecipe recipe = new PaperRecipe(r);
        float[] in = new float[1001];
        float[] lab = new float[14];
        for (int i = 0; i < 5; i++) {
            recipe.generate(1, i, in, lab);
            assertTrue(lab[LabelLayout.THICKNESS_NM] >= 20 && lab[LabelLayout.THICKNESS_NM] <= 80);
            assertEquals(recipe.parameters(1, i).strainMaxPercent(), max(lab), 1e-6);
        }
        assertEquals("thin-low", recipe.describe().get("preset"));
    }

    @Test
    void labelLayoutOwnsThePaperOrder() {
        assertEquals(List.of("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "w9", "w10", "scale_dw", "t_nm",
                "fwhm_deg", "dr"), LabelLayout.names());
        assertEquals(LabelLayout.names(), PaperRecipe.preset("cnn1").labelNames());
        assertEquals(12, LabelLayout.indexOf("fwhm_deg"));
        CurveLabels l = new CurveLabels(new double[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 2.5, 300, 0.02, 4.5);
        float[] f = l.toFloats();
        assertEquals(10f, f[9]);
        assertEquals(2.5f, f[LabelLayout.SCALE_DW]);
        assertEquals(300f, f[LabelLayout.THICKNESS_NM]);
        assertEquals(0.02f, f[LabelLayout.FWHM_DEG]);
        assertEquals(4.5f, f[LabelLayout.DYNAMIC_RANGE]);
        assertEquals(l, CurveLabels.of(new double[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 2.5, 300, 0.02, 4.5}));
        float[] pred = f.clone();
        pred[0] = -0.2f;
        pred[LabelLayout.SCALE_DW] = -0.1f;
        CurveLabels clipped = CurveLabels.ofPrediction(pred);
        assertEquals(0.0, clipped.weightsPercent()[0]);
        assertEquals(0.0, clipped.scaleDw());
    }

    private static double minOf(double[] v) {
        return Arrays.stream(v).min().orElseThrow();
    }

    private static double max(float[] lab) {
        double m = 0;
        for (int i = 0; i < 10; i++) {
            m = Math.max(m, lab[i]);
        }
        return m;
    }

    /**
     * Marginal of b = log10(background) (or a = log10(scale)) when (b, a) is uniform on [0,1.7]×[3,7] restricted
     * to 3 &lt; a − b &lt; 6. Both have total mass Z = 4.855 before normalisation.
     */
    private static final class Piecewise extends AbstractRealDistribution {
        private static final double Z = 4.855;
        private final boolean background;

        Piecewise(boolean background) {
            super(null);
            this.background = background;
        }

        @Override
        public double cumulativeProbability(double x) {
            double c;
            if (background) {
                if (x <= 0) {
                    return 0;
                }
                if (x >= 1.7) {
                    return 1;
                }
                c = x <= 1 ? 3 * x : 3 + 4 * (x - 1) - (x * x - 1) / 2;
            } else {
                if (x <= 3) {
                    return 0;
                }
                if (x >= 7) {
                    return 1;
                }
                if (x <= 4.7) {
                    c = (x - 3) * (x - 3) / 2;
                } else if (x <= 6) {
                    c = 1.445 + 1.7 * (x - 4.7);
                } else {
                    c = 3.655 + 7.7 * (x - 6) - (x * x - 36) / 2;
                }
            }
            return c / Z;
        }

        @Override
        public double density(double x) {
            throw new UnsupportedOperationException("only the CDF is needed by the KS test");
        }

        @Override
        public double getNumericalMean() {
            throw new UnsupportedOperationException("only the CDF is needed by the KS test");
        }

        @Override
        public double getNumericalVariance() {
            throw new UnsupportedOperationException("only the CDF is needed by the KS test");
        }

        @Override
        public double getSupportLowerBound() {
            return background ? 0 : 3;
        }

        @Override
        public double getSupportUpperBound() {
            return background ? 1.7 : 7;
        }

        @Override
        public boolean isSupportLowerBoundInclusive() {
            return true;
        }

        @Override
        public boolean isSupportUpperBoundInclusive() {
            return true;
        }

        @Override
        public boolean isSupportConnected() {
            return true;
        }
    }
}
