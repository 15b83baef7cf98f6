package strainlab.cnn;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.function.LongUnaryOperator;
import strainlab.dataset.ExpectedCounts;
import strainlab.training.DataPlacement;
import strainlab.training.NoiseOnTheFly;

/**
 * A labelled set copied once to the training device ({@link DataPlacement#DEVICE}): inputs as a float32
 * (n, L) array and min–max normalised labels as a float32 (n, K) array, filled in chunks of
 * {@value #UPLOAD_ROWS} rows so that no host array holds the whole set. Batches are then cut on the device:
 * gathered rows for training, contiguous slices for validation. A training set with fresh noise every epoch
 * ({@link #uploadExpected}) holds the expected-count rows instead of the inputs and draws the inputs from them on
 * the device ({@link DeviceNoise}), for several batches at once ({@link NoisyInputs}).
 */
final class DeviceCurves implements AutoCloseable {
    /** Rows read and copied per chunk. */
    static final int UPLOAD_ROWS = 8192;
    /**
     * Rows whose fresh-noise inputs one draw makes at most (a whole number of batches): a draw is a few dozen array
     * operations whatever its size, each costing the host tens of microseconds, so one draw serves several batches.
     */
    static final int DRAW_ROWS = 16384;
    /**
     * θ starts (centi-degrees) the interpolation tables of a growing pool cover beyond those of the rows copied so
     * far, on either side, so that later rows seldom need wider tables.
     */
    static final int START_MARGIN = 100;

    private final NDManager manager;
    private final NDArray inputs;
    private final NDArray labels;
    private final int size;
    private final int inputLength;
    private final int labelCount;
    /** The fresh noise the rows' expected counts are drawn with; null for stored noisy curves. */
    private final NoiseOnTheFly freshNoise;
    /** Its interpolation tables, covering the θ starts of the rows copied so far; null before the first copy. */
    private DeviceNoise noise;
    /** Rows copied to the device so far, from the first on. */
    private int rowsLoaded;

    private DeviceCurves(NDManager manager, NDArray inputs, NDArray labels, int size, int inputLength,
            int labelCount, NoiseOnTheFly freshNoise) {
        this.manager = manager;
        this.freshNoise = freshNoise;
        this.inputs = inputs;
        this.labels = labels;
        this.size = size;
        this.inputLength = inputLength;
        this.labelCount = labelCount;
    }

    /** Bytes that {@code data} takes on the device (float32 inputs and labels). */
    static long bytes(LabelledCurves data) {
        return 4L * data.size() * (data.inputLength() + data.labelCount());
    }

    /**
     * Copies {@code data} (labels normalised by {@code normaliser}) to the device of {@code parent}, in a
     * sub-manager of it.
     *
     * @param what the set's name for the error message (e.g. "training set")
     * @throws IllegalStateException when the device runs out of memory, naming the way out
     */
    static DeviceCurves upload(LabelledCurves data, LabelNormaliser normaliser, NDManager parent, String what) {
        return filled(reserve(data, parent, what), d -> d.loadUpTo(data, normaliser, data.size(), what));
    }

    /** {@code d} after {@code fill}; closed if the fill fails. */
    private static DeviceCurves filled(DeviceCurves d, java.util.function.Consumer<DeviceCurves> fill) {
        try {
            fill.accept(d);
            return d;
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
    }

    /**
     * Room on the device of {@code parent} for all of {@code data}'s rows, none copied yet: {@link #loadUpTo} copies
     * them, e.g. a growing pool's rows as they are generated.
     *
     * @throws IllegalStateException when the device runs out of memory, naming the way out
     */
    static DeviceCurves reserve(LabelledCurves data, NDManager parent, String what) {
        int n = data.size();
        NDManager m = parent.newSubManager();
        try {
            NDArray in = m.zeros(new Shape(n, data.inputLength()), DataType.FLOAT32);
            NDArray lab = m.zeros(new Shape(n, data.labelCount()), DataType.FLOAT32);
            return new DeviceCurves(m, in, lab, n, data.inputLength(), data.labelCount(), null);
        } catch (EngineException e) {
            m.close();
            throw outOfMemory(what, data, parent, e);
        }
    }

    /**
     * Copies the rows from the first not yet copied up to {@code to} of {@code data} (labels normalised) into the same rows on the device;
     * returns how many it copied (none when they are there already). For a set with fresh noise these are the
     * expected-count rows ({@link #loadExpectedUpTo}).
     */
    int loadUpTo(LabelledCurves data, LabelNormaliser normaliser, int to, String what) {
        if (freshNoise != null) {
            return loadExpectedUpTo(data, normaliser, to, what);
        }
        if (to > size) {
            throw new IllegalArgumentException("rows up to " + to + " outside 0.." + size);
        }
        int from = rowsLoaded;
        if (to <= from) {
            return 0;
        }
        int rows = Math.min(UPLOAD_ROWS, Math.max(1, to - from));
        float[] inBuf = new float[rows * inputLength];
        float[] labBuf = new float[rows * labelCount];
        try {
            for (int at = from; at < to; at += rows) {
                int count = Math.min(rows, to - at);
                CnnTrainer.fill(data, null, at, count, normaliser, inBuf, labBuf);
                setRows(manager, at, count, inputs, inBuf, labels, labBuf);
            }
        } catch (EngineException e) {
            throw outOfMemory(what, data, manager, e);
        }
        rowsLoaded = to;
        return to - from;
    }

    private static IllegalStateException outOfMemory(String what, LabelledCurves data, NDManager m,
            EngineException e) {
        return new IllegalStateException(String.format(java.util.Locale.ROOT,
                "the %s (%d curves, %.2f GB) does not fit on %s: %s. Train with --data-placement host "
                        + "(batches read from host memory)", what, data.size(), bytes(data) / 1e9, m.getDevice(),
                e.getMessage()), e);
    }

    /**
     * Copies {@code count} rows from the host buffers into rows {@code from ..} of the device arrays {@code a} and
     * {@code b} (the buffers hold the rows packed, as wide as the arrays), through a sub-manager of {@code m}.
     */
    private static void setRows(NDManager m, int from, int count, NDArray a, float[] aRows, NDArray b, float[] bRows) {
        int aWidth = (int) a.getShape().get(1);
        int bWidth = (int) b.getShape().get(1);
        NDIndex slice = new NDIndex().addSliceDim(from, from + count);
        try (NDManager chunk = m.newSubManager()) {
            a.set(slice, chunk.create(FloatBuffer.wrap(aRows, 0, count * aWidth), new Shape(count, aWidth)));
            b.set(slice, chunk.create(FloatBuffer.wrap(bRows, 0, count * bWidth), new Shape(count, bWidth)));
        }
    }

    /** Bytes that {@code data}'s expected-count rows and labels take on the device. */
    static long expectedBytes(LabelledCurves data) {
        return 4L * data.size() * (data.expectedCounts().width() + data.labelCount());
    }

    /**
     * Copies the expected-count rows of {@code data} and its normalised labels to the device of {@code parent}, with
     * the interpolation tables of {@code noise}; batches then get fresh noise ({@link #drawInputs}).
     *
     * @throws IllegalStateException when the device runs out of memory, naming the way out
     */
    static DeviceCurves uploadExpected(LabelledCurves data, LabelNormaliser normaliser, NoiseOnTheFly noise,
            NDManager parent, String what) {
        return filled(reserveExpected(data, noise, parent, what),
                d -> d.loadExpectedUpTo(data, normaliser, data.size(), what));
    }

    /**
     * Room on the device of {@code parent} for the expected-count rows and labels of all of {@code data}, none
     * copied yet: {@link #loadExpectedUpTo} copies them, e.g. a growing pool's rows as they are generated.
     *
     * @throws IllegalStateException when the device runs out of memory, naming the way out
     */
    static DeviceCurves reserveExpected(LabelledCurves data, NoiseOnTheFly noise, NDManager parent, String what) {
        int n = data.size();
        NDManager m = parent.newSubManager();
        try {
            NDArray rows = m.zeros(new Shape(n, noise.layout().width()), DataType.FLOAT32);
            NDArray lab = m.zeros(new Shape(n, data.labelCount()), DataType.FLOAT32);
            return new DeviceCurves(m, rows, lab, n, data.inputLength(), data.labelCount(), noise);
        } catch (EngineException e) {
            m.close();
            throw expectedOutOfMemory(what, data, parent, e);
        }
    }

    /**
     * For a set with fresh noise ({@link #reserveExpected}): copies the expected-count rows and normalised labels
     * from the first not yet copied up to {@code to} of {@code data} into the same rows on the device, widening the
     * interpolation tables when a row's θ start lies outside them; returns how many rows it copied.
     */
    int loadExpectedUpTo(LabelledCurves data, LabelNormaliser normaliser, int to, String what) {
        return loadExpectedUpTo(data, normaliser, to, what, to < size ? START_MARGIN : 0);
    }

    /** As {@link #loadExpectedUpTo(LabelledCurves, LabelNormaliser, int, String)}, with tables widened by {@code margin}. */
    int loadExpectedUpTo(LabelledCurves data, LabelNormaliser normaliser, int to, String what, int margin) {
        if (to > size) {
            throw new IllegalArgumentException("rows up to " + to + " outside 0.." + size);
        }
        int from = rowsLoaded;
        if (to <= from) {
            return 0;
        }
        int width = freshNoise.layout().width();
        int k = labelCount;
        int chunkRows = Math.min(UPLOAD_ROWS, to - from);
        float[] row = new float[width];
        float[] rowBuf = new float[chunkRows * width];
        float[] labBuf = new float[chunkRows * k];
        float[] labels = new float[k];
        try {
            for (int at = from; at < to; at += chunkRows) {
                int count = Math.min(chunkRows, to - at);
                int minStart = Integer.MAX_VALUE;
                int maxStart = Integer.MIN_VALUE;
                for (int i = 0; i < count; i++) {
                    data.readExpected(at + i, row);
                    minStart = Math.min(minStart, ExpectedCounts.startCentiDeg(row));
                    maxStart = Math.max(maxStart, ExpectedCounts.startCentiDeg(row));
                    System.arraycopy(row, 0, rowBuf, i * width, width);
                    data.readLabels(at + i, labels);
                    normaliser.normaliseInPlace(labels, 0);
                    System.arraycopy(labels, 0, labBuf, i * k, k);
                }
                cover(minStart, maxStart, margin);
                for (int i = 0; i < count; i++) {
                    noise.prepare(rowBuf, i * width);
                }
                setRows(manager, at, count, inputs, rowBuf, this.labels, labBuf);
                rowsLoaded = at + count;
            }
        } catch (EngineException e) {
            throw expectedOutOfMemory(what, data, manager, e);
        }
        return to - from;
    }

    /**
     * Makes the interpolation tables cover the θ starts {@code minStart .. maxStart} (centi-degrees), with
     * {@code margin} more on each side when they must be made or widened; the rows already copied, which hold their
     * start's row of the tables, are moved to the same start's row of the wider tables.
     */
    private void cover(int minStart, int maxStart, int margin) {
        if (noise != null && minStart >= noise.firstStart() && maxStart <= noise.lastStart()) {
            return;
        }
        int first = noise == null ? minStart - margin : Math.min(noise.firstStart(), minStart - margin);
        int last = noise == null ? maxStart + margin : Math.max(noise.lastStart(), maxStart + margin);
        DeviceNoise wider = DeviceNoise.create(freshNoise, manager, first, last);
        if (noise != null) {
            int shift = noise.firstStart() - first;
            if (shift != 0 && rowsLoaded > 0) {
                try (NDManager scope = manager.newSubManager()) {
                    NDIndex column = new NDIndex("0:" + rowsLoaded + ", 0:1");
                    NDArray indices = inputs.get(column);
                    indices.attach(scope);
                    NDArray moved = indices.add(scope.create((float) shift));
                    moved.attach(scope);
                    inputs.set(column, moved);
                }
            }
            noise.close();
        }
        noise = wider;
    }

    private static IllegalStateException expectedOutOfMemory(String what, LabelledCurves data, NDManager m,
            EngineException e) {
        return new IllegalStateException(String.format(java.util.Locale.ROOT,
                "the %s's expected counts (%d curves, %.2f GB) do not fit on %s: %s. Train with "
                        + "--data-placement host (noise drawn on the host)", what, data.size(),
                expectedBytes(data) / 1e9, m.getDevice(), e.getMessage()), e);
    }

    int size() {
        return size;
    }

    int labelCount() {
        return labelCount;
    }

    /**
     * The {@code n} rows {@code rows} (a slice, or gathered by an int64 index array on the device:
     * {@code new NDIndex("{}", index)}) as a network input (n, 1, L), on {@code scope}.
     */
    NDArray inputRows(NDManager scope, NDIndex rows, int n) {
        NDArray x = inputs.get(rows);
        x.attach(scope);
        return x.reshape(StrainNet.inputShape(n, inputLength));
    }

    /**
     * For a set with fresh noise ({@link #uploadExpected}): network inputs (n, 1, L) of the {@code n} rows that
     * {@code rows} gathers, drawn from their expected counts with the noise seed {@code noiseSeed}, on {@code scope}.
     */
    NDArray drawInputs(NDManager scope, NDIndex rows, int n, long noiseSeed) {
        NDArray expected = inputs.get(rows);
        expected.attach(scope);
        return noise.draw(expected, noiseSeed).reshape(StrainNet.inputShape(n, inputLength));
    }

    /**
     * Rows one fresh-noise draw makes for batches of {@code batch}: whole batches, {@value #DRAW_ROWS} rows at most
     * (one batch if it is larger).
     */
    static int drawRows(int batch) {
        return batch * Math.max(1, DRAW_ROWS / batch);
    }

    /**
     * The fresh-noise inputs of one epoch's training batches, or null for a set without fresh noise.
     *
     * @param parent      the epoch's manager; each draw lives in a sub-manager of it
     * @param positions   the epoch's order on the device (int64, its {@code usable} first positions)
     * @param rowsPerDraw rows one draw makes ({@link #drawRows})
     * @param seedAt      the noise seed of a draw that starts at a position of the order
     */
    NoisyInputs noisyInputs(NDManager parent, NDArray positions, int usable, int rowsPerDraw,
            LongUnaryOperator seedAt) {
        return freshNoise == null ? null : new NoisyInputs(parent, positions, usable, rowsPerDraw, seedAt);
    }

    /**
     * Fresh-noise inputs of an epoch's batches taken in order: each draw makes the inputs of the next
     * {@code rowsPerDraw} positions of the order (whole batches), with the seed of its first position, and the batches
     * are slices of it; the previous draw is freed when the next is made.
     */
    final class NoisyInputs implements AutoCloseable {
        private final NDManager parent;
        private final NDArray positions;
        private final int usable;
        private final int rowsPerDraw;
        private final LongUnaryOperator seedAt;
        private NDManager drawScope;
        private NDArray drawn;
        private int drawnFrom;
        private int drawnCount;

        private NoisyInputs(NDManager parent, NDArray positions, int usable, int rowsPerDraw,
                LongUnaryOperator seedAt) {
            this.parent = parent;
            this.positions = positions;
            this.usable = usable;
            this.rowsPerDraw = rowsPerDraw;
            this.seedAt = seedAt;
        }

        /**
         * The inputs (count, 1, L) of the batch at positions {@code from .. from+count} of the order, on
         * {@code scope}; a batch outside the current draw starts a new draw at {@code from}.
         */
        NDArray batch(NDManager scope, int from, int count) {
            if (drawn == null || from < drawnFrom || from + count > drawnFrom + drawnCount) {
                close();
                drawScope = parent.newSubManager();
                drawnFrom = from;
                drawnCount = Math.max(count, Math.min(rowsPerDraw, usable - from));
                try (NDManager work = drawScope.newSubManager()) {
                    NDArray sel = positions.get(new NDIndex().addSliceDim(from, from + drawnCount));
                    sel.attach(work);
                    drawn = drawInputs(work, new NDIndex("{}", sel), drawnCount, seedAt.applyAsLong(from));
                    drawn.attach(drawScope);
                }
            }
            NDArray x = drawn.get(new NDIndex().addSliceDim(from - drawnFrom, from - drawnFrom + count));
            x.attach(scope);
            return x;
        }

        @Override
        public void close() {
            if (drawScope != null) {
                drawScope.close();
                drawScope = null;
                drawn = null;
            }
        }
    }

    /** The labels of rows {@code rows} (as in {@link #inputRows}), (n, K), on {@code scope}. */
    NDArray labelRows(NDManager scope, NDIndex rows) {
        NDArray y = labels.get(rows);
        y.attach(scope);
        return y;
    }

    @Override
    public void close() {
        manager.close();
    }
}
