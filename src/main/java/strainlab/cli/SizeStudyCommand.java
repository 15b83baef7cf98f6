package strainlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
final class SizeStudyCommand implements Command {
    /** Files written into the study folder besides the per-size model folders. */
    static final List<String> FILES = List.of("size-study.csv", "figure7-mse.png", "figure7-accuracy.png");

    @Override
    public String name() {
        return "size-study";
    }

    @Override
    public String summary() {
        return "figure 7: train on nested subsets shrinking by 25 % and compare (resumes after a kill)";
    }

    @Override
    public String usage() {
        TrainingOptions p = TrainingOptions.paper();
        return """
                usage: bin/strainlab size-study --data DIR --out DIR [--steps 8] [--factor 0.75] [--min-size 2]
                                                [--sizes N,N,...]
                                                [--epochs N] [--batch B] [--lr X] [--seed S] [--patience P]
                                                [--device auto|cpu|gpu] [--data-placement auto|host|device]
                       bin/strainlab size-study --out DIR --report-only
                  --data DIR     data set written by 'bin/strainlab generate' (its default split: the training
                                 part is shrunk, the validation and test parts stay the same for every size)
                  --out DIR      study folder: size-N/ model folders, steps.json (finished sizes), size-study.csv,
                                 figure7-mse.png, figure7-accuracy.png; running the same command again resumes.
                                 Several workers may share it (e.g. one per GPU, --device gpu:N): each trains
                                 the sizes that no other worker is training
                  --steps K      number of sizes (default 8), the largest the whole training part
                  --factor F     size ratio between successive steps, in (0, 1) (default 0.75, the paper's 25 %%)
                  --min-size M   no size below M curves (default 2)
                  --sizes N,...  this worker trains only these sizes of the study, in this order (e.g. those that
                                 fit the time a machine has left); default: every size, largest first
                  --epochs, --batch, --lr, --seed, --patience, --device, --data-placement as for 'train'
                                 (paper: %d epochs, batch %d)
                  --report-only  rewrites size-study.csv and the two figures from DIR's steps.json, no data needed
                                 (e.g. for a study whose record came back from a GPU machine)
                The paper trains on 3 M curves and shrinks by 25 %%: generate --count 3750000 (80 %% train).""".formatted(
                p.epochs(), p.batchSize());
    }

    @Override
    public int run(String[] args, PrintStream out) throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        boolean reportOnly = rest.remove("--report-only");
        Map<String, String> o = DatasetCliOptions.parse(rest.toArray(String[]::new), Set.of("--data", "--out",
                "--steps", "--factor", "--min-size", "--sizes", "--epochs", "--batch", "--lr", "--seed",
                "--patience", "--device", "--data-placement"));
        Path dir = Path.of(DatasetCliOptions.required(o, "--out"));
        if (reportOnly) {
            if (o.size() > 1) {
                throw new UsageException("--report-only takes --out alone");
            }
            List<DatasetSizeStudy.Step> done = DatasetSizeStudy.readSteps(dir);
            if (done.isEmpty()) {
                throw new UsageException(dir.resolve(DatasetSizeStudy.STEPS_FILE) + ": no finished size recorded");
            }
            writeReport(done, dir, out);
            return 0;
        }
        Path data = Path.of(DatasetCliOptions.required(o, "--data"));
        int steps = (int) DatasetCliOptions.longValue(o, "--steps", 8, 1);
        int minSize = (int) DatasetCliOptions.longValue(o, "--min-size", 2, 2);
        double factor = DatasetCliOptions.doubleValue(o, "--factor", DatasetSizeStudy.PAPER_FACTOR);
        TrainingOptions options = TrainCommand.trainingOptions(o);
        try (ShardedDataset set = ShardedDataset.open(data)) {
            DatasetCurves.Parts parts = DatasetCurves.split(set);
            DatasetSizeStudy study;
            try {
                study = new DatasetSizeStudy(parts.train(), parts.validation(), parts.test(), options, dir)
                        .withSteps(steps).withFactor(factor).withMinimumSize(minSize);
                if (o.containsKey("--sizes")) {
                    study = study.withOnly(sizeList(o.get("--sizes")));
                }
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            out.printf(Locale.ROOT, "data %s: %d training curves; sizes %s; %d validation, %d test curves%n", data,
                    parts.train().size(), Arrays.toString(study.sizes()), parts.validation().size(),
                    parts.test().size());
            if (o.containsKey("--sizes")) {
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

    /** {@code --sizes}: positive integers separated by commas. */
    private static int[] sizeList(String value) throws UsageException {
        String[] parts = value.split(",", -1);
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            sizes[i] = (int) DatasetCliOptions.longValue(Map.of("--sizes", parts[i].trim()), "--sizes", 0, 2);
        }
        return sizes;
    }
}
