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
    void bothMethodsRunOnASmallMapAndTheErrorsAreConsistent() {
        NanobeamSimulator sim = NanobeamSimulator.paper();
        ParameterGrid grid = ParameterGrid.paperCentre(5);
        try (CorrelationFitter fitter = CorrelationFitter.build(sim, grid, Device.cpu(), 2, null);
             NanobeamEnsemble ens = new NanobeamEnsemble(List.of(NanobeamNet.create(Device.cpu(),
                     NanobeamModelInfo.untrained(grid, 7, 1, 1))))) {
            ParameterEstimates truth = MapFields.figure3(6);
            MapResult r = MapStudy.run(sim, truth, 6, ens, fitter, 7, 3, 2);
            assertEquals(36, r.cnn().size());
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
            }
            assertTrue(r.summary().contains("correlation fit"));
            float[] predicted = MapStudy.predictedPatterns(sim, truth, r.patterns());
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
    void paperCentreGridKeepsThePaperSteps() {
        ParameterGrid g = ParameterGrid.paperCentre(9);
        assertEquals(ParameterGrid.paper().strain().step(), g.strain().step(), 1e-18);
        assertEquals(ParameterGrid.paper().tiltLrDeg().step(), g.tiltLrDeg().step(), 1e-16);
        assertEquals(ParameterGrid.paper().tiltUdDeg().step(), g.tiltUdDeg().step(), 1e-16);
        assertEquals(new LatticeState(0, 0, 0), g.state(g.flatIndex(4, 4, 4)));
    }
}
