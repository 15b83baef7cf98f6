package strainlab.cnn.evaluation;

import com.google.gson.GsonBuilder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import strainlab.cnn.LabelledCurves;
import strainlab.cnn.OutputLayout;
import strainlab.dataset.recipe.ParameterRanges;
import strainlab.dataset.recipe.PaperRecipe;
import strainlab.plot.Charts;
import strainlab.plot.EvaluationPlots;

/**
 * The figures and files of one evaluation: figs 1, 3, 4, 5, 6 and S2 of the paper as images, and
 * {@link #write(Path)} to put them in a report folder beside {@code table2.json} and the per-curve CSV.
 *
 * <pre>{@code
 * EvaluationReport report = new EvaluationReport(evaluation, test, PaperRecipe.preset("cnn1"));
 * report.figure3();          // a BufferedImage: shown by the notebook
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

    private List<ExampleCase> cases(int[] positions) {
        List<ExampleCase> out = new ArrayList<>();
        for (int i : positions) {
            double s = evaluation.curve(i).strainRelativeRms();
            out.add(exampleCase(i, String.format(Locale.ROOT, "curve %d, σe/e_max = %.3f",
                    evaluation.curve(i).sourceIndex(), s)));
        }
        return out;
    }

    /** Curves and profiles of some cases, as one image: the stacked curves left, one profile panel per case. */
    public static BufferedImage examplesFigure(String title, List<ExampleCase> cases) {
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("no example case to draw");
        }
        List<XYChart> charts = new ArrayList<>();
        charts.add(EvaluationPlots.curves(title, "(Q − Q_B)/Q_B (%)", cases.stream().map(ExampleCase::deltaQPercent)
                .toList(), cases.stream().map(ExampleCase::input).toList(), cases.stream()
                .map(ExampleCase::recomputed).toList(), ExampleCase.names(cases)));
        int k = 1;
        for (ExampleCase c : cases) {
            charts.add(profilesChart("(" + k++ + ") " + c.name(), c));
        }
        return Charts.grid(Math.min(3, charts.size()), charts);
    }

    /** The strain/DW profile chart of one case. */
    public static XYChart profilesChart(String title, ExampleCase c) {
        return EvaluationPlots.profiles(title, ExampleCase.depthNm(c.truth()), ExampleCase.strainPercent(c.truth()),
                c.truth().dw(), c.prediction() == null ? null : ExampleCase.depthNm(c.prediction()),
                c.prediction() == null ? null : ExampleCase.strainPercent(c.prediction()),
                c.prediction() == null ? null : c.prediction().dw());
    }

    /**
     * Fig. 1: the four curves with σe/e_max closest to the accuracy threshold 0.1 (needs a predicted profile); the
     * title gives the range of σe/e_max of the curves shown.
     */
    public BufferedImage figure1() {
        requireProfile("figure 1");
        int[] near = evaluation.nearest(Table2Row.THRESHOLD, 4);
        return examplesFigure("Fig. 1: predictions with " + strainErrorRange(near), cases(near));
    }

    /** "σe/e_max = a–b" (or "= a" when all equal) over some evaluation positions, to three decimals. */
    String strainErrorRange(int[] positions) {
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

    /** Fig. 4: the two curves of lowest and the two of highest σe/e_max. */
    public BufferedImage figure4() {
        requireProfile("figure 4");
        int[] lo = evaluation.lowest(2);
        int[] hi = evaluation.highest(2);
        int[] both = Arrays.copyOf(lo, lo.length + hi.length);
        System.arraycopy(hi, 0, both, lo.length, hi.length);
        return examplesFigure("Fig. 4: lowest (1, 2) and highest (3, 4) σe/e_max", cases(both));
    }

    /** Fig. 3 panels: predicted vs true, cumulative |Δp|/p, the violin of Δp/p and the σe/e_max cumulative. */
    public List<XYChart> figure3Charts() {
        List<XYChart> charts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<double[]> errors = new ArrayList<>();
        for (Parameter p : Parameter.values()) {
            if (!evaluation.predicts(p)) {
                continue;
            }
            charts.add(EvaluationPlots.predictedVsTrue(p.symbol(), p.axisLabel(), evaluation.truths(p),
                    evaluation.predictions(p)));
            charts.add(EvaluationPlots.cumulative("a(" + p.symbol() + ") = "
                    + EvaluationPlots.percent(evaluation.accuracy(p)), "|Δ" + p.symbol() + "|/" + p.symbol(),
                    evaluation.relativeErrors(p)));
            names.add(p.symbol());
            errors.add(evaluation.relativeErrors(p));
        }
        if (!names.isEmpty()) {
            charts.add(EvaluationPlots.violin("Relative errors Δp/p", names, errors, 0.3));
        }
        if (evaluation.predictsProfile()) {
            charts.add(EvaluationPlots.cumulative("a(strain) = " + EvaluationPlots.percent(evaluation.strainAccuracy()),
                    "σe/e_max", evaluation.strainRelativeRms()));
        }
        return charts;
    }

    /** Fig. 3 as one image. */
    public BufferedImage figure3() {
        return Charts.grid(4, figure3Charts());
    }

    /** Fig. S2: σe/e_max against the true value of each parameter. */
    public BufferedImage figureS2() {
        requireProfile("figure S2");
        List<XYChart> charts = new ArrayList<>();
        for (Parameter p : Parameter.values()) {
            charts.add(EvaluationPlots.errorVsParameter(p.axisLabel(), evaluation.truths(p),
                    evaluation.strainRelativeRms()));
        }
        return Charts.grid(3, charts);
    }

    /** Fig. 5: parameter histograms of the curves of lowest and highest σe/e_max (sets scaled to the test size). */
    public BufferedImage figure5() {
        requireProfile("figure 5");
        return extremes(evaluation, "");
    }

    /** Fig. 6: as fig. 5 on the curves with e_max ≤ 2 %. */
    public BufferedImage figure6() {
        requireProfile("figure 6");
        Evaluation low = evaluation.lowStrain(LOW_STRAIN_PERCENT);
        if (low.size() < 2) {
            throw new IllegalStateException("figure 6: fewer than 2 test curves with e_max ≤ " + LOW_STRAIN_PERCENT
                    + " %");
        }
        return extremes(low, " (e_max ≤ 2 %)");
    }

    private BufferedImage extremes(Evaluation e, String suffix) {
        int k = Evaluation.extremeCount(e.size());
        int[] lo = e.lowest(k);
        int[] hi = e.highest(k);
        List<XYChart> charts = new ArrayList<>();
        for (Parameter p : Parameter.values()) {
            double[] all = e.truths(p);
            double min = Arrays.stream(all).filter(Double::isFinite).min().orElse(0);
            double max = Arrays.stream(all).filter(Double::isFinite).max().orElse(1);
            XYChart c = EvaluationPlots.extremeHistograms(p.axisLabel() + suffix, pick(all, lo), pick(all, hi), min,
                    max, 20);
            charts.add(c);
        }
        return Charts.grid(3, charts);
    }

    private static double[] pick(double[] v, int[] idx) {
        double[] out = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = v[idx[i]];
        }
        return out;
    }

    private void requireProfile(String what) {
        if (!evaluation.predictsProfile()) {
            throw new IllegalStateException(what + " needs a predicted strain profile; the model predicts "
                    + evaluation.predictionView().names());
        }
    }

    /**
     * Writes the report into {@code dir}: {@value #TABLE2_FILE} (the first row's fields at the top level, all rows
     * under {@code rows}), {@value #CURVES_FILE}, and the PNG figures this model allows (fig1, fig3, fig4, fig5,
     * fig6, figS2). Every file is written atomically. Returns the files written.
     */
    public List<Path> write(Path dir) throws IOException {
        List<Path> written = new ArrayList<>();
        List<Table2Row> rows = table2Rows();
        Path t2 = dir.resolve(TABLE2_FILE);
        ReportFiles.writeString(t2, table2Json(rows, evaluation.predictionView().names(), data.noise(), modelNoise));
        written.add(t2);
        Path csv = dir.resolve(CURVES_FILE);
        evaluation.writeCsv(csv);
        written.add(csv);
        written.add(Charts.savePng(figure3(), dir.resolve("fig3-predictions.png")));
        if (evaluation.predictsProfile()) {
            if (evaluation.predictionView().has(Parameter.DW_MIN)) {
                written.add(Charts.savePng(figure1(), dir.resolve("fig1-examples.png")));
                written.add(Charts.savePng(figure4(), dir.resolve("fig4-best-worst.png")));
            }
            written.add(Charts.savePng(figureS2(), dir.resolve("figS2-error-vs-parameters.png")));
            written.add(Charts.savePng(figure5(), dir.resolve("fig5-extreme-histograms.png")));
            if (evaluation.lowStrain(LOW_STRAIN_PERCENT).size() >= 2) {
                written.add(Charts.savePng(figure6(), dir.resolve("fig6-extreme-histograms-low-strain.png")));
            }
        }
        return written;
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
        top.put("rows", rows);
        return gson.toJson(top);
    }
}
