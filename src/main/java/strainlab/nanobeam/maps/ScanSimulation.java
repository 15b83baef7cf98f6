package strainlab.nanobeam.maps;

import java.util.SplittableRandom;
import java.util.function.IntConsumer;
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
     * A simulated scan on a count scale.
     *
     * @param counts        the patterns in photons, row-major, {@code pixelCount} values per map pixel
     * @param countsPerUnit photons per simulator unit: the noise-free mean of pattern i is its simulated image times
     *                      this factor
     */
    public record Scan(float[] counts, double countsPerUnit) {
        public Scan {
            if (!(countsPerUnit > 0) || !Double.isFinite(countsPerUnit)) {
                throw new IllegalArgumentException("countsPerUnit must be finite and > 0, got " + countsPerUnit);
            }
        }
    }

    /**
     * The published figure-3 recipe in one float32 pass (no float64 copy of the scan is kept, so a 165 × 165 scan
     * needs 0.45 GB): simulates every map pixel on {@code threads} threads, scales the scan so that its brightest
     * pixel is {@code maxCounts} photons and, when {@code noisy}, draws Poisson counts with the stream of
     * (seed, pixel). The fields must lie inside {@code trainedRange} (else an error names the pixel);
     * {@code progress} (may be null) receives the number of patterns simulated.
     */
    public static Scan countsAtMaximum(NanobeamSimulator sim, ParameterEstimates truth, ParameterGrid trainedRange,
                                       double maxCounts, long seed, boolean noisy, int threads, IntConsumer progress) {
        if (!(maxCounts > 0) || !Double.isFinite(maxCounts)) {
            throw new IllegalArgumentException("maxCounts must be finite and > 0, got " + maxCounts);
        }
        requireInside(truth, trainedRange);
        int n = truth.size();
        int len = sim.pixelCount();
        float[] out = new float[Math.multiplyExact(n, len)];
        double[] maxima = new double[n];
        NanobeamLibrary.parallelFor(n, Math.max(1, threads), i -> {
            double[] p = sim.simulate(truth.state(i));
            double m = 0;
            for (int q = 0; q < len; q++) {
                out[i * len + q] = (float) p[q];
                m = Math.max(m, out[i * len + q]);
            }
            maxima[i] = m;
        }, progress);
        double max = 0;
        for (double m : maxima) {
            max = Math.max(max, m);
        }
        if (!(max > 0)) {
            throw new IllegalStateException("every simulated pattern of the scan is empty: nothing to scale");
        }
        double scale = maxCounts / max;
        NanobeamLibrary.parallelFor(n, Math.max(1, threads), i -> {
            SplittableRandom rng = PoissonSampler.stream(seed, i);
            for (int q = 0; q < len; q++) {
                double mean = out[i * len + q] * scale;
                out[i * len + q] = noisy ? (float) PoissonSampler.sample(rng, mean) : (float) mean;
            }
        }, null);
        return new Scan(out, scale);
    }

    private static void requireInside(ParameterEstimates truth, ParameterGrid trainedRange) {
        for (int i = 0; i < truth.size(); i++) {
            try {
                trainedRange.requireInside(truth.state(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("map pixel " + i + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * The noise-free patterns of every map pixel (simulator units), row-major per pattern, computed on
     * {@code threads} threads. The fields must lie inside {@code trainedRange} (else an error names the pixel).
     */
    public static double[][] noiseFree(NanobeamSimulator sim, ParameterEstimates truth, ParameterGrid trainedRange,
                                       int threads) {
        requireInside(truth, trainedRange);
        int n = truth.size();
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
        requireInside(truth, trainedRange);
        int n = truth.size();
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
