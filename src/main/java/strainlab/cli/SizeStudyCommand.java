package strainlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import strainlab.cnn.DatasetCurves;
import strainlab.cnn.evaluation.DatasetSizeStudy;
import strainlab.dataset.ShardedDataset;
import strainlab.io.AtomicFiles;
import strainlab.plot.Charts;
import strainlab.plot.EvaluationFigures;
import strainlab.plot.TrainingPlots;
import strainlab.training.TrainingOptions;
import tech.tablesaw.api.Table;

/**
 * {@code bin/strainlab size-study}: the training-set-size study of the paper's §3.5 (figure 7) on a stored data set,
 * resumable (finished sizes are kept, an interrupted training resumes from its checkpoint).
 */
@Command(name = "size-study",
        header = "figure 7: train on nested subsets shrinking by 25 % and compare (resumes after a kill)",
        customSynopsis = {
            "usage: bin/strainlab size-study --data DIR --out DIR [--steps 8] [--factor 0.75] [--min-size 2]",
            "                                [--sizes N,N,...]",
            "                                [--epochs N] [--batch B] [--lr X] [--seed S] [--patience P]",
            "                                [--device auto|cpu|gpu] [--data-placement auto|host|device]",
            "       bin/strainlab size-study --out DIR --report-only"},
        footer = "The paper trains on 3 M curves and shrinks by 25 %%: generate --count 3750000 (80 %% train).")
final class SizeStudyCommand extends Picocli {
    /** Files written into the study folder besides the per-size model folders. */
    static final List<String> FILES = List.of("size-study.csv", "figure7-mse.png", "figure7-accuracy.png");

    @Option(names = "--data", paramLabel = "DIR", description = {
        "data set written by 'bin/strainlab generate' (its default split: the training",
        "part is shrunk, the validation and test parts stay the same for every size)"})
    private Path data;
    @Option(names = "--out", paramLabel = "DIR", required = true, description = {
        "study folder: size-N/ model folders, steps.json (finished sizes), size-study.csv,",
        "figure7-mse.png, figure7-accuracy.png; running the same command again resumes.",
        "Several workers may share it (e.g. one per GPU, --device gpu:N): each trains",
        "the sizes that no other worker is training"})
    private Path dir;
    @Option(names = "--steps", paramLabel = "K",
            description = "number of sizes (default 8), the largest the whole training part")
    private int steps = 8;
    @Option(names = "--factor", paramLabel = "F",
            description = "size ratio between successive steps, in (0, 1) (default 0.75, the paper's 25 %%)")
    private double factor = DatasetSizeStudy.PAPER_FACTOR;
    @Option(names = "--min-size", paramLabel = "M", description = "no size below M curves (default 2)")
    private int minSize = 2;
    @Option(names = "--sizes", paramLabel = "N", split = ",", description = {
        "this worker trains only these sizes of the study, in this order (e.g. those that",
        "fit the time a machine has left); default: every size, largest first"})
    private int[] sizes;
    @Mixin
    private TrainingArgs training;
    @Option(names = "--report-only", description = {
        "rewrites size-study.csv and the two figures from DIR's steps.json, no data needed",
        "(e.g. for a study whose record came back from a GPU machine)"})
    private boolean reportOnly;
    @Spec
    private CommandSpec spec;

    @Override
    protected int call(PrintStream out) throws Exception {
        if (reportOnly) {
            if (spec.commandLine().getParseResult().matchedOptions().size() > 2) {
                throw new UsageException("--report-only takes --out alone");
            }
            List<DatasetSizeStudy.Step> done = DatasetSizeStudy.readSteps(dir);
            if (done.isEmpty()) {
                throw new UsageException(dir.resolve(DatasetSizeStudy.STEPS_FILE) + ": no finished size recorded");
            }
            writeReport(done, dir, out);
            return 0;
        }
        if (data == null) {
            throw new UsageException("missing --data");
        }
        atLeast("--steps", steps, 1);
        atLeast("--min-size", minSize, 2);
        for (int size : sizes == null ? new int[0] : sizes) {
            atLeast("--sizes", size, 2);
        }
        TrainingOptions options = training.options();
        try (ShardedDataset set = ShardedDataset.open(data)) {
            DatasetCurves.Parts parts = DatasetCurves.split(set);
            DatasetSizeStudy study;
            try {
                study = new DatasetSizeStudy(parts.train(), parts.validation(), parts.test(), options, dir)
                        .withSteps(steps).withFactor(factor).withMinimumSize(minSize);
                if (sizes != null) {
                    study = study.withOnly(sizes);
                }
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            out.printf(Locale.ROOT, "data %s: %d training curves; sizes %s; %d validation, %d test curves%n", data,
                    parts.train().size(), Arrays.toString(study.sizes()), parts.validation().size(),
                    parts.test().size());
            if (sizes != null) {
                out.printf(Locale.ROOT, "this worker trains %s%n", Arrays.toString(study.workerSizes()));
            }
            DatasetSizeStudy worker = study;
            worker.run(out, TrainingPlots::learningCurvesPng);
            worker.writeReports(done -> {
                int[] unfinished = worker.unfinishedSizes(done);
                if (unfinished.length > 0) {
                    out.printf(Locale.ROOT, "sizes still being trained by other workers: %s (the table and "
                            + "figures below show the finished ones; the last worker to finish writes them "
                            + "complete)%n", Arrays.toString(unfinished));
                }
                writeReport(done, dir, out);
            });
        }
        return 0;
    }

    /** The table and the two figure-7 panels of the finished steps, into the study folder. */
    private static void writeReport(List<DatasetSizeStudy.Step> done, Path dir, PrintStream out) throws IOException {
        Table table = DatasetSizeStudy.toTable(done);
        AtomicFiles.writeWith(dir.resolve(FILES.get(0)), tmp -> table.write().csv(tmp.toFile()));
        Charts.savePng(EvaluationFigures.sizeStudyMse(done), dir.resolve(FILES.get(1)));
        Charts.savePng(EvaluationFigures.sizeStudyAccuracy(done), dir.resolve(FILES.get(2)));
        out.println(table.print());
        out.println("wrote " + String.join(", ", FILES) + " into " + dir);
    }
}
