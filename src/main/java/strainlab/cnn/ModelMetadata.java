package strainlab.cnn;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import strainlab.dataset.recipe.Recipe;
import strainlab.io.AtomicFiles;
import strainlab.training.TrainingOptions;

/**
 * Contents of {@code model.json} in a model folder: what the network expects and produces, how it was trained,
 * and its learning metrics.
 *
 * @param format folder format tag ({@value #FORMAT})
 * @param architecture network name ({@value #ARCHITECTURE})
 * @param inputLength samples of the network input
 * @param inputGrid x values of the network input (rescaled-curve grid), possibly empty
 * @param labelNames output names in order
 * @param labelUnits output units in order, possibly empty
 * @param outputLayout {@link OutputLayout#tag()} of the outputs ({@code [14]}, {@code [12]} or {@code [3]}), or ""
 *                     when the labels are another set; a missing value (files written before the field existed)
 *                     is derived from {@code labelNames}, a given one must agree with them
 * @param preset recipe preset of the training data ("" when unknown)
 * @param noise counting-noise mode of the training data ({@code honest}, {@code published} or {@code none}; ""
 *              when unknown, as in files written before the field existed)
 * @param recipe the training data's recipe ({@link Recipe#toJson()} as a JSON tree; docs/recipe-format.md), or
 *               null (files written before the field existed, data of another source)
 * @param recipeSha256 {@link Recipe#sha256()} of {@code recipe} ("" without a recipe)
 * @param options training settings
 * @param trainCount training examples
 * @param valCount validation examples
 * @param epochsCompleted epochs trained so far
 * @param bestEpoch epoch of the saved (best-validation) parameters
 * @param metrics learning metrics: {@code bestValLoss}, {@code trainLossAtBest}, {@code lastTrainLoss},
 *                {@code lastValLoss}, {@code trainableParameters}, {@code trainingSeconds}
 * @param versions software versions (strainlab, djl, engine, java)
 * @param device device the model was trained on
 * @param updatedUtc ISO-8601 time of the last update
 */
public record ModelMetadata(String format, String architecture, int inputLength, double[] inputGrid,
        List<String> labelNames, List<String> labelUnits, String outputLayout, String preset, String noise,
        JsonObject recipe, String recipeSha256, TrainingOptions options,
        int trainCount, int valCount, int epochsCompleted, int bestEpoch, Map<String, Double> metrics,
        Map<String, String> versions, String device, String updatedUtc) {

    /** Folder format tag. */
    public static final String FORMAT = "strainlab-cnn/1";
    /** Architecture tag of {@link StrainNet}. */
    public static final String ARCHITECTURE = "boulle-debelle-2023-cnn";
    /** File name inside a model folder. */
    public static final String FILE_NAME = "model.json";

    public ModelMetadata {
        if (inputLength < 1) {
            throw new IllegalArgumentException("inputLength must be >= 1, got " + inputLength);
        }
        labelNames = List.copyOf(labelNames);
        labelUnits = labelUnits == null ? List.of() : List.copyOf(labelUnits);
        inputGrid = inputGrid == null ? new double[0] : inputGrid.clone();
        preset = preset == null ? "" : preset;
        noise = noise == null ? "" : noise;
        recipe = recipe == null ? null : recipe.deepCopy();
        recipeSha256 = recipeSha256 == null ? "" : recipeSha256;
        if ((recipe == null) != recipeSha256.isEmpty()) {
            throw new IllegalArgumentException("recipe and recipeSha256 must be given together");
        }
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        versions = versions == null ? Map.of() : Map.copyOf(versions);
        if (labelNames.isEmpty()) {
            throw new IllegalArgumentException("labelNames must not be empty");
        }
        OutputLayout derived = OutputLayout.ofLabels(labelNames);
        if (outputLayout == null || outputLayout.isBlank()) {
            outputLayout = derived == null ? "" : derived.tag();
        } else {
            OutputLayout given;
            try {
                given = OutputLayout.parse(outputLayout);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("outputLayout: " + e.getMessage());
            }
            if (given != derived) {
                throw new IllegalArgumentException("outputLayout " + outputLayout + " means the outputs "
                        + given.labelNames() + ", but labelNames are " + labelNames);
            }
            outputLayout = given.tag();
        }
        if (inputGrid.length != 0 && inputGrid.length != inputLength) {
            throw new IllegalArgumentException("inputGrid has " + inputGrid.length + " points, inputLength is "
                    + inputLength);
        }
    }

    @Override
    public double[] inputGrid() {
        return inputGrid.clone();
    }

    @Override
    public JsonObject recipe() {
        return recipe == null ? null : recipe.deepCopy();
    }

    /**
     * The recipe of the training data: the recorded {@code recipe}, checked against {@code recipeSha256}; without
     * one (files written before the field existed) the shipped preset {@code preset} names, with the recorded
     * noise and this input's grid; null when neither is known.
     *
     * @throws IllegalArgumentException when the recorded recipe is invalid or differs from its hash
     */
    public Recipe trainingRecipe() {
        if (recipe == null) {
            return Recipe.shipped(preset, noise, inputLength);
        }
        Recipe r = Recipe.parse(recipe.toString(), "model.json recipe", null);
        if (!r.sha256().equals(recipeSha256)) {
            throw new IllegalArgumentException("model.json recipe has SHA-256 " + r.sha256() + ", recipeSha256 says "
                    + recipeSha256);
        }
        return r;
    }

    /** Number of network outputs. */
    public int outputs() {
        return labelNames.size();
    }

    /** The output layout, or null when the labels are not one of {@link OutputLayout}'s. */
    public OutputLayout layout() {
        return outputLayout.isEmpty() ? null : OutputLayout.parse(outputLayout);
    }

    /** Writes {@code model.json} atomically. */
    public void save(Path file) throws IOException {
        AtomicFiles.writeString(file, ModelFiles.GSON.toJson(this));
    }

    /** Reads {@code model.json}; errors name the file. */
    public static ModelMetadata load(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            ModelMetadata m = ModelFiles.GSON.fromJson(text, ModelMetadata.class);
            if (m == null || !FORMAT.equals(m.format())) {
                throw new IOException(file + ": not a StrainLab model description (format "
                        + (m == null ? "missing" : m.format()) + ", expected " + FORMAT + ")");
            }
            return m;
        } catch (RuntimeException e) {
            // Gson wraps the constructor's validation error: report the innermost message, which names the field
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            throw new IOException(file + ": cannot read the model description: " + cause.getMessage(), e);
        }
    }
}
