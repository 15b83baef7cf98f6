package strainlab.nanobeam.sim;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Intensity scale and shape of a training library, in simulator units: its brightest pixel (what
 * {@link NanobeamLibrary#create} scales to {@code maxCounts} photons), the smallest and largest total intensity of
 * one noise-free pattern over the grid, and the range of the patterns' {@link Moments}. A network trained at
 * {@code maxCounts} saw patterns whose total counts lie in {@code [minTotal, maxTotal] × maxCounts / libraryMaximum}
 * (plus Poisson noise) and whose moments lie between {@code low} and {@code high}.
 *
 * @param libraryMaximum brightest pixel of the whole library
 * @param minTotal       smallest sum of one pattern's pixels
 * @param maxTotal       largest sum of one pattern's pixels
 * @param low            smallest of each moment over the library
 * @param high           largest of each moment over the library
 */
public record LibraryIntensity(double libraryMaximum, double minTotal, double maxTotal, Moments low, Moments high) {
    private static final Map<ParameterGrid, LibraryIntensity> PAPER_CACHE = new ConcurrentHashMap<>();

    /**
     * Where the intensity of a 64×64 pattern lies on the detector, in pixels: centre of mass (row, column) and
     * standard deviation about it along each axis.
     */
    public record Moments(double row, double column, double sdRow, double sdColumn) {
        /** Moments of a row-major 64×64 pattern of non-negative values with a positive sum. */
        public static Moments of(double[] image) {
            int n = 64;
            double t = 0;
            double r = 0;
            double c = 0;
            for (int p = 0; p < image.length; p++) {
                t += image[p];
                r += image[p] * (p / n);
                c += image[p] * (p % n);
            }
            r /= t;
            c /= t;
            double vr = 0;
            double vc = 0;
            for (int p = 0; p < image.length; p++) {
                vr += image[p] * (p / n - r) * (p / n - r);
                vc += image[p] * (p % n - c) * (p % n - c);
            }
            return new Moments(r, c, Math.sqrt(vr / t), Math.sqrt(vc / t));
        }

        double[] toArray() {
            return new double[] {row, column, sdRow, sdColumn};
        }
    }

    /** One simulation pass over {@code grid} with {@code threads} threads. */
    public static LibraryIntensity of(NanobeamSimulator simulator, ParameterGrid grid, int threads) {
        double[] maxima = new double[grid.size()];
        double[] totals = new double[grid.size()];
        double[][] moments = new double[grid.size()][];
        NanobeamLibrary.parallelFor(grid.size(), threads, i -> {
            double[] img = simulator.simulate(grid.state(i));
            double m = 0;
            double t = 0;
            for (double v : img) {
                m = Math.max(m, v);
                t += v;
            }
            maxima[i] = m;
            totals[i] = t;
            moments[i] = t > 0 ? Moments.of(img).toArray() : null;
        }, null);
        double max = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        double[] mLo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY,
                Double.POSITIVE_INFINITY};
        double[] mHi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.NEGATIVE_INFINITY};
        for (int i = 0; i < maxima.length; i++) {
            max = Math.max(max, maxima[i]);
            lo = Math.min(lo, totals[i]);
            hi = Math.max(hi, totals[i]);
            if (moments[i] != null) {
                for (int k = 0; k < 4; k++) {
                    mLo[k] = Math.min(mLo[k], moments[i][k]);
                    mHi[k] = Math.max(mHi[k], moments[i][k]);
                }
            }
        }
        return new LibraryIntensity(max, lo, hi, new Moments(mLo[0], mLo[1], mLo[2], mLo[3]),
                new Moments(mHi[0], mHi[1], mHi[2], mHi[3]));
    }

    /** {@link #of} for the paper's simulator ({@link NanobeamSimulator#paper()}), computed once per grid in this JVM. */
    public static LibraryIntensity paper(ParameterGrid grid, int threads) {
        return PAPER_CACHE.computeIfAbsent(grid, g -> of(NanobeamSimulator.paper(), g, threads));
    }

    /** Photons per simulator unit for a library scaled to {@code maxCounts} at its brightest pixel. */
    public double countsPerUnit(double maxCounts) {
        return maxCounts / libraryMaximum;
    }
}
