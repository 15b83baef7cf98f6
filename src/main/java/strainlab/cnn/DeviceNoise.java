package strainlab.cnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import strainlab.dataset.ExpectedCounts;
import strainlab.training.NoiseOnTheFly;
import strainlab.training.EnginePoisson;

/**
 * {@link NoiseOnTheFly} with tensors, on the device of a batch: from a batch of expected-count rows to noisy network
 * inputs, a few dozen array operations per draw whatever its size, none of which reads back from the device or
 * copies a number to it (the constants are arrays made with the tables). The steps and the float64 arithmetic are
 * the generator's: counting noise (the engine's own sampler, {@link EnginePoisson}), read-out noise clipped at 0 on the
 * scan's points, zeros replaced by the row's smallest non-zero count, linear interpolation onto the grid with the
 * generator's formula, grid points outside the scan set to that fill value, division by the row's maximum, log10,
 * float32.
 *
 * <p>Rows as uploaded ({@link #prepare}) hold in column 0 the index of their θ start's row of the interpolation
 * tables instead of the start itself.
 */
final class DeviceNoise implements AutoCloseable {
    private final NoiseOnTheFly noise;
    private final NDManager manager;
    private final NDArray lo;
    private final NDArray dx;
    private final NDArray den;
    private final NDArray gridIndex;
    private final NDArray scanIndex;
    private final EnginePoisson poisson;
    /** float64 scalars 0, +∞ and the read-out σ (counts); int64 scalar 1. */
    private final NDArray zero;
    private final NDArray infinity;
    private final NDArray readoutSigma;
    private final NDArray oneIndex;
    private final double sigma;
    private final int firstStart;

    private DeviceNoise(NoiseOnTheFly noise, NDManager manager, NoiseOnTheFly.Interpolation table, int firstStart) {
        this.noise = noise;
        this.manager = manager;
        int g = noise.gridPoints();
        int rows = table.starts().length;
        this.lo = manager.create(table.lo(), new Shape(rows, g));
        this.dx = manager.create(table.dx(), new Shape(rows, g));
        this.den = manager.create(table.den(), new Shape(rows, g));
        this.gridIndex = manager.arange(0, g, 1, DataType.FLOAT32).reshape(1, g);
        this.scanIndex = manager.arange(0, noise.layout().thetaPoints(), 1, DataType.FLOAT32)
                .reshape(1, noise.layout().thetaPoints());
        this.sigma = noise.layout().readoutSigmaCounts();
        this.poisson = EnginePoisson.on(manager);
        this.zero = manager.create(0.0);
        this.infinity = manager.create(Double.POSITIVE_INFINITY);
        this.readoutSigma = manager.create(sigma);
        this.oneIndex = manager.create(1L);
        this.firstStart = firstStart;
    }

    /**
     * The tables for every θ start in {@code minStart .. maxStart} (centi-degrees), on a sub-manager of
     * {@code parent}.
     */
    static DeviceNoise create(NoiseOnTheFly noise, NDManager parent, int minStart, int maxStart) {
        int[] starts = new int[maxStart - minStart + 1];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = minStart + i;
        }
        return new DeviceNoise(noise, parent.newSubManager(), noise.interpolation(starts), minStart);
    }

    /** The first θ start (centi-degrees) the tables cover. */
    int firstStart() {
        return firstStart;
    }

    /** The last θ start (centi-degrees) the tables cover. */
    int lastStart() {
        return firstStart + (int) lo.getShape().get(0) - 1;
    }

    /** Rewrites column 0 of the row at {@code offset} of {@code rows} from its θ start to its table row (before upload). */
    void prepare(float[] rows, int offset) {
        rows[offset] = ExpectedCounts.startCentiDeg(rows, offset) - firstStart;
    }

    /** Values per uploaded row. */
    int width() {
        return noise.layout().width();
    }

    /**
     * Noisy inputs (n, L) float32 from uploaded rows (n, width) float32, drawn after seeding the engine with
     * {@code seed}, on the rows' manager.
     */
    NDArray draw(NDArray rows, long seed) {
        NDManager m = rows.getManager();
        int w = noise.layout().thetaPoints();
        NDArray expected = rows.get(new NDIndex(":, " + ExpectedCounts.HEADER + ":")).toType(DataType.FLOAT64, false);
        EnginePoisson.seed(seed);
        NDArray y = poisson.sample(expected);
        if (noise.published()) {
            y = y.add(expected);
        }
        if (sigma > 0) {
            NDArray onScan = rows.get(new NDIndex(":, 1:2")).gt(scanIndex);
            NDArray read = y.add(m.randomNormal(0f, 1f, new Shape(y.getShape().get(0), w), DataType.FLOAT64)
                    .mul(readoutSigma)).maximum(zero);
            y = NDArrays.where(onScan, read, y);
        }
        return rescale(rows, y);
    }

    /**
     * The generator's rescaling of counts {@code y} (n, thetaPoints) float64, zero beyond each scan, on the scans of
     * uploaded rows (n, width): network inputs (n, L) float32, on the rows' manager.
     */
    NDArray rescale(NDArray rows, NDArray y) {
        NDManager m = rows.getManager();
        NDArray table = rows.get(new NDIndex(":, 0")).toType(DataType.INT64, false);
        NDArray first = rows.get(new NDIndex(":, 2:3"));
        NDArray last = rows.get(new NDIndex(":, 3:4"));
        NDArray zeros = y.eq(zero);
        Shape shape = y.getShape();
        NDArray fill = NDArrays.where(zeros.logicalNot(), y, infinity)
                .min(new int[] {1}, true);
        y = NDArrays.where(zeros, fill.broadcast(shape), y);
        NDIndex pick = new NDIndex("{}", table);
        NDArray low = lo.get(m, pick);
        NDArray yLo = y.gather(low, 1);
        NDArray yHi = y.gather(low.sub(oneIndex), 1);
        NDArray v = yHi.sub(yLo).div(den.get(m, pick)).mul(dx.get(m, pick)).add(yLo);
        NDArray inside = first.lte(gridIndex).logicalAnd(last.gte(gridIndex));
        v = NDArrays.where(inside, v, fill.broadcast(v.getShape()));
        NDArray max = v.max(new int[] {1}, true);
        return v.div(max).log10().toType(DataType.FLOAT32, false);
    }

    @Override
    public void close() {
        manager.close();
    }
}
