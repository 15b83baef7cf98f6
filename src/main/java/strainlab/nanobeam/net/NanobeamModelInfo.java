package strainlab.nanobeam.net;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import strainlab.nanobeam.sim.ParameterGrid;

/**
 * The {@code nanobeamnn.json} of a model folder: what the network was trained on and how to read its outputs.
 *
 * @param format            {@value #FORMAT}
 * @param architecture      {@value #ARCHITECTURE}
 * @param labelNames        output order: strain, tilt_lr_deg, tilt_ud_deg
 * @param labelScale        network output = label × scale (100, 10, 5)
 * @param trainedRange      the library grid the network was trained on (its ranges are the trained range)
 * @param maxCounts         photons at the library's brightest pixel (7 in the paper): inputs should be on this scale
 * @param seed              seed of the initial weights and of the batch order
 * @param noiseSeed         seed of the Poisson noise of the training library
 * @param epochs            epochs run
 * @param bestEpoch         1-based epoch whose weights were kept (lowest validation loss)
 * @param bestValidationMse validation MSE (scaled labels) of the kept weights
 */
public record NanobeamModelInfo(String format, String architecture, List<String> labelNames, float[] labelScale,
                                ParameterGrid trainedRange, double maxCounts, long seed, long noiseSeed, int epochs,
                                int bestEpoch, double bestValidationMse) {
    public static final String FORMAT = "strainlab-nanobeamnn/1";
    public static final String ARCHITECTURE = "nanobeamnn-2024 (conv3x3 1-2-4-p-8-16-p-32-64-p, linear 1024-3, relu)";
    public static final String FILE_NAME = "nanobeamnn.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    /** Info of a network before training. */
    public static NanobeamModelInfo untrained(ParameterGrid range, double maxCounts, long seed, long noiseSeed) {
        return new NanobeamModelInfo(FORMAT, ARCHITECTURE, ParameterGrid.LABELS, NanobeamNN.LABEL_SCALE.clone(), range,
                maxCounts, seed, noiseSeed, 0, 0, Double.POSITIVE_INFINITY);
    }

    /** Copy after training. */
    public NanobeamModelInfo trained(int epochsRun, int best, double bestMse) {
        return new NanobeamModelInfo(format, architecture, labelNames, labelScale, trainedRange, maxCounts, seed,
                noiseSeed, epochsRun, best, bestMse);
    }

    /** JSON text. */
    public String toJson() {
        return GSON.toJson(this);
    }

    /** Reads and checks {@code dir/nanobeamnn.json}; errors name the file. */
    public static NanobeamModelInfo read(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": not found (not a NanobeamNN model folder)");
        }
        NanobeamModelInfo info;
        try {
            info = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), NanobeamModelInfo.class);
        } catch (JsonParseException | IllegalArgumentException e) {
            throw new IOException(file + ": invalid JSON: " + e.getMessage(), e);
        }
        if (info == null || !FORMAT.equals(info.format())) {
            throw new IOException(file + ": format must be " + FORMAT + ", got " + (info == null ? null : info.format()));
        }
        if (info.trainedRange() == null || info.labelScale() == null || info.labelScale().length != 3) {
            throw new IOException(file + ": trainedRange and a 3-element labelScale are required");
        }
        return info;
    }
}
