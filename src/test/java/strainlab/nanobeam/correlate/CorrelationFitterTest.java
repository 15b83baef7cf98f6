package strainlab.nanobeam.correlate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import strainlab.nanobeam.sim.GridAxis;
import strainlab.nanobeam.sim.LatticeState;
import strainlab.nanobeam.sim.NanobeamSimulator;
import strainlab.nanobeam.sim.ParameterEstimates;
import strainlab.nanobeam.sim.ParameterGrid;

class CorrelationFitterTest {
    private static final NanobeamSimulator SIM = NanobeamSimulator.paper();
    private static final ParameterGrid GRID = ParameterGrid.cube(5);
    private static double[][] library;
    private static CorrelationFitter fitter;

    @BeforeAll
    static void build() {
        library = new double[GRID.size()][];
        for (int i = 0; i < GRID.size(); i++) {
            library[i] = SIM.simulate(GRID.state(i));
        }
        // small blocks so that the streaming over library and map blocks is exercised
        fitter = CorrelationFitter.build(SIM, GRID, Device.cpu(), 2, 40, 3, null);
    }

    @AfterAll
    static void close() {
        fitter.close();
    }

    private static float[] asPatterns(double scale, int... indices) {
        float[] out = new float[indices.length * 4096];
        for (int q = 0; q < indices.length; q++) {
            for (int p = 0; p < 4096; p++) {
                out[q * 4096 + p] = (float) (library[indices[q]][p] * scale);
            }
        }
        return out;
    }

    @Test
    void centreOfMassIsExactWhenTheCorrelationIsConfinedToOneEntry() {
        // a library of mutually orthogonal patterns (one lit pixel each): the correlation of an entry with the
        // library is non-zero only at that entry, every marginal is a spike, and the estimator is exact
        ParameterGrid grid = new ParameterGrid(new GridAxis("strain", -0.005, 0.005, 3),
                new GridAxis("tilt_lr_deg", -0.05, 0.05, 4), new GridAxis("tilt_ud_deg", -0.1, 0.1, 5));
        double[][] lib = new double[grid.size()][4096];
        for (int l = 0; l < grid.size(); l++) {
            lib[l][l * 7] = 2.5;
        }
        try (CorrelationFitter f = CorrelationFitter.fromPatterns(i -> lib[i], 4096, grid, Device.cpu(), 1, 20, 7, null)) {
            float[] patterns = new float[grid.size() * 4096];
            for (int l = 0; l < grid.size(); l++) {
                patterns[l * 4096 + l * 7] = 3;
            }
            ParameterEstimates e = f.fit(patterns);
            for (int l = 0; l < grid.size(); l++) {
                LatticeState s = grid.state(l);
                assertEquals(s.strain(), e.strain()[l], 1e-15);
                assertEquals(s.tiltLrDeg(), e.tiltLrDeg()[l], 1e-15);
                assertEquals(s.tiltUdDeg(), e.tiltUdDeg()[l], 1e-15);
            }
        }
    }

    @Test
    void blockedDeviceFitEqualsTheDirectFloat64Estimator() {
        int[] probes = {0, 31, 62, 77, 124};
        ParameterEstimates e = fitter.fit(asPatterns(0.01, probes));
        for (int q = 0; q < probes.length; q++) {
            double[] ref = ReferenceCorrelation.fit(library, GRID.axes(), library[probes[q]]);
            assertEquals(ref[0], e.strain()[q], 1e-5 * GRID.strain().step());
            assertEquals(ref[1], e.tiltLrDeg()[q], 1e-5 * GRID.tiltLrDeg().step());
            assertEquals(ref[2], e.tiltUdDeg()[q], 1e-5 * GRID.tiltUdDeg().step());
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
    void wrongImageSizeAndNegativeCountsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fitter.fit(new float[4000]));
        assertTrue(e.getMessage().contains("4096"), e.getMessage());
        float[] bad = asPatterns(1, 3);
        bad[130] = -1;
        e = assertThrows(IllegalArgumentException.class, () -> fitter.fit(bad));
        assertTrue(e.getMessage().contains("negative") && e.getMessage().contains("row 2, column 2"), e.getMessage());
    }
}
