package strainlab.nanobeam.correlate;

import strainlab.nanobeam.sim.GridAxis;

/**
 * A direct float64 transcription of the paper's estimator for one pattern (no blocking, no device), against which
 * the tests check {@link CorrelationFitter}.
 */
public final class ReferenceCorrelation {
    private ReferenceCorrelation() {
    }

    /**
     * The three marginals of {@code pattern} against a library given as raw patterns {@code library[l]} on a
     * (ni × nj × nk) grid in strain-major order; each library pattern is normalised to unit sum first.
     */
    public static double[][] marginals(double[][] library, int ni, int nj, int nk, double[] pattern) {
        if (library.length != ni * nj * nk) {
            throw new IllegalArgumentException("library has " + library.length + " patterns, grid " + ni * nj * nk);
        }
        double[][] m = {new double[ni], new double[nj], new double[nk]};
        for (int l = 0; l < library.length; l++) {
            double[] p = library[l];
            double sum = 0;
            for (double v : p) {
                sum += v;
            }
            double c = 0;
            for (int q = 0; q < p.length; q++) {
                c += p[q] / sum * pattern[q];
            }
            int k = l % nk;
            int j = (l / nk) % nj;
            int i = l / (nk * nj);
            m[0][i] += c;
            m[1][j] += c;
            m[2][k] += c;
        }
        return m;
    }

    /** Estimates {strain, ω, χ} of one pattern on the given axes. */
    public static double[] fit(double[][] library, GridAxis[] axes, double[] pattern) {
        double[][] m = marginals(library, axes[0].count(), axes[1].count(), axes[2].count(), pattern);
        return new double[] {CentreOfMass.value(m[0], axes[0]), CentreOfMass.value(m[1], axes[1]),
                CentreOfMass.value(m[2], axes[2])};
    }
}
