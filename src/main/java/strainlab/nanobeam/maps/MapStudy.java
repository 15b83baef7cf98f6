package strainlab.nanobeam.maps;

import strainlab.nanobeam.correlate.CorrelationFitter;
import strainlab.nanobeam.net.NanobeamEnsemble;
import strainlab.nanobeam.sim.NanobeamSimulator;
import strainlab.nanobeam.sim.ParameterEstimates;

/**
 * Figure 3 and the speed comparison: simulate a scan from ground-truth fields, add noise, and analyse it with
 * NanobeamNN and with the correlation fit.
 */
public final class MapStudy {
    private MapStudy() {
    }

    /**
     * Simulates the scan of {@code truth} ({@code width × width}) with {@code simulator} (the authors' figure-3 map
     * uses the {@code CORRECTED} tilt convention), scales it so that its brightest pixel is {@code maxCounts}, draws
     * Poisson noise with {@code seed}, and analyses it with both methods.
     */
    public static MapResult run(NanobeamSimulator simulator, ParameterEstimates truth, int width,
                                NanobeamEnsemble ensemble, CorrelationFitter fitter, double maxCounts, long seed,
                                int threads) {
        if (truth.size() != width * width) {
            throw new IllegalArgumentException("truth has " + truth.size() + " pixels, expected width² = " + width * width);
        }
        double[][] clean = ScanSimulation.noiseFree(simulator, truth, ensemble.trainedRange(), threads);
        float[] patterns = ScanSimulation.countsAtMaximum(clean, maxCounts, seed, true);
        return analyse(width, truth, patterns, ensemble, fitter);
    }

    /** Analyses given patterns with both methods and times each. */
    public static MapResult analyse(int width, ParameterEstimates truth, float[] patterns, NanobeamEnsemble ensemble,
                                    CorrelationFitter fitter) {
        long t0 = System.nanoTime();
        NanobeamEnsemble.Prediction p = ensemble.predict(patterns);
        double cnnSeconds = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        ParameterEstimates corr = fitter.fit(patterns);
        double corrSeconds = (System.nanoTime() - t0) / 1e9;
        return new MapResult(width, truth, patterns, p.mean(), p.spread(), corr, cnnSeconds, corrSeconds);
    }

    /**
     * Figure 2: the patterns simulated from estimated parameters, on the count scale of the inputs (each predicted
     * pattern is scaled to the total counts of its input, so that the two can be compared side by side).
     */
    public static float[] predictedPatterns(NanobeamSimulator simulator, ParameterEstimates estimates, float[] inputs) {
        int len = simulator.pixelCount();
        float[] out = new float[estimates.size() * len];
        for (int i = 0; i < estimates.size(); i++) {
            double[] p = simulator.simulate(estimates.state(i));
            double sp = 0;
            double si = 0;
            for (int q = 0; q < len; q++) {
                sp += p[q];
                si += inputs[i * len + q];
            }
            double scale = sp > 0 ? si / sp : 0;
            for (int q = 0; q < len; q++) {
                out[i * len + q] = (float) (p[q] * scale);
            }
        }
        return out;
    }
}
