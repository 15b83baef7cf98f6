package strainlab.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import strainlab.cnn.evaluation.CrossNoise;
import strainlab.dataset.recipe.PaperRecipe;
import strainlab.io.AtomicFiles;
import strainlab.io.StagedFolder;
import strainlab.plot.Charts;
import strainlab.plot.NoisePlots;

/** {@code bin/strainlab cross-noise}: networks scored on test curves that differ only in their counting noise. */
@Command(name = "cross-noise",
        header = "score networks on honest, published and noise-free test curves of the same parameters",
        customSynopsis = "usage: bin/strainlab cross-noise --models DIR[,DIR...] --out REPORT [options]")
final class CrossNoiseCommand extends Picocli {
    @Option(names = "--models", paramLabel = "DIR", required = true, split = ",",
            description = "model folders, comma-separated; each is tested on curves of its own preset")
    private List<Path> models;
    @Option(names = "--noises", paramLabel = "NOISE", split = ",", description = {
        "test noises, comma-separated: honest (Poisson(I)), published (the authors'",
        "I + Poisson(I)), none (default honest,published,none)"})
    private List<String> noiseModes = List.of("honest", "published", "none");
    @Option(names = "--count", paramLabel = "N", description = "test curves per preset and noise (default 12000)")
    private int count = 12_000;
    @Option(names = "--seed", paramLabel = "S", description = {
        "seed of the test curves (default 7: not a seed of the shipped training sets);",
        "one seed for every noise, so the curves share parameters and random stream"})
    private long seed = 7;
    @Option(names = "--device", paramLabel = "D", description = "auto (default), cpu or gpu")
    private String device = "auto";
    @Option(names = "--out", paramLabel = "REPORT", required = true, description = {
        "folder, written all or nothing: cross-noise.csv (one row per network and test",
        "noise) and cross-noise.png (a(strain) per network and test noise)"})
    private Path report;

    @Override
    protected int call(PrintStream out) throws Exception {
        for (Path dir : models) {
            if (!Files.isDirectory(dir)) {
                throw new UsageException("--models: " + dir + " is not a model folder");
            }
        }
        List<PaperRecipe.Noise> noises = new ArrayList<>();
        for (String n : noiseModes) {
            try {
                noises.add(PaperRecipe.Noise.ofMode(n));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--noises: " + e.getMessage());
            }
        }
        atLeast("--count", count, 2);
        long t0 = System.nanoTime();
        out.printf(Locale.ROOT, "scoring %d network(s) on %,d curves per preset and noise (seed %d)%n",
                models.size(), count, seed);
        List<CrossNoise.Cell> cells = CrossNoise.run(models, noises, seed, count,
                device);
        out.print(CrossNoise.table(cells));
        List<String> written = StagedFolder.writeAll(report, staging -> {
            List<Path> files = new ArrayList<>();
            Path csv = staging.resolve("cross-noise.csv");
            AtomicFiles.writeText(csv, w -> w.write(CrossNoise.csv(cells)));
            files.add(csv);
            if (cells.stream().anyMatch(c -> c.row().aStrain() != null)) {
                files.add(Charts.savePng(NoisePlots.strainAccuracy(cells), staging.resolve("cross-noise.png")));
            }
            return files;
        });
        written.forEach(f -> out.println("wrote " + report.resolve(f)));
        out.printf(Locale.ROOT, "done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
