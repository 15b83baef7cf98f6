package strainlab.nanobeam;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import strainlab.nanobeam.sim.LibraryIntensity;

/**
 * Whether a measured 64x64 pattern (photon counts per pixel, or the simulator's units) is one a NanobeamNN network
 * trained on a library could have seen: its units, its total counts against the library's and its centre of mass
 * and spread on the detector (pixels). A refused pattern is an {@link IOException} naming the file and the reason.
 */
public final class PatternCheck {
    /** How far (factor) the total counts may lie outside the library's before the pattern is refused. */
    public static final double REFUSE_FACTOR = 3;
    /** Relative margin on the library's total counts: patterns between grid points may be a few % dimmer or brighter. */
    public static final double TOTAL_MARGIN = 0.1;
    /** How far (pixels) a pattern's centre of mass or spread may lie outside the library's before it is refused. */
    public static final double SHAPE_MARGIN_PX = 3;

    /** The unit of an image's values: photons, or the simulator's units as written by {@code nanobeam simulate}. */
    public enum Units { COUNTS, SIMULATOR }

    private PatternCheck() {
    }

    /**
     * The units of an image given without {@code --units}: counts when every value is a whole number (Poisson counts;
     * the simulator's output never is), else ambiguous (simulator units or corrected
     * counts): an {@link IllegalArgumentException} naming the first such pixel.
     */
    public static Units detectUnits(Path file, float[] image) {
        for (int i = 0; i < image.length; i++) {
            if (image[i] != Math.rint(image[i])) {
                throw new IllegalArgumentException(file + ": line " + (i / 64 + 1) + ", field " + (i % 64 + 1) + " is "
                        + image[i] + ", not a whole number of counts: the image is in simulator units (as written by"
                        + " nanobeam simulate) or in corrected counts; say which with --units simulator|counts");
            }
        }
        return Units.COUNTS;
    }

    /**
     * Refuses a pattern whose total counts lie more than {@link #REFUSE_FACTOR} outside the totals of the training
     * library (noise-free, widened by {@link #TOTAL_MARGIN} and a 5σ Poisson margin), that is empty, or whose shape
     * fails {@link #checkShape}; returns a warning (null if none) when the total
     * lies outside the library's but within that factor.
     */
    public static String checkCountLevel(Path file, float[] counts, Units units, LibraryIntensity li, double maxCounts)
            throws IOException {
        double total = 0;
        for (float v : counts) {
            total += v;
        }
        if (total == 0) {
            throw new IOException(file + ": every pixel is zero (an empty pattern): there is no diffraction signal to"
                    + " read; no answer given");
        }
        double perUnit = li.countsPerUnit(maxCounts);
        double lo = li.minTotal() * perUnit;
        double hi = li.maxTotal() * perUnit;
        lo = Math.max(0, (1 - TOTAL_MARGIN) * lo - 5 * Math.sqrt(lo));
        hi = (1 + TOTAL_MARGIN) * hi + 5 * Math.sqrt(hi);
        String level = String.format(Locale.ROOT, "total %.4g counts%s, while the network was trained on patterns of"
                        + " %.4g to %.4g counts (%.3g photons at the library's brightest pixel)", total,
                units == Units.SIMULATOR ? " (converted from simulator units)" : "", lo, hi, maxCounts);
        if (total < lo / REFUSE_FACTOR || total > hi * REFUSE_FACTOR) {
            String hint = units == Units.COUNTS && total > hi * REFUSE_FACTOR
                    ? "; if the image is in simulator units (as written by nanobeam simulate) add --units simulator"
                    : units == Units.SIMULATOR && total < lo / REFUSE_FACTOR
                    ? "; if the image is in counts use --units counts" : "";
            throw new IOException(file + ": " + level + ": no network of this training level could have produced"
                    + " this pattern; no answer given" + hint);
        }
        checkShape(file, counts, li);
        return total < lo || total > hi ? level : null;
    }

    /**
     * Refuses a pattern whose intensity lies elsewhere on the detector, or spreads wider or narrower, than any
     * pattern of the library: centre of mass or standard deviation along an axis more than
     * {@link #SHAPE_MARGIN_PX} pixels outside the library's range (a flat background, a transposed or shifted image).
     */
    public static void checkShape(Path file, float[] counts, LibraryIntensity li) throws IOException {
        double[] image = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            image[i] = counts[i];
        }
        LibraryIntensity.Moments m = LibraryIntensity.Moments.of(image);
        String[] names = {"centre of mass along the rows", "centre of mass along the columns",
                "spread (standard deviation) along the rows", "spread (standard deviation) along the columns"};
        double[] v = {m.row(), m.column(), m.sdRow(), m.sdColumn()};
        double[] lo = {li.low().row(), li.low().column(), li.low().sdRow(), li.low().sdColumn()};
        double[] hi = {li.high().row(), li.high().column(), li.high().sdRow(), li.high().sdColumn()};
        for (int k = 0; k < 4; k++) {
            if (v[k] < lo[k] - SHAPE_MARGIN_PX || v[k] > hi[k] + SHAPE_MARGIN_PX) {
                throw new IOException(String.format(Locale.ROOT, "%s: the intensity's %s is %.1f pixels, while every"
                                + " pattern of the training library has %.1f to %.1f: not a pattern of this geometry"
                                + " (a background, a transposed or shifted image?); no answer given", file, names[k],
                        v[k], lo[k], hi[k]));
            }
        }
    }
}
