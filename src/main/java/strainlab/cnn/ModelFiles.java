package strainlab.cnn;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/** The JSON settings of the model folder's files (written through {@link strainlab.io.AtomicFiles}). */
final class ModelFiles {
    /** Gson used for every JSON file of a model folder (allows ±∞ for "no best loss yet"). */
    static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .disableHtmlEscaping().create();

    private ModelFiles() {
    }
}
