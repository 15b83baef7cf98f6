package strainlab.dataset;

/**
 * A {@link CurveSource} that can also give each example's noise-free expected counts ({@link ExpectedCounts}), so
 * that a set written with {@code generate --store-expected-counts} can have its counting noise drawn again at
 * training time.
 */
public interface ExpectedCountsSource extends CurveSource {
    /** The layout of the expected-count rows of this source. */
    ExpectedCounts expectedCounts();

    /**
     * As {@link #generate(long, long, float[], float[])}, also filling {@code expected} (length
     * {@link ExpectedCounts#width()}) with the example's expected-count row.
     */
    void generate(long seed, long index, float[] input, float[] labels, float[] expected);
}
