package strainlab.diffraction;

/**
 * The reference float64 implementation of the recursion, one angle at a time, in plain scalar Java.
 * Clear rather than fast; {@link VectorRecursion} must agree with it.
 *
 * <p>Per lamella, with {@code s = √(η²−1)} (principal), {@code P = X − η + s}, {@code M = X − η − s} and
 * {@code E = e^{−iTs} = e^{p + iq}}, the reference update
 * {@code X ← η + s·(P·E + M/E)/(P·E − M/E)} is evaluated in the algebraically identical bounded form
 * <pre>
 *   σ = sign(p), F = e^{−2|p|}·e^{−iσ2q}   (|F| ≤ 1, never overflows)
 *   p &gt; 0: X ← (X·(sum + F·diff) − (1 − F)) / (P − M·F)
 *   p ≤ 0: X ← (X·(diff + F·sum) + (1 − F)) / (P·F − M)
 * </pre>
 * with {@code sum = η + s}, {@code diff = s − η} (so {@code sum·diff = −1}, {@code P = X + diff},
 * {@code M = X − sum}); the smaller of sum and diff is computed as {@code −1/(larger)} to avoid cancellation
 * far from the Bragg peak, where |η| is large.
 */
final class ScalarRecursion {
    private ScalarRecursion() {
    }

    /**
     * The substrate's amplitude {@code X = η − sign(Re η)·√(η²−1)}, evaluated as
     * {@code 1/(η + sign(Re η)·√(η²−1))} (identical, without cancellation); {@code X = η} when Re η = 0.
     */
    static double[] substrate(LayerConstants c, double theta) {
        double d = theta - c.thetaBS;
        double eRe = d * c.subARe + c.subBRe;
        double eIm = d * c.subAIm + c.subBIm;
        double[] s = Complex.sqrt(eRe * eRe - eIm * eIm - 1, 2 * eRe * eIm);
        double sg = Math.signum(eRe);
        if (sg == 0) {
            return new double[]{eRe, eIm};
        }
        return Complex.reciprocal(eRe + sg * s[0], eIm + sg * s[1]);
    }

    static void run(LayerConstants c, double[] thetaRad, double[] outRe, double[] outIm) {
        for (int i = 0; i < thetaRad.length; i++) {
            double theta = thetaRad[i];
            double[] x = substrate(c, theta);
            double xRe = x[0];
            double xIm = x[1];
            for (int k = 0; k < c.lamellae; k++) {
                double[] nx = step(c, k, theta, xRe, xIm);
                xRe = nx[0];
                xIm = nx[1];
            }
            outRe[i] = xRe;
            outIm[i] = xIm;
        }
    }

    /** One lamella (index k = n − 1): the amplitude X above it, given X below it, at angle θ (rad). */
    static double[] step(LayerConstants c, int k, double theta, double xRe, double xIm) {
        double dn = theta - c.thetaB[k];
        double nRe = dn * c.aRe[k] + c.bRe[k];
        double nIm = dn * c.aIm[k] + c.bIm[k];
        double[] sq = Complex.sqrt(nRe * nRe - nIm * nIm - 1, 2 * nRe * nIm);
        double sRe = sq[0];
        double sIm = sq[1];
        double sumRe = nRe + sRe;
        double sumIm = nIm + sIm;
        double diffRe = sRe - nRe;
        double diffIm = sIm - nIm;
        if (sRe * nRe + sIm * nIm >= 0) {
            double[] r = Complex.reciprocal(sumRe, sumIm);
            diffRe = -r[0];
            diffIm = -r[1];
        } else {
            double[] r = Complex.reciprocal(diffRe, diffIm);
            sumRe = -r[0];
            sumIm = -r[1];
        }
        // −iTs = p + iq
        double p = c.tRe[k] * sIm + c.tIm[k] * sRe;
        double q = -(c.tRe[k] * sRe - c.tIm[k] * sIm);
        double sigma = p > 0 ? 1.0 : -1.0;
        double mag = Math.exp(-2 * Math.abs(p));
        double fRe = mag * Math.cos(2 * q);
        double fIm = -sigma * mag * Math.sin(2 * q);
        double pRe = xRe + diffRe;
        double pIm = xIm + diffIm;
        double mRe = xRe - sumRe;
        double mIm = xIm - sumIm;
        double aRe;
        double aIm;
        double bRe;
        double bIm;
        double uRe;
        double uIm;
        double vRe;
        double vIm;
        if (p > 0) {
            aRe = sumRe; aIm = sumIm; bRe = diffRe; bIm = diffIm;
            uRe = pRe; uIm = pIm; vRe = mRe; vIm = mIm;
        } else {
            aRe = diffRe; aIm = diffIm; bRe = sumRe; bIm = sumIm;
            uRe = mRe; uIm = mIm; vRe = pRe; vIm = pIm;
        }
        // num = σ·X·(a + F·b) − (1 − F); den = U − V·F
        double fbRe = fRe * bRe - fIm * bIm + aRe;
        double fbIm = fRe * bIm + fIm * bRe + aIm;
        double numRe = sigma * (xRe * fbRe - xIm * fbIm) - (1 - fRe);
        double numIm = sigma * (xRe * fbIm + xIm * fbRe) + fIm;
        double denRe = uRe - (vRe * fRe - vIm * fIm);
        double denIm = uIm - (vRe * fIm + vIm * fRe);
        double[] inv = Complex.reciprocal(denRe, denIm);
        double nxRe = numRe * inv[0] - numIm * inv[1];
        double nxIm = numRe * inv[1] + numIm * inv[0];
        return new double[]{nxRe, nxIm};
    }
}
