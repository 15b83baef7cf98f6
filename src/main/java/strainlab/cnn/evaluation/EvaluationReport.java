package strainlab.cnn.evaluation;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import strainlab.io.AtomicFiles;
import strainlab.cnn.LabelledCurves;
import strainlab.cnn.OutputLayout;
import strainlab.dataset.recipe.ParameterRanges;
import strainlab.dataset.recipe.PaperRecipe;

/**
 * The data of one evaluation's report: the table-2 rows, the example cases and selections behind the paper's
 * figures 1, 4, 5, 6 and S2, and {@link #write(Path)} for {@code table2.json} and the per-curve CSV. The figures
 * are drawn from it by {@code strainlab.plot.EvaluationFigures}.
 *
 * <pre>{@code
 * EvaluationReport report = new EvaluationReport(evaluation, test, PaperRecipe.preset("cnn1"));
 * report.table2Rows();
 * report.write(Path.of("report"));
 * }</pre>
 */
public final class EvaluationReport {
    /** File of the table-2 row(s). */
    public static final String TABLE2_FILE = "table2.json";
    /** File of the per-curve errors. */
    public static final String CURVES_FILE = "curve-errors.csv";
    /** e_max limit of the low-strain rows and fig. 6 (%). */
    public static final double LOW_STRAIN_PERCENT = 2.0;
    /** Fewest curves in each highest-error set of fig. 6. */
    public static final int FIG6_MIN_CURVES = 100;

    private final Evaluation evaluation;
    private final LabelledCurves data;
    private final PaperRecipe recipe;
    private final String modelNoise;

    /**
     * @param evaluation the evaluation (positions index {@code data})
     * @param data the evaluated curves, in the evaluation's order (for the example figures)
     * @param recipe recipe of the data: material, lamellae and network grid used to recompute curves
     */
    public EvaluationReport(Evaluation evaluation, LabelledCurves data, PaperRecipe recipe) {
        this(evaluation, data, recipe, "");
    }

    /**
     * As {@link #EvaluationReport(Evaluation, LabelledCurves, PaperRecipe)}, with the counting-noise mode of the
     * model's training data, recorded in {@value #TABLE2_FILE} as {@code modelNoise} ("" when unknown).
     */
    public EvaluationReport(Evaluation evaluation, LabelledCurves data, PaperRecipe recipe, String modelNoise) {
        if (data.size() != evaluation.size()) {
            throw new IllegalArgumentException("the data hold " + data.size() + " curves, the evaluation "
                    + evaluation.size());
        }
        if (recipe.inputLength() != data.inputLength()) {
            throw new IllegalArgumentException("recipe " + recipe.ranges().name() + " has a " + recipe.inputLength()
                    + "-point grid, the data " + data.inputLength());
        }
        this.evaluation = evaluation;
        this.data = data;
        this.recipe = recipe;
        this.modelNoise = modelNoise == null ? "" : modelNoise;
    }

    /**
     * The recipe behind a preset name, or, when the name is empty or unknown, the paper recipe whose network grid
     * has {@code inputLength} points (CNN1's for 1001, CNN3-401's for 401): material and lamellae are the same.
     */
    public static PaperRecipe recipeFor(String preset, int inputLength) {
        if (preset != null && ParameterRanges.PRESETS.contains(preset.trim().toLowerCase(Locale.ROOT))) {
            PaperRecipe r = PaperRecipe.preset(preset);
            if (r.inputLength() == inputLength) {
                return r;
            }
        }
        return PaperRecipe.preset(inputLength == ParameterRanges.GRID_401 ? "cnn3-401" : "cnn1");
    }

    /** The evaluation. */
    public Evaluation evaluation() {
        return evaluation;
    }

    /** The table-2 rows: all test curves and the e_max ≤ 2 % subset. */
    public List<Table2Row> table2Rows() {
        List<Table2Row> rows = new ArrayList<>();
        rows.add(evaluation.table2());
        Evaluation low = evaluation.lowStrain(LOW_STRAIN_PERCENT);
        if (low.size() > 0) {
            rows.add(low.table2());
        }
        return rows;
    }

    /** The example case of evaluation position {@code i}. */
    public ExampleCase exampleCase(int i, String name) {
        float[] in = new float[data.inputLength()];
        float[] lab = new float[data.labelCount()];
        data.read(i, in, lab);
        return ExampleCase.of(name, recipe, in, evaluation.truthView(), evaluation.truthLabels(i),
                evaluation.predictionView(), evaluation.predictedLabels(i));
    }

    /** The example cases of some evaluation positions, named by curve index and σe/e_max. */
    public List<ExampleCase> cases(int[] positions) {
        List<ExampleCase> out = new ArrayList<>();
        for (int i : positions) {
            double s = evaluation.curve(i).strainRelativeRms();
            out.add(exampleCase(i, String.format(Locale.ROOT, "curve %d, σe/e_max = %.3f",
                    evaluation.curve(i).sourceIndex(), s)));
        }
        return out;
    }

    /** "σe/e_max = a–b" (or "= a" when all equal) over some evaluation positions, to three decimals. */
    public String strainErrorRange(int[] positions) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i : positions) {
            double s = evaluation.curve(i).strainRelativeRms();
            lo = Math.min(lo, s);
            hi = Math.max(hi, s);
        }
        String a = String.format(Locale.ROOT, "%.3f", lo);
        String b = String.format(Locale.ROOT, "%.3f", hi);
        return "σe/e_max = " + (a.equals(b) ? a : a + "–" + b);
    }

    /**
     * The test curves of {@code e} with e_max ≤ {@value #LOW_STRAIN_PERCENT} % (the paper's figs 6 and S5–S8).
     *
     * @throws IllegalStateException with fewer than 2 such curves
     */
    public static Evaluation lowStrain(Evaluation e) {
        Evaluation low = e.lowStrain(LOW_STRAIN_PERCENT);
        if (low.size() < 2) {
            throw new IllegalStateException("fewer than 2 test curves with e_max ≤ " + LOW_STRAIN_PERCENT + " %");
        }
        return low;
    }

    /**
     * Size of a highest-error set of fig. 6 for a network evaluated on {@code testCount} curves of which
     * {@code subsetCount} have e_max ≤ 2 %: 10³ per 1.5·10⁵ test curves, at least {@value #FIG6_MIN_CURVES}, at most
     * a quarter of the subset (and at least 1).
     */
    public static int fig6Count(int testCount, int subsetCount) {
        long paper = Math.round((double) testCount * Evaluation.PAPER_EXTREME_COUNT / Evaluation.PAPER_TEST_COUNT);
        long n = Math.max(paper, FIG6_MIN_CURVES);
        return (int) Math.max(1, Math.min(n, subsetCount / 4));
    }

    /**
     * Writes the data of the report into {@code dir}: {@value #TABLE2_FILE} (the first row's fields at the top level,
     * all rows under {@code rows}) and {@value #CURVES_FILE}, each atomically; the figures are drawn by the plot
     * package. Returns the files written.
     */
    public List<Path> write(Path dir) throws IOException {
        Path t2 = dir.resolve(TABLE2_FILE);
        String json = table2Json(table2Rows(), evaluation.predictionView().names(), data.noise(), modelNoise);
        AtomicFiles.writeText(t2, w -> w.write(json));
        Path csv = dir.resolve(CURVES_FILE);
        evaluation.writeCsv(csv);
        return List.of(t2, csv);
    }

    /**
     * Writes {@value #TABLE2_FILE} alone into {@code dir} (atomically), with {@code extra} fields added at the top
     * level before {@code rows}; returns the file.
     */
    public Path writeTable2(Path dir, Map<String, Object> extra) throws IOException {
        Path t2 = dir.resolve(TABLE2_FILE);
        String json = table2Json(table2Rows(), evaluation.predictionView().names(), data.noise(), modelNoise, extra);
        AtomicFiles.writeText(t2, w -> w.write(json));
        return t2;
    }

    /** The JSON of {@value #TABLE2_FILE} without the model's outputs (see {@link #table2Json(List, List, String, String)}). */
    static String table2Json(List<Table2Row> rows) {
        return table2Json(rows, null, "", "");
    }

    /**
     * The JSON of {@value #TABLE2_FILE}: the first row's fields (metrics the model cannot have are left out), then
     * {@code absent} (their names: {@code aH}, {@code aDr} for an {@link OutputLayout#NO_H_DR [12]} model, plus
     * {@code aStrain} for a {@link OutputLayout#T_EMAX_DW [3]} one), {@code threshold}, {@code outputLayout}
     * ({@code [14]}, {@code [12]}, {@code [3]}, or "" for another label set) and {@code outputs} (the model's
     * output names) when {@code outputs} is given, {@code noise} (the test curves' counting-noise mode) and
     * {@code modelNoise} (the training data's) when known, and {@code rows} with every row.
     */
    static String table2Json(List<Table2Row> rows, List<String> outputs, String noise, String modelNoise) {
        return table2Json(rows, outputs, noise, modelNoise, Map.of());
    }

    private static String table2Json(List<Table2Row> rows, List<String> outputs, String noise, String modelNoise,
            Map<String, Object> extra) {
        var gson = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
        Map<String, Object> top = new LinkedHashMap<>();
        var first = gson.toJsonTree(rows.get(0)).getAsJsonObject();
        for (var e : first.entrySet()) {
            top.put(e.getKey(), e.getValue());
        }
        List<String> absent = new ArrayList<>();
        for (String key : List.of("aT", "aEmax", "aDw", "aH", "aDr", "aStrain")) {
            if (!first.has(key)) {
                absent.add(key);
            }
        }
        top.put("absent", absent);
        top.put("threshold", Table2Row.THRESHOLD);
        if (outputs != null) {
            OutputLayout layout = OutputLayout.ofLabels(outputs);
            top.put("outputLayout", layout == null ? "" : layout.tag());
            top.put("outputs", outputs);
        }
        if (!noise.isEmpty()) {
            top.put("noise", noise);
        }
        if (!modelNoise.isEmpty()) {
            top.put("modelNoise", modelNoise);
        }
        top.putAll(extra);
        top.put("rows", rows);
        return gson.toJson(top);
    }
}
