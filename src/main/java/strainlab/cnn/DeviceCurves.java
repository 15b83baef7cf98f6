package strainlab.cnn;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import strainlab.training.DataPlacement;

/**
 * A labelled set copied once to the training device ({@link DataPlacement#DEVICE}): inputs as a float32
 * (n, L) array and min–max normalised labels as a float32 (n, K) array, filled in chunks of
 * {@value #UPLOAD_ROWS} rows so that no host array holds the whole set. Batches are then cut on the device:
 * gathered rows for training, contiguous slices for validation.
 */
final class DeviceCurves implements AutoCloseable {
    /** Rows read and copied per chunk. */
    static final int UPLOAD_ROWS = 8192;

    private final NDManager manager;
    private final NDArray inputs;
    private final NDArray labels;
    private final int size;
    private final int inputLength;
    private final int labelCount;

    private DeviceCurves(NDManager manager, NDArray inputs, NDArray labels, int size, int inputLength,
            int labelCount) {
        this.manager = manager;
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
        int n = data.size();
        int length = data.inputLength();
        int k = data.labelCount();
        NDManager m = parent.newSubManager();
        try {
            NDArray in = m.zeros(new Shape(n, length), DataType.FLOAT32);
            NDArray lab = m.zeros(new Shape(n, k), DataType.FLOAT32);
            int rows = Math.min(UPLOAD_ROWS, n);
            float[] inBuf = new float[rows * length];
            float[] labBuf = new float[rows * k];
            for (int from = 0; from < n; from += rows) {
                int count = Math.min(rows, n - from);
                CnnTrainer.fill(data, null, from, count, normaliser, inBuf, labBuf);
                NDIndex slice = new NDIndex().addSliceDim(from, from + count);
                try (NDManager chunk = m.newSubManager()) {
                    in.set(slice, chunk.create(FloatBuffer.wrap(inBuf, 0, count * length), new Shape(count, length)));
                    lab.set(slice, chunk.create(FloatBuffer.wrap(labBuf, 0, count * k), new Shape(count, k)));
                }
            }
            return new DeviceCurves(m, in, lab, n, length, k);
        } catch (EngineException e) {
            m.close();
            throw new IllegalStateException(String.format(java.util.Locale.ROOT,
                    "the %s (%d curves, %.2f GB) does not fit on %s: %s. Train with --data-placement host "
                            + "(batches read from host memory)", what, n, bytes(data) / 1e9, parent.getDevice(),
                    e.getMessage()), e);
        }
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
