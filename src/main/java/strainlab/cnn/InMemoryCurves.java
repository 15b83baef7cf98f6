package strainlab.cnn;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import strainlab.dataset.CurveSource;
import strainlab.dataset.recipe.LabelLayout;

/**
 * Examples held in memory as float arrays: for tests, notebooks at quick scale and predictions on a few curves.
 * Immutable after construction (the arrays are not copied: do not modify them afterwards).
 */
public final class InMemoryCurves implements LabelledCurves {
    private final float[][] inputs;
    private final float[][] labels;
    private final List<String> labelNames;
    private final List<String> labelUnits;
    private final double[] inputGrid;
    private final String preset;
    private final String noise;

    /**
     * @param inputs n × inputLength network inputs
     * @param labels n × labelCount raw labels (physical units)
     * @param labelNames names of the labels, in storage order
     * @param labelUnits units of the labels (or an empty list)
     * @param inputGrid x values of the network input (or an empty array)
     * @param preset recipe preset name (or "")
     */
    public InMemoryCurves(float[][] inputs, float[][] labels, List<String> labelNames, List<String> labelUnits,
            double[] inputGrid, String preset) {
        this(inputs, labels, labelNames, labelUnits, inputGrid, preset, "");
    }

    private InMemoryCurves(float[][] inputs, float[][] labels, List<String> labelNames, List<String> labelUnits,
            double[] inputGrid, String preset, String noise) {
        if (inputs.length != labels.length) {
            throw new IllegalArgumentException("inputs (" + inputs.length + ") and labels (" + labels.length
                    + ") must have the same number of examples");
        }
        this.labelNames = List.copyOf(labelNames);
        this.labelUnits = List.copyOf(labelUnits);
        if (!this.labelUnits.isEmpty() && this.labelUnits.size() != this.labelNames.size()) {
            throw new IllegalArgumentException("labelUnits has " + labelUnits.size() + " entries for "
                    + labelNames.size() + " labels");
        }
        int inLength = inputs.length == 0 ? (inputGrid.length) : inputs[0].length;
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].length != inLength) {
                throw new IllegalArgumentException("input " + i + " has " + inputs[i].length + " samples, expected "
                        + inLength);
            }
            if (labels[i].length != this.labelNames.size()) {
                throw new IllegalArgumentException("labels " + i + " has " + labels[i].length + " values, expected "
                        + this.labelNames.size() + " " + this.labelNames);
            }
        }
        if (inputGrid.length != 0 && inputGrid.length != inLength) {
            throw new IllegalArgumentException("inputGrid has " + inputGrid.length + " points but inputs have "
                    + inLength + " samples");
        }
        this.inputs = inputs;
        this.labels = labels;
        this.inputGrid = inputGrid.clone();
        this.preset = preset == null ? "" : preset;
        this.noise = noise == null ? "" : noise;
    }

    /**
     * Draws examples {@code first .. first+count−1} of {@code source} with {@code seed}, in parallel (the result
     * depends only on seed and indices). The preset name is read from {@code source.describe().get("preset")};
     * units come from {@link LabelLayout} when the labels are the paper's.
     */
    public static InMemoryCurves generate(CurveSource source, long seed, long first, int count) {
        return generate(source, seed, LongStream.range(first, first + count).toArray());
    }

    /** As {@link #generate(CurveSource, long, long, int)}, for the examples {@code indices}, in that order. */
    public static InMemoryCurves generate(CurveSource source, long seed, long[] indices) {
        float[][] in = new float[indices.length][source.inputLength()];
        float[][] lab = new float[indices.length][source.labelNames().size()];
        IntStream.range(0, indices.length).parallel().forEach(i -> source.generate(seed, indices[i], in[i], lab[i]));
        Map<String, Object> description = source.describe();
        Object preset = description == null ? null : description.get("preset");
        Object noise = description == null ? null : description.get("noise");
        List<String> unitList = source.labelNames().equals(LabelLayout.names()) ? LabelLayout.units() : List.of();
        return new InMemoryCurves(in, lab, source.labelNames(), unitList, source.inputGrid(),
                preset == null ? "" : preset.toString()).withNoise(noise == null ? "" : noise.toString());
    }

    /** Examples {@code from .. to−1} as a new set sharing the arrays. */
    public InMemoryCurves slice(int from, int to) {
        if (from < 0 || to > inputs.length || from > to) {
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") outside [0, " + inputs.length + ")");
        }
        return new InMemoryCurves(java.util.Arrays.copyOfRange(inputs, from, to),
                java.util.Arrays.copyOfRange(labels, from, to), labelNames, labelUnits, inputGrid, preset)
                .withNoise(noise);
    }

    /**
     * Train / validation / test parts drawn with the data-set split rule ({@link strainlab.dataset.DatasetSplit}):
     * e.g. {@code split(0.1, 0.1, seed)} as in the paper.
     */
    public Parts split(double validationFraction, double testFraction, long seed) {
        strainlab.dataset.DatasetSplit s = strainlab.dataset.DatasetSplit.of(size(), seed, validationFraction,
                testFraction);
        return new Parts(pick(s.train()), pick(s.validation()), pick(s.test()));
    }

    /** The three parts of {@link #split}. */
    public record Parts(InMemoryCurves train, InMemoryCurves validation, InMemoryCurves test) {
    }

    /** The examples {@code indices}, in that order, sharing the rows. */
    public InMemoryCurves pick(int[] indices) {
        float[][] in = new float[indices.length][];
        float[][] lab = new float[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            in[i] = inputs[indices[i]];
            lab[i] = labels[indices[i]];
        }
        return new InMemoryCurves(in, lab, labelNames, labelUnits, inputGrid, preset).withNoise(noise);
    }

    /** The same examples with their counting-noise mode recorded ({@link LabelledCurves#noise()}). */
    public InMemoryCurves withNoise(String mode) {
        return new InMemoryCurves(inputs, labels, labelNames, labelUnits, inputGrid, preset, mode);
    }

    @Override
    public int size() {
        return inputs.length;
    }

    /** CRC-32C of every input and label value, in order. */
    @Override
    public String dataChecksum() {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(Float.BYTES * 4096);
        for (int i = 0; i < inputs.length; i++) {
            for (float[] row : new float[][] {inputs[i], labels[i]}) {
                for (float v : row) {
                    if (!b.hasRemaining()) {
                        crc.update(b.flip());
                        b.clear();
                    }
                    b.putFloat(v);
                }
            }
        }
        crc.update(b.flip());
        return String.format("%08x", crc.getValue());
    }

    @Override
    public String dataName() {
        return "curves in memory";
    }

    @Override
    public int inputLength() {
        return inputs.length == 0 ? inputGrid.length : inputs[0].length;
    }

    @Override
    public List<String> labelNames() {
        return labelNames;
    }

    @Override
    public List<String> labelUnits() {
        return labelUnits;
    }

    @Override
    public double[] inputGrid() {
        return inputGrid.clone();
    }

    @Override
    public String preset() {
        return preset;
    }

    @Override
    public String noise() {
        return noise;
    }

    @Override
    public void read(int index, float[] input, float[] label) {
        System.arraycopy(inputs[index], 0, input, 0, inputs[index].length);
        System.arraycopy(labels[index], 0, label, 0, labels[index].length);
    }

    @Override
    public void readLabels(int index, float[] label) {
        System.arraycopy(labels[index], 0, label, 0, labels[index].length);
    }

    /** Input row {@code index} (shared, do not modify). */
    public float[] input(int index) {
        return inputs[index];
    }

    /** Raw label row {@code index} (shared, do not modify). */
    public float[] labels(int index) {
        return labels[index];
    }
}
