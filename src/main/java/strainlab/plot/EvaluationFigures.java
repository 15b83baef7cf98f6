package strainlab.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import strainlab.cnn.evaluation.DatasetSizeStudy;
import strainlab.cnn.evaluation.Evaluation;
import strainlab.cnn.evaluation.EvaluationReport;
import strainlab.cnn.evaluation.ExampleCase;
import strainlab.cnn.evaluation.Parameter;
import strainlab.cnn.evaluation.Table2Row;
import strainlab.io.AtomicFiles;

/**
 * The paper's evaluation figures drawn from the data of {@code strainlab.cnn.evaluation}: figs 1, 3, 4, 5, 6, S2 of
 * one evaluation, figs S5–S8 (its e_max ≤ 2 % subset), fig. 6 comparing two networks, the example figures 8 and 9,
 * and fig. 7 of a dataset-size study; {@link #write} puts a report's files and figures into a folder.
 *
 * <pre>{@code
 * EvaluationFigures.figure3(report.evaluation()).image();   // shown by a notebook
 * EvaluationFigures.write(report, Path.of("report"), FigureOutput.DEFAULT);
 * }</pre>
 */
public final class EvaluationFigures {
    private EvaluationFigures() {
    }

    /** Curves and profiles of some cases: the stacked curves left, one profile panel per case. */
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
    private static XYChart profilesChart(String title, ExampleCase c) {
        return EvaluationPlots.profiles(title, ExampleCase.depthNm(c.truth()), ExampleCase.strainPercent(c.truth()),
                c.truth().dw(), c.prediction() == null ? null : ExampleCase.depthNm(c.prediction()),
                c.prediction() == null ? null : ExampleCase.strainPercent(c.prediction()),
                c.prediction() == null ? null : c.prediction().dw());
    }

    /**
     * Fig. 1: the four curves with σe/e_max closest to the accuracy threshold 0.1 (needs a predicted profile); the
     * title gives the range of σe/e_max of the curves shown.
     */
    public static Figure figure1(EvaluationReport report) {
        requireProfile(report.evaluation(), "figure 1");
        int[] near = report.evaluation().nearest(Table2Row.THRESHOLD, 4);
        return examples("Fig. 1: predictions with " + report.strainErrorRange(near), report.cases(near));
    }

    /** Fig. 4: the two curves of lowest and the two of highest σe/e_max. */
    public static Figure figure4(EvaluationReport report) {
        requireProfile(report.evaluation(), "figure 4");
        int[] lo = report.evaluation().lowest(2);
        int[] hi = report.evaluation().highest(2);
        int[] both = Arrays.copyOf(lo, lo.length + hi.length);
        System.arraycopy(hi, 0, both, lo.length, hi.length);
        return examples("Fig. 4: lowest (1, 2) and highest (3, 4) σe/e_max", report.cases(both));
    }

    /** Fig. 3 panels: predicted vs true, cumulative |Δp|/p, the violin of Δp/p and the σe/e_max cumulative. */
    public static List<XYChart> figure3Charts(Evaluation evaluation) {
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

    /** Fig. 3 as one figure. */
    public static Figure figure3(Evaluation evaluation) {
        return Charts.figure(4, figure3Charts(evaluation));
    }

    /**
     * Figs S5 (CNN1) and S7 (CNN2): fig. 3 — predicted against true values and accuracies — on the test curves with
     * e_max ≤ 2 %.
     *
     * @throws IllegalStateException with fewer than 2 such curves
     */
    public static Figure lowStrainPredictions(Evaluation evaluation) {
        List<XYChart> charts = figure3Charts(EvaluationReport.lowStrain(evaluation));
        for (XYChart c : charts) {
            c.setTitle(c.getTitle() + " (e_max ≤ 2 %)");
        }
        return Charts.figure(4, charts);
    }

    /**
     * Fig. 6: CNN1 and CNN2 on their test curves with e_max ≤ 2 %: for each parameter, the histograms of its true
     * values over the curves of highest σe/e_max of each network, overlaid; last, the σe/e_max histograms of both
     * networks with their strain accuracies. Each highest-error set holds {@link EvaluationReport#fig6Count} curves;
     * legends and titles give the counts.
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
            both.add(EvaluationReport.lowStrain(e));
        }
        List<XYChart> charts = new ArrayList<>();
        for (Parameter p : Parameter.values()) {
            List<String> names = new ArrayList<>();
            List<double[]> values = new ArrayList<>();
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < 2; k++) {
                Evaluation e = both.get(k);
                int n = EvaluationReport.fig6Count((k == 0 ? first : second).size(), e.size());
                double[] all = e.truths(p);
                for (double v : all) {
                    if (Double.isFinite(v)) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
                names.add(String.format(Locale.ROOT, "%s, highest %,d of %,d σe/e_max",
                        (k == 0 ? first : second).label(), n, e.size()));
                values.add(EvaluationPlots.pick(all, e.highest(n)));
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

    /** Fig. S2: σe/e_max against the true value of each parameter. */
    public static Figure figureS2(Evaluation evaluation) {
        requireProfile(evaluation, "figure S2");
        List<XYChart> charts = new ArrayList<>();
        for (Parameter p : Parameter.values()) {
            charts.add(EvaluationPlots.errorVsParameter(p.axisLabel(), evaluation.truths(p),
                    evaluation.strainRelativeRms()));
        }
        return Charts.figure(3, charts);
    }

    /** Fig. 5: parameter histograms of the curves of lowest and highest σe/e_max (sets scaled to the test size). */
    public static Figure figure5(Evaluation evaluation) {
        requireProfile(evaluation, "figure 5");
        return extremes(evaluation, "", Evaluation.extremeCount(evaluation.size()));
    }

    /**
     * As fig. 5 on the curves with e_max ≤ 2 % (the paper's figs S6 and S8 for CNN1 and CNN2), with sets as large as
     * fig. 6's ({@link EvaluationReport#fig6Count}).
     */
    public static Figure figure6(Evaluation evaluation) {
        requireProfile(evaluation, "figure 6");
        Evaluation low = EvaluationReport.lowStrain(evaluation);
        return extremes(low, " (e_max ≤ 2 %)", EvaluationReport.fig6Count(evaluation.size(), low.size()));
    }

    private static Figure extremes(Evaluation e, String suffix, int k) {
        int[] lo = e.lowest(k);
        int[] hi = e.highest(k);
        List<XYChart> charts = new ArrayList<>();
        for (Parameter p : Parameter.values()) {
            double[] all = e.truths(p);
            double min = Arrays.stream(all).filter(Double::isFinite).min().orElse(0);
            double max = Arrays.stream(all).filter(Double::isFinite).max().orElse(1);
            XYChart c = EvaluationPlots.extremeHistograms(p.axisLabel() + suffix, EvaluationPlots.pick(all, lo),
                    EvaluationPlots.pick(all, hi), min, max, 20);
            charts.add(c);
        }
        return Charts.figure(3, charts);
    }

    private static void requireProfile(Evaluation evaluation, String what) {
        if (!evaluation.predictsProfile()) {
            throw new IllegalStateException(what + " needs a predicted strain profile; the model predicts "
                    + evaluation.predictionView().names());
        }
    }

    /**
     * Writes the report into {@code dir}: its data ({@link EvaluationReport#write}) and the figures this model allows
     * (fig3, fig1, fig4, figS2, fig5, fig6), in the formats and at the resolution of {@code figures}. Every file is
     * written atomically. Returns the files written.
     */
    public static List<Path> write(EvaluationReport report, Path dir, FigureOutput figures) throws IOException {
        Evaluation evaluation = report.evaluation();
        List<Path> written = new ArrayList<>(report.write(dir));
        written.addAll(figures.save(figure3(evaluation), dir, "fig3-predictions"));
        if (evaluation.predictsProfile()) {
            if (evaluation.predictionView().has(Parameter.DW_MIN)) {
                written.addAll(figures.save(figure1(report), dir, "fig1-examples"));
                written.addAll(figures.save(figure4(report), dir, "fig4-best-worst"));
            }
            written.addAll(figures.save(figureS2(evaluation), dir, "figS2-error-vs-parameters"));
            written.addAll(figures.save(figure5(evaluation), dir, "fig5-extreme-histograms"));
            if (evaluation.lowStrain(EvaluationReport.LOW_STRAIN_PERCENT).size() >= 2) {
                written.addAll(figures.save(figure6(evaluation), dir, "fig6-extreme-histograms-low-strain"));
            }
        }
        return written;
    }

    /**
     * Writes figures 8 and 9 of {@code sets} ({@link strainlab.cnn.evaluation.ChallengingCases#paperFigures}: right-
     * tailed, left-tailed, buried) and {@code challenging.csv} (σe/e_max per case) into {@code dir}; returns the files.
     */
    public static List<Path> writeChallenging(List<List<ExampleCase>> sets, Path dir, FigureOutput figures)
            throws IOException {
        List<Path> files = new ArrayList<>();
        String[] titles = {"Fig. 8a, b: right-tailed profiles", "Fig. 8c, d: left-tailed profiles",
            "Fig. 9: buried damaged layer"};
        String[] names = {"fig8-right-tailed", "fig8-left-tailed", "fig9-buried"};
        for (int k = 0; k < 3; k++) {
            files.addAll(figures.save(examples(titles[k], sets.get(k)), dir, names[k]));
        }
        StringBuilder csv = new StringBuilder("case,sigma_e_over_emax\n");
        sets.stream().flatMap(List::stream).forEach(c -> csv.append('"').append(c.name()).append("\",")
                .append(String.format(Locale.ROOT, "%.6f", c.strainRelativeRms())).append('\n'));
        Path table = dir.resolve("challenging.csv");
        AtomicFiles.writeText(table, w -> w.write(csv.toString()));
        files.add(table);
        return files;
    }

    /** Fig. 7a: train and validation MSE (and their difference) against the training-set size. */
    public static XYChart sizeStudyMse(List<DatasetSizeStudy.Step> steps) {
        return EvaluationPlots.mseVsSize(sizesOf(steps), steps.stream().mapToDouble(DatasetSizeStudy.Step::trainMse)
                .toArray(), steps.stream().mapToDouble(DatasetSizeStudy.Step::valMse).toArray());
    }

    /** Fig. 7b: test accuracies against the training-set size (absent accuracies left out). */
    public static XYChart sizeStudyAccuracy(List<DatasetSizeStudy.Step> steps) {
        List<String> names = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (Parameter p : Parameter.values()) {
            names.add("a(" + p.symbol() + ")");
            values.add(steps.stream().mapToDouble(s -> orNaN(s.test().accuracy(p))).toArray());
        }
        names.add("a(strain)");
        values.add(steps.stream().mapToDouble(s -> orNaN(s.test().aStrain())).toArray());
        return EvaluationPlots.accuracyVsSize(sizesOf(steps), names, values);
    }

    private static double[] sizesOf(List<DatasetSizeStudy.Step> steps) {
        return steps.stream().mapToDouble(DatasetSizeStudy.Step::trainCount).toArray();
    }

    private static double orNaN(Double v) {
        return v == null ? Double.NaN : v;
    }
}
