package strainlab.nanobeam.correlate;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import strainlab.RunInterruptedException;
import strainlab.nanobeam.sim.GridAxis;
import strainlab.nanobeam.sim.NanobeamSimulator;
import strainlab.nanobeam.sim.ParameterEstimates;
import strainlab.nanobeam.sim.ParameterGrid;
import strainlab.nanobeam.sim.Patterns;

/**
 * The correlation-fitting baseline of the paper, the same estimator as the published script.
 *
 * <p>Each noise-free library pattern is normalised to unit sum; the correlation of a measured pattern with entry
 * (i, j, k) is their dot product; the three marginals (sums over two of the three grid axes) each have their minimum
 * subtracted and their centre of mass, interpolated on the axis, is the estimate ({@link CentreOfMass}).
 *
 * <p>The marginals are linear in the pattern, so the library is reduced once, while it is simulated, to a
 * pixels × (ni + nj + nk) float64 matrix ({@link MarginalProjection}); the per-entry correlation cube (68 921
 * values per pattern for the 41³ grid, ~1 TB for a 165×165 map in the published script) is never formed. Fitting a
 * pattern then costs (non-zero pixels) × 123 multiply-adds for the 41³ grid, and the fitter holds 4 MB. Two back
 * ends compute the same numbers: {@link Backend#VECTOR}, a SIMD kernel over the non-zero pixels on the CPU threads
 * (bit-reproducible for any thread count and block size), and {@link Backend#DEVICE}, a float64 matrix product on
 * the DJL device (for a GPU; agrees with the kernel to float64 round-off).
 */
public final class CorrelationFitter implements AutoCloseable {
    /** Default number of map patterns per block of the {@link Backend#VECTOR} kernel (its work arrays stay in L2). */
    public static final int DEFAULT_MAP_BLOCK = 16;
    /** Default number of map patterns per matrix product of the {@link Backend#DEVICE} back end. */
    public static final int DEFAULT_DEVICE_BLOCK = 4096;

    /** Where the marginals are computed. */
    public enum Backend {
        /** Java Vector API kernel over the non-zero pixels, on the fitter's CPU threads. */
        VECTOR,
        /** float64 matrix product (patterns × projection) on the DJL device, PyTorch engine. */
        DEVICE;

        /** {@link #DEVICE} for a GPU, {@link #VECTOR} otherwise. */
        public static Backend forDevice(Device device) {
            return device != null && device.isGpu() ? DEVICE : VECTOR;
        }
    }

    private final ParameterGrid grid;
    private final MarginalProjection projection;
    private final Backend backend;
    private final int threads;
    private final int mapBlock;
    private final int side;
    private final NDManager manager;     // DEVICE only
    private final NDArray deviceMatrix;  // DEVICE only: (pixels × width) float64

    private CorrelationFitter(ParameterGrid grid, MarginalProjection projection, Device device, Backend backend,
                              int threads, int mapBlock) {
        this.grid = grid;
        this.projection = projection;
        this.backend = backend;
        this.threads = threads;
        this.mapBlock = mapBlock;
        int pixels = projection.pixels();
        this.side = squareSide(pixels);
        if (backend == Backend.DEVICE) {
            this.manager = NDManager.newBaseManager(device, "PyTorch");
            try {
                this.deviceMatrix = manager.create(projection.pixelMajor(), new Shape(pixels, projection.width()));
            } catch (RuntimeException e) {
                manager.close();
                throw e;
            }
        } else {
            this.manager = null;
            this.deviceMatrix = null;
        }
    }

    /**
     * Simulates the noise-free library of {@code grid} with {@code simulator} ({@code threads} threads) and reduces
     * it to the marginal projection; the back end follows {@code device} ({@link Backend#forDevice}).
     * {@code progress} (may be null) receives the number of library patterns summed so far, in increasing order, from
     * the worker threads (one call at a time).
     */
    public static CorrelationFitter build(NanobeamSimulator simulator, ParameterGrid grid, Device device, int threads,
                                          IntConsumer progress) {
        Backend b = Backend.forDevice(device);
        return build(simulator, grid, device, b, threads, b == Backend.DEVICE ? DEFAULT_DEVICE_BLOCK
                : DEFAULT_MAP_BLOCK, progress);
    }

    /** As {@link #build(NanobeamSimulator, ParameterGrid, Device, int, IntConsumer)} with explicit back end and block. */
    public static CorrelationFitter build(NanobeamSimulator simulator, ParameterGrid grid, Device device,
                                          Backend backend, int threads, int mapBlock, IntConsumer progress) {
        return fromPatterns(i -> simulator.simulate(grid.state(i)), simulator.pixelCount(), grid, device, backend,
                threads, mapBlock, progress);
    }

    /**
     * A fitter over any library: {@code pattern.apply(i)} is the raw (un-normalised, finite, non-negative) pattern of
     * grid point i in strain-major order, {@code pixels} values long (a square image); it is called once per grid
     * point, from {@code threads} threads. {@code mapBlock} is the number of map patterns per block.
     */
    public static CorrelationFitter fromPatterns(IntFunction<double[]> pattern, int pixels, ParameterGrid grid,
                                                 Device device, Backend backend, int threads, int mapBlock,
                                                 IntConsumer progress) {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(backend, "backend");
        if (backend == Backend.DEVICE) {
            Objects.requireNonNull(device, "device (required by the DEVICE back end)");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (mapBlock < 1) {
            throw new IllegalArgumentException("mapBlock must be >= 1, got " + mapBlock);
        }
        squareSide(pixels);
        MarginalProjection p = MarginalProjection.build(pattern, pixels, grid, threads, progress);
        return new CorrelationFitter(grid, p, device, backend, threads, mapBlock);
    }

    private static int squareSide(int pixels) {
        int s = (int) Math.round(Math.sqrt(pixels));
        if (pixels < 1 || s * s != pixels) {
            throw new IllegalArgumentException("library patterns of " + pixels + " pixels are not square images");
        }
        return s;
    }

    public ParameterGrid grid() {
        return grid;
    }

    public Backend backend() {
        return backend;
    }

    /**
     * The maximum noise-free intensity over the library (simulator units), seen while building: equal to
     * {@code NanobeamLibrary.create(simulator, grid, …).libraryMaximum()} for a fitter built from the same simulator
     * and grid.
     */
    public double libraryMaximum() {
        return projection.libraryMaximum();
    }

    /** The three marginals of each pattern: {@code [pattern][axis][index]}, before the minimum is subtracted. */
    public double[][][] marginals(float[] patterns) {
        int[] counts = projection.counts();
        int width = projection.width();
        double[] all = computeAll(patterns);
        double[][][] out = new double[all.length / width][][];
        for (int m = 0; m < out.length; m++) {
            int o = m * width;
            out[m] = new double[][] {
                java.util.Arrays.copyOfRange(all, o, o + counts[0]),
                java.util.Arrays.copyOfRange(all, o + counts[0], o + counts[0] + counts[1]),
                java.util.Arrays.copyOfRange(all, o + counts[0] + counts[1], o + width)};
        }
        return out;
    }

    /** Fits n patterns (counts, row-major side×side each): the paper's centre-of-mass estimates. */
    public ParameterEstimates fit(float[] patterns) {
        int[] counts = projection.counts();
        int width = projection.width();
        double[] all = computeAll(patterns);
        int n = all.length / width;
        ParameterEstimates e = ParameterEstimates.zeros(n);
        GridAxis[] axes = grid.axes();
        for (int m = 0; m < n; m++) {
            int o = m * width;
            for (int d = 0; d < 3; d++) {
                e.parameter(d)[m] = axes[d].valueAt(CentreOfMass.index(all, o, counts[d]));
                o += counts[d];
            }
        }
        return e;
    }

    /** All marginals as {@code [pattern][width]} (27 MB for a 165×165 map on the 41³ grid). */
    private double[] computeAll(float[] patterns) {
        int n = Patterns.requireValid(patterns, side);
        int pixels = projection.pixels();
        int width = projection.width();
        double[] out = new double[Math.multiplyExact(n, width)];
        int blocks = (n + mapBlock - 1) / mapBlock;
        if (backend == Backend.DEVICE) {
            for (int blk = 0; blk < blocks; blk++) {
                int start = blk * mapBlock;
                int b = Math.min(mapBlock, n - start);
                try (NDManager scope = manager.newSubManager()) {
                    NDArray m = scope.create(FloatBuffer.wrap(patterns, start * pixels, b * pixels),
                            new Shape(b, pixels)).toType(DataType.FLOAT64, false);
                    double[] r = m.matMul(deviceMatrix).toDoubleArray();
                    System.arraycopy(r, 0, out, start * width, b * width);
                }
            }
            return out;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            MarginalProjection.Scratch s = projection.scratch(mapBlock);
            for (int blk = next.getAndIncrement(); blk < blocks && !Thread.currentThread().isInterrupted();
                 blk = next.getAndIncrement()) {
                int start = blk * mapBlock;
                int b = Math.min(mapBlock, n - start);
                projection.marginals(patterns, start, b, s, out, start * width);
            }
        };
        runWorkers(Math.min(threads, blocks), worker);
        return out;
    }

    private static void runWorkers(int count, Runnable worker) {
        if (count <= 1) {
            worker.run();
            RunInterruptedException.check(() -> "correlation fit interrupted; no result is kept");
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < count; t++) {
                futures.add(pool.submit(worker));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunInterruptedException("correlation fit interrupted; no result is kept", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            RunInterruptedException.stopPool(pool);
        }
    }

    @Override
    public void close() {
        if (manager != null) {
            manager.close();
        }
    }
}
