package strainlab.instrument;

import java.util.SplittableRandom;

/**
 * Counting noise, deterministic from a seed. {@link Mode#COUNTING} replaces each expected count I by an exact
 * Poisson(I) variate (honest counting statistics). {@link Mode#PUBLISHED_DOUBLED} reproduces the published
 * generator's {@code I + Poisson(I)} (mean 2I, variance I; the background is doubled too).
 *
 * <p>Sampling: multiplication of uniforms for I &lt; 10; Hörmann's transformed rejection with squeeze (PTRS,
 * 1993) for I ≥ 10; above 1e15 counts the normal approximation rounded to an integer is used (the Poisson
 * variance is then far below a double's resolution of the mean). Uniforms come from {@link SplittableRandom}.
 */
public final class PoissonNoise {
    /** How noise is applied. */
    public enum Mode {
        /** Each point is replaced by Poisson(I). */
        COUNTING,
        /** The published generator's quirk: I + Poisson(I). */
        PUBLISHED_DOUBLED
    }

    private static final double[] LOG_FACTORIAL = new double[16];

    static {
        double f = 0;
        for (int k = 1; k < LOG_FACTORIAL.length; k++) {
            f += Math.log(k);
            LOG_FACTORIAL[k] = f;
        }
    }

    private PoissonNoise() {
    }

    /** Noisy copy of {@code expected} counts (each finite, ≥ 0) with the given mode, seeded. */
    public static double[] apply(double[] expected, Mode mode, long seed) {
        double[] out = new double[expected.length];
        apply(expected, expected.length, mode, new SplittableRandom(seed), out);
        return out;
    }

    /** Writes the first m expected counts with noise into {@code out}, drawing point by point from {@code rng}. */
    public static void apply(double[] expected, int m, Mode mode, SplittableRandom rng, double[] out) {
        for (int i = 0; i < m; i++) {
            double k = sample(expected[i], rng);
            out[i] = mode == Mode.PUBLISHED_DOUBLED ? expected[i] + k : k;
        }
    }

    /** One Poisson(mean) variate; mean must be finite and ≥ 0 (0 gives 0). */
    public static double sample(double mean, SplittableRandom rng) {
        if (!(mean >= 0) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException("Poisson mean must be finite and ≥ 0, got " + mean);
        }
        if (mean == 0) {
            return 0;
        }
        if (mean < 10) {
            return small(mean, rng);
        }
        if (mean > 1e15) {
            return Math.max(0, Math.rint(mean + Math.sqrt(mean) * gaussian(rng)));
        }
        return ptrs(mean, rng);
    }

    private static double small(double mean, SplittableRandom rng) {
        double limit = Math.exp(-mean);
        double p = rng.nextDouble();
        int k = 0;
        while (p > limit) {
            k++;
            p *= rng.nextDouble();
        }
        return k;
    }

    /** PTRS: W. Hörmann, Insurance: Math. Econ. 12 (1993) 39–45. */
    private static double ptrs(double mean, SplittableRandom rng) {
        double logMean = Math.log(mean);
        double b = 0.931 + 2.53 * Math.sqrt(mean);
        double a = -0.059 + 0.02483 * b;
        double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = rng.nextDouble() - 0.5;
            double v = rng.nextDouble();
            double us = 0.5 - Math.abs(u);
            double k = Math.floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= vr) {
                return k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            if (Math.log(v * invAlpha / (a / (us * us) + b)) <= -mean + k * logMean - logFactorial(k)) {
                return k;
            }
        }
    }

    /** ln(k!) for integer-valued k ≥ 0: table below 16, Stirling series above (error &lt; 1e-15 relative). */
    static double logFactorial(double k) {
        if (k < LOG_FACTORIAL.length) {
            return LOG_FACTORIAL[(int) k];
        }
        double n = k + 1;
        double inv = 1 / n;
        double inv2 = inv * inv;
        // ln Γ(n) = (n − ½)ln n − n + ½ln 2π + 1/(12n) − 1/(360n³) + 1/(1260n⁵) − 1/(1680n⁷)
        return (n - 0.5) * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI)
                + inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 / 1680)));
    }

    private static double gaussian(SplittableRandom rng) {
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
    }
}
