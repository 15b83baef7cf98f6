package strainlab;

import java.util.random.RandomGenerator;

/** Seeded random orders, shared by the data splits, the batch orders and the least-squares random starts. */
public final class Permutations {
    private Permutations() {
    }

    /**
     * A uniformly random permutation of 0..n−1: the identity shuffled by Fisher–Yates from the last position down,
     * one {@code rng.nextInt(i + 1)} per position i, so the same generator state always gives the same order.
     */
    public static int[] shuffled(int n, RandomGenerator rng) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
