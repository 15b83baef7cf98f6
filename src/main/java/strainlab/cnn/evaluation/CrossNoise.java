package strainlab.cnn.evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import strainlab.cnn.Ensemble;
import strainlab.cnn.InMemoryCurves;
import strainlab.cnn.TrainedModel;
import strainlab.dataset.recipe.PaperRecipe;

/**
 * Networks scored on test curves that differ only in their counting noise: for each network, curves of its own
 * preset drawn with one seed (so the same parameters, profiles and random stream) and rendered with each noise
 * mode (honest Poisson(I), the published I + Poisson(I), or none), each scored as a table-2 row. Curves are
 * generated once per preset and noise and shared by the networks of that preset.
 *
 * <pre>{@code
 * List<CrossNoise.Cell> cells = CrossNoise.run(List.of(Path.of("data/models/cnn2-1500k-gpu")),
 *         List.of(PaperRecipe.Noise.POISSON, PaperRecipe.Noise.PUBLISHED), 7, 12_000, "cpu");
 * }</pre>
 */
public final class CrossNoise {
    /** Index of the first test curve drawn: far from the training sets' indices of the same seed. */
    public static final long FIRST_INDEX = 1L << 40;

    /**
     * One network on one test noise.
     *
     * @param model the model folder's name
     * @param preset the network's preset
     * @param modelNoise the noise of the network's training data ("" when its model.json does not say)
     * @param testNoise the noise of the test curves
     * @param row the table-2 row of the network on those curves
     */
    public record Cell(String model, String preset, String modelNoise, String testNoise, Table2Row row) {
    }

    private CrossNoise() {
    }

    /**
     * Scores every model on {@code count} curves of its preset for every noise mode.
     *
     * @param models model folders (networks with the full [14] outputs or reduced ones) or ensemble folders (scored
     *               by their members' mean)
     * @param noises the test noises
     * @param seed seed of the test curves (use one the training sets did not use)
     * @param count test curves per preset and noise
     * @param device inference device (auto, cpu or gpu)
     * @throws IOException when a model folder cannot be read
     */
    public static List<Cell> run(List<Path> models, List<PaperRecipe.Noise> noises, long seed, int count,
            String device) throws IOException {
        if (models.isEmpty() || noises.isEmpty()) {
            throw new IllegalArgumentException("give at least one model and one noise");
        }
        if (count < 2) {
            throw new IllegalArgumentException("count must be >= 2, got " + count);
        }
        Map<String, InMemoryCurves> sets = new LinkedHashMap<>();
        List<Cell> cells = new ArrayList<>();
        for (Path dir : models) {
            boolean isEnsemble = Ensemble.isEnsemble(dir);
            try (Ensemble ensemble = isEnsemble ? Ensemble.load(dir, device) : null;
                    TrainedModel single = isEnsemble ? null : TrainedModel.load(dir, device)) {
                Predictor predictor = isEnsemble ? Predictor.of(ensemble) : Predictor.of(single);
                TrainedModel model = predictor.reference();
                String preset = model.preset();
                if (preset.isEmpty()) {
                    throw new IOException(dir + ": model.json names no preset, so its test curves are unknown");
                }
                for (PaperRecipe.Noise noise : noises) {
                    PaperRecipe recipe = new PaperRecipe(
                            EvaluationReport.recipeFor(preset, model.inputLength()).ranges(), noise);
                    InMemoryCurves test = sets.computeIfAbsent(preset + "/" + noise.mode(),
                            k -> InMemoryCurves.generate(recipe, seed, FIRST_INDEX, count));
                    String name = dir.getFileName().toString();
                    Evaluation e = predictor.evaluate(test, name + " on " + noise.mode() + " noise", null).mean();
                    cells.add(new Cell(name, preset, model.noise(), noise.mode(), e.table2()));
                }
            }
        }
        return List.copyOf(cells);
    }

    /**
     * The cells as CSV: {@code model,preset,model_noise,test_noise,test_curves,test_mse,a_t,a_emax,a_dwmin,a_h,
     * a_dr,a_strain}, accuracies as fractions, empty where a network does not predict the quantity.
     */
    public static String csv(List<Cell> cells) {
        StringBuilder b = new StringBuilder(
                "model,preset,model_noise,test_noise,test_curves,test_mse,a_t,a_emax,a_dwmin,a_h,a_dr,a_strain\n");
        for (Cell c : cells) {
            Table2Row r = c.row();
            b.append(String.join(",", c.model(), c.preset(), c.modelNoise(), c.testNoise(),
                    Integer.toString(r.testCount()), num(r.testMse()), num(r.aT()), num(r.aEmax()), num(r.aDw()),
                    num(r.aH()), num(r.aDr()), num(r.aStrain()))).append('\n');
        }
        return b.toString();
    }

    /** A console table: one line per network, a(strain) and test MSE for each test noise. */
    public static String table(List<Cell> cells) {
        List<String> noises = cells.stream().map(Cell::testNoise).distinct().toList();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-32s %-10s", "network", "trained on"));
        for (String n : noises) {
            b.append(String.format(Locale.ROOT, "  %-24s", n + ": a(strain), MSE"));
        }
        b.append('\n');
        for (String model : cells.stream().map(Cell::model).distinct().toList()) {
            List<Cell> mine = cells.stream().filter(c -> c.model().equals(model)).toList();
            b.append(String.format(Locale.ROOT, "%-32s %-10s", model,
                    mine.get(0).modelNoise().isEmpty() ? "unknown" : mine.get(0).modelNoise()));
            for (String n : noises) {
                Table2Row r = mine.stream().filter(c -> c.testNoise().equals(n)).findFirst().orElseThrow().row();
                b.append(String.format(Locale.ROOT, "  %-24s", (r.aStrain() == null ? "-" : String.format(Locale.ROOT,
                        "%.1f %%", 100 * r.aStrain())) + ", " + String.format(Locale.ROOT, "%.5f", r.testMse())));
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String num(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.6g", v);
    }
}
