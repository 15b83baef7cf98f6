package strainlab.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import strainlab.cnn.DatasetCurves;
import strainlab.cnn.TrainingOptions;
import strainlab.cnn.evaluation.DatasetSizeStudy;
import strainlab.dataset.ShardedDataset;
import strainlab.io.AtomicFiles;
import strainlab.plot.Charts;
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
                                                [--epochs N] [--batch B] [--lr X] [--seed S] [--patience P]
                                                [--device auto|cpu|gpu] [--data-placement auto|host|device]
                  --data DIR     data set written by 'bin/strainlab generate' (its default split: the training
                                 part is shrunk, the validation and test parts stay the same for every size)
                  --out DIR      study folder: size-N/ model folders, steps.json (finished sizes), size-study.csv,
                                 figure7-mse.png, figure7-accuracy.png; running the same command again resumes.
                                 Several workers may share it (e.g. one per GPU, --device gpu:N): each trains
                                 the sizes that no other worker is training
                  --steps K      number of sizes (default 8), the largest the whole training part
                  --factor F     size ratio between successive steps, in (0, 1) (default 0.75, the paper's 25 %%)
                  --min-size M   no size below M curves (default 2)
                  --epochs, --batch, --lr, --seed, --patience, --device, --data-placement as for 'train'
                                 (paper: %d epochs, batch %d)
                The paper trains on 3 M curves and shrinks by 25 %%: generate --count 3750000 (80 %% train).""".formatted(
                p.epochs(), p.batchSize());
    }

    @Override
    public int run(String[] args, PrintStream out) throws Exception {
        Map<String, String> o = DatasetCliOptions.parse(args, Set.of("--data", "--out", "--steps", "--factor",
                "--min-size", "--epochs", "--batch", "--lr", "--seed", "--patience", "--device",
                "--data-placement"));
        Path data = Path.of(DatasetCliOptions.required(o, "--data"));
        Path dir = Path.of(DatasetCliOptions.required(o, "--out"));
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
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            out.printf(Locale.ROOT, "data %s: %d training curves; sizes %s; %d validation, %d test curves%n", data,
                    parts.train().size(), Arrays.toString(study.sizes()), parts.validation().size(),
                    parts.test().size());
            List<DatasetSizeStudy.Step> done = study.run(out);
            int[] unfinished = study.unfinishedSizes(done);
            if (unfinished.length > 0) {
                out.printf(Locale.ROOT, "sizes still being trained by other workers: %s (the table and figures "
                        + "below show the finished ones; the last worker to finish writes them complete)%n",
                        Arrays.toString(unfinished));
            }
            Table table = DatasetSizeStudy.toTable(done);
            AtomicFiles.writeWith(dir.resolve(FILES.get(0)), tmp -> table.write().csv(tmp.toFile()));
            Charts.savePng(DatasetSizeStudy.mseChart(done), dir.resolve(FILES.get(1)));
            Charts.savePng(DatasetSizeStudy.accuracyChart(done), dir.resolve(FILES.get(2)));
            out.println(table.print());
            out.println("wrote " + String.join(", ", FILES) + " into " + dir);
        }
        return 0;
    }
}
