package strainlab.dataset.recipe;

import java.util.SplittableRandom;

import strainlab.instrument.PoissonNoise;

/**
 * Exact Poisson(μ) counts from a seeded generator, allocation-free: the recipe's entry point to the physics
 * core's sampler ({@link PoissonNoise#sample}: multiplication for μ &lt; 10, Hörmann's PTRS above, as numpy).
 * Only {@link SplittableRandom#nextDouble()} is consumed, so a seeded generator gives the same counts everywhere.
 */
public final class PoissonSampler {
    private PoissonSampler() {
    }

    /** One Poisson(μ) count; μ must be finite and ≥ 0 (μ = 0 gives 0). */
    public static double sample(double mu, SplittableRandom rng) {
        return PoissonNoise.sample(mu, rng);
    }
}
