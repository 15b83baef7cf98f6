package strainlab.dataset;

import strainlab.instrument.NetworkGrid;
import strainlab.instrument.ThetaGrid;

/**
 * The noise-free expected counts a set stores next to each noisy curve, so that counting noise can be drawn
 * again at training time ({@code train --noise-on-the-fly}); recorded as {@code expectedCounts} in the manifest.
 * Each example has one float32 row of {@link #width()} values:
 *
 * <pre>
 * [0]  θ start of the curve's scan in centi-degrees (an integer: the paper rule rounds it to 0.01°)
 * [1]  m, number of θ points of the scan (≤ thetaPoints)
 * [2]  first index of the network grid inside the scan's abscissa range
 * [3]  last index of the network grid inside it (first &gt; last: none)
 * [4 .. 4+m)        expected counts I at θ_i = start + i·step: conv/max·scale + background, exactly the values
 *                   the generator feeds into its counting noise (rounded to float32)
 * [4+m .. width)    zero
 * </pre>
 *
 * From a row, the scan's θ grid and its rescaled abscissae are recomputed exactly as the generator computes them
 * ({@link #theta}, {@link #abscissa}), so the generator's noise, read-out noise and rescaling onto the network grid
 * can be applied again.
 *
 * @param thetaPoints        largest number of θ points of a curve of the set (the row holds this many counts)
 * @param thetaStepDeg       θ step of the scans, degrees
 * @param wavelengthA        X-ray wavelength, Å
 * @param dSpacingA          d spacing of the reflection, Å
 * @param braggAngleRad      Bragg angle θB of the substrate, radians (the reference of the rescaled abscissa)
 * @param readoutSigmaCounts σ of the Gaussian read-out noise added after the counting noise, counts (0: none)
 */
public record ExpectedCounts(int thetaPoints, double thetaStepDeg, double wavelengthA, double dSpacingA,
        double braggAngleRad, double readoutSigmaCounts) {
    /** Values before the counts in each row. */
    public static final int HEADER = 4;

    public ExpectedCounts {
        if (thetaPoints < 2) {
            throw new IllegalArgumentException("expectedCounts.thetaPoints must be ≥ 2, got " + thetaPoints);
        }
        if (!(thetaStepDeg > 0) || !(wavelengthA > 0) || !(dSpacingA > 0) || !(braggAngleRad > 0)
                || !(readoutSigmaCounts >= 0)) {
            throw new IllegalArgumentException("expectedCounts: step, wavelength, d spacing and Bragg angle must be > 0 "
                    + "and the read-out σ ≥ 0, got " + this);
        }
    }

    /** Float32 values per example row. */
    public int width() {
        return HEADER + thetaPoints;
    }

    /** θ start (centi-degrees) of a row. */
    public static int startCentiDeg(float[] row) {
        return startCentiDeg(row, 0);
    }

    /** {@link #startCentiDeg(float[])} of the row that starts at {@code offset} of {@code rows}. */
    public static int startCentiDeg(float[] rows, int offset) {
        return (int) rows[offset];
    }

    /** Number of θ points of a row. */
    public static int scanPoints(float[] row) {
        return (int) row[1];
    }

    /** First network-grid index inside the scan of a row. */
    public static int firstGridIndex(float[] row) {
        return (int) row[2];
    }

    /** Last network-grid index inside the scan of a row. */
    public static int lastGridIndex(float[] row) {
        return (int) row[3];
    }

    /** θ step in radians, as the generator computes it. */
    public double thetaStepRad() {
        return thetaStepDeg * Math.PI / 180;
    }

    /** The θ grid (radians) of {@code m} points starting at {@code startCentiDeg}, as the generator computes it. */
    public double[] theta(int startCentiDeg, int m) {
        return ThetaGrid.uniform(startCentiDeg / 100.0 * Math.PI / 180, thetaStepRad(), m);
    }

    /** The rescaled abscissae of {@code theta}'s first m points (network-grid units), as the generator computes them. */
    public double[] abscissa(double[] theta, int m) {
        double[] x = new double[m];
        NetworkGrid.abscissa(theta, m, wavelengthA, braggAngleRad, dSpacingA, x);
        return x;
    }

    /**
     * Checks the header of a row read from {@code file}, example {@code index}.
     *
     * @throws CorruptShardException naming the file when the header is not a valid scan of this set
     */
    void checkRow(float[] row, java.nio.file.Path file, long index, int gridPoints) {
        int m = scanPoints(row);
        if (row[1] != m || m < 2 || m > thetaPoints || row[0] != startCentiDeg(row) || row[2] != firstGridIndex(row)
                || row[3] != lastGridIndex(row) || firstGridIndex(row) < 0 || lastGridIndex(row) >= gridPoints) {
            throw new CorruptShardException(file, "expected-counts row of example " + index + " has an invalid header ["
                    + row[0] + ", " + row[1] + ", " + row[2] + ", " + row[3] + "]");
        }
    }

    /**
     * Writes the row of one curve: its θ grid, its expected counts on it and the network grid {@code gridX}.
     *
     * @throws IllegalStateException when the scan does not follow the paper rule or exceeds {@link #thetaPoints}
     */
    public void writeRow(double[] theta, double[] expected, int m, double[] gridX, float[] row) {
        if (m > thetaPoints) {
            throw new IllegalStateException("a scan of " + m + " θ points exceeds the " + thetaPoints
                    + " points the expected-counts rows hold");
        }
        int centi = (int) Math.rint(theta[0] * 180 / Math.PI * 100);
        double[] again = theta(centi, m);
        for (int i = 0; i < m; i++) {
            if (again[i] != theta[i]) {
                throw new IllegalStateException("the scan's θ grid does not start on a multiple of 0.01° with step "
                        + thetaStepDeg + "°: expected counts cannot be stored for it");
            }
        }
        double[] x = abscissa(theta, m);
        int first = gridX.length;
        int last = -1;
        for (int k = 0; k < gridX.length; k++) {
            if (!(gridX[k] < x[m - 1] || gridX[k] > x[0])) {
                first = Math.min(first, k);
                last = k;
            }
        }
        java.util.Arrays.fill(row, 0f);
        row[0] = centi;
        row[1] = m;
        row[2] = first == gridX.length ? 0 : first;
        row[3] = last;
        for (int i = 0; i < m; i++) {
            row[HEADER + i] = (float) expected[i];
        }
    }
}
