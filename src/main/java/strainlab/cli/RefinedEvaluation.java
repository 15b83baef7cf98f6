package strainlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import strainlab.analysis.StartPrior;
import strainlab.analysis.TestSetRefinement;
import strainlab.dataset.recipe.LabelLayout;
import strainlab.dataset.recipe.PaperRecipe;
import strainlab.dataset.recipe.Recipe;
import strainlab.cnn.DatasetCurves;
import strainlab.cnn.LabelledCurves;
import strainlab.cnn.OutputLayout;
import strainlab.cnn.TrainedModel;
import strainlab.cnn.evaluation.CurveSubset;
import strainlab.cnn.evaluation.Evaluation;
import strainlab.cnn.evaluation.EvaluationReport;
import strainlab.cnn.evaluation.Evaluator;
import strainlab.cnn.evaluation.Table2Row;
import strainlab.dataset.ShardedDataset;
import strainlab.io.StagedFolder;

/**
 * {@code evaluate --refine N}: the first N test curves of a set, predicted by the network and refined from that
 * prediction by {@code analyze}'s automatic fit ({@link TestSetRefinement}); both scored as table 2.
 */
final class RefinedEvaluation {
    private RefinedEvaluation() {
    }

    /**
     * What to refine and how.
     *
     * @param count        the first {@code count} test curves
     * @param startFrom    {@code cnn} (the network's predictions) or {@code truth} (the true labels)
     * @param threads      curves refined at once
     * @param lamellae     lamellae of the fit's model
     * @param globalSearch whether each fit may use analyze's global search
     * @param raw          whether each curve is regenerated on its θ grid in counts (else the network input is
     *                     mapped back onto θ)
     * @param poissonWeights whether each point's log10 misfit is weighted by its intensity
     * @param priorWidthFactor factor on the widths of a prior centred on the network's prediction, measured on the
     *                         set's validation split; NaN: no prior
     * @param validationSplit whether the validation curves are refined instead of the test curves
     */
    record Options(int count, String startFrom, int threads, int lamellae, boolean globalSearch, boolean raw,
                   boolean poissonWeights, double priorWidthFactor, boolean validationSplit) {
        /** Whether a prior centred on the network's prediction is used. */
        boolean prior() {
            return !Double.isNaN(priorWidthFactor);
        }
    }

    /**
     * The prior widths of a network: its errors on the validation split of {@code set}
     * ({@link StartPrior#of}), times {@code factor}.
     */
    static StartPrior prior(TrainedModel net, DatasetCurves validation, double factor) {
        Evaluation e = Evaluator.evaluate(net, validation, "validation");
        float[][] predicted = new float[validation.size()][];
        float[][] truth = new float[validation.size()][];
        for (int i = 0; i < validation.size(); i++) {
            predicted[i] = e.predictedLabels(i);
            truth[i] = e.truthLabels(i);
        }
        return StartPrior.of(predicted, truth).widened(factor);
    }

    /** The generator of a stored set (its recipe, noise and grid), for --refine-raw. */
    private static PaperRecipe generator(ShardedDataset set, Path data) throws UsageException {
        Recipe recipe = Recipe.ofManifest(set.manifest());
        if (recipe == null) {
            throw new UsageException("--refine-raw: " + data + " does not record the recipe it was drawn from, so its"
                    + " curves cannot be regenerated");
        }
        return new PaperRecipe(recipe);
    }

    /** The prior's widths by label name, in storage order. */
    private static Map<String, Double> widths(StartPrior prior) {
        Map<String, Double> m = new LinkedHashMap<>();
        double[] w = prior.labelWidths();
        List<String> names = LabelLayout.names();
        for (int k = 0; k < w.length; k++) {
            m.put(names.get(k), w[k]);
        }
        return m;
    }

    /** Refines, scores, prints both rows and writes table2.json, curve-errors.csv and refined-curves.csv. */
    static void run(TrainedModel net, Path model, Path data, Path report, String label, Options options,
            PrintStream out) throws IOException, UsageException {
        int count = options.count();
        String startFrom = options.startFrom();
        int threads = options.threads();
        if (options.lamellae() < 2 || options.lamellae() > 5000) {
            throw new UsageException("--refine-lamellae must lie in [2, 5000], got " + options.lamellae());
        }
        if (!startFrom.equals("cnn") && !startFrom.equals("truth")) {
            throw new UsageException("--refine-start must be cnn or truth, got '" + startFrom + "'");
        }
        boolean truthStart = startFrom.equals("truth");
        if (net.metadata().layout() != OutputLayout.ALL) {
            throw new UsageException("--refine needs a model with the full " + OutputLayout.ALL.tag()
                    + " outputs (the fit's start needs every label); this one has "
                    + (net.metadata().outputLayout().isEmpty() ? net.labelNames() : net.metadata().outputLayout()));
        }
        try (ShardedDataset set = ShardedDataset.open(data)) {
            DatasetCurves.Parts parts = DatasetCurves.split(set);
            DatasetCurves test = options.validationSplit() ? parts.validation() : parts.test();
            String split = options.validationSplit() ? "validation" : "test";
            if (count > test.size()) {
                throw new UsageException("--refine " + count + ": the " + split + " part of " + data + " holds only "
                        + test.size() + " curves");
            }
            StartPrior prior = options.prior() ? prior(net, parts.validation(), options.priorWidthFactor()) : null;
            LabelledCurves first = CurveSubset.first(test, count);
            long[] source = new long[count];
            for (int i = 0; i < count; i++) {
                source[i] = test.setIndex(i);
            }
            out.printf(Locale.ROOT, "refining the first %,d %s curves of %s (%s noise) from %s with analyze's fit"
                    + " on %d threads (%d cores)%n", count, split, data, test.noise().isEmpty() ? "unknown"
                    : test.noise(), truthStart ? "their true labels" : "the predictions of " + model, threads,
                    Runtime.getRuntime().availableProcessors());
            if (prior != null) {
                out.println("prior centred on the prediction, widths from the network's errors on the "
                        + parts.validation().size() + " validation curves × " + options.priorWidthFactor() + ": "
                        + widths(prior));
            }
            Evaluation cnn = Evaluator.evaluate(net, first, label, source, null);
            float[][] start = new float[count][];
            float[][] truth = new float[count][];
            for (int i = 0; i < count; i++) {
                truth[i] = cnn.truthLabels(i);
                start[i] = truthStart ? truth[i] : cnn.predictedLabels(i);
            }
            TestSetRefinement.Result r = TestSetRefinement.of(first, source, start, TestSetRefinement.rangesOf(first))
                    .fromGenerator(options.raw() ? generator(set, data) : null, set.manifest().seed())
                    .threads(threads).fit(new TestSetRefinement.FitOptions(options.lamellae(), options.globalSearch(),
                            options.poissonWeights())).prior(prior).startName(label)
                    .progress(out).run();
            Evaluation refined = Evaluator.score(net, first, r.labels(),
                    (truthStart ? "truth" : label) + " + least squares", source);
            var recipe = EvaluationReport.recipeFor(net.preset().isEmpty() ? test.preset() : net.preset(),
                    first.inputLength());
            EvaluationReport cnnReport = new EvaluationReport(cnn, first, recipe, net.noise());
            EvaluationReport refinedReport = new EvaluationReport(refined, first, recipe, net.noise());
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("refinedCurves", count);
            extra.put("start", startFrom);
            extra.put("split", split);
            extra.put("prior", prior == null ? "none" : "cnn");
            if (prior != null) {
                extra.put("priorWidths", widths(prior));
                extra.put("priorWidthFactor", options.priorWidthFactor());
                extra.put("priorWidthsFrom", "1.4826 · median |error| of the network on the "
                        + parts.validation().size() + " validation curves, times priorWidthFactor: strain weights as "
                        + "fractions of the predicted e_max, t_nm and fwhm_deg relative to the prediction, scale_dw "
                        + "and dr absolute");
                extra.put("priorResidualScale", "the curve's noise estimate (rms second difference / √6 of log10 I,"
                        + " at least 0.01) per standard score");
            }
            extra.put("lamellae", options.lamellae());
            extra.put("globalSearch", options.globalSearch());
            extra.put("poissonWeights", options.poissonWeights());
            extra.put("curves", options.raw() ? "regenerated on the generator's θ grid, counts"
                    : "network input mapped back onto θ");
            extra.put("secondsPerCurve", r.secondsPerCurve());
            extra.put("wallSeconds", r.wallSeconds());
            extra.put("threads", r.threads());
            extra.put("cores", Runtime.getRuntime().availableProcessors());
            extra.put("failedFits", r.failures());
            extra.put("timeLimitedFits", r.timeLimited());
            extra.put("bellFitsKept", r.bellWins());
            extra.put("cnnAlone", cnn.table2());
            extra.put("cnnAloneRows", cnnReport.table2Rows());
            List<String> files = StagedFolder.writeAll(report, staging -> {
                Path csv = staging.resolve(EvaluationReport.CURVES_FILE);
                refined.writeCsv(csv);
                Path curves = staging.resolve(TestSetRefinement.CURVES_FILE);
                r.writeCsv(curves, truth, start, cnn.strainRelativeRms(), refined.strainRelativeRms());
                return List.of(refinedReport.writeTable2(staging, extra), csv, curves);
            });
            out.println(Table2Row.header());
            for (List<Table2Row> rows : List.of(cnnReport.table2Rows(), refinedReport.table2Rows())) {
                rows.forEach(row -> out.println(row.toLine()));
            }
            out.printf(Locale.ROOT, "refinement: %.1f s wall, %.2f s per curve on %d threads; %d fits failed, %d "
                    + "stopped by the time limit, %d kept the bell-profile search's fit%n", r.wallSeconds(),
                    r.secondsPerCurve(), r.threads(), r.failures(), r.timeLimited(), r.bellWins());
            files.forEach(f -> out.println("wrote " + report.resolve(f)));
        }
    }
}
