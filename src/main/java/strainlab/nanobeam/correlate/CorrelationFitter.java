package strainlab.nanobeam.correlate;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import strainlab.nanobeam.sim.GridAxis;
import strainlab.nanobeam.sim.NanobeamLibrary;
import strainlab.nanobeam.sim.NanobeamSimulator;
import strainlab.nanobeam.sim.ParameterEstimates;
import strainlab.nanobeam.sim.ParameterGrid;
import strainlab.nanobeam.sim.Patterns;

/**
 * The correlation-fitting baseline of the paper, as streaming blocked matrix products.
 *
 * <p>Each noise-free library pattern is normalised to unit sum; the correlation of a measured pattern with entry
 * (i, j, k) is their dot product; the three marginals (sums over two of the three grid axes) each have their minimum
 * subtracted and their centre of mass, interpolated on the axis, is the estimate ({@link CentreOfMass}).
 *
 * <p>Instead of materialising the (patterns × 68 921) correlation matrix (the published script needs ~1 TB for a
 * 165×165 map), the library is held on the device in blocks of whole strain slices (float32, 1.1 GB for the 41³ grid)
 * and the map is streamed in blocks: for each map block M (b × 4096) and library block L (l × 4096) the product
 * L·Mᵀ is reduced at once to the three partial marginals (in float64). Memory: library + one map block + one
 * (l × b) product. Runs on the CPU or a GPU (the DJL device).
 */
public final class CorrelationFitter implements AutoCloseable {
    /** Default number of map patterns per block. */
    public static final int DEFAULT_MAP_BLOCK = 512;
    /** Default target number of library patterns per library block (rounded to whole strain slices). */
    public static final int DEFAULT_LIBRARY_BLOCK = 8192;

    private final ParameterGrid grid;
    private final NDManager manager;
    private final List<NDArray> blocks = new ArrayList<>();
    private final List<int[]> blockSlices = new ArrayList<>(); // {first strain index, slice count}
    private final int pixels;
    private final int mapBlock;

    private CorrelationFitter(ParameterGrid grid, Device device, int pixels, int mapBlock) {
        this.grid = grid;
        this.manager = NDManager.newBaseManager(device, "PyTorch");
        this.pixels = pixels;
        this.mapBlock = mapBlock;
    }

    /**
     * Simulates the noise-free library of {@code grid} with {@code simulator} ({@code threads} threads), normalises
     * each pattern to unit sum and loads it onto {@code device}; {@code progress} receives the number of strain
     * slices done.
     */
    public static CorrelationFitter build(NanobeamSimulator simulator, ParameterGrid grid, Device device, int threads,
                                          IntConsumer progress) {
        return build(simulator, grid, device, threads, DEFAULT_LIBRARY_BLOCK, DEFAULT_MAP_BLOCK, progress);
    }

    /** As {@link #build(NanobeamSimulator, ParameterGrid, Device, int, IntConsumer)} with explicit block sizes. */
    public static CorrelationFitter build(NanobeamSimulator simulator, ParameterGrid grid, Device device, int threads,
                                          int libraryBlock, int mapBlock, IntConsumer progress) {
        return fromPatterns(i -> simulator.simulate(grid.state(i)), simulator.pixelCount(), grid, device, threads,
                libraryBlock, mapBlock, progress);
    }

    /**
     * A fitter over any library: {@code pattern.apply(i)} is the raw (un-normalised, non-negative) pattern of grid
     * point i in strain-major order, {@code pixels} values long.
     */
    public static CorrelationFitter fromPatterns(IntFunction<double[]> pattern, int pixels, ParameterGrid grid,
                                                 Device device, int threads, int libraryBlock, int mapBlock,
                                                 IntConsumer progress) {
        if (libraryBlock < 1 || mapBlock < 1) {
            throw new IllegalArgumentException("block sizes must be >= 1, got " + libraryBlock + " and " + mapBlock);
        }
        int slice = grid.tiltLrDeg().count() * grid.tiltUdDeg().count();
        int slicesPerBlock = Math.max(1, libraryBlock / slice);
        CorrelationFitter f = new CorrelationFitter(grid, device, pixels, mapBlock);
        try {
            int ns = grid.strain().count();
            for (int first = 0; first < ns; first += slicesPerBlock) {
                int count = Math.min(slicesPerBlock, ns - first);
                int n = count * slice;
                float[] data = new float[n * f.pixels];
                int base = first * slice;
                NanobeamLibrary.parallelFor(n, threads, q -> {
                    double[] img = pattern.apply(base + q);
                    if (img.length != f.pixels) {
                        throw new IllegalArgumentException("library pattern " + (base + q) + " has " + img.length
                                + " values, expected " + f.pixels);
                    }
                    double sum = 0;
                    for (double v : img) {
                        sum += v;
                    }
                    if (!(sum > 0)) {
                        throw new IllegalStateException("library pattern " + (base + q) + " (" + grid.state(base + q)
                                + ") is empty (zero sum): it cannot be normalised; narrow the grid");
                    }
                    for (int p = 0; p < img.length; p++) {
                        data[q * f.pixels + p] = (float) (img[p] / sum);
                    }
                }, null);
                f.blocks.add(f.manager.create(FloatBuffer.wrap(data), new Shape(n, f.pixels)));
                f.blockSlices.add(new int[] {first, count});
                if (progress != null) {
                    progress.accept(first + count);
                }
            }
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
        return f;
    }

    public ParameterGrid grid() {
        return grid;
    }

    private int side() {
        int side = (int) Math.round(Math.sqrt(pixels));
        if (side * side != pixels) {
            throw new IllegalStateException("library patterns of " + pixels + " pixels are not square images");
        }
        return side;
    }

    /** The three marginals of each pattern: {@code [pattern][axis][index]}. */
    public double[][][] marginals(float[] patterns) {
        int n = Patterns.requireValid(patterns, side());
        int ns = grid.strain().count();
        int nj = grid.tiltLrDeg().count();
        int nk = grid.tiltUdDeg().count();
        double[][][] out = new double[n][][];
        for (int start = 0; start < n; start += mapBlock) {
            int b = Math.min(mapBlock, n - start);
            double[] s = new double[ns * b];
            double[] lr = new double[nj * b];
            double[] ud = new double[nk * b];
            try (NDManager scope = manager.newSubManager()) {
                NDArray mt = scope.create(FloatBuffer.wrap(patterns, start * pixels, b * pixels), new Shape(b, pixels))
                        .transpose();
                for (int q = 0; q < blocks.size(); q++) {
                    int first = blockSlices.get(q)[0];
                    int count = blockSlices.get(q)[1];
                    try (NDManager inner = scope.newSubManager()) {
                        NDArray c = blocks.get(q).matMul(mt).toType(DataType.FLOAT64, false)
                                .reshape(count, nj, nk, b);
                        double[] sPart = c.sum(new int[] {1, 2}).toDoubleArray();
                        double[] lrPart = c.sum(new int[] {0, 2}).toDoubleArray();
                        double[] udPart = c.sum(new int[] {0, 1}).toDoubleArray();
                        System.arraycopy(sPart, 0, s, first * b, count * b);
                        for (int i = 0; i < lrPart.length; i++) {
                            lr[i] += lrPart[i];
                        }
                        for (int i = 0; i < udPart.length; i++) {
                            ud[i] += udPart[i];
                        }
                        inner.tempAttachAll(c);
                    }
                }
            }
            for (int m = 0; m < b; m++) {
                out[start + m] = new double[][] {column(s, ns, b, m), column(lr, nj, b, m), column(ud, nk, b, m)};
            }
        }
        return out;
    }

    /** Fits n patterns (counts, row-major 64×64 each): the paper's centre-of-mass estimates. */
    public ParameterEstimates fit(float[] patterns) {
        double[][][] m = marginals(patterns);
        ParameterEstimates e = ParameterEstimates.zeros(m.length);
        GridAxis[] axes = grid.axes();
        for (int i = 0; i < m.length; i++) {
            for (int d = 0; d < 3; d++) {
                e.parameter(d)[i] = CentreOfMass.value(m[i][d], axes[d]);
            }
        }
        return e;
    }

    private static double[] column(double[] rowMajor, int rows, int cols, int c) {
        double[] v = new double[rows];
        for (int r = 0; r < rows; r++) {
            v[r] = rowMajor[r * cols + c];
        }
        return v;
    }

    @Override
    public void close() {
        manager.close();
    }
}
