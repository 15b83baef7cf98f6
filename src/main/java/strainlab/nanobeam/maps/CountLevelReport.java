package strainlab.nanobeam.maps;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import strainlab.nanobeam.net.NanobeamTrainingOptions;
import tech.tablesaw.api.Table;

/**
 * The content of count-levels.json (figure S3): the study, how its networks came (given models or trained here),
 * the test levels (photons at the library's brightest pixel), seed, device, one row per model and test level, and
 * the files written. Filled in the order the JSON lists it.
 */
public final class CountLevelReport {
    private final Map<String, Object> json = new LinkedHashMap<>(Map.of("study",
            "NanobeamNN figure S3: models trained at different count levels, tested across count levels"));

    /** Networks given as trained models: per model its name, folder, members, training level and library size. */
    public void models(List<CountLevelStudy.Model> models, List<Path> dirs) {
        List<Map<String, Object>> described = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            CountLevelStudy.Model m = models.get(i);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("name", m.name());
            d.put("dir", dirs.get(i).toAbsolutePath().toString());
            d.put("members", m.ensemble().size());
            d.put("train_counts", m.trainCounts());
            d.put("library_points", m.ensemble().trainedRange().size());
            described.add(d);
        }
        json.put("mode", "models");
        json.put("models", described);
    }

    /** Networks trained here, one per level, on the noise-free GRID³ library; {@code modelsOut} may be null. */
    public void training(double[] trainLevels, int grid, NanobeamTrainingOptions opts, Path modelsOut) {
        json.put("mode", "train-levels");
        Map<String, Object> tr = new LinkedHashMap<>();
        tr.put("train_levels", trainLevels);
        tr.put("grid", grid);
        tr.put("epochs", opts.epochs());
        tr.put("batch", opts.batchSize());
        tr.put("learning_rate", opts.learningRate());
        tr.put("library", "noise-free");
        if (modelsOut != null) {
            tr.put("models_dir", modelsOut.toAbsolutePath().toString());
        }
        json.put("training", tr);
    }

    /** The results: test levels, seed, device, the rows of {@code table} ({@link CountLevelStudy#COLUMNS}), files. */
    public Map<String, Object> finish(double[] testLevels, long seed, String device, Table table, List<String> files) {
        json.put("test_levels", testLevels);
        json.put("seed", seed);
        json.put("device", device);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < table.rowCount(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put(CountLevelStudy.COLUMNS[0], table.stringColumn(0).get(i));
            for (int c = 1; c < CountLevelStudy.COLUMNS.length; c++) {
                row.put(CountLevelStudy.COLUMNS[c], table.doubleColumn(c).get(i));
            }
            rows.add(row);
        }
        json.put("rows", rows);
        json.put("files", files);
        return json;
    }
}
