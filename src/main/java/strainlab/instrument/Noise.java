package strainlab.instrument;

/**
 * Counting noise to add to a simulated curve: the mode and the seed it is drawn from (same seed → same counts).
 *
 * @param mode honest {@code Poisson(I)} or the published {@code I + Poisson(I)}
 * @param seed seed of the {@link java.util.SplittableRandom} the counts are drawn from
 */
public record Noise(PoissonNoise.Mode mode, long seed) {
    public Noise {
        if (mode == null) {
            throw new IllegalArgumentException("noise mode must be given");
        }
    }

    /** Honest counting noise Poisson(I). */
    public static Noise counting(long seed) {
        return new Noise(PoissonNoise.Mode.COUNTING, seed);
    }
}
