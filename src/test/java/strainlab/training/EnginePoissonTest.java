package strainlab.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine's Poisson sampler, reached through the TorchScript module {@link EnginePoisson} writes, against the
 * exact Poisson distribution: a chi-square test of the binned counts, and the mean, variance and third central
 * moment, for small means and large ones, with a fixed seed; then its seeding and its bookkeeping of arrays.
 */
class EnginePoissonTest {
    private static final int N = 200_000;

    @ParameterizedTest(name = "mean {0}")
    @ValueSource(doubles = {0.05, 0.3, 0.9, 2.5, 5, 9.99, 10, 30, 200, 1e4, 1e6, 3e7})
    void matchesThePoissonDistribution(double mean) {
        double[] k = draw(mean, N, 11);
        for (double v : k) {
            assertEquals(Math.rint(v), v, "variates are integers");
            assertTrue(v >= 0);
        }
        double m = Arrays.stream(k).average().orElseThrow();
        double m2 = 0;
        double m3 = 0;
        for (double v : k) {
            double d = v - m;
            m2 += d * d;
            m3 += d * d * d;
        }
        double var = m2 / (N - 1);
        double third = m3 / N;
        // mean: standard error sqrt(mean/N); variance: sqrt((mu4 - var^2)/N) = sqrt((2 mean^2 + mean)/N)
        assertEquals(mean, m, 5 * Math.sqrt(mean / N), "mean");
        assertEquals(mean, var, 5 * Math.sqrt((2 * mean * mean + mean) / N), "variance");
        // third central moment of Poisson = mean; its standard error ~ sqrt(6 mean^3 / N) for large means
        assertEquals(mean, third, 6 * Math.sqrt((6 * mean * mean * mean + 18 * mean * mean + mean) / N), "third moment");
        double[] chi = chiSquare(k, mean);
        double df = chi[1];
        assertTrue(chi[0] < df + 5 * Math.sqrt(2 * df), "chi-square " + chi[0] + " on " + df + " degrees of freedom");
    }

    /** Means of both of the engine's methods interleaved in one array, with zeros: each follows its own distribution. */
    @Test
    void interleavedMeansEachFollowTheirDistribution() {
        double[] kinds = {9.99, 0, 10, 2.5, 1e4, 0};
        double[] means = new double[kinds.length * 50_000];
        for (int i = 0; i < means.length; i++) {
            means[i] = kinds[i % kinds.length];
        }
        double[] k;
        try (NDManager m = NDManager.newBaseManager("PyTorch");
             EnginePoisson poisson = EnginePoisson.on(m)) {
            EnginePoisson.seed(5);
            k = poisson.sample(m.create(means)).toDoubleArray();
        }
        for (int j = 0; j < kinds.length; j++) {
            double[] own = new double[means.length / kinds.length];
            for (int i = 0; i < own.length; i++) {
                own[i] = k[i * kinds.length + j];
            }
            if (kinds[j] == 0) {
                assertTrue(Arrays.stream(own).allMatch(v -> v == 0), "a zero mean draws 0");
                continue;
            }
            double[] chi = chiSquare(own, kinds[j]);
            assertTrue(chi[0] < chi[1] + 5 * Math.sqrt(2 * chi[1]), "mean " + kinds[j] + ": chi-square " + chi[0]
                    + " on " + chi[1] + " degrees of freedom");
        }
    }

    @Test
    void sameSeedSameVariatesAnotherSeedOthers() {
        double[] means = {0, 0.5, 3, 9.5, 10, 12, 1e3, 1e6, 0, 7};
        try (NDManager m = NDManager.newBaseManager("PyTorch");
             EnginePoisson poisson = EnginePoisson.on(m)) {
            NDArray lam = m.create(means).toType(DataType.FLOAT32, false).reshape(new Shape(2, 5));
            EnginePoisson.seed(42);
            double[] a = poisson.sample(lam).toDoubleArray();
            EnginePoisson.seed(42);
            double[] b = poisson.sample(lam).toDoubleArray();
            EnginePoisson.seed(43);
            NDArray c = poisson.sample(lam);
            assertArrayEquals(a, b);
            assertTrue(!Arrays.equals(a, c.toDoubleArray()), "another seed draws other variates");
            assertEquals(DataType.FLOAT64, c.getDataType());
            assertEquals(new Shape(2, 5), c.getShape());
            assertEquals(0, a[0]);
            assertEquals(0, a[8]);
            assertTrue(Math.abs(a[7] - 1e6) < 6e3);
        }
    }

    /** A draw's result belongs to the means' manager; the sampler's manager keeps only its module. */
    @Test
    void aDrawLeavesNothingWithTheSampler() {
        try (NDManager m = NDManager.newBaseManager("PyTorch");
             EnginePoisson poisson = EnginePoisson.on(m)) {
            int before = m.getManagedArrays().size();
            try (NDManager scope = m.newSubManager()) {
                NDArray lam = scope.create(new double[] {0, 0.5, 3, 12, 1e3, 1e6});
                EnginePoisson.seed(1);
                NDArray k = poisson.sample(lam);
                assertEquals(scope, k.getManager());
                poisson.sample(lam.toType(DataType.FLOAT32, false));
            }
            assertEquals(before, m.getManagedArrays().size());
        }
    }

    /** Why the module exists: DJL's PyTorch binding draws no Poisson variates itself. */
    @Test
    void theBindingHasNoPoissonSamplerOfItsOwn() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray lam = m.create(new float[] {1, 2});
            assertThrows(UnsupportedOperationException.class, () -> m.samplePoisson(lam));
        }
    }

    /** The archive holds the four entries of a TorchScript module, stored, under one folder. */
    @Test
    void theArchiveIsATorchScriptModuleOfFourStoredEntries() throws java.io.IOException {
        java.util.List<String> names = new java.util.ArrayList<>();
        try (java.util.zip.ZipInputStream z = new java.util.zip.ZipInputStream(
                new java.io.ByteArrayInputStream(EnginePoisson.archive()))) {
            for (java.util.zip.ZipEntry e; (e = z.getNextEntry()) != null; ) {
                names.add(e.getName());
                assertEquals(java.util.zip.ZipEntry.STORED, e.getMethod(), e.getName());
                if (e.getName().endsWith(".py")) {
                    assertEquals(EnginePoisson.SOURCE, new String(z.readAllBytes(),
                            java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        assertEquals(java.util.List.of("poisson/version", "poisson/data.pkl", "poisson/constants.pkl",
                "poisson/code/__torch__.py"), names);
    }

    private static double[] draw(double mean, int n, long seed) {
        try (NDManager m = NDManager.newBaseManager("PyTorch");
             EnginePoisson poisson = EnginePoisson.on(m)) {
            NDArray lam = m.ones(new Shape(n), DataType.FLOAT64).mul(mean);
            EnginePoisson.seed(seed);
            return poisson.sample(lam).toDoubleArray();
        }
    }

    /** Pearson's chi-square over bins of consecutive k, each with an expected count ≥ 20; {statistic, bins − 1}. */
    static double[] chiSquare(double[] k, double mean) {
        int lo = (int) Math.max(0, Math.floor(mean - 9 * Math.sqrt(mean) - 5));
        int hi = (int) Math.ceil(mean + 9 * Math.sqrt(mean) + 40);
        double[] pmf = new double[hi - lo + 1];
        for (int j = lo; j <= hi; j++) {
            pmf[j - lo] = Math.exp(-mean + j * Math.log(mean) - logFactorial(j));
        }
        long[] observed = new long[pmf.length];
        for (double v : k) {
            int j = (int) Math.min(Math.max(v, lo), hi);
            observed[j - lo]++;
        }
        double stat = 0;
        int bins = 0;
        double e = 0;
        long o = 0;
        for (int j = 0; j < pmf.length; j++) {
            e += pmf[j] * k.length;
            o += observed[j];
            if (e >= 20 || j == pmf.length - 1) {
                stat += (o - e) * (o - e) / Math.max(e, 1e-300);
                bins++;
                e = 0;
                o = 0;
            }
        }
        return new double[] {stat, bins - 1};
    }

    /** ln k! by summation below 1000, Stirling's series above. */
    static double logFactorial(int k) {
        if (k < 1000) {
            double s = 0;
            for (int i = 2; i <= k; i++) {
                s += Math.log(i);
            }
            return s;
        }
        double n = k + 1.0;
        return (n - 0.5) * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * n) - 1 / (360 * n * n * n);
    }
}
