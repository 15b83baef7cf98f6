package strainlab.cnn;

import java.util.List;
import strainlab.dataset.ExpectedCounts;
import strainlab.dataset.recipe.Recipe;

/**
 * A finite, randomly accessible set of (network input, raw label) pairs: what the trainer and the evaluation
 * read. Implemented in memory ({@link InMemoryCurves}) and over stored datasets. Implementations must allow
 * concurrent {@link #read} calls from several threads.
 */
public interface LabelledCurves {
    /** Number of examples. */
    int size();

    /** Length of one network input (1001 or 401 samples of the rescaled log10 curve). */
    int inputLength();

    /** Label names in storage order. */
    List<String> labelNames();

    /** Copies example {@code index} into {@code input} (length {@link #inputLength()}) and {@code labels}. */
    void read(int index, float[] input, float[] labels);

    /** Copies only the labels of example {@code index} (override when inputs are expensive to read). */
    default void readLabels(int index, float[] labels) {
        read(index, new float[inputLength()], labels);
    }

    /** Number of labels. */
    default int labelCount() {
        return labelNames().size();
    }

    /** Units of the labels in storage order, or an empty list when unknown. */
    default List<String> labelUnits() {
        return List.of();
    }

    /** The network-input grid (x values of the rescaled curve); empty when unknown. */
    default double[] inputGrid() {
        return new double[0];
    }

    /** The recipe preset that produced the data (e.g. cnn1), or "" when unknown. */
    default String preset() {
        return "";
    }

    /** The recipe that produced the data, or null when unknown. */
    default Recipe recipe() {
        return null;
    }

    /** The counting-noise mode of the curves ({@code honest}, {@code published} or {@code none}), or "" when unknown. */
    default String noise() {
        return "";
    }

    /**
     * A checksum of the data's identity (the CRC-32C of a stored set's manifest, which lists every shard's
     * CRC-32C), recorded in training checkpoints so that a resume with other data is refused; "" when unknown.
     */
    default String dataChecksum() {
        return "";
    }

    /**
     * The layout of the noise-free expected counts stored with each example ({@code generate
     * --store-expected-counts}), from which fresh noise can be drawn; null when the data carry none.
     */
    default ExpectedCounts expectedCounts() {
        return null;
    }

    /**
     * Copies the expected-count row of example {@code index} into {@code row} (length {@link ExpectedCounts#width()}).
     *
     * @throws UnsupportedOperationException when the data carry no expected counts
     */
    default void readExpected(int index, float[] row) {
        throw new UnsupportedOperationException("these curves carry no expected counts");
    }

    /** Where the data come from (a stored set's folder), for messages; "" when unknown. */
    default String dataName() {
        return "";
    }
}
