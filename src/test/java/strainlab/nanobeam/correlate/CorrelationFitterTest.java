package strainlab.nanobeam.correlate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import strainlab.nanobeam.correlate.CorrelationFitter.Backend;
import strainlab.nanobeam.sim.GridAxis;
import strainlab.nanobeam.sim.LatticeState;
import strainlab.nanobeam.sim.NanobeamLibrary;
import strainlab.nanobeam.sim.NanobeamSimulator;
import strainlab.nanobeam.sim.ParameterEstimates;
import strainlab.nanobeam.sim.ParameterGrid;

class CorrelationFitterTest {
    private static final NanobeamSimulator SIM = NanobeamSimulator.paper();
    private static final ParameterGrid GRID = ParameterGrid.cube(5);
    private static final int PIXELS = 4096;
    private static double[][] library;
    private static NanobeamLibrary counts;
    private static CorrelationFitter fitter;

    @BeforeAll
    static void build() {
        library = new double[GRID.size()][];
        for (int i = 0; i < GRID.size(); i++) {
            library[i] = SIM.simulate(GRID.state(i));
        }
        counts = NanobeamLibrary.create(SIM, GRID, 7, 2);
        // blocks of 3 so that a fit of several patterns runs over several blocks and both threads
        fitter = CorrelationFitter.build(SIM, GRID, Device.cpu(), Backend.VECTOR, 2, 3, null);
    }

    @AfterAll
    static void close() {
        fitter.close();
    }

    private static float[] asPatterns(double scale, int... indices) {
        float[] out = new float[indices.length * PIXELS];
        for (int q = 0; q < indices.length; q++) {
            for (int p = 0; p < PIXELS; p++) {
                out[q * PIXELS + p] = (float) (library[indices[q]][p] * scale);
            }
        }
        return out;
    }

    /**
     * Test inputs at the library's count scale (maximum 7 photons): Poisson counts of grid entries and of off-grid
     * states (sparse: most pixels zero), then the same states noise-free plus a background of 0.25 on every pixel
     * (dense: no pixel zero).
     */
    private static float[] mixedInputs() {
        LatticeState[] states = {GRID.state(0), GRID.state(62), GRID.state(124), GRID.state(37),
            new LatticeState(0.0013, -0.021, 0.047), new LatticeState(-0.0041, 0.033, -0.088)};
        float[] out = new float[2 * states.length * PIXELS];
        for (int s = 0; s < states.length; s++) {
            double[] mean = counts.meanCounts(states[s]);
            float[] noisy = NanobeamLibrary.poisson(mean, 11, s);
            System.arraycopy(noisy, 0, out, s * PIXELS, PIXELS);
            for (int p = 0; p < PIXELS; p++) {
                out[(states.length + s) * PIXELS + p] = (float) (mean[p] + 0.25);
            }
        }
        return out;
    }

    private static double[] pattern(float[] patterns, int m) {
        double[] p = new double[PIXELS];
        for (int q = 0; q < PIXELS; q++) {
            p[q] = patterns[m * PIXELS + q];
        }
        return p;
    }

    private static int nonZero(float[] patterns, int m) {
        int nz = 0;
        for (int q = 0; q < PIXELS; q++) {
            nz += patterns[m * PIXELS + q] != 0 ? 1 : 0;
        }
        return nz;
    }

    private static void assertMarginalsMatchReference(CorrelationFitter f, float[] inputs, double relative) {
        double[][][] m = f.marginals(inputs);
        ParameterEstimates e = f.fit(inputs);
        GridAxis[] axes = GRID.axes();
        for (int q = 0; q < m.length; q++) {
            double[] p = pattern(inputs, q);
            double[][] ref = ReferenceCorrelation.marginals(library, 5, 5, 5, p);
            double[] refFit = ReferenceCorrelation.fit(library, axes, p);
            for (int d = 0; d < 3; d++) {
                double scale = 0;
                for (double v : ref[d]) {
                    scale = Math.max(scale, Math.abs(v));
                }
                for (int i = 0; i < ref[d].length; i++) {
                    assertEquals(ref[d][i], m[q][d][i], relative * scale, "pattern " + q + ", axis " + d + ", index " + i);
                }
                assertEquals(refFit[d], e.parameter(d)[q], relative * axes[d].step(), "estimate " + d + " of pattern " + q);
            }
        }
    }

    @Test
    void vectorKernelEqualsTheDirectFloat64EstimatorOnSparseAndDenseInputs() {
        float[] inputs = mixedInputs();
        int half = inputs.length / PIXELS / 2;
        for (int q = 0; q < half; q++) {
            int nz = nonZero(inputs, q);
            assertTrue(nz > 100 && nz < PIXELS / 2, "noisy pattern " + q + " should be sparse: " + nz + " non-zero");
            assertEquals(PIXELS, nonZero(inputs, half + q), "dense pattern " + q);
        }
        assertMarginalsMatchReference(fitter, inputs, 1e-12);
    }

    @Test
    void deviceBackendEqualsTheDirectFloat64Estimator() {
        try (CorrelationFitter f = CorrelationFitter.build(SIM, GRID, Device.cpu(), Backend.DEVICE, 1, 4, null)) {
            assertEquals(Backend.DEVICE, f.backend());
            assertMarginalsMatchReference(f, mixedInputs(), 1e-12);
        }
    }

    @Test
    void resultsAreTheSameBytesForAnyThreadCountAndBlockSize() {
        float[] inputs = mixedInputs();
        double[][][] ref = fitter.marginals(inputs);
        try (CorrelationFitter one = CorrelationFitter.build(SIM, GRID, Device.cpu(), Backend.VECTOR, 1, 64, null);
             CorrelationFitter three = CorrelationFitter.build(SIM, GRID, Device.cpu(), Backend.VECTOR, 3, 1, null)) {
            for (CorrelationFitter f : new CorrelationFitter[] {one, three}) {
                double[][][] m = f.marginals(inputs);
                for (int q = 0; q < ref.length; q++) {
                    for (int d = 0; d < 3; d++) {
                        assertArrayEquals(ref[q][d], m[q][d], 0.0, "pattern " + q + ", axis " + d);
                    }
                }
            }
        }
    }

    @Test
    void theDefaultBackEndFollowsTheDevice() {
        assertEquals(Backend.VECTOR, Backend.forDevice(Device.cpu()));
        assertEquals(Backend.DEVICE, Backend.forDevice(Device.gpu()));
        try (CorrelationFitter f = CorrelationFitter.build(SIM, GRID, Device.cpu(), 2, null)) {
            assertEquals(Backend.VECTOR, f.backend());
        }
    }

    @Test
    void libraryMaximumIsTheSameAsTheLibraryPass() {
        assertEquals(counts.libraryMaximum(), fitter.libraryMaximum(), 0.0);
    }

    @Test
    void progressCountsLibraryPatterns() {
        java.util.List<Integer> seen = new java.util.ArrayList<>();
        try (CorrelationFitter f = CorrelationFitter.build(SIM, GRID, Device.cpu(), Backend.VECTOR, 2, 8,
                seen::add)) {
            assertEquals(GRID.size(), seen.get(seen.size() - 1));
        }
    }

    @Test
    void centreOfMassIsExactWhenTheCorrelationIsConfinedToOneEntry() {
        // a library of mutually orthogonal patterns (one lit pixel each): the correlation of an entry with the
        // library is non-zero only at that entry, every marginal is a spike, and the estimator is exact
        ParameterGrid grid = new ParameterGrid(new GridAxis("strain", -0.005, 0.005, 3),
                new GridAxis("tilt_lr_deg", -0.05, 0.05, 4), new GridAxis("tilt_ud_deg", -0.1, 0.1, 5));
        double[][] lib = new double[grid.size()][PIXELS];
        for (int l = 0; l < grid.size(); l++) {
            lib[l][l * 7] = 2.5;
        }
        for (Backend b : Backend.values()) {
            try (CorrelationFitter f = CorrelationFitter.fromPatterns(i -> lib[i], PIXELS, grid, Device.cpu(), b, 1, 7,
                    null)) {
                float[] patterns = new float[grid.size() * PIXELS];
                for (int l = 0; l < grid.size(); l++) {
                    patterns[l * PIXELS + l * 7] = 3;
                }
                ParameterEstimates e = f.fit(patterns);
                for (int l = 0; l < grid.size(); l++) {
                    LatticeState s = grid.state(l);
                    assertEquals(s.strain(), e.strain()[l], 1e-15, b + " " + s);
                    assertEquals(s.tiltLrDeg(), e.tiltLrDeg()[l], 1e-15, b + " " + s);
                    assertEquals(s.tiltUdDeg(), e.tiltUdDeg()[l], 1e-15, b + " " + s);
                }
            }
        }
    }

    @Test
    void libraryEntriesAreNotReturnedAtTheirGridValuesButPulledToTheCentre() {
        double maxError = 0;
        for (int l = 0; l < GRID.size(); l++) {
            LatticeState s = GRID.state(l);
            double[] est = ReferenceCorrelation.fit(library, GRID.axes(), library[l]);
            double[] truth = s.toArray();
            GridAxis[] axes = GRID.axes();
            for (int d = 0; d < 3; d++) {
                double centre = (axes[d].min() + axes[d].max()) / 2;
                // exact for χ when the entry sits on the χ mirror plane: its χ marginal is symmetric
                if (d == 2 && truth[2] == 0) {
                    assertEquals(0, est[2], 1e-12, "χ of a χ = 0 entry is exact (mirror symmetry), entry " + s);
                }
                // never pushed outward: the estimate lies between the true value and the grid centre (shrinkage)
                if (truth[d] != centre) {
                    double t = (est[d] - centre) / (truth[d] - centre);
                    assertTrue(t < 1 + 1e-9, axes[d].name() + " of " + s + " estimated " + est[d] + " (outward)");
                }
                maxError = Math.max(maxError, Math.abs(est[d] - truth[d]) / axes[d].step());
            }
            // scale invariance: the same estimate for 100x the counts
            double[] scaled = library[l].clone();
            for (int p = 0; p < scaled.length; p++) {
                scaled[p] *= 100;
            }
            double[] est100 = ReferenceCorrelation.fit(library, GRID.axes(), scaled);
            for (int d = 0; d < 3; d++) {
                assertEquals(est[d], est100[d], 1e-12 * GRID.axes()[d].step());
            }
        }
        // the bias is large: an edge entry is pulled by more than one grid step
        double[] edge = ReferenceCorrelation.fit(library, GRID.axes(), library[GRID.flatIndex(0, 2, 2)]);
        System.out.printf("entry at strain -0.5 %%: estimated %.5f %%; worst error over the 5^3 grid %.2f steps%n",
                100 * edge[0], maxError);
        assertTrue(edge[0] > -0.005 + GRID.strain().step(), "edge strain pulled inwards by > 1 step: " + edge[0]);
    }

    @Test
    void theMarginalPeaksOfALibraryEntryAreOftenNotAtTheEntry() {
        // why no peak-based variant of the estimator (argmax, or a centre of mass around the peak) can be exact on
        // library entries: a marginal sums the correlation over a whole slab of the grid, and a neighbouring slab can
        // outweigh the one that holds the perfect match
        int misses = 0;
        double[][][] m = fitter.marginals(asPatterns(1, java.util.stream.IntStream.range(0, GRID.size()).toArray()));
        for (int l = 0; l < GRID.size(); l++) {
            int[] idx = GRID.indices(l);
            boolean miss = false;
            for (int d = 0; d < 3; d++) {
                int arg = 0;
                for (int i = 1; i < m[l][d].length; i++) {
                    if (m[l][d][i] > m[l][d][arg]) {
                        arg = i;
                    }
                }
                miss |= arg != idx[d];
            }
            misses += miss ? 1 : 0;
        }
        System.out.printf("library entries of the 5^3 grid whose marginal peak misses them on some axis: %d of %d%n",
                misses, GRID.size());
        assertTrue(misses > GRID.size() / 4, "marginal peaks missed " + misses + " entries");
    }

    @Test
    void wrongImageSizeAndNegativeCountsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fitter.fit(new float[4000]));
        assertTrue(e.getMessage().contains("4096"), e.getMessage());
        float[] bad = asPatterns(1, 3);
        bad[130] = -1;
        e = assertThrows(IllegalArgumentException.class, () -> fitter.fit(bad));
        assertTrue(e.getMessage().contains("negative") && e.getMessage().contains("row 2, column 2"), e.getMessage());
        bad[130] = Float.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> fitter.marginals(bad));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void badLibrariesAndOptionsAreRefused() {
        ParameterGrid grid = ParameterGrid.cube(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CorrelationFitter.fromPatterns(
                i -> new double[100], PIXELS, grid, Device.cpu(), Backend.VECTOR, 1, 4, null));
        assertTrue(e.getMessage().contains("100 values") && e.getMessage().contains("4096"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CorrelationFitter.fromPatterns(i -> {
            double[] p = new double[PIXELS];
            p[5] = i == 3 ? -2 : 1;
            return p;
        }, PIXELS, grid, Device.cpu(), Backend.VECTOR, 2, 4, null));
        assertTrue(e.getMessage().contains("library pattern 3") && e.getMessage().contains("pixel 5"), e.getMessage());
        IllegalStateException empty = assertThrows(IllegalStateException.class, () -> CorrelationFitter.fromPatterns(
                i -> new double[PIXELS], PIXELS, grid, Device.cpu(), Backend.VECTOR, 1, 4, null));
        assertTrue(empty.getMessage().contains("zero sum"), empty.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CorrelationFitter.fromPatterns(
                i -> new double[4000], 4000, grid, Device.cpu(), Backend.VECTOR, 1, 4, null));
        assertTrue(e.getMessage().contains("not square"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CorrelationFitter.build(SIM, grid, Device.cpu(), Backend.VECTOR, 0, 4, null));
        assertTrue(e.getMessage().contains("threads"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CorrelationFitter.build(SIM, grid, Device.cpu(), Backend.VECTOR, 1, 0, null));
        assertTrue(e.getMessage().contains("mapBlock"), e.getMessage());
    }
}
