package strainlab.nanobeam.sim;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Intensity scale of a training library, in simulator units: its brightest pixel (what
 * {@link NanobeamLibrary#create} scales to {@code maxCounts} photons) and the smallest and largest total intensity of
 * one noise-free pattern over the grid. A network trained at {@code maxCounts} saw patterns whose total counts lie
 * in {@code [minTotal, maxTotal] × maxCounts / libraryMaximum} (plus Poisson noise).
 *
 * @param libraryMaximum brightest pixel of the whole library
 * @param minTotal       smallest sum of one pattern's pixels
 * @param maxTotal       largest sum of one pattern's pixels
 */
public record LibraryIntensity(double libraryMaximum, double minTotal, double maxTotal) {
    private static final Map<ParameterGrid, LibraryIntensity> PAPER_CACHE = new ConcurrentHashMap<>();

    /** One simulation pass over {@code grid} with {@code threads} threads. */
    public static LibraryIntensity of(NanobeamSimulator simulator, ParameterGrid grid, int threads) {
        double[] maxima = new double[grid.size()];
        double[] totals = new double[grid.size()];
        NanobeamLibrary.parallelFor(grid.size(), threads, i -> {
            double m = 0;
            double t = 0;
            for (double v : simulator.simulate(grid.state(i))) {
                m = Math.max(m, v);
                t += v;
            }
            maxima[i] = m;
            totals[i] = t;
        }, null);
        double max = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (int i = 0; i < maxima.length; i++) {
            max = Math.max(max, maxima[i]);
            lo = Math.min(lo, totals[i]);
            hi = Math.max(hi, totals[i]);
        }
        return new LibraryIntensity(max, lo, hi);
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
