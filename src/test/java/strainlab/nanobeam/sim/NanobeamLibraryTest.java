package strainlab.nanobeam.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NanobeamLibraryTest {
    private static final ParameterGrid GRID = ParameterGrid.cube(5);
    private static final NanobeamLibrary LIB = NanobeamLibrary.create(NanobeamSimulator.paper(), GRID, 7, 2);

    @Test
    void gridOrderIsStrainMajorAndMatchesLinspace() {
        ParameterGrid paper = ParameterGrid.paper();
        assertEquals(68921, paper.size());
        assertEquals(new LatticeState(-0.005, -0.05, -0.1), paper.state(0));
        assertEquals(new LatticeState(-0.005, -0.05, -0.095), paper.state(1));
        assertEquals(new LatticeState(-0.005, -0.0475, -0.1), paper.state(41));
        LatticeState last = paper.state(68920);
        assertEquals(new LatticeState(0.005, 0.05, 0.1), last);
        assertEquals(0.0, paper.state(paper.flatIndex(20, 20, 20)).strain(), 1e-18);
        assertArrayEquals(new int[] {3, 7, 11}, paper.indices(paper.flatIndex(3, 7, 11)));
    }

    @Test
    void brightestPixelOfTheLibraryIsSevenPhotons() {
        double max = 0;
        for (int i = 0; i < GRID.size(); i++) {
            for (double v : LIB.meanCounts(i)) {
                max = Math.max(max, v);
            }
        }
        assertEquals(7.0, max, 1e-12);
    }

    @Test
    void noiseIsSeededWholeCountsWithPoissonMean() {
        float[] a = new float[4096];
        float[] b = new float[4096];
        float[] la = new float[3];
        float[] lb = new float[3];
        LIB.generate(42, 37, a, la);
        LIB.generate(42, 37, b, lb);
        assertArrayEquals(a, b, "same (seed, index), same bytes");
        assertArrayEquals(la, lb);
        LatticeState s = GRID.state(37);
        assertArrayEquals(new float[] {(float) s.strain(), (float) s.tiltLrDeg(), (float) s.tiltUdDeg()}, la);
        LIB.generate(43, 37, b, lb);
        assertFalse(Arrays.equals(a, b), "another seed, another noise draw");
        double noisySum = 0;
        double meanSum = 0;
        for (int i = 0; i < GRID.size(); i++) {
            LIB.generate(1, i, a, la);
            for (float v : a) {
                assertTrue(v >= 0 && v == Math.rint(v), "whole non-negative counts");
                noisySum += v;
            }
            for (double v : LIB.meanCounts(i)) {
                meanSum += v;
            }
        }
        // total counts ~ 1e5: Poisson relative spread ~ 0.3 %
        assertEquals(1.0, noisySum / meanSum, 0.015);
    }

    @Test
    void poissonSamplerHasTheRightMoments() {
        for (double mean : new double[] {0.3, 7, 45, 1000}) {
            java.util.SplittableRandom rng = PoissonSampler.stream(5, 9);
            int n = 40000;
            double s = 0;
            double s2 = 0;
            for (int i = 0; i < n; i++) {
                long k = PoissonSampler.sample(rng, mean);
                s += k;
                s2 += (double) k * k;
            }
            double m = s / n;
            double var = s2 / n - m * m;
            assertEquals(mean, m, 5 * Math.sqrt(mean / n), "mean for λ = " + mean);
            assertEquals(mean, var, 0.05 * mean + 0.02, "variance for λ = " + mean);
        }
    }

    @Test
    void materialisedLibraryDoesNotDependOnThreads() {
        LibraryData one = LIB.materialise(11, true, 1, null);
        LibraryData two = LIB.materialise(11, true, 2, null);
        assertArrayEquals(one.images(), two.images());
        assertArrayEquals(one.labels(), two.labels());
        assertEquals(125, one.count());
    }
}
