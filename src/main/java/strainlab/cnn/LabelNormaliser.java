package strainlab.cnn;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import strainlab.io.AtomicFiles;

/**
 * Min–max scaling of the labels to [0, 1] (paper eq. 8): {@code ŷ = (y − min)/(max − min)}, with min and max per
 * label over the training set. A label that is constant over the training set gets a range of 1 (its normalised
 * value is then {@code y − min}). Immutable; saved with the model as JSON ({@value #FILE_NAME}).
 *
 * @param labelNames label names in storage order
 * @param min per-label minimum over the training set (physical units)
 * @param max per-label maximum over the training set (physical units)
 */
public record LabelNormaliser(List<String> labelNames, double[] min, double[] max) {
    /** File name inside a model folder. */
    public static final String FILE_NAME = "normaliser.json";

    public LabelNormaliser {
        labelNames = List.copyOf(labelNames);
        if (min == null || max == null) {
            throw new IllegalArgumentException("min and max must not be null");
        }
        if (min.length != labelNames.size() || max.length != labelNames.size()) {
            throw new IllegalArgumentException("labelNames (" + labelNames.size() + "), min (" + min.length
                    + ") and max (" + max.length + ") must have the same length");
        }
        min = min.clone();
        max = max.clone();
        for (int i = 0; i < min.length; i++) {
            if (!Double.isFinite(min[i]) || !Double.isFinite(max[i]) || max[i] < min[i]) {
                throw new IllegalArgumentException("label '" + labelNames.get(i) + "': need finite min <= max, got min="
                        + min[i] + ", max=" + max[i]);
            }
        }
    }

    /** Fits min and max over the rows of {@code labels} (n × labelCount). */
    public static LabelNormaliser fit(List<String> labelNames, float[][] labels) {
        Accumulator acc = new Accumulator(labelNames);
        for (float[] row : labels) {
            acc.add(row);
        }
        return acc.build();
    }

    /** Number of labels. */
    public int size() {
        return labelNames.size();
    }

    /** Range {@code max − min} of label {@code i}, or 1 when the label was constant. */
    public double range(int i) {
        double r = max[i] - min[i];
        return r > 0 ? r : 1.0;
    }

    /** Normalises one label vector in place (physical → [0, 1]). */
    public void normaliseInPlace(float[] labels, int offset) {
        for (int i = 0; i < min.length; i++) {
            labels[offset + i] = (float) ((labels[offset + i] - min[i]) / range(i));
        }
    }

    /** Normalised copy of one label vector. */
    public float[] normalise(float[] labels) {
        checkLength(labels.length);
        float[] out = labels.clone();
        normaliseInPlace(out, 0);
        return out;
    }

    /** Physical-unit copy of one normalised label vector. */
    public float[] denormalise(float[] normalised) {
        checkLength(normalised.length);
        float[] out = new float[normalised.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (normalised[i] * range(i) + min[i]);
        }
        return out;
    }

    @Override
    public double[] min() {
        return min.clone();
    }

    @Override
    public double[] max() {
        return max.clone();
    }

    /** Writes the JSON file atomically. */
    public void save(Path file) throws IOException {
        AtomicFiles.writeString(file, toJson());
    }

    /** JSON text: {@code {"labelNames": [...], "min": [...], "max": [...]}}. */
    public String toJson() {
        return GSON.toJson(this);
    }

    /** Reads a file written by {@link #save}; errors name the file. */
    public static LabelNormaliser load(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            return fromJson(text);
        } catch (JsonParseException | IllegalArgumentException | NullPointerException e) {
            throw new IOException(file + ": not a valid label normaliser: " + e.getMessage(), e);
        }
    }

    /** Parses {@link #toJson()} output. */
    public static LabelNormaliser fromJson(String json) {
        Raw raw = GSON.fromJson(json, Raw.class);
        if (raw == null || raw.labelNames == null || raw.min == null || raw.max == null) {
            throw new IllegalArgumentException("need fields labelNames, min and max");
        }
        return new LabelNormaliser(raw.labelNames, raw.min, raw.max);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelNormaliser other && labelNames.equals(other.labelNames)
                && Arrays.equals(min, other.min) && Arrays.equals(max, other.max);
    }

    @Override
    public int hashCode() {
        return labelNames.hashCode() * 31 + Arrays.hashCode(min) * 17 + Arrays.hashCode(max);
    }

    @Override
    public String toString() {
        return "LabelNormaliser" + toJson();
    }

    private void checkLength(int length) {
        if (length != min.length) {
            throw new IllegalArgumentException("expected " + min.length + " labels " + labelNames + ", got " + length);
        }
    }

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private static final class Raw {
        List<String> labelNames;
        double[] min;
        double[] max;
    }

    /** Streaming min/max over label rows (for sets too large to hold in memory). */
    public static final class Accumulator {
        private final List<String> names;
        private final double[] min;
        private final double[] max;
        private long count;

        /** An empty accumulator for these labels. */
        public Accumulator(List<String> labelNames) {
            this.names = List.copyOf(labelNames);
            this.min = new double[names.size()];
            this.max = new double[names.size()];
            Arrays.fill(min, Double.POSITIVE_INFINITY);
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
        }

        /** Adds one label vector; non-finite values are an error. */
        public void add(float[] labels) {
            if (labels.length != min.length) {
                throw new IllegalArgumentException("expected " + min.length + " labels, got " + labels.length);
            }
            for (int i = 0; i < min.length; i++) {
                float v = labels[i];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("label '" + names.get(i) + "' of example " + count
                            + " is not finite: " + v);
                }
                min[i] = Math.min(min[i], v);
                max[i] = Math.max(max[i], v);
            }
            count++;
        }

        /** The normaliser; at least one row is needed. */
        public LabelNormaliser build() {
            if (count == 0) {
                throw new IllegalStateException("cannot fit a label normaliser on an empty training set");
            }
            return new LabelNormaliser(names, min, max);
        }
    }
}
