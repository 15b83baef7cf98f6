package strainlab.nanobeam.sim;

import java.util.SplittableRandom;
import strainlab.instrument.PoissonNoise;

/**
 * Seeded Poisson counting noise for nanobeam patterns: per-pattern random streams that depend only on
 * (seed, index), drawn with {@link PoissonNoise#sample} (the one exact sampler of the project).
 */
public final class PoissonSampler {
    private PoissonSampler() {
    }

    /** One Poisson(mean) draw with the physics core's exact sampler; mean must be finite and ≥ 0 (0 gives 0). */
    public static long sample(SplittableRandom rng, double mean) {
        return (long) PoissonNoise.sample(mean, rng);
    }

    /** A random stream that depends only on (seed, index): SplitMix64 finalisation of both. */
    public static SplittableRandom stream(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return new SplittableRandom(z);
    }
}
