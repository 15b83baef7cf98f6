package strainlab.nanobeam.sim;

import java.util.SplittableRandom;

/**
 * Seeded Poisson counting noise: inversion by sequential search for means below 30, Hörmann's transformed
 * rejection (PTRS, 1993) above. Deterministic for a given random stream.
 */
public final class PoissonSampler {
    private PoissonSampler() {
    }

    /** One Poisson(mean) draw; mean must be finite and ≥ 0 (0 gives 0). */
    public static long sample(SplittableRandom rng, double mean) {
        if (!(mean >= 0) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException("Poisson mean must be finite and >= 0, got " + mean);
        }
        if (mean == 0) {
            return 0;
        }
        if (mean < 30) {
            double u = rng.nextDouble();
            double p = Math.exp(-mean);
            double cdf = p;
            long k = 0;
            while (u > cdf && k < 1000) {
                k++;
                p *= mean / k;
                cdf += p;
            }
            return k;
        }
        double slam = Math.sqrt(mean);
        double logLam = Math.log(mean);
        double b = 0.931 + 2.53 * slam;
        double a = -0.059 + 0.02483 * b;
        double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = rng.nextDouble() - 0.5;
            double v = rng.nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= vr) {
                return k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            double lhs = Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b);
            double rhs = -mean + k * logLam - logFactorial(k);
            if (lhs <= rhs) {
                return k;
            }
        }
    }

    private static double logFactorial(long k) {
        if (k < 2) {
            return 0;
        }
        return org.apache.commons.math3.special.Gamma.logGamma(k + 1.0);
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
