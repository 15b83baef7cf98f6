package strainlab.cnn.evaluation;

import java.util.List;
import strainlab.cnn.LabelledCurves;

/**
 * The first {@code size} curves of another set, as a set of its own (fig. 7 subsets, the train-MSE sample); what it
 * does not override reads the other set (the base of {@link ReducedOutputs}).
 */
public class CurveSubset implements LabelledCurves {
    final LabelledCurves base;
    private final int size;

    CurveSubset(LabelledCurves base, int size) {
        if (size < 0 || size > base.size()) {
            throw new IllegalArgumentException("subset of " + size + " curves of a set of " + base.size());
        }
        this.base = base;
        this.size = size;
    }

    /** The first {@code size} curves of {@code base} (0 ≤ size ≤ base.size()). */
    public static LabelledCurves first(LabelledCurves base, int size) {
        return new CurveSubset(base, size);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int inputLength() {
        return base.inputLength();
    }

    @Override
    public List<String> labelNames() {
        return base.labelNames();
    }

    @Override
    public void read(int index, float[] input, float[] labels) {
        java.util.Objects.checkIndex(index, size);
        base.read(index, input, labels);
    }

    @Override
    public void readLabels(int index, float[] labels) {
        java.util.Objects.checkIndex(index, size);
        base.readLabels(index, labels);
    }

    @Override
    public List<String> labelUnits() {
        return base.labelUnits();
    }

    @Override
    public double[] inputGrid() {
        return base.inputGrid();
    }

    @Override
    public String preset() {
        return base.preset();
    }

    @Override
    public String dataChecksum() {
        return base.dataChecksum();
    }

    @Override
    public String dataName() {
        return base.dataName();
    }

    @Override
    public String noise() {
        return base.noise();
    }

    @Override
    public strainlab.dataset.ExpectedCounts expectedCounts() {
        return base.expectedCounts();
    }

    @Override
    public void readExpected(int index, float[] row) {
        java.util.Objects.checkIndex(index, size);
        base.readExpected(index, row);
    }
}
