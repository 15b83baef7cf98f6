package strainlab.nanobeam.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.List;
import org.junit.jupiter.api.Test;
import strainlab.nanobeam.correlate.CorrelationFitter;
import strainlab.nanobeam.net.NanobeamEnsemble;
import strainlab.nanobeam.net.NanobeamModelInfo;
import strainlab.nanobeam.net.NanobeamNet;
import strainlab.nanobeam.sim.LatticeState;
import strainlab.nanobeam.sim.NanobeamSimulator;
import strainlab.nanobeam.sim.ParameterEstimates;
import strainlab.nanobeam.sim.ParameterGrid;

class MapStudyTest {
    @Test
    void figure3FieldsMatchThePublishedFormulas() {
        ParameterEstimates t = MapFields.figure3(64);
        assertEquals(4096, t.size());
        double maxStrain = 0;
        double maxLr = 0;
        double maxUd = 0;
        for (int i = 0; i < t.size(); i++) {
            maxStrain = Math.max(maxStrain, Math.abs(t.strain()[i]));
            maxLr = Math.max(maxLr, Math.abs(t.tiltLrDeg()[i]));
            maxUd = Math.max(maxUd, Math.abs(t.tiltUdDeg()[i]));
        }
        assertTrue(maxStrain <= 5e-4 && maxStrain > 4.9e-4, "strain amplitude 5e-4, got " + maxStrain);
        assertTrue(maxLr <= 0.0051 && maxLr > 0.004, "ω within ±0.005°, got " + maxLr);
        assertTrue(maxUd <= 0.0076 && maxUd > 0.006, "χ within ±0.0075°, got " + maxUd);
        // the wave runs along x + y: pixel (0, 0) has x = y = −1, sin(2π·(−2)/0.4) = sin(−10π) = 0
        assertEquals(0, t.strain()[0], 1e-15);
        // pixel (0, 1): x = −1 + 2/63, y = −1
        assertEquals(5e-4 * Math.sin(2 * Math.PI * (-2 + 2.0 / 63) / 0.4), t.strain()[1], 1e-15);
        ParameterGrid.paper().requireInside(t.state(1234));
        assertEquals(0.01 / (1 + Math.exp(-(-3 * 0.5 + 1 * Math.sin(Math.PI / 3)) / 0.07)),
                MapFields.sigmoid(0.01, -3, -1, Math.PI / 3), 1e-15);
    }

    @Test
    void scanCountsAreScaledToTheBrightestPixelAndSeeded() {
        NanobeamSimulator sim = NanobeamSimulator.paper();
        ParameterEstimates t = MapFields.figure3(4);
        double[][] clean = ScanSimulation.noiseFree(sim, t, ParameterGrid.paper(), 2);
        float[] mean = ScanSimulation.countsAtMaximum(clean, 7, 1, false);
        float max = 0;
        for (float v : mean) {
            max = Math.max(max, v);
        }
        assertEquals(7f, max, 1e-5f);
        float[] streamed = ScanSimulation.simulateCounts(sim, t, ParameterGrid.paper(), 0.01, 5, true, 2);
        assertTrue(java.util.Arrays.equals(ScanSimulation.countsAtScale(clean, 0.01, 5, true), streamed),
                "one-pass simulation equals simulate-then-count");
        float[] a = ScanSimulation.countsAtMaximum(clean, 7, 5, true);
        float[] b = ScanSimulation.countsAtMaximum(clean, 7, 5, true);
        assertTrue(java.util.Arrays.equals(a, b));
        ParameterEstimates outside = ParameterEstimates.zeros(1);
        outside.set(0, new double[] {0.009, 0, 0});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScanSimulation.noiseFree(sim, outside, ParameterGrid.paper(), 1));
        assertTrue(e.getMessage().contains("map pixel 0") && e.getMessage().contains("strain"), e.getMessage());
    }

    @Test
    void onePassScanMatchesTheFloat64RecipeAndIsSeeded() {
        NanobeamSimulator sim = NanobeamSimulator.paper();
        ParameterEstimates t = MapFields.figure3(4);
        double[][] clean = ScanSimulation.noiseFree(sim, t, ParameterGrid.paper(), 2);
        float[] reference = ScanSimulation.countsAtMaximum(clean, 7, 1, false);
        ScanSimulation.Scan mean = ScanSimulation.countsAtMaximum(sim, t, ParameterGrid.paper(), 7, 1, false, 2, null);
        float max = 0;
        for (int q = 0; q < reference.length; q++) {
            assertEquals(reference[q], mean.counts()[q], 1e-5f * 7, "pixel value " + q);
            max = Math.max(max, mean.counts()[q]);
        }
        assertEquals(7f, max, 1e-5f);
        assertEquals(7 / maxOf(clean), mean.countsPerUnit(), 1e-6 * mean.countsPerUnit());
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        float[] a = ScanSimulation.countsAtMaximum(sim, t, ParameterGrid.paper(), 7, 5, true, 1,
                d -> done.incrementAndGet()).counts();
        float[] b = ScanSimulation.countsAtMaximum(sim, t, ParameterGrid.paper(), 7, 5, true, 2, null).counts();
        float[] c = ScanSimulation.countsAtMaximum(sim, t, ParameterGrid.paper(), 7, 6, true, 2, null).counts();
        assertEquals(16, done.get(), "progress counts every pattern");
        assertTrue(java.util.Arrays.equals(a, b), "same seed, any thread count: same counts");
        assertTrue(!java.util.Arrays.equals(a, c), "another seed draws other counts");
        for (float v : a) {
            assertEquals(Math.rint(v), v, 0.0, "Poisson counts are whole numbers");
        }
    }

    private static double maxOf(double[][] patterns) {
        double m = 0;
        for (double[] p : patterns) {
            for (double v : p) {
                m = Math.max(m, v);
            }
        }
        return m;
    }

    @Test
    void tiledFieldOfViewRepeatsThePaperMap() {
        ParameterEstimates paper = MapFields.figure3(64);
        ParameterEstimates same = MapFields.figure3(64, MapFields.FieldOfView.TILE);
        assertTrue(java.util.Arrays.equals(paper.strain(), same.strain()));
        ParameterEstimates big = MapFields.figure3(70, MapFields.FieldOfView.TILE);
        assertEquals(paper.state(64 + 3), big.state(65 * 70 + 3));
        assertEquals(paper.state(5 * 64 + 2), big.state(69 * 70 + 66));
        ParameterEstimates fine = MapFields.figure3(70, MapFields.FieldOfView.PAPER);
        assertEquals(4900, fine.size());
        assertEquals(MapFields.figure3(70).state(1234), fine.state(1234));
    }

    @Test
    void bothMethodsRunOnASmallMapAndTheErrorsAreConsistent() {
        NanobeamSimulator sim = NanobeamSimulator.paper();
        ParameterGrid grid = ParameterGrid.paperCentre(5);
        try (NanobeamEnsemble ens = new NanobeamEnsemble(List.of(
                NanobeamNet.create(Device.cpu(), NanobeamModelInfo.untrained(grid, 7, 1, 1)),
                NanobeamNet.create(Device.cpu(), NanobeamModelInfo.untrained(grid, 7, 2, 2))))) {
            List<String> log = new java.util.ArrayList<>();
            MapStudy.Run run = MapStudy.run(sim, sim, ens,
                    new MapStudy.Settings(6, MapFields.FieldOfView.PAPER, 7, 3, 2, "cpu", 2), log::add);
            MapResult r = run.result();
            assertEquals(36, r.cnn().size());
            assertTrue(run.scanSeconds() > 0 && r.cnnSeconds() > 0 && run.libraryBuildSeconds() > 0
                    && r.correlationSeconds() > 0, "every step is timed");
            assertEquals(2, run.cnnSeconds().length);
            assertEquals(MapStudy.median(run.fitSeconds()), r.correlationSeconds(), 0);
            assertEquals(run.libraryBuildSeconds() + r.correlationSeconds(), run.correlationTotalSeconds(), 1e-12);
            assertTrue(log.stream().anyMatch(l -> l.startsWith("  fit: 36/36")), String.join("\n", log));
            double[] rmse = r.rmseCorrelation();
            ParameterEstimates err = r.errors(r.correlation());
            for (int d = 0; d < 3; d++) {
                double s = 0;
                for (double v : err.parameter(d)) {
                    s += v * v;
                }
                assertEquals(Math.sqrt(s / 36), rmse[d], 1e-15);
                // the fit stays inside its grid
                for (double v : r.correlation().parameter(d)) {
                    assertTrue(grid.axes()[d].contains(v));
                }
                assertTrue(r.meanCnnSpread()[d] > 0, "two different members disagree");
            }
            // chunked fitting equals one call on the whole map
            try (CorrelationFitter fitter = CorrelationFitter.build(sim, grid, Device.cpu(), 2, null)) {
                ParameterEstimates whole = fitter.fit(r.patterns());
                for (int d = 0; d < 3; d++) {
                    assertTrue(java.util.Arrays.equals(whole.parameter(d), r.correlation().parameter(d)));
                }
            }
            assertTrue(r.summary().contains("correlation fit"));
            if (System.getProperty("os.name").startsWith("Linux")) {
                // the kernel refreshes VmHWM lazily (max of its last high-water mark and the current RSS), so
                // successive readings need not grow: only their presence is checked
                for (double mb : run.peakRssMb()) {
                    assertTrue(mb > 0, "VmHWM read after each step");
                }
            }

            int[] pixels = MapStudy.figure2Pixels(r.truth());
            assertTrue(pixels.length >= 2 && pixels.length <= 4);
            assertEquals(pixels.length, java.util.Arrays.stream(pixels).distinct().count());
            MapStudy.Figure2 f = MapStudy.figure2(sim, r, run.scanCountsPerUnit(), pixels);
            double[] truth0 = sim.simulate(r.truth().state(pixels[0]));
            double input = 0;
            double mean = 0;
            for (int q = 0; q < 4096; q++) {
                assertEquals(truth0[q] * run.scanCountsPerUnit(), f.fromTruth()[q], 1e-5);
                input += f.inputs()[q];
                mean += f.fromTruth()[q];
            }
            assertEquals(r.patterns()[pixels[0] * 4096 + 100], f.inputs()[100]);
            assertEquals(mean, input, 5 * Math.sqrt(mean), "the noisy input is a Poisson draw of the true pattern");
            float[] predicted = MapStudy.predictedPatterns(sim, r.truth(), r.patterns());
            double si = 0;
            double sp = 0;
            for (int q = 0; q < 4096; q++) {
                si += r.patterns()[q];
                sp += predicted[q];
            }
            assertEquals(si, sp, 1e-3 * si, "predicted patterns carry the input's total counts");
        }
    }

    @Test
    void settingsRejectBadValues() {
        assertThrows(IllegalArgumentException.class,
                () -> new MapStudy.Settings(1, MapFields.FieldOfView.PAPER, 7, 1, 1, "cpu", 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MapStudy.Settings(8, MapFields.FieldOfView.PAPER, 0, 1, 1, "cpu", 1));
        assertTrue(e.getMessage().contains("maxCounts"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new MapStudy.Settings(8, MapFields.FieldOfView.PAPER, 7, 1, 0, "cpu", 1));
        assertThrows(IllegalArgumentException.class,
                () -> new MapStudy.Settings(8, MapFields.FieldOfView.PAPER, 7, 1, 1, "cpu", 0));
        assertEquals(2.5, MapStudy.median(new double[] {4, 1, 2, 3}), 0);
        assertEquals(3, MapStudy.median(new double[] {9, 1, 3}), 0);
    }

    @Test
    void paperCentreGridKeepsThePaperSteps() {
        ParameterGrid g = ParameterGrid.paperCentre(9);
        assertEquals(ParameterGrid.paper().strain().step(), g.strain().step(), 1e-18);
        assertEquals(ParameterGrid.paper().tiltLrDeg().step(), g.tiltLrDeg().step(), 1e-16);
        assertEquals(ParameterGrid.paper().tiltUdDeg().step(), g.tiltUdDeg().step(), 1e-16);
        assertEquals(new LatticeState(0, 0, 0), g.state(g.flatIndex(4, 4, 4)));
    }
}
