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
import strainlab.io.AtomicFiles;
import strainlab.cnn.LabelledCurves;
import strainlab.cnn.OutputLayout;
import strainlab.dataset.recipe.ParameterRanges;
import strainlab.dataset.recipe.PaperRecipe;
import strainlab.plot.Charts;
import strainlab.plot.EvaluationPlots;
import strainlab.plot.Figure;
import strainlab.plot.FigureOutput;

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
        return examples(title, cases).image();
    }

    /** As {@link #examplesFigure}, as a {@link Figure} (for SVG/PDF). */
    public static Figure examples(String title, List<ExampleCase> cases) {
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
        return Charts.figure(Math.min(3, charts.size()), charts);
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
        return fig1().image();
    }

    private Figure fig1() {
        requireProfile("figure 1");
        int[] near = evaluation.nearest(Table2Row.THRESHOLD, 4);
        return examples("Fig. 1: predictions with " + strainErrorRange(near), cases(near));
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
        return fig4().image();
    }

    private Figure fig4() {
        requireProfile("figure 4");
        int[] lo = evaluation.lowest(2);
        int[] hi = evaluation.highest(2);
        int[] both = Arrays.copyOf(lo, lo.length + hi.length);
        System.arraycopy(hi, 0, both, lo.length, hi.length);
        return examples("Fig. 4: lowest (1, 2) and highest (3, 4) σe/e_max", cases(both));
    }

    /** Fig. 3 panels: predicted vs true, cumulative |Δp|/p, the violin of Δp/p and the σe/e_max cumulative. */
    public List<XYChart> figure3Charts() {
        return figure3Charts(evaluation);
    }

    private static List<XYChart> figure3Charts(Evaluation evaluation) {
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
        return fig3().image();
    }

    private Figure fig3() {
        return Charts.figure(4, figure3Charts());
    }

    /**
     * Figs S5 (CNN1) and S7 (CNN2): fig. 3 — predicted against true values and accuracies — on the test curves with
     * e_max ≤ 2 %, as a {@link Figure}.
     *
     * @throws IllegalStateException with fewer than 2 such curves
     */
    public Figure lowStrainPredictions() {
        Evaluation low = lowStrain(evaluation);
        List<XYChart> charts = figure3Charts(low);
        for (XYChart c : charts) {
            c.setTitle(c.getTitle() + " (e_max ≤ 2 %)");
        }
        return Charts.figure(4, charts);
    }

    /** Figs S6 (CNN1) and S8 (CNN2): fig. 5's parameter histograms on the test curves with e_max ≤ 2 %. */
    public Figure lowStrainHistograms() {
        return fig6();
    }

    private static Evaluation lowStrain(Evaluation e) {
        Evaluation low = e.lowStrain(LOW_STRAIN_PERCENT);
        if (low.size() < 2) {
            throw new IllegalStateException("fewer than 2 test curves with e_max ≤ " + LOW_STRAIN_PERCENT + " %");
        }
        return low;
    }

    /**
     * Fig. 6: CNN1 and CNN2 on their test curves with e_max ≤ 2 %: for each parameter, the histograms of its true
     * values over the curves of highest σe/e_max of each network, overlaid; last, the σe/e_max histograms of both
     * networks with their strain accuracies. Each highest-error set holds the paper's share of the whole test set
     * (10³ of 1.5·10⁵ curves) but at least {@value #FIG6_MIN_CURVES} curves (or a quarter of the subset when it is
     * smaller), so that a quick test set still fills its histograms; legends and titles give the counts.
     *
     * @param first the first network's evaluation (named by its label, e.g. "CNN1")
     * @param second the second network's evaluation
     * @throws IllegalStateException when an evaluation has no strain profile or fewer than 2 such curves
     */
    public static Figure compareLowStrain(Evaluation first, Evaluation second) {
        List<Evaluation> both = new ArrayList<>();
        for (Evaluation e : List.of(first, second)) {
            if (!e.predictsProfile()) {
                throw new IllegalStateException("figure 6 needs predicted strain profiles; " + e.label() + " has none");
            }
            both.add(lowStrain(e));
        }
        List<XYChart> charts = new ArrayList<>();
        for (Parameter p : Parameter.values()) {
            List<String> names = new ArrayList<>();
            List<double[]> values = new ArrayList<>();
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < 2; k++) {
                Evaluation e = both.get(k);
                int n = fig6Count((k == 0 ? first : second).size(), e.size());
                double[] all = e.truths(p);
                for (double v : all) {
                    if (Double.isFinite(v)) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
                names.add(String.format(Locale.ROOT, "%s, highest %,d of %,d σe/e_max",
                        (k == 0 ? first : second).label(), n, e.size()));
                values.add(pick(all, e.highest(n)));
            }
            charts.add(EvaluationPlots.compareHistograms(p.axisLabel() + ", highest σe/e_max (e_max ≤ 2 %)",
                    p.axisLabel(), names, values, min, max, 20));
        }
        List<String> names = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            Evaluation e = both.get(k);
            names.add(String.format(Locale.ROOT, "%s, a(strain) = %s", (k == 0 ? first : second).label(),
                    EvaluationPlots.percent(e.strainAccuracy())));
            values.add(e.strainRelativeRms());
        }
        charts.add(EvaluationPlots.compareHistograms("σe/e_max (e_max ≤ 2 %)", "σe/e_max", names, values, 0, 1, 25));
        return Charts.figure(3, charts);
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

    /** Fig. S2: σe/e_max against the true value of each parameter. */
    public BufferedImage figureS2() {
        return figS2().image();
    }

    private Figure figS2() {
        requireProfile("figure S2");
        List<XYChart> charts = new ArrayList<>();
        for (Parameter p : Parameter.values()) {
            charts.add(EvaluationPlots.errorVsParameter(p.axisLabel(), evaluation.truths(p),
                    evaluation.strainRelativeRms()));
        }
        return Charts.figure(3, charts);
    }

    /** Fig. 5: parameter histograms of the curves of lowest and highest σe/e_max (sets scaled to the test size). */
    public BufferedImage figure5() {
        return fig5().image();
    }

    private Figure fig5() {
        requireProfile("figure 5");
        return extremes(evaluation, "", Evaluation.extremeCount(evaluation.size()));
    }

    /**
     * As fig. 5 on the curves with e_max ≤ 2 % (the paper's figs S6 and S8 for CNN1 and CNN2), with sets as large as
     * fig. 6's ({@link #fig6Count}).
     */
    public BufferedImage figure6() {
        return fig6().image();
    }

    private Figure fig6() {
        requireProfile("figure 6");
        Evaluation low = lowStrain(evaluation);
        return extremes(low, " (e_max ≤ 2 %)", fig6Count(evaluation.size(), low.size()));
    }

    private static Figure extremes(Evaluation e, String suffix, int k) {
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
        return Charts.figure(3, charts);
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
        return write(dir, FigureOutput.DEFAULT);
    }

    /**
     * As {@link #write(Path)}, the figures in the formats and at the resolution of {@code figures} (e.g. PNG at
     * 300 dpi and PDF).
     */
    public List<Path> write(Path dir, FigureOutput figures) throws IOException {
        List<Path> written = new ArrayList<>();
        List<Table2Row> rows = table2Rows();
        Path t2 = dir.resolve(TABLE2_FILE);
        String json = table2Json(rows, evaluation.predictionView().names(), data.noise(), modelNoise);
        AtomicFiles.writeText(t2, w -> w.write(json));
        written.add(t2);
        Path csv = dir.resolve(CURVES_FILE);
        evaluation.writeCsv(csv);
        written.add(csv);
        written.addAll(figures.save(fig3(), dir, "fig3-predictions"));
        if (evaluation.predictsProfile()) {
            if (evaluation.predictionView().has(Parameter.DW_MIN)) {
                written.addAll(figures.save(fig1(), dir, "fig1-examples"));
                written.addAll(figures.save(fig4(), dir, "fig4-best-worst"));
            }
            written.addAll(figures.save(figS2(), dir, "figS2-error-vs-parameters"));
            written.addAll(figures.save(fig5(), dir, "fig5-extreme-histograms"));
            if (evaluation.lowStrain(LOW_STRAIN_PERCENT).size() >= 2) {
                written.addAll(figures.save(fig6(), dir, "fig6-extreme-histograms-low-strain"));
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
