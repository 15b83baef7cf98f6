package strainlab.cnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import strainlab.dataset.recipe.LabelLayout;
import strainlab.dataset.recipe.PaperRecipe;
import strainlab.dataset.recipe.Recipe;
import strainlab.io.Checksums;

/**
 * Stores a model folder's parameters in half precision (IEEE float16) where it is harmless, for shipping ensembles:
 * each network's {@code network.params} is rewritten in {@link Network#saveHalfParameters}'s format, which
 * {@link TrainedModel#load} reads back into float32. The candidates are the weight arrays of at least
 * {@value #MIN_VALUES} values (almost all the bytes); one whose rounding alone moves a normalised output by more than
 * a quarter of the tolerance, on curves of the model's own recipe, stays float32 (in the paper's network the
 * sensitive ones are the first convolution's and the output layer's, which are small anyway), and the file is
 * written only when the whole half-precision network stays within the tolerance.
 *
 * <pre>{@code
 * List<HalfPrecision.Report> done = HalfPrecision.convert(Path.of("models/cnn2-ensemble"), 256, 1e-3);
 * }</pre>
 */
public final class HalfPrecision {
    /** Parameters with fewer values stay float32. */
    public static final int MIN_VALUES = 4096;

    private HalfPrecision() {
    }

    /**
     * One network stored in half precision.
     *
     * @param dir               its model folder
     * @param bytesBefore       size of {@code network.params} before (bytes)
     * @param bytesAfter        size after (bytes)
     * @param curves            curves of the model's recipe both networks predicted
     * @param halfParameters    parameters stored as float16
     * @param keptParameters    candidates kept in float32 because their rounding alone moved an output too much
     * @param maxDifference     largest |stored − float32| over those curves and all outputs, in the network's
     *                          normalised outputs (each label scaled to [0, 1] over the training set)
     * @param alreadyHalf       true when the folder was already in half precision (nothing written)
     */
    public record Report(Path dir, long bytesBefore, long bytesAfter, int curves, List<String> halfParameters,
            List<String> keptParameters, double maxDifference, boolean alreadyHalf) {
    }

    /**
     * Stores the network of a model folder, or of every member of an ensemble folder, in half precision. Per network:
     * predicts {@code curves} curves generated from its recorded recipe (seed 1) with the float32 and the float16
     * parameters. The files are replaced (then each folder's {@code checksums.json}, and the ensemble's when it has
     * one) only when every network stays within {@code tolerance} on every normalised output; otherwise nothing is
     * changed and the call fails. A folder already in half precision is reported and left as it is.
     *
     * @throws IOException for an unreadable or damaged folder (named), a model without a recorded recipe, or a
     *                     difference above the tolerance (the folder and the difference named)
     */
    public static List<Report> convert(Path dir, int curves, double tolerance) throws IOException {
        if (curves < 1) {
            throw new IllegalArgumentException("curves must be ≥ 1, got " + curves);
        }
        if (!(tolerance > 0)) {
            throw new IllegalArgumentException("tolerance must be > 0, got " + tolerance);
        }
        boolean ensemble = Ensemble.isEnsemble(dir);
        List<Path> models = ensemble ? Ensemble.memberDirs(dir) : List.of(dir);
        boolean listed = ensemble && !Ensemble.verifyChecksums(dir, models).isEmpty();
        List<Report> checked = new ArrayList<>();
        try {
            for (Path model : models) {
                checked.add(check(model, curves, tolerance));
            }
            boolean relist = listed && checked.stream().anyMatch(r -> !r.alreadyHalf());
            if (relist) {
                Checksums.delete(dir);
            }
            List<Report> reports = new ArrayList<>();
            for (Report r : checked) {
                reports.add(r.alreadyHalf() ? r : replace(r));
            }
            if (relist) {
                Ensemble.writeChecksums(dir);
            }
            return reports;
        } finally {
            for (Path model : models) {
                Files.deleteIfExists(pendingFile(model));
            }
        }
    }

    /** Where the half-precision file of a model folder waits for its check to pass. */
    private static Path pendingFile(Path dir) {
        return dir.resolve(CnnTrainer.PARAMS_FILE + ".f16.tmp");
    }

    /** Moves a checked network's half-precision file into place and rewrites its folder's checksums. */
    private static Report replace(Report r) throws IOException {
        Path params = r.dir().resolve(CnnTrainer.PARAMS_FILE);
        Files.move(pendingFile(r.dir()), params, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Checksums.write(r.dir(), CnnTrainer.CHECKSUMMED);
        return new Report(r.dir(), r.bytesBefore(), Files.size(params), r.curves(), r.halfParameters(),
                r.keptParameters(), r.maxDifference(), false);
    }

    /**
     * Writes a model folder's half-precision file beside its parameters ({@link #pendingFile}) and checks it; the
     * report's bytesAfter is still the size before.
     */
    private static Report check(Path dir, int curves, double tolerance) throws IOException {
        Path params = dir.resolve(CnnTrainer.PARAMS_FILE);
        long before = Files.size(params);
        if (isHalf(params)) {
            return new Report(dir, before, before, 0, List.of(), List.of(), 0, true);
        }
        try (TrainedModel model = TrainedModel.load(dir, "cpu")) {
            Recipe recipe = model.recipe();
            if (recipe == null) {
                throw new IOException(dir + ": records no training recipe, so there are no curves to check the "
                        + "half-precision network on");
            }
            float[][] inputs = curvesOf(recipe, model.inputLength(), curves);
            float[][] full = model.predictNormalised(inputs);
            List<String> halfNames = new ArrayList<>();
            List<String> kept = new ArrayList<>();
            for (Pair<String, Parameter> p : model.network().block().getParameters()) {
                NDArray a = p.getValue().getArray();
                if (a.size() < MIN_VALUES) {
                    continue;
                }
                float[] values = a.toFloatArray();
                a.set(FloatBuffer.wrap(a.toType(DataType.FLOAT16, true).toType(DataType.FLOAT32, true)
                        .toFloatArray()));
                double alone = maxDifference(full, model.predictNormalised(inputs));
                a.set(FloatBuffer.wrap(values));
                (alone <= tolerance / 4 ? halfNames : kept).add(p.getKey());
            }
            if (halfNames.isEmpty()) {
                throw new IOException(String.format(Locale.ROOT, "%s: every weight array moves a "
                        + "normalised output by more than %.3g in half precision: left in float32", dir,
                        tolerance / 4));
            }
            Path half = pendingFile(dir);
            model.network().saveHalfParameters(half, halfNames::contains);
            // the check reads the file back into this (temporary) model's own network
            model.network().loadParameters(half);
            double max = maxDifference(full, model.predictNormalised(inputs));
            if (!(max <= tolerance)) {
                throw new IOException(String.format(Locale.ROOT, "%s: in half precision the network's normalised "
                        + "outputs differ by up to %.3g on %d curves of its recipe, more than the tolerance %.3g: "
                        + "left in float32", dir, max, curves, tolerance));
            }
            return new Report(dir, before, before, curves, List.copyOf(halfNames), List.copyOf(kept), max, false);
        }
    }

    /** Whether a parameter file is in half precision. */
    static boolean isHalf(Path params) throws IOException {
        try (InputStream in = Files.newInputStream(params)) {
            return Network.startsHalf(in);
        }
    }

    /** Network inputs of curves 0 .. n−1 of {@code recipe} with seed 1. */
    private static float[][] curvesOf(Recipe recipe, int inputLength, int n) throws IOException {
        PaperRecipe generator = new PaperRecipe(recipe);
        if (generator.inputLength() != inputLength) {
            throw new IOException("the recorded recipe makes curves of " + generator.inputLength()
                    + " points, the network takes " + inputLength);
        }
        float[][] inputs = new float[n][inputLength];
        float[] labels = new float[LabelLayout.COUNT];
        for (int i = 0; i < n; i++) {
            generator.generate(1, i, inputs[i], labels);
        }
        return inputs;
    }

    private static double maxDifference(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < a[i].length; k++) {
                max = Math.max(max, Math.abs((double) a[i][k] - b[i][k]));
            }
        }
        return max;
    }
}
