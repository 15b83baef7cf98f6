package strainlab.nanobeam.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import strainlab.dataset.CurveSource;

/**
 * The simulated training library: one noise-free image per point of a {@link ParameterGrid}, scaled so that the
 * brightest pixel of the whole library is {@code maxCounts} photons (7 in the paper), then Poisson noise (whole
 * counts). Example {@code index} is grid point {@code index} (strain-major order); its labels are
 * {strain, tilt_lr_deg, tilt_ud_deg} in physical units (fraction, degrees). As a {@link CurveSource} the input is
 * the 64×64 image row-major (4096 float32 values), noisy with the stream of (seed, index); use
 * {@link #meanCounts(int)} for the noise-free scaled image.
 */
public final class NanobeamLibrary implements CurveSource {
    private final NanobeamSimulator simulator;
    private final ParameterGrid grid;
    private final double maxCounts;
    private final double libraryMaximum;

    private NanobeamLibrary(NanobeamSimulator simulator, ParameterGrid grid, double maxCounts, double libraryMaximum) {
        this.simulator = simulator;
        this.grid = grid;
        if (!(maxCounts > 0) || !Double.isFinite(maxCounts)) {
            throw new IllegalArgumentException("maxCounts must be finite and > 0, got " + maxCounts);
        }
        if (!(libraryMaximum > 0) || !Double.isFinite(libraryMaximum)) {
            throw new IllegalArgumentException("libraryMaximum must be finite and > 0, got " + libraryMaximum);
        }
        this.maxCounts = maxCounts;
        this.libraryMaximum = libraryMaximum;
    }

    /**
     * Builds the library description, computing the maximum noise-free intensity over the whole grid with
     * {@code threads} threads (one simulation pass).
     */
    public static NanobeamLibrary create(NanobeamSimulator simulator, ParameterGrid grid, double maxCounts, int threads) {
        double[] maxima = new double[grid.size()];
        parallelFor(grid.size(), threads, i -> {
            double[] img = simulator.simulate(grid.state(i));
            double m = 0;
            for (double v : img) {
                m = Math.max(m, v);
            }
            maxima[i] = m;
        }, null);
        double max = 0;
        for (double m : maxima) {
            max = Math.max(max, m);
        }
        return new NanobeamLibrary(simulator, grid, maxCounts, max);
    }

    public NanobeamSimulator simulator() {
        return simulator;
    }

    public ParameterGrid grid() {
        return grid;
    }

    /** Photons at the brightest pixel of the library (7 in the paper). */
    public double maxCounts() {
        return maxCounts;
    }

    /** Maximum noise-free intensity over the grid (simulator units). */
    public double libraryMaximum() {
        return libraryMaximum;
    }

    /** Number of examples (grid points). */
    public int size() {
        return grid.size();
    }

    /** Scale factor from simulator units to expected photons: maxCounts / libraryMaximum. */
    public double countsPerUnit() {
        return maxCounts / libraryMaximum;
    }

    /** Expected photons of any state on this library's count scale (noise-free; a state off the grid is allowed). */
    public double[] meanCounts(LatticeState state) {
        double[] img = simulator.simulate(state);
        for (int p = 0; p < img.length; p++) {
            img[p] = img[p] / libraryMaximum * maxCounts;
        }
        return img;
    }

    /** Expected photons of grid point {@code index}. */
    public double[] meanCounts(int index) {
        return meanCounts(grid.state(index));
    }

    /** Poisson counts of a mean image with the stream of (seed, index). */
    public static float[] poisson(double[] mean, long seed, long index) {
        java.util.SplittableRandom rng = PoissonSampler.stream(seed, index);
        float[] out = new float[mean.length];
        for (int p = 0; p < mean.length; p++) {
            out[p] = (float) PoissonSampler.sample(rng, mean[p]);
        }
        return out;
    }

    @Override
    public int inputLength() {
        return simulator.pixelCount();
    }

    @Override
    public List<String> labelNames() {
        return ParameterGrid.LABELS;
    }

    @Override
    public void generate(long seed, long index, float[] input, float[] labels) {
        if (input.length != inputLength() || labels.length != 3) {
            throw new IllegalArgumentException("input must have " + inputLength() + " and labels 3 elements, got "
                    + input.length + " and " + labels.length);
        }
        LatticeState s = grid.state(index);
        float[] noisy = poisson(meanCounts(s), seed, index);
        System.arraycopy(noisy, 0, input, 0, noisy.length);
        labels[0] = (float) s.strain();
        labels[1] = (float) s.tiltLrDeg();
        labels[2] = (float) s.tiltUdDeg();
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "nanobeam-library");
        m.put("instrument", simulator.instrument());
        m.put("sample", simulator.sample());
        m.put("tiltConvention", simulator.convention().name());
        m.put("grid", grid);
        m.put("maxCounts", maxCounts);
        m.put("libraryMaximum", libraryMaximum);
        m.put("imageLayout", "row-major " + simulator.size() + "x" + simulator.size()
                + "; row perpendicular to the scattering plane, 2theta increasing with column");
        m.put("noise", "Poisson(mean) per pixel, SplitMix64 stream of (seed, index)");
        return m;
    }

    /** The whole library in memory (noisy with {@code seed}, or the noise-free mean counts when noisy is false). */
    public LibraryData materialise(long seed, boolean noisy, int threads, IntConsumer progress) {
        int n = size();
        int len = inputLength();
        float[] images = new float[Math.multiplyExact(n, len)];
        float[] labels = new float[n * 3];
        parallelFor(n, threads, i -> {
            float[] in = new float[len];
            float[] lab = new float[3];
            if (noisy) {
                generate(seed, i, in, lab);
            } else {
                double[] mean = meanCounts(i);
                for (int p = 0; p < len; p++) {
                    in[p] = (float) mean[p];
                }
                LatticeState s = grid.state(i);
                lab[0] = (float) s.strain();
                lab[1] = (float) s.tiltLrDeg();
                lab[2] = (float) s.tiltUdDeg();
            }
            System.arraycopy(in, 0, images, i * len, len);
            System.arraycopy(lab, 0, labels, i * 3, 3);
        }, progress);
        return new LibraryData(images, labels, n, len);
    }

    /** Runs body(i) for i in [0, n) on a pool of {@code threads} threads; progress (may be null) gets the count done. */
    public static void parallelFor(int n, int threads, IntConsumer body, IntConsumer progress) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        AtomicInteger done = new AtomicInteger();
        IntConsumer wrapped = i -> {
            body.accept(i);
            int d = done.incrementAndGet();
            if (progress != null) {
                progress.accept(d);
            }
        };
        if (threads == 1) {
            for (int i = 0; i < n; i++) {
                wrapped.accept(i);
            }
            return;
        }
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(() -> IntStream.range(0, n).parallel().forEach(wrapped)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("library generation interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c);
        } finally {
            pool.shutdown();
        }
    }
}
