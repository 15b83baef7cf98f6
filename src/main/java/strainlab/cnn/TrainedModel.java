package strainlab.cnn;

import ai.djl.Device;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import strainlab.dataset.recipe.Recipe;
import strainlab.training.Devices;
import strainlab.training.EpochRecord;

/**
 * A trained network read from a model folder written by {@link CnnTrainer}: the best-validation parameters, the
 * label normaliser and the description ({@link ModelMetadata}: input grid, label names and units, preset,
 * training settings and metrics). {@link #predict(float[][])} maps network inputs to labels in physical units.
 *
 * <pre>{@code
 * try (TrainedModel model = TrainedModel.load(Path.of("models/cnn1"))) {
 *     float[][] labels = model.predict(curves);   // w1..w10 (%), scale_dw, t_nm, fwhm_deg, dr
 * }
 * }</pre>
 *
 * Not thread-safe; close it to free the native memory.
 */
public final class TrainedModel implements AutoCloseable {
    /** Examples per forward pass in {@link #predict}. */
    public static final int PREDICT_BATCH = 1024;

    private final Path dir;
    private final ModelMetadata metadata;
    private final LabelNormaliser normaliser;
    private final Network network;

    private TrainedModel(Path dir, ModelMetadata metadata, LabelNormaliser normaliser, Network network) {
        this.dir = dir;
        this.metadata = metadata;
        this.normaliser = normaliser;
        this.network = network;
    }

    /** Loads a model folder on the automatically chosen device (GPU when visible, else CPU). */
    public static TrainedModel load(Path dir) throws IOException {
        return load(dir, "auto");
    }

    /**
     * Loads a model folder on a device ({@code auto}, {@code cpu}, {@code gpu}, {@code gpu:N}). Missing or
     * inconsistent files are errors that name the file; so is a file that differs from the folder's
     * {@code checksums.json} (a folder without one, from before checksums existed, loads with a one-line warning).
     */
    public static TrainedModel load(Path dir, String device) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": no such model folder");
        }
        Path metaFile = dir.resolve(ModelMetadata.FILE_NAME);
        Path normFile = dir.resolve(LabelNormaliser.FILE_NAME);
        Path paramsFile = dir.resolve(CnnTrainer.PARAMS_FILE);
        for (Path f : List.of(metaFile, normFile, paramsFile)) {
            if (!Files.isRegularFile(f)) {
                throw new IOException(f + ": missing (is " + dir + " a trained StrainLab model folder?)");
            }
        }
        strainlab.io.Checksums.verify(dir, CnnTrainer.CHECKSUMMED);
        ModelMetadata meta = ModelMetadata.load(metaFile);
        LabelNormaliser norm = LabelNormaliser.load(normFile);
        if (!norm.labelNames().equals(meta.labelNames())) {
            throw new IOException(normFile + ": labels " + norm.labelNames() + " differ from " + metaFile + " "
                    + meta.labelNames());
        }
        Device d = Devices.select(device);
        Network net = new Network(meta.inputLength(), meta.outputs(), d, 0);
        try {
            net.loadParameters(paramsFile);
        } catch (IOException | RuntimeException e) {
            net.close();
            throw e;
        }
        return new TrainedModel(dir, meta, norm, net);
    }

    /** The network itself, for this package (e.g. to store its parameters in another precision). */
    Network network() {
        return network;
    }

    /** The model folder. */
    public Path dir() {
        return dir;
    }

    /** The description from {@code model.json}. */
    public ModelMetadata metadata() {
        return metadata;
    }

    /** The label normaliser of the training set. */
    public LabelNormaliser normaliser() {
        return normaliser;
    }

    /** Samples per input curve. */
    public int inputLength() {
        return metadata.inputLength();
    }

    /** x values of the network input (empty when the training data did not record them). */
    public double[] inputGrid() {
        return metadata.inputGrid();
    }

    /** Output names in order. */
    public List<String> labelNames() {
        return metadata.labelNames();
    }

    /** Output units in order (empty when unknown). */
    public List<String> labelUnits() {
        return metadata.labelUnits();
    }

    /** Recipe preset of the training data ("" when unknown). */
    public String preset() {
        return metadata.preset();
    }

    /**
     * The recipe of the training data ({@link ModelMetadata#trainingRecipe()}): the one recorded by
     * {@code train}, for an older folder the preset's; null when unknown.
     */
    public Recipe recipe() {
        return metadata.trainingRecipe();
    }

    /** Counting-noise mode of the training data ({@code honest}, {@code published}, {@code none}), or "" if unknown. */
    public String noise() {
        return metadata.noise();
    }

    /** The learning curves recorded in the folder's {@code history.csv}. */
    public List<EpochRecord> history() throws IOException {
        Path file = dir.resolve(EpochRecord.HISTORY_FILE);
        try {
            return EpochRecord.fromCsv(Files.readString(file));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Device the network runs on. */
    public String device() {
        return network.device().toString();
    }

    /**
     * Labels in physical units for each input curve (each of {@link #inputLength()} samples, on the model's
     * grid): the network output mapped back through the training set's min–max normaliser.
     */
    public float[][] predict(float[][] curves) {
        float[][] normalised = predictNormalised(curves);
        float[][] out = new float[normalised.length][];
        for (int i = 0; i < normalised.length; i++) {
            out[i] = normaliser.denormalise(normalised[i]);
        }
        return out;
    }

    /** Labels in physical units for one curve. */
    public float[] predict(float[] curve) {
        return predict(new float[][] {curve})[0];
    }

    /** Raw network outputs (normalised labels, nominally in [0, 1]). */
    public float[][] predictNormalised(float[][] curves) {
        int length = inputLength();
        for (int i = 0; i < curves.length; i++) {
            if (curves[i] == null || curves[i].length != length) {
                throw new IllegalArgumentException("curve " + i + " has "
                        + (curves[i] == null ? "no" : String.valueOf(curves[i].length)) + " samples; model "
                        + dir + " expects " + length);
            }
        }
        int k = metadata.outputs();
        float[][] out = new float[curves.length][k];
        int batch = Math.min(PREDICT_BATCH, Math.max(1, curves.length));
        ByteBuffer in = ByteBuffer.allocateDirect(batch * length * Float.BYTES).order(ByteOrder.nativeOrder());
        FloatBuffer rows = in.asFloatBuffer();
        float[] result = new float[batch * k];
        for (int from = 0; from < curves.length; from += batch) {
            int n = Math.min(batch, curves.length - from);
            for (int i = 0; i < n; i++) {
                rows.put(i * length, curves[from + i]);
            }
            network.predict(in, n, result);
            for (int i = 0; i < n; i++) {
                System.arraycopy(result, i * k, out[from + i], 0, k);
            }
        }
        return out;
    }

    /** Predicts every example of a set (in order), in physical units. */
    public float[][] predict(LabelledCurves data) {
        checkCompatible(data);
        float[][] curves = new float[data.size()][data.inputLength()];
        float[] labels = new float[data.labelCount()];
        for (int i = 0; i < curves.length; i++) {
            data.read(i, curves[i], labels);
        }
        return predict(curves);
    }

    /**
     * Mean squared error of the normalised predictions over a set (the training loss's definition), for the
     * "train MSE" and "test MSE" of table 2.
     */
    public double normalisedMse(LabelledCurves data) {
        checkCompatible(data);
        return CnnTrainer.evaluate(network, data, normaliser, PREDICT_BATCH);
    }

    /**
     * Checks that a data set fits this model: same input length, same input grid (when both record one) and the
     * same label layout; otherwise an {@link IllegalArgumentException} says what differs.
     */
    public void checkCompatible(LabelledCurves data) {
        List<String> problems = new ArrayList<>();
        if (data.inputLength() != inputLength()) {
            problems.add("the data's curves have " + data.inputLength() + " samples, the model expects "
                    + inputLength());
        }
        double[] grid = inputGrid();
        double[] dataGrid = data.inputGrid();
        if (grid.length != 0 && dataGrid.length != 0 && !sameGrid(grid, dataGrid)) {
            problems.add("the data's input grid [" + dataGrid[0] + " .. " + dataGrid[dataGrid.length - 1]
                    + ", " + dataGrid.length + " points] differs from the model's [" + grid[0] + " .. "
                    + grid[grid.length - 1] + ", " + grid.length + " points]");
        }
        if (!data.labelNames().equals(labelNames())) {
            problems.add("the data's labels " + data.labelNames() + " differ from the model's outputs "
                    + labelNames());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("model " + dir + " does not fit this data: "
                    + String.join("; ", problems));
        }
    }

    private static boolean sameGrid(double[] a, double[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > 1e-9 * Math.max(1, Math.abs(a[i]))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        network.close();
    }

    @Override
    public String toString() {
        return "TrainedModel[" + dir + ", " + inputLength() + " → " + labelNames() + ", preset '" + preset()
                + "', best epoch " + metadata.bestEpoch() + "]";
    }
}
