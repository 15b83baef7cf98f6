package strainlab.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.training.dataset.Sampler;
import ai.djl.translate.Batchifier;
import ai.djl.util.Progress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import strainlab.dataset.LabelTransform;
import strainlab.dataset.ShardedDataset;

/**
 * A DJL {@link RandomAccessDataset} over (a subset of) a memory-mapped {@link ShardedDataset}. Each batch is
 * assembled by bulk copies from the mapped shards straight into an off-heap buffer that the engine wraps
 * without a further copy, so neither the set nor an epoch is ever held in the heap. Each batch's arrays
 * live in a sub-manager that {@link Batch#close()} releases, as DJL's own iterators do.
 *
 * <pre>{@code
 * DatasetSplit split = set.split();
 * ShardedDjlDataset train = ShardedDjlDataset.builder(set)
 *         .optIndices(split.train())
 *         .optInputShape(1, set.inputLength())            // (batch, 1, 1001) for a 1-D CNN
 *         .optLabelTransform(normaliser::normaliseInPlace)
 *         .setSampling(256, true, 1)                       // seeded per-epoch shuffle
 *         .build();
 * }</pre>
 *
 * Batches come out as {@code data = [ (B, inputShape...) float32 ]}, {@code labels = [ (B, labelCount) float32 ]}.
 * They are assembled on the thread that iterates; an executor passed to {@code getData} is not used.
 */
public final class ShardedDjlDataset extends RandomAccessDataset {
    private final ShardedDataset set;
    private final int[] indices;
    private final long[] inputShape;
    private final LabelTransform labelTransform;

    private ShardedDjlDataset(Builder b) {
        super(b);
        this.set = b.set;
        this.indices = b.indices;
        this.inputShape = b.inputShape;
        this.labelTransform = b.labelTransform;
    }

    /** A builder over all examples of {@code set}; call {@code setSampling} before {@code build}. */
    public static Builder builder(ShardedDataset set) {
        return new Builder(set);
    }

    /** The underlying set. */
    public ShardedDataset set() {
        return set;
    }

    /** Global index (in the set) of this dataset's example {@code position}. */
    public long globalIndex(long position) {
        return indices == null ? position : indices[Math.toIntExact(position)];
    }

    /** Shape of one example's input (without the batch axis). */
    public Shape inputShape() {
        return new Shape(inputShape);
    }

    @Override
    protected long availableSize() {
        return indices == null ? set.size() : indices.length;
    }

    @Override
    public Record get(NDManager manager, long position) {
        long index = globalIndex(position);
        float[] labels = set.labels(index);
        labelTransform.applyInPlace(labels, 0);
        return new Record(new NDList(manager.create(set.input(index), new Shape(inputShape))),
                new NDList(manager.create(labels)));
    }

    @Override
    public Iterable<Batch> getData(NDManager manager) {
        return getData(manager, sampler, null);
    }

    @Override
    public Iterable<Batch> getData(NDManager manager, ExecutorService executorService) {
        return getData(manager, sampler, executorService);
    }

    @Override
    public Iterable<Batch> getData(NDManager manager, Sampler sampler) {
        return getData(manager, sampler, null);
    }

    @Override
    public Iterable<Batch> getData(NDManager manager, Sampler sampler, ExecutorService executorService) {
        return () -> new BatchIterator(manager, sampler);
    }

    @Override
    public void prepare(Progress progress) {
        // the shards are already on disk and mapped
    }

    /** Assembles the batches of one pass over the sampler. */
    private final class BatchIterator implements Iterator<Batch> {
        private final NDManager manager;
        private final Iterator<List<Long>> positions;
        private final int inputLength = set.inputLength();
        private final int labelCount = set.labelCount();
        private final long total;
        private long progress;
        private float[] labelRows = new float[0];

        BatchIterator(NDManager manager, Sampler batches) {
            this.manager = manager;
            this.positions = batches.sample(ShardedDjlDataset.this);
            int batchSize = Math.max(1, batches.getBatchSize());
            this.total = batches instanceof SeededBatchSampler s ? s.batchCount(size())
                    : (size() + batchSize - 1) / batchSize;
        }

        @Override
        public boolean hasNext() {
            return positions.hasNext();
        }

        @Override
        public Batch next() {
            List<Long> batch = positions.next();
            int b = batch.size();
            // A fresh off-heap buffer per batch, filled by bulk copies from the mapped shards: the engine wraps
            // it without copying (PyTorch aliases direct buffers and keeps a reference), so it cannot be reused.
            ByteBuffer inputBytes = ByteBuffer.allocateDirect(4 * b * inputLength).order(ByteOrder.nativeOrder());
            ByteBuffer labelBytes = ByteBuffer.allocateDirect(4 * Math.max(1, b * labelCount))
                    .order(ByteOrder.nativeOrder());
            if (labelRows.length < b * labelCount) {
                labelRows = new float[b * labelCount];
            }
            FloatBuffer in = inputBytes.asFloatBuffer();
            for (int j = 0; j < b; j++) {
                long index = globalIndex(batch.get(j));
                set.copyInput(index, in, j * inputLength);
                set.labels(index, labelRows, j * labelCount);
                labelTransform.applyInPlace(labelRows, j * labelCount);
            }
            labelBytes.asFloatBuffer().put(0, labelRows, 0, b * labelCount);
            NDManager sub = manager.newSubManager();
            long[] shape = new long[inputShape.length + 1];
            shape[0] = b;
            System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
            NDArray x = onDevice(sub.create(inputBytes, new Shape(shape), DataType.FLOAT32));
            NDArray y = onDevice(sub.create(labelBytes, new Shape(b, labelCount), DataType.FLOAT32));
            progress++;
            return new Batch(sub, new NDList(x), new NDList(y), b, Batchifier.STACK, Batchifier.STACK,
                    progress, Math.max(total, progress), batch);
        }

        /** The array on the dataset's device ({@code optDevice}), when one was set and differs. */
        private NDArray onDevice(NDArray a) {
            if (device == null || a.getDevice().equals(device)) {
                return a;
            }
            NDArray moved = a.toDevice(device, true);
            a.close();
            return moved;
        }
    }

    /** Builder: the usual DJL options plus the subset, input shape and label transform. */
    public static final class Builder extends BaseBuilder<Builder> {
        private final ShardedDataset set;
        private int[] indices;
        private long[] inputShape;
        private LabelTransform labelTransform = LabelTransform.IDENTITY;

        private Builder(ShardedDataset set) {
            this.set = set;
            this.inputShape = new long[] {set.inputLength()};
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Restricts the dataset to these global indices (e.g. {@link DatasetSplit#train()}), in this order. */
        public Builder optIndices(int[] globalIndices) {
            for (int i : globalIndices) {
                if (i < 0 || i >= set.size()) {
                    throw new IllegalArgumentException("index " + i + " outside the set (size " + set.size() + ")");
                }
            }
            this.indices = globalIndices.clone();
            return this;
        }

        /** Shape of one example's input without the batch axis, e.g. (1, 1001) or (1, 64, 64). */
        public Builder optInputShape(long... shape) {
            long n = Arrays.stream(shape).reduce(1, (a, c) -> a * c);
            if (shape.length == 0 || n != set.inputLength()) {
                throw new IllegalArgumentException("input shape " + Arrays.toString(shape) + " holds " + n
                        + " values, the set has " + set.inputLength() + " inputs per example");
            }
            this.inputShape = shape.clone();
            return this;
        }

        /** Applied to every example's labels as batches are assembled (e.g. min–max normalisation). */
        public Builder optLabelTransform(LabelTransform transform) {
            this.labelTransform = transform == null ? LabelTransform.IDENTITY : transform;
            return this;
        }

        /** Batches of {@code batchSize}, shuffled per epoch with {@code seed} (see {@link SeededBatchSampler}). */
        public Builder setSampling(int batchSize, boolean shuffle, long seed) {
            return setSampling(new SeededBatchSampler(batchSize, shuffle, seed, false));
        }

        public ShardedDjlDataset build() {
            if (sampler == null) {
                throw new IllegalStateException("call setSampling(batchSize, shuffle, seed) before build()");
            }
            return new ShardedDjlDataset(this);
        }
    }
}
