package strainlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import strainlab.cnn.DatasetCurves;
import strainlab.cnn.Ensemble;
import strainlab.cnn.OutputLayout;
import strainlab.cnn.TrainedModel;
import strainlab.cnn.evaluation.EnsembleCalibration;
import strainlab.cnn.evaluation.Evaluation;
import strainlab.cnn.evaluation.EvaluationReport;
import strainlab.cnn.evaluation.LabelView;
import strainlab.cnn.evaluation.Predictor;
import strainlab.cnn.evaluation.Table2Row;
import strainlab.dataset.ShardedDataset;
import strainlab.io.ResultFiles;
import strainlab.io.StagedFolder;

/**
 * {@code evaluate --model ENSEMBLE}: the members' mean scored as table 2 on a set's test part, each member's own
 * row, and the calibration of the members' spread ({@link EnsembleCalibration}).
 */
final class EnsembleEvaluation {
    /** The file of the calibration in the report folder. */
    static final String CALIBRATION_FILE = "calibration.json";

    private EnsembleEvaluation() {
    }

    /**
     * Scores {@code ensemble} (its folder {@code dir}) on the test part of {@code data} and writes the report folder.
     */
    static void run(Ensemble ensemble, Path dir, Path data, Path report, String label, PrintStream out)
            throws IOException, UsageException {
        try (ShardedDataset set = ShardedDataset.open(data)) {
            TrainedModel first = ensemble.members().get(0);
            if (first.metadata().layout() != OutputLayout.ALL) {
                throw new UsageException("--model " + dir + ": an ensemble is scored on the full "
                        + OutputLayout.ALL.tag() + " outputs; its members have " + first.metadata().outputLayout());
            }
            DatasetCurves test = DatasetCurves.split(set).test();
            long[] source = new long[test.size()];
            for (int i = 0; i < source.length; i++) {
                source[i] = test.setIndex(i);
            }
            out.printf(Locale.ROOT, "evaluating the ensemble %s (%d members) on %,d test curves of %s%n", dir,
                    ensemble.members().size(), test.size(), data);
            Predictor.Predictions predictions = Predictor.of(ensemble).evaluate(test, label, source);
            List<Evaluation> each = predictions.members();
            List<float[][]> predicted = new ArrayList<>();
            for (int k = 0; k < each.size(); k++) {
                predicted.add(predictions.memberLabels(k));
            }
            Evaluation mean = predictions.mean();
            EnsembleCalibration calibration = EnsembleCalibration.of(LabelView.of(first.labelNames()),
                    predictions.truth(), predicted);
            EvaluationReport r = new EvaluationReport(mean, test,
                    EvaluationReport.recipeFor(first.preset().isEmpty() ? test.preset() : first.preset(),
                            test.inputLength()), first.noise());
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("members", ensemble.members().size());
            extra.put("memberRows", each.stream().map(Evaluation::table2).toList());
            extra.put("calibration", calibration.toMap());
            List<String> files = StagedFolder.writeAll(report, staging -> {
                Path csv = staging.resolve(EvaluationReport.CURVES_FILE);
                mean.writeCsv(csv);
                Path cal = staging.resolve(CALIBRATION_FILE);
                ResultFiles.writeJson(cal, calibration.toMap());
                return List.of(r.writeTable2(staging, extra), csv, cal);
            });
            out.println(Table2Row.header());
            for (Evaluation e : each) {
                out.println(e.table2().toLine());
            }
            for (Table2Row row : r.table2Rows()) {
                out.println(row.toLine());
            }
            out.printf(Locale.ROOT, "calibration: strain within ±1σ %.1f %%, ±2σ %.1f %%; DW ±1σ %.1f %%, ±2σ %.1f %%"
                    + " (ideal 68.3 / 95.4 %%) over %,d depths%n", 100 * calibration.strainWithin1Sigma(),
                    100 * calibration.strainWithin2Sigma(), 100 * calibration.dwWithin1Sigma(),
                    100 * calibration.dwWithin2Sigma(), calibration.points());
            for (String f : files) {
                out.println("wrote " + report.resolve(f));
            }
        }
    }
}
