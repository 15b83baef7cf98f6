package strainlab.training;

import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import strainlab.Permutations;

/**
 * A DJL {@link Sampler} that yields batches of dataset positions, shuffled reproducibly: epoch {@code e}
 * (the e-th call of {@link #sample}) uses a Fisher–Yates permutation drawn with
 * {@code java.util.Random(seed + e · 0x9E3779B97F4A7C15)}. Unlike DJL's {@code RandomSampler} it does not depend
 * on the engine's global random state, so a training run is repeatable from its seed.
 */
public final class SeededBatchSampler implements Sampler {
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final AtomicLong epoch = new AtomicLong();

    /**
     * @param batchSize examples per batch (≥ 1)
     * @param shuffle   false: positions in order (validation, test)
     * @param seed      seed of the per-epoch permutations
     * @param dropLast  drop a last batch smaller than {@code batchSize}
     */
    public SeededBatchSampler(int batchSize, boolean shuffle, long seed, boolean dropLast) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be ≥ 1, got " + batchSize);
        }
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.dropLast = dropLast;
    }

    @Override
    public int getBatchSize() {
        return batchSize;
    }

    /** Number of batches for a dataset of {@code size} examples. */
    public long batchCount(long size) {
        return dropLast ? size / batchSize : (size + batchSize - 1) / batchSize;
    }

    @Override
    public Iterator<List<Long>> sample(RandomAccessDataset dataset) {
        int n = Math.toIntExact(dataset.size());
        long e = epoch.getAndIncrement();
        int[] order = shuffle ? Permutations.shuffled(n, new Random(seed + e * 0x9E3779B97F4A7C15L))
                : IntStream.range(0, n).toArray();
        int end = dropLast ? n - n % batchSize : n;
        return new Iterator<>() {
            private int pos;

            @Override
            public boolean hasNext() {
                return pos < end;
            }

            @Override
            public List<Long> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int stop = Math.min(end, pos + batchSize);
                List<Long> batch = new ArrayList<>(stop - pos);
                for (int i = pos; i < stop; i++) {
                    batch.add((long) order[i]);
                }
                pos = stop;
                return batch;
            }
        };
    }
}
