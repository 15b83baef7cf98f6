package strainlab.nanobeam.maps;

import java.util.SplittableRandom;
import strainlab.nanobeam.sim.NanobeamLibrary;
import strainlab.nanobeam.sim.NanobeamSimulator;
import strainlab.nanobeam.sim.ParameterEstimates;
import strainlab.nanobeam.sim.ParameterGrid;
import strainlab.nanobeam.sim.PoissonSampler;

/**
 * Simulated scans: one detector pattern per map pixel from given parameter fields, scaled and with seeded
 * Poisson noise.
 */
public final class ScanSimulation {
    private ScanSimulation() {
    }

    /**
     * The noise-free patterns of every map pixel (simulator units), row-major per pattern, computed on
     * {@code threads} threads. The fields must lie inside {@code trainedRange} (else an error names the pixel).
     */
    public static double[][] noiseFree(NanobeamSimulator sim, ParameterEstimates truth, ParameterGrid trainedRange,
                                       int threads) {
        int n = truth.size();
        for (int i = 0; i < n; i++) {
            try {
                trainedRange.requireInside(truth.state(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("map pixel " + i + ": " + e.getMessage(), e);
            }
        }
        double[][] out = new double[n][];
        NanobeamLibrary.parallelFor(n, Math.max(1, threads), i -> out[i] = sim.simulate(truth.state(i)), null);
        return out;
    }

    /**
     * Simulates and counts in one pass (no float64 copy of the scan is kept): pattern i is the noise-free pattern of
     * {@code truth.state(i)} times {@code countsPerUnit}, with Poisson noise of (seed, i) when {@code noisy}.
     */
    public static float[] simulateCounts(NanobeamSimulator sim, ParameterEstimates truth, ParameterGrid trainedRange,
                                         double countsPerUnit, long seed, boolean noisy, int threads) {
        int n = truth.size();
        for (int i = 0; i < n; i++) {
            try {
                trainedRange.requireInside(truth.state(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("map pixel " + i + ": " + e.getMessage(), e);
            }
        }
        int len = sim.pixelCount();
        float[] out = new float[Math.multiplyExact(n, len)];
        NanobeamLibrary.parallelFor(n, Math.max(1, threads), i -> {
            double[] p = sim.simulate(truth.state(i));
            SplittableRandom rng = PoissonSampler.stream(seed, i);
            for (int q = 0; q < len; q++) {
                double mean = p[q] * countsPerUnit;
                out[i * len + q] = noisy ? (float) PoissonSampler.sample(rng, mean) : (float) mean;
            }
        }, null);
        return out;
    }

    /**
     * Scales patterns so that the brightest pixel of the whole scan is {@code maxCounts} (the published figure-3
     * recipe) and draws Poisson counts with the stream of (seed, pixel); {@code noisy = false} returns the scaled
     * means.
     */
    public static float[] countsAtMaximum(double[][] patterns, double maxCounts, long seed, boolean noisy) {
        double max = 0;
        for (double[] p : patterns) {
            for (double v : p) {
                max = Math.max(max, v);
            }
        }
        return countsAtScale(patterns, maxCounts / max, seed, noisy);
    }

    /**
     * Multiplies patterns by {@code countsPerUnit} (e.g. {@link NanobeamLibrary#countsPerUnit()}, to put a scan on a
     * library's count scale) and draws Poisson counts with the stream of (seed, pixel) when {@code noisy}.
     */
    public static float[] countsAtScale(double[][] patterns, double countsPerUnit, long seed, boolean noisy) {
        int len = patterns[0].length;
        float[] out = new float[patterns.length * len];
        for (int i = 0; i < patterns.length; i++) {
            SplittableRandom rng = PoissonSampler.stream(seed, i);
            for (int p = 0; p < len; p++) {
                double mean = patterns[i][p] * countsPerUnit;
                out[i * len + p] = noisy ? (float) PoissonSampler.sample(rng, mean) : (float) mean;
            }
        }
        return out;
    }
}
