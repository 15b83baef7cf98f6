package strainlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import strainlab.analysis.ProfileMoves;
import strainlab.analysis.StartPrior;
import strainlab.analysis.TestSetRefinement;
import strainlab.dataset.recipe.LabelLayout;
import strainlab.dataset.recipe.PaperRecipe;
import strainlab.dataset.recipe.Recipe;
import strainlab.cnn.DatasetCurves;
import strainlab.cnn.Ensemble;
import strainlab.cnn.LabelledCurves;
import strainlab.cnn.OutputLayout;
import strainlab.cnn.TrainedModel;
import strainlab.cnn.evaluation.CurveSubset;
import strainlab.cnn.evaluation.Evaluation;
import strainlab.cnn.evaluation.EvaluationReport;
import strainlab.cnn.evaluation.Evaluator;
import strainlab.cnn.evaluation.LabelView;
import strainlab.cnn.evaluation.Predictor;
import strainlab.cnn.evaluation.Table2Row;
import strainlab.dataset.ShardedDataset;
import strainlab.io.StagedFolder;

/**
 * {@code evaluate --refine N}: the first N test curves of a set, predicted by a network or an ensemble (its members'
 * mean, {@link Predictor}) and refined from that prediction by {@code analyze}'s automatic fit
 * ({@link TestSetRefinement}); both scored as table 2.
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
     * @param memberStarts whether each curve is also fitted from each ensemble member's prediction, the fit of lowest
     *                     σ_I kept
     * @param releasePrior whether each fit is released from the prior and a curve's fits are chosen by σ_I, then
     *                     nearness to the prediction ({@link TestSetRefinement.FitOptions#releasePrior})
     * @param moves        the profile moves after the released fits ({@link TestSetRefinement.FitOptions#moves})
     * @param choiceTolerance relative σ_I tolerance of the last choice among a curve's released fits
     *                        ({@link TestSetRefinement#choiceTolerance})
     * @param allFits      whether every fit of each curve is written ({@link TestSetRefinement#FITS_FILE})
     */
    record Options(int count, String startFrom, int threads, int lamellae, boolean globalSearch, boolean raw,
                   boolean poissonWeights, double priorWidthFactor, boolean validationSplit, boolean memberStarts,
                   boolean releasePrior, ProfileMoves.Search moves, double choiceTolerance, boolean allFits) {
        /** Whether a prior centred on the network's prediction is used. */
        boolean prior() {
            return !Double.isNaN(priorWidthFactor);
        }
    }

    /**
     * The prior widths of a predictor: the errors of its prediction (an ensemble's: the members' mean) on the
     * validation split of a set ({@link StartPrior#of}), times {@code factor}.
     */
    static StartPrior prior(Predictor predictor, DatasetCurves validation, double factor) {
        Predictor.Predictions p = predictor.evaluate(validation, "validation", null);
        return StartPrior.of(p.meanLabels(), p.truth()).widened(factor);
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

    /**
     * Refines, scores, prints both rows and writes table2.json, curve-errors.csv and refined-curves.csv.
     *
     * @param predictor the network, or the ensemble whose members' mean is the prediction
     * @param model     its folder, as named in the output
     */
    static void run(Predictor predictor, Path model, Path data, Path report, String label, Options options,
            PrintStream out) throws IOException, UsageException {
        int count = options.count();
        String startFrom = options.startFrom();
        int threads = options.threads();
        TrainedModel net = predictor.reference();
        if (options.lamellae() < 2 || options.lamellae() > 5000) {
            throw new UsageException("--refine-lamellae must lie in [2, 5000], got " + options.lamellae());
        }
        if (!startFrom.equals("cnn") && !startFrom.equals("truth")) {
            throw new UsageException("--refine-start must be cnn or truth, got '" + startFrom + "'");
        }
        if (options.memberStarts() && !predictor.ensemble()) {
            throw new UsageException("--refine-starts members needs an ensemble (a folder with "
                    + Ensemble.FILE_NAME + "); " + model + " is a single network");
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
            StartPrior prior = options.prior() ? prior(predictor, parts.validation(), options.priorWidthFactor())
                    : null;
            LabelledCurves first = CurveSubset.first(test, count);
            long[] source = new long[count];
            for (int i = 0; i < count; i++) {
                source[i] = test.setIndex(i);
            }
            String predictions = predictor.ensemble() ? "the members' mean prediction of the ensemble " + model + " ("
                    + predictor.members().size() + " members" + (options.memberStarts() ? ", and each member's" : "")
                    + ")" : "the predictions of " + model;
            out.printf(Locale.ROOT, "refining the first %,d %s curves of %s (%s noise) from %s with analyze's fit"
                    + " on %d threads (%d cores)%n", count, split, data, test.noise().isEmpty() ? "unknown"
                    : test.noise(), truthStart ? "their true labels" : predictions, threads,
                    Runtime.getRuntime().availableProcessors());
            if (prior != null) {
                out.println("prior centred on the prediction, widths from the " + (predictor.ensemble()
                        ? "ensemble mean's" : "network's") + " errors on the " + parts.validation().size()
                        + " validation curves × " + options.priorWidthFactor() + ": " + widths(prior));
            }
            Predictor.Predictions predicted = predictor.evaluate(first, label, source);
            Evaluation cnn = predicted.mean();
            float[][] truth = predicted.truth();
            List<TestSetRefinement.Start> starts = starts(predictor, predicted, truthStart, options.memberStarts());
            TestSetRefinement.Result r = TestSetRefinement.of(first, source, starts, TestSetRefinement.rangesOf(first))
                    .fromGenerator(options.raw() ? generator(set, data) : null, set.manifest().seed())
                    .threads(threads).fit(new TestSetRefinement.FitOptions(options.lamellae(), options.globalSearch(),
                            options.poissonWeights(), options.releasePrior(), options.moves())).prior(prior)
                    .choiceTolerance(options.choiceTolerance()).keepAllFits(options.allFits()).progress(out).run();
            Evaluation refined = Evaluator.score(net, first, r.labels(),
                    (truthStart ? "truth" : label) + " + least squares", source);
            var recipe = EvaluationReport.recipeFor(net.preset().isEmpty() ? test.preset() : net.preset(),
                    first.inputLength());
            EvaluationReport cnnReport = new EvaluationReport(cnn, first, recipe, net.noise());
            EvaluationReport refinedReport = new EvaluationReport(refined, first, recipe, net.noise());
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("refinedCurves", count);
            extra.put("start", startFrom);
            if (predictor.ensemble()) {
                extra.put("members", predictor.members().size());
                extra.put("refineStarts", options.memberStarts() ? "members" : "mean");
                extra.put("startsKept", r.startsKept());
            }
            extra.put("split", split);
            extra.put("prior", prior == null ? "none" : "cnn");
            if (prior != null) {
                extra.put("priorWidths", widths(prior));
                extra.put("priorWidthFactor", options.priorWidthFactor());
                extra.put("priorWidthsFrom", "1.4826 · median |error| of the " + (predictor.ensemble()
                        ? "ensemble's members' mean" : "network") + " on the "
                        + parts.validation().size() + " validation curves, times priorWidthFactor: strain weights as "
                        + "fractions of the predicted e_max, t_nm and fwhm_deg relative to the prediction, scale_dw "
                        + "and dr absolute");
                extra.put("priorResidualScale", "the curve's noise estimate (rms second difference / √6 of log10 I,"
                        + " at least 0.01) per standard score");
            }
            if (prior != null) {
                extra.put("priorRelease", options.releasePrior());
            }
            if (options.releasePrior()) {
                extra.put("priorReleaseSteps", "the prior's fit refined on without it at once, and through the prior"
                        + " widened × 10 and × 100; of the free minima (of each start) the lowest σ_I, the one of lowest"
                        + " prior score within the tolerance");
                extra.put("sigmaTolerance", strainlab.analysis.NearestMinimum.SIGMA_TOLERANCE);
                extra.put("choiceTolerance", options.choiceTolerance());
                extra.put("moveRounds", options.moves().rounds());
            }
            if (options.moves().rounds() > 0) {
                extra.put("movedFits", options.moves().fits());
                extra.put("moveShiftNodes", options.moves().shifts());
                extra.put("moveStretchFactors", options.moves().stretches());
                extra.put("movedFitsKept", r.movedWins());
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
            List<double[]> startErrors = new ArrayList<>();
            startErrors.add(cnn.strainRelativeRms());
            if (starts.size() > 1) {
                predicted.members().forEach(e -> startErrors.add(e.strainRelativeRms()));
            }
            List<String> files = StagedFolder.writeAll(report, staging -> {
                Path csv = staging.resolve(EvaluationReport.CURVES_FILE);
                refined.writeCsv(csv);
                Path curves = staging.resolve(TestSetRefinement.CURVES_FILE);
                r.writeCsv(curves, truth, startErrors, refined.strainRelativeRms());
                List<Path> written = new ArrayList<>(List.of(refinedReport.writeTable2(staging, extra), csv, curves));
                if (options.allFits()) {
                    Path fits = staging.resolve(TestSetRefinement.FITS_FILE);
                    LabelView view = LabelView.of(LabelLayout.names());
                    r.writeFitsCsv(fits, truth, (t, p) -> view.relativeStrainRms(t, view, p));
                    written.add(fits);
                }
                return written;
            });
            out.println(Table2Row.header());
            for (List<Table2Row> rows : List.of(cnnReport.table2Rows(), refinedReport.table2Rows())) {
                rows.forEach(row -> out.println(row.toLine()));
            }
            out.printf(Locale.ROOT, "refinement: %.1f s wall, %.2f s per curve on %d threads; %d fits failed, %d "
                    + "stopped by the time limit, %d kept the bell-profile search's fit, %d a moved profile's%n",
                    r.wallSeconds(), r.secondsPerCurve(), r.threads(), r.failures(), r.timeLimited(), r.bellWins(),
                    r.movedWins());
            if (starts.size() > 1) {
                out.println("fits kept per start (lowest σ_I): " + r.startsKept());
            }
            files.forEach(f -> out.println("wrote " + report.resolve(f)));
        }
    }

    /**
     * The starts of each curve: the true labels, or the prediction ({@code cnn} for a network, {@code mean} for an
     * ensemble) and, with {@code memberStarts}, each member's, named by its folder.
     */
    private static List<TestSetRefinement.Start> starts(Predictor predictor, Predictor.Predictions predicted,
            boolean truthStart, boolean memberStarts) {
        if (truthStart) {
            return List.of(new TestSetRefinement.Start("truth", predicted.truth()));
        }
        List<TestSetRefinement.Start> starts = new ArrayList<>();
        starts.add(new TestSetRefinement.Start(predictor.ensemble() ? "mean" : "cnn", predicted.meanLabels()));
        if (memberStarts) {
            List<String> names = predictor.memberNames();
            for (int k = 0; k < names.size(); k++) {
                starts.add(new TestSetRefinement.Start(names.get(k), predicted.memberLabels(k)));
            }
        }
        return starts;
    }
}
