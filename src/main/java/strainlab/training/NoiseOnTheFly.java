package strainlab.training;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import strainlab.dataset.ExpectedCounts;
import strainlab.dataset.recipe.PaperRecipe;
import strainlab.instrument.NetworkGrid;
import strainlab.instrument.PoissonNoise;
import strainlab.instrument.ReadoutNoise;

/**
 * Fresh counting noise for every curve of every epoch ({@code train --noise-on-the-fly}), drawn from the expected
 * counts a set stores ({@link ExpectedCounts}) and processed exactly as the generator processes its noisy counts:
 * counting noise of the set's mode (honest Poisson(I) or the published I + Poisson(I)), the recipe's Gaussian
 * read-out noise clipped at 0, then {@link NetworkGrid#rescaleLog10} onto the network grid (zeros replaced by the
 * smallest non-zero count, linear interpolation, division by the maximum, log10) and the cast to float32.
 *
 * <p>On the host, {@link #draw} runs the generator's own code ({@link PoissonNoise}, {@link ReadoutNoise},
 * {@link NetworkGrid}) on a random stream of its own. On a device, {@link Interpolation} gives the tables that let
 * tensors do the same steps (the device batch's code is {@code strainlab.cnn.DeviceNoise}). Each stream is seeded by
 * {@link #batchSeed}: the run's seed, the epoch and the batch's first position in the epoch's order (on a device, the
 * first position of a draw of several batches), so a run draws the same noise again when it is repeated or resumed
 * (on the same kind of device).
 */
public final class NoiseOnTheFly {
    private final ExpectedCounts layout;
    private final double[] gridX;
    private final PoissonNoise.Mode mode;
    private final String noise;
    private final Map<Integer, double[]> abscissae = new ConcurrentHashMap<>();

    private NoiseOnTheFly(ExpectedCounts layout, double[] gridX, PoissonNoise.Mode mode, String noise) {
        this.layout = layout;
        this.gridX = gridX.clone();
        this.mode = mode;
        this.noise = noise;
    }

    /**
     * The noise of a set with expected counts {@code layout} (null: none), noise mode {@code noise} and network
     * grid {@code gridX}.
     *
     * @param what names the data in messages (e.g. its folder)
     * @throws IllegalArgumentException when the set stores no expected counts, has no counting noise or no grid
     */
    public static NoiseOnTheFly of(ExpectedCounts layout, String noise, double[] gridX, String what) {
        if (layout == null) {
            throw new IllegalArgumentException("--noise-on-the-fly needs a set that stores expected counts, and "
                    + what + " stores none: generate it with --store-expected-counts");
        }
        PaperRecipe.Noise n;
        try {
            n = PaperRecipe.Noise.ofMode(noise);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--noise-on-the-fly: " + what + " records no known noise mode ('"
                    + noise + "')", e);
        }
        if (n == PaperRecipe.Noise.NONE) {
            throw new IllegalArgumentException("--noise-on-the-fly: " + what + " was generated without noise "
                    + "(noise none): there is no noise to draw");
        }
        if (gridX == null || gridX.length < 2) {
            throw new IllegalArgumentException("--noise-on-the-fly: " + what + " records no network grid");
        }
        return new NoiseOnTheFly(layout, gridX, n == PaperRecipe.Noise.PUBLISHED
                ? PoissonNoise.Mode.PUBLISHED_DOUBLED : PoissonNoise.Mode.COUNTING, n.mode());
    }

    /** The row layout. */
    public ExpectedCounts layout() {
        return layout;
    }

    /** The noise mode drawn: {@code honest} or {@code published}. */
    public String noise() {
        return noise;
    }

    /** True for the published I + Poisson(I). */
    public boolean published() {
        return mode == PoissonNoise.Mode.PUBLISHED_DOUBLED;
    }

    /** Points of the network grid. */
    public int gridPoints() {
        return gridX.length;
    }

    /**
     * The seed of the noise of the batch that starts at position {@code position} of epoch {@code epoch}'s order
     * (1-based epochs), for a run of seed {@code runSeed}.
     */
    public static long batchSeed(long runSeed, int epoch, long position) {
        long z = mix64(runSeed ^ 0x6E6F6973654F6E46L) + epoch * 0x9E3779B97F4A7C15L;
        return mix64(mix64(z) + position * 0xC2B2AE3D27D4EB4FL);
    }

    /** The seed of row {@code row} of a batch of seed {@code batchSeed} on the host. */
    public static long rowSeed(long batchSeed, int row) {
        return mix64(batchSeed + row * 0x9E3779B97F4A7C15L);
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Draws one noisy network input from an expected-count row: the generator's noise, read-out noise and rescaling,
     * with uniforms from {@code new SplittableRandom(seed)}.
     *
     * @param row a row of {@link #layout()}
     * @param out receives the rescaled log10 curve (length ≥ grid points)
     */
    public void draw(float[] row, long seed, float[] out) {
        int m = ExpectedCounts.scanPoints(row);
        double[] expected = new double[m];
        for (int i = 0; i < m; i++) {
            expected[i] = row[ExpectedCounts.HEADER + i];
        }
        double[] counts = new double[m];
        SplittableRandom rng = new SplittableRandom(seed);
        PoissonNoise.apply(expected, m, mode, rng, counts);
        ReadoutNoise.add(counts, m, layout.readoutSigmaCounts(), rng);
        rescale(row, counts, out);
    }

    /**
     * The generator's rescaling of counts on a row's scan (noisy or not) onto the network grid, cast to float32:
     * exactly the values the generator stores for those counts.
     */
    public void rescale(float[] row, double[] counts, float[] out) {
        int m = ExpectedCounts.scanPoints(row);
        double[] x = abscissa(ExpectedCounts.startCentiDeg(row));
        double[] y = Arrays.copyOf(counts, m);
        double[] v = new double[gridX.length];
        NetworkGrid.rescaleLog10(x, y, m, gridX, v);
        for (int k = 0; k < v.length; k++) {
            out[k] = (float) v[k];
        }
    }

    /** The abscissae of the longest scan starting at {@code startCentiDeg} (a scan's are its first m). */
    private double[] abscissa(int startCentiDeg) {
        return abscissae.computeIfAbsent(startCentiDeg, c -> layout.abscissa(layout.theta(c, layout.thetaPoints()),
                layout.thetaPoints()));
    }

    /**
     * What a device needs to interpolate the noisy counts of scans starting at the given θ starts onto the grid,
     * with the generator's arithmetic {@code v = (y[lo−1] − y[lo]) / den · dx + y[lo]}: per start (table row) and
     * grid point the index {@code lo} into the scan and {@code dx = x_grid − x[lo]}, {@code den = x[lo−1] − x[lo]}
     * (grid points outside the longest scan: lo 1, dx 0, den 1; a row's own range masks them).
     *
     * @param starts θ starts (centi-degrees), one table row each
     * @param lo     {@code starts.length × grid} indices, row-major
     * @param dx     as lo
     * @param den    as lo
     */
    public record Interpolation(int[] starts, long[] lo, double[] dx, double[] den) {
    }

    /** The interpolation tables for scans starting at {@code starts} (centi-degrees). */
    public Interpolation interpolation(int[] starts) {
        int g = gridX.length;
        int w = layout.thetaPoints();
        long[] lo = new long[starts.length * g];
        double[] dx = new double[lo.length];
        double[] den = new double[lo.length];
        for (int r = 0; r < starts.length; r++) {
            double[] x = abscissa(starts[r]);
            int hi = w - 2;
            for (int k = g - 1; k >= 0; k--) {
                int at = r * g + k;
                double xn = gridX[k];
                if (xn < x[w - 1] || xn > x[0]) {
                    lo[at] = 1;
                    dx[at] = 0;
                    den[at] = 1;
                    continue;
                }
                while (hi > 0 && x[hi] < xn) {
                    hi--;
                }
                lo[at] = hi + 1;
                dx[at] = xn - x[hi + 1];
                den[at] = x[hi] - x[hi + 1];
            }
        }
        return new Interpolation(starts.clone(), lo, dx, den);
    }
}
