package strainlab.training;

import java.util.Locale;
import java.util.SplittableRandom;
import strainlab.Permutations;

/**
 * How training uses a pool of curves that grows while it is being generated: epoch {@code e} (from 1) draws
 * {@code epochCurves} curves from the pool's first {@link #poolSize} = min(capacity, startCurves + (e − 1) ·
 * growthPerEpoch) curves, without replacement while the pool has enough and in whole reshuffled passes when it has
 * not. The pool's size is a function of the epoch alone, never of how fast the generator ran, so a run waits for its
 * curves when the generator is behind, and the same seed gives the same batches on every machine.
 *
 * @param startCurves    curves in the pool in epoch 1 (≥ 1)
 * @param growthPerEpoch curves added to the pool before each later epoch (≥ 0)
 * @param epochCurves    curves one epoch trains on (≥ 2)
 */
public record PoolSchedule(int startCurves, int growthPerEpoch, int epochCurves) {
    public PoolSchedule {
        if (startCurves < 1) {
            throw new IllegalArgumentException("pool start must be >= 1 curve, got " + startCurves);
        }
        if (growthPerEpoch < 0) {
            throw new IllegalArgumentException("pool growth must be >= 0 curves per epoch, got " + growthPerEpoch);
        }
        if (epochCurves < 2) {
            throw new IllegalArgumentException("curves per epoch must be >= 2, got " + epochCurves);
        }
    }

    /** Curves in the pool during {@code epoch} (from 1) when at most {@code capacity} exist. */
    public int poolSize(int epoch, int capacity) {
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch must be >= 1, got " + epoch);
        }
        long size = startCurves + (long) (epoch - 1) * growthPerEpoch;
        return (int) Math.min(capacity, size);
    }

    /**
     * The pool positions that {@code epoch} trains on, in order: {@link #epochCurves} positions in 0..pool−1, the
     * first pass a seeded permutation of the pool and each further pass another. Depends only on the arguments.
     */
    public int[] epochOrder(int pool, long seed, int epoch) {
        if (pool < 1) {
            throw new IllegalArgumentException("pool must hold >= 1 curve, got " + pool);
        }
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        int[] order = new int[epochCurves];
        int filled = 0;
        while (filled < epochCurves) {
            int[] pass = Permutations.shuffled(pool, rng);
            int n = Math.min(pass.length, epochCurves - filled);
            System.arraycopy(pass, 0, order, filled, n);
            filled += n;
        }
        return order;
    }

    /** One line for logs and checkpoints, e.g. "pool 50000 + 40000 per epoch, 1200000 curves per epoch". */
    public String describe() {
        return String.format(Locale.ROOT, "pool %d + %d per epoch, %d curves per epoch", startCurves, growthPerEpoch,
                epochCurves);
    }
}
