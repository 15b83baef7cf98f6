package strainlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import strainlab.cnn.DatasetCurves;
import strainlab.cnn.Ensemble;
import strainlab.cnn.OutputLayout;
import strainlab.cnn.TrainedModel;
import strainlab.cnn.evaluation.ChallengingCases;
import strainlab.cnn.evaluation.ExampleCase;
import strainlab.cnn.evaluation.Evaluation;
import strainlab.cnn.evaluation.EvaluationReport;
import strainlab.cnn.evaluation.Evaluator;
import strainlab.cnn.evaluation.Predictor;
import strainlab.cnn.evaluation.Table2Row;
import strainlab.dataset.ShardedDataset;
import strainlab.io.StagedFolder;
import strainlab.plot.EvaluationFigures;
import strainlab.plot.FigureOutput;

/**
 * {@code bin/strainlab evaluate --model M --data DIR --out REPORT}: the paper's table 2 row and figures 1, 3–6 and
 * S2 of a trained model on the test part of a generated set; with {@code --challenging}, figures 8 and 9 (the
 * challenging cases of §3.6, simulated here, so no set is needed); with {@code --refine N}, the first N test curves
 * refined from the prediction (a network's, or an ensemble's members' mean) by {@code analyze}'s fit, scored beside
 * the network alone ({@link RefinedEvaluation}).
 */
@Command(name = "evaluate", header = "table 2 and figures 1, 3-6, S2 of a trained model on a set's test part",
        customSynopsis = "usage: bin/strainlab evaluate --model M (--data DIR | --challenging) --out REPORT [options]",
        footer = {"A reduced-output model (train --outputs 12|3, the paper's CNN3[12] and CNN3[3]) is evaluated on",
            "the same full-label test curves; table2.json leaves out what it cannot have and lists it under",
            "\"absent\": aH and aDr for [12], aH, aDr and aStrain for [3] (no profile shape). table2.json also",
            "gives the model's \"outputLayout\" ([14], [12] or [3]) and \"outputs\"."})
final class EvaluateCommand extends Picocli {
    @Option(names = "--model", paramLabel = "M",
            description = "model folder written by 'train' (an ensemble of 'train --members K': its members' mean)")
    private Path model;
    @Option(names = "--data", paramLabel = "DIR",
            description = "generated set (its seeded split's test part is evaluated, as in training)")
    private Path data;
    @Option(names = "--challenging", description = {
        "also (or, without --data, only) the paper's figures 8 and 9: mirrored",
        "right/left-tailed 400 nm profiles at 2, 1.5, 1, 0.5 %% strain and a",
        "DWmin 0.05 layer buried at 10-70 %% of 400 nm, simulated with Poisson",
        "noise (seeds 1, 11, 21); writes fig8-right-tailed.png, fig8-left-tailed.png,",
        "fig9-buried.png and challenging.csv (σe/e_max per case)"})
    private boolean challenging;
    @Option(names = "--out", paramLabel = "REPORT",
            description = "report folder: table2.json, curve-errors.csv, fig*.png (written atomically)")
    private Path report;
    @Mixin
    private FigureOptions figureOptions;
    @Option(names = "--label", paramLabel = "NAME",
            description = "row label in table2.json (default: the model folder's name)")
    private String label;
    @Option(names = "--train-sample", paramLabel = "N",
            description = "training curves for the train MSE (default 20000; 0 = all)")
    private int trainSample = 20_000;
    @Option(names = "--device", paramLabel = "D", description = "auto (default), cpu, gpu or gpu:N")
    private String device = "auto";
    @Mixin
    private RefineOptions refineOptions;

    @Override
    protected int call(PrintStream out) throws Exception {
        atLeast("--train-sample", trainSample, 0);
        RefinedEvaluation.Options refine = refineOptions.wanted() ? refineOptions.options() : null;
        if (refine != null) {
            if (data == null || challenging) {
                throw new UsageException("--refine needs --data and cannot be combined with --challenging");
            }
        }
        if (model == null || report == null || (data == null && !challenging)) {
            throw new UsageException("--model, --out and --data (or --challenging) are required");
        }
        if (data != null && !Files.isDirectory(data)) {
            throw new UsageException("--data " + data + ": no such folder");
        }
        String label = this.label != null ? this.label : model.toAbsolutePath().normalize().getFileName().toString();
        FigureOutput figures = figureOptions.output();
        long t0 = System.nanoTime();
        if (Ensemble.isEnsemble(model)) {
            if (data == null || challenging) {
                throw new UsageException("an ensemble (" + model + ") is evaluated on --data only, without"
                        + " --challenging");
            }
            try (Ensemble ensemble = Ensemble.load(model, device)) {
                if (refine != null) {
                    RefinedEvaluation.run(Predictor.of(ensemble), model, data, report, label, refine, out);
                } else {
                    EnsembleEvaluation.run(ensemble, model, data, report, label, out);
                }
            }
        } else {
            try (TrainedModel net = TrainedModel.load(model, device)) {
                if (challenging) {
                    for (Path f : challenging(net, report, figures, out)) {
                        out.println("wrote " + f);
                    }
                }
                if (refine != null) {
                    RefinedEvaluation.run(Predictor.of(net), model, data, report, label, refine, out);
                } else if (data != null) {
                    table2(net, model, data, report, label, trainSample, figures, out);
                }
            }
        }
        out.printf(Locale.ROOT, "done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    /** Table 2 row, figures 1, 3-6, S2 and per-curve errors of {@code net} on the test part of {@code data}. */
    private static void table2(TrainedModel net, Path model, Path data, Path report, String label, int trainSample,
                               FigureOutput figures, PrintStream out) throws IOException {
        try (ShardedDataset set = ShardedDataset.open(data)) {
            DatasetCurves.Parts parts = DatasetCurves.split(set);
            DatasetCurves test = parts.test();
            long[] source = new long[test.size()];
            for (int i = 0; i < source.length; i++) {
                source[i] = test.setIndex(i);
            }
            out.printf(Locale.ROOT, "evaluating %s (outputs %s %s, trained on %s noise) on %,d test curves of %s "
                    + "(%s noise; device %s)%n", model,
                    net.metadata().outputLayout().isEmpty() ? "(other)" : net.metadata().outputLayout(),
                    net.labelNames(), orUnknown(net.noise()), test.size(), data, orUnknown(test.noise()), net.device());
            Evaluation e = Evaluator.evaluate(net, test, label, source, out);
            int n = trainSample == 0 ? parts.train().size() : Math.min(trainSample, parts.train().size());
            e = e.withTrainMse(Evaluator.mse(net, parts.train(), n), n);
            String preset = net.preset().isEmpty() ? test.preset() : net.preset();
            EvaluationReport r = new EvaluationReport(e, test, EvaluationReport.recipeFor(preset, test.inputLength()),
                    net.noise());
            List<Path> files = StagedFolder.writeAll(report, staging -> EvaluationFigures.write(r, staging, figures)).stream()
                    .map(report::resolve).toList();
            out.println(Table2Row.header());
            for (Table2Row row : r.table2Rows()) {
                out.println(row.toLine());
            }
            for (Path f : files) {
                out.println("wrote " + f);
            }
        }
    }

    private static String orUnknown(String noise) {
        return noise.isEmpty() ? "unknown" : noise;
    }

    /** Figures 8 and 9 of the paper for {@code net}, written into {@code report}; prints σe/e_max per case. */
    static List<Path> challenging(TrainedModel net, Path report, FigureOutput figures, PrintStream out)
            throws IOException, UsageException {
        if (net.metadata().layout() != OutputLayout.ALL) {
            throw new UsageException("--challenging needs a model with the full " + OutputLayout.ALL.tag()
                    + " outputs (strain weights); this one has " + net.metadata().outputLayout());
        }
        List<List<ExampleCase>> sets = ChallengingCases.paper(EvaluationReport.recipeFor(net.preset(),
                net.inputLength())).paperFigures(net);
        sets.stream().flatMap(List::stream).forEach(c -> out.printf(Locale.ROOT, "%-34s σe/e_max = %.3f%n", c.name(),
                c.strainRelativeRms()));
        return StagedFolder.writeAll(report, staging -> EvaluationFigures.writeChallenging(sets, staging, figures))
                .stream().map(report::resolve).toList();
    }
}
