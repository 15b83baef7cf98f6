package strainlab.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import strainlab.io.AtomicFiles;
import strainlab.io.ResultFiles;
import strainlab.io.StagedFolder;
import strainlab.nanobeam.maps.CountLevelReport;
import strainlab.nanobeam.maps.CountLevelStudy;
import strainlab.nanobeam.net.NanobeamTrainingOptions;
import strainlab.nanobeam.sim.NanobeamSimulator;
import strainlab.nanobeam.sim.ParameterGrid;
import strainlab.plot.FigureOutput;
import strainlab.plot.NanobeamPlots;
import tech.tablesaw.api.Table;

/** {@code bin/strainlab nanobeam count-levels}: figure S3, networks of several count levels tested across them. */
@Command(name = "count-levels", customSynopsis = {
    "usage: bin/strainlab nanobeam count-levels (--models NAME=DIR,... | --train-levels L,...) --out DIR",
    "         [--test-levels 1,3,10,...,10000] [--seed 5] [--threads N] [--device auto|cpu|gpu]",
    "         [--grid 41] [--epochs 500] [--lr 1e-4] [--batch 64] [--models-out DIR]",
    "         [--checkpoint-every 5] [--figure-format png,svg,pdf] [--dpi 72]"}, description = {
    "Figure S3: each model (its training level read from its nanobeamnn.json) tested on the test",
    "split of its library grid at every test level (Poisson noise, rescaled to the training",
    "level); or, with --train-levels, one network per level trained here on the noise-free",
    "GRID^3 library (the paper's recipe), all levels together as one grouped network from the",
    "same initial weights; --models-out keeps each level's network in DIR/counts-L with a",
    "resumable state (re-running the command resumes, or reuses finished networks); the training",
    "options apply only with --train-levels.",
    "Writes figureS3.png, count-levels.csv and count-levels.json into --out."})
final class NanobeamCountLevelsCommand extends Picocli {
    @Option(names = "--models", paramLabel = "NAME=DIR", split = ",",
            description = "trained models (a bare DIR is named after its folder)")
    private List<String> models;
    @Option(names = "--train-levels", paramLabel = "L", split = ",", description = "levels to train networks at")
    private List<Double> trainLevels;
    @Option(names = "--out", paramLabel = "DIR", required = true, description = "report folder")
    private Path outDir;
    @Option(names = "--test-levels", paramLabel = "L", split = ",",
            description = "test levels (default 1,3,10,30,100,300,1000,3000,10000)")
    private List<Double> testLevels = List.of(1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0, 3000.0, 10000.0);
    @Option(names = "--seed", paramLabel = "S", description = "seed (default 5)")
    private long seed = 5;
    @Option(names = "--threads", paramLabel = "N", description = "threads (default: all cores)")
    private int threads = Runtime.getRuntime().availableProcessors();
    @Option(names = "--device", paramLabel = "D", description = "auto (default), cpu or gpu")
    private String device = "auto";
    @Option(names = "--grid", paramLabel = "GRID", description = "library points per parameter (default 41)")
    private Integer grid;
    @Option(names = "--epochs", paramLabel = "N", description = "epochs (default 500)")
    private Integer epochs;
    @Option(names = "--lr", paramLabel = "X", description = "learning rate (default 1e-4)")
    private Double lr;
    @Option(names = "--batch", paramLabel = "B", description = "mini-batch size (default 64)")
    private Integer batch;
    @Option(names = "--models-out", paramLabel = "DIR", description = "keep the trained networks here")
    private Path modelsOut;
    @Option(names = "--checkpoint-every", paramLabel = "N", description = "epochs between saved states (default 5)")
    private Integer checkpointEvery;
    @Mixin
    private FigureOptions figureOptions;

    @Override
    protected int call(PrintStream out) throws Exception {
        FigureOutput figures = figureOptions.output();
        if ((models != null) == (trainLevels != null)) {
            throw new UsageException("give exactly one of --models NAME=DIR,... and --train-levels L,...");
        }
        if (models != null && (grid != null || epochs != null || lr != null || batch != null || modelsOut != null
                || checkpointEvery != null)) {
            throw new UsageException("--grid, --epochs, --lr, --batch, --models-out and --checkpoint-every apply "
                    + "only with --train-levels (the models are already trained)");
        }
        NanobeamArgs.outDir(outDir);
        double[] test = NanobeamArgs.levels("--test-levels", testLevels);
        atLeast("--threads", threads, 1);
        String d = NanobeamArgs.device(device);
        NanobeamSimulator sim = NanobeamSimulator.paper();
        Consumer<String> log = System.err::println;
        CountLevelReport report = new CountLevelReport();
        Table table;
        if (models != null) {
            Map<String, Path> named = NanobeamArgs.named(models);
            List<CountLevelStudy.Model> loaded = new ArrayList<>();
            try {
                for (Map.Entry<String, Path> e : named.entrySet()) {
                    loaded.add(new CountLevelStudy.Model(e.getKey(),
                            NanobeamArgs.loadModel("--models " + e.getKey(), e.getValue(), device)));
                }
                report.models(loaded, List.copyOf(named.values()));
                log.accept("testing " + loaded.size() + " model(s) at " + test.length + " count levels");
                table = CountLevelStudy.evaluate(sim, loaded, test, seed, threads, log);
            } finally {
                loaded.forEach(m -> m.ensemble().close());
            }
        } else {
            double[] train = NanobeamArgs.levels("--train-levels", trainLevels);
            int g = (int) atLeast("--grid", grid == null ? 41 : grid, 2);
            NanobeamTrainingOptions opts = new NanobeamTrainingOptions(
                    (int) atLeast("--epochs", epochs == null ? 500 : epochs, 1),
                    (int) atLeast("--batch", batch == null ? 64 : batch, 1),
                    positive("--lr", lr == null ? 1e-4 : lr), seed, seed, null)
                    .withCheckpointEvery((int) atLeast("--checkpoint-every", checkpointEvery == null
                            ? NanobeamTrainingOptions.DEFAULT_CHECKPOINT_EVERY : checkpointEvery, 1));
            report.training(train, g, opts, modelsOut);
            table = CountLevelStudy.run(sim, ParameterGrid.cube(g), train, test, opts, device, threads, seed, modelsOut,
                    log);
        }
        List<String> files = figures.fileNames(List.of("figureS3"), "count-levels.csv", "count-levels.json");
        Map<String, Object> json = report.finish(test, seed, d, table, files);
        StagedFolder.writeAll(outDir, staging -> {
            List<Path> written = new ArrayList<>(figures.save(NanobeamPlots.countLevelsPanels(table), staging,
                    "figureS3"));
            AtomicFiles.writeWith(staging.resolve("count-levels.csv"), tmp -> table.write().csv(tmp.toFile()));
            ResultFiles.writeJson(staging.resolve("count-levels.json"), json);
            written.add(staging.resolve("count-levels.csv"));
            written.add(staging.resolve("count-levels.json"));
            return written;
        });
        out.println(table.printAll());
        out.println("wrote " + String.join(", ", files) + " into " + outDir);
        return 0;
    }
}
