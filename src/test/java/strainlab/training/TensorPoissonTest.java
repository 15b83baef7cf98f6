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
 * The tensor Poisson sampler against the exact Poisson distribution: a chi-square test of the binned counts, and the
 * mean, variance and third central moment, for small means (inversion) and large ones (PTRS), with a fixed seed.
 */
class TensorPoissonTest {
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

    /**
     * Means of both methods interleaved in one array, with zeros: each mean's variates still follow its Poisson
     * distribution, so the variates that go on to the later terms or proposals come back to their own positions.
     */
    @Test
    void interleavedMeansEachFollowTheirDistribution() {
        double[] kinds = {9.99, 0, 10, 2.5, 1e4, 0};
        double[] means = new double[kinds.length * 50_000];
        for (int i = 0; i < means.length; i++) {
            means[i] = kinds[i % kinds.length];
        }
        double[] k;
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            TensorPoisson.seed(5);
            k = TensorPoisson.sample(m.create(means)).toDoubleArray();
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
    void slotsCoverEveryVariateUpToAThousandMeansAndABinomialBoundAbove() {
        assertEquals(1000, TensorPoisson.tailSlots(1000));
        assertEquals(1462, TensorPoisson.rejectedSlots(1462));
        assertEquals(1024 + 2000, TensorPoisson.tailSlots(200_000));
        assertEquals(1024 + 60_000, TensorPoisson.rejectedSlots(200_000));
    }

    @Test
    void sameSeedSameVariatesAndMixedMeansKeepTheirBranch() {
        double[] means = {0, 0.5, 3, 9.5, 10, 12, 1e3, 1e6, 0, 7};
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray lam = m.create(means).toType(DataType.FLOAT32, false).reshape(new Shape(2, 5));
            TensorPoisson.seed(42);
            double[] a = TensorPoisson.sample(lam).toDoubleArray();
            TensorPoisson.seed(42);
            double[] b = TensorPoisson.sample(lam).toDoubleArray();
            TensorPoisson.seed(43);
            double[] c = TensorPoisson.sample(lam).toDoubleArray();
            assertArrayEquals(a, b);
            assertTrue(!Arrays.equals(a, c), "another seed draws other variates");
            assertEquals(0, a[0]);
            assertEquals(0, a[8]);
            assertEquals(new Shape(2, 5), TensorPoisson.sample(lam).getShape());
            assertTrue(Math.abs(a[7] - 1e6) < 6e3);
        }
    }

    /**
     * A seeded draw on the CPU, pinned bit for bit: means spread over both methods' ranges (inversion below 10, PTRS
     * from 10 to 3e7) and zeros, through the counting overload and the one told the counts, and ln k! over the table
     * and the series. The pins are this engine build's CPU kernels; a change to the arithmetic shows here.
     */
    @Test
    void seededDrawsArePinnedBitForBit() {
        int n = 3000;
        double[] means = new double[n];
        long small = 0;
        long large = 0;
        for (int i = 0; i < n; i++) {
            means[i] = i % 3 == 0 ? 0.01 + 9.98 * i / n : i % 3 == 1 ? 10 * Math.pow(3e6, (double) i / n) : 0;
            small += means[i] > 0 && means[i] < TensorPoisson.SMALL_MEAN ? 1 : 0;
            large += means[i] >= TensorPoisson.SMALL_MEAN ? 1 : 0;
        }
        double[] ks = new double[2000 + 4];
        for (int i = 0; i < 2000; i++) {
            ks[i] = i;
        }
        System.arraycopy(new double[] {1e4, 123_457, 1e6, 3e7}, 0, ks, 2000, 4);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray lam = m.create(means).toType(DataType.FLOAT32, false).reshape(new Shape(30, 100));
            TensorPoisson.seed(2024);
            double[] counted = TensorPoisson.sample(lam).toDoubleArray();
            double[] told;
            double[] logFactorial;
            try (TensorPoisson.Constants c = TensorPoisson.constants(m)) {
                TensorPoisson.seed(2024);
                told = TensorPoisson.sample(c, lam, small, large).toDoubleArray();
                logFactorial = TensorPoisson.logFactorial(c, m.create(ks)).toDoubleArray();
            }
            assertArrayEquals(counted, told);
            assertArrayEquals(new double[] {0, 17, 0, 0, 18, 0, 0, 4, 0, 0}, Arrays.copyOfRange(told, 18, 28));
            assertArrayEquals(new double[] {9, 29_271_179, 0, 7, 29_706_985, 0}, Arrays.copyOfRange(told, n - 6, n));
            assertEquals("c03beda671ad39c4ef8382bc557c44a9db1ef600a33720148a7002bee669a952", sha256(told),
                    "seeded draw");
            assertEquals("7ce7ba9f2e4f7b8c00babc94743d82e6957940e2d1dea817bf0b301bd1f97c42", sha256(logFactorial),
                    "ln k!");
        }
    }

    /** Results and intermediates belong to the means' manager: the constants' manager holds only the constants. */
    @Test
    void aDrawLeavesNothingWithTheConstants() {
        try (NDManager m = NDManager.newBaseManager("PyTorch");
             TensorPoisson.Constants c = TensorPoisson.constants(m)) {
            int constants = m.getManagedArrays().size();
            try (NDManager scope = m.newSubManager()) {
                NDArray lam = scope.create(new double[] {0, 0.5, 3, 12, 1e3, 1e6});
                TensorPoisson.seed(1);
                TensorPoisson.sample(c, lam, 2, 3);
                TensorPoisson.logFactorial(c, lam);
            }
            assertEquals(constants, m.getManagedArrays().size());
            assertThrows(IllegalArgumentException.class, () -> c.f64(0.25));
        }
    }

    /** SHA-256 of the values' IEEE bits, big-endian, as hex. */
    static String sha256(double[] values) {
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(8 * values.length);
        for (double v : values) {
            bytes.putLong(Double.doubleToRawLongBits(v));
        }
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(bytes.array()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theEngineHasNoPoissonSamplerOfItsOwn() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray lam = m.create(new float[] {1, 2});
            assertThrows(UnsupportedOperationException.class, () -> m.samplePoisson(lam));
        }
    }

    private static double[] draw(double mean, int n, long seed) {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray lam = m.ones(new Shape(n), DataType.FLOAT64).mul(mean);
            TensorPoisson.seed(seed);
            return TensorPoisson.sample(lam).toDoubleArray();
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

    @Test
    void logFactorialOfATensorMatchesTheLogGammaFunction() {
        double[] ks = new double[2000 + 6];
        for (int i = 0; i < 2000; i++) {
            ks[i] = i;
        }
        double[] large = {1e4, 123_457, 1e6, 3e7, 1e9, 4e12};
        System.arraycopy(large, 0, ks, 2000, large.length);
        try (NDManager m = NDManager.newBaseManager();
             TensorPoisson.Constants c = TensorPoisson.constants(m)) {
            double[] got = TensorPoisson.logFactorial(c, m.create(ks).reshape(2, ks.length / 2)).toDoubleArray();
            for (int i = 0; i < ks.length; i++) {
                double want = org.apache.commons.math3.special.Gamma.logGamma(ks[i] + 1);
                assertEquals(want, got[i], 1e-13 * Math.max(1, Math.abs(want)), "ln " + ks[i] + "!");
            }
        }
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
