package strainlab.instrument;

import java.util.SplittableRandom;

/** A detector's Gaussian read-out noise on counts, clipped at 0 (a count cannot be negative). */
public final class ReadoutNoise {
    private ReadoutNoise() {
    }

    /**
     * Adds {@code sigmaCounts · z} to each of the first m counts, z standard normal from {@code rng} in point order,
     * and clips the sums at 0; draws nothing when {@code sigmaCounts} is 0.
     */
    public static void add(double[] counts, int m, double sigmaCounts, SplittableRandom rng) {
        if (sigmaCounts > 0) {
            for (int i = 0; i < m; i++) {
                counts[i] = Math.max(0, counts[i] + sigmaCounts * rng.nextGaussian());
            }
        }
    }
}
