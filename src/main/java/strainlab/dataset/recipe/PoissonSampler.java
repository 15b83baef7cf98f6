package strainlab.dataset.recipe;

import java.util.random.RandomGenerator;

import org.apache.commons.math3.special.Gamma;

/**
 * Exact Poisson(μ) variates from a seeded generator, allocation-free: multiplication (Knuth) for μ &lt; 10 and
 * Hörmann's transformed rejection with squeeze (PTRS, 1993) for μ ≥ 10, the algorithm numpy uses. Only
 * {@link RandomGenerator#nextDouble()} is consumed, so a seeded generator gives the same counts everywhere.
 */
public final class PoissonSampler {
    private PoissonSampler() {
    }

    /** One Poisson(μ) count; μ must be finite and ≥ 0 (μ = 0 gives 0). */
    public static double sample(double mu, RandomGenerator rng) {
        if (!(mu >= 0) || !Double.isFinite(mu)) {
            throw new IllegalArgumentException("Poisson mean must be finite and ≥ 0, got " + mu);
        }
        if (mu == 0) {
            return 0;
        }
        if (mu < 10) {
            return small(mu, rng);
        }
        return ptrs(mu, rng);
    }

    private static double small(double mu, RandomGenerator rng) {
        double limit = Math.exp(-mu);
        double p = 1.0;
        int k = -1;
        do {
            k++;
            p *= rng.nextDouble();
        } while (p > limit);
        return k;
    }

    private static double ptrs(double mu, RandomGenerator rng) {
        double logMu = Math.log(mu);
        double smu = Math.sqrt(mu);
        double b = 0.931 + 2.53 * smu;
        double a = -0.059 + 0.02483 * b;
        double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = rng.nextDouble() - 0.5;
            double v = rng.nextDouble();
            double us = 0.5 - Math.abs(u);
            double k = Math.floor((2 * a / us + b) * u + mu + 0.43);
            if (us >= 0.07 && v <= vr) {
                return k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b)
                    <= -mu + k * logMu - Gamma.logGamma(k + 1)) {
                return k;
            }
        }
    }
}
