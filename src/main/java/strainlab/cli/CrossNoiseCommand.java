package strainlab.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import strainlab.cnn.evaluation.CrossNoise;
import strainlab.dataset.recipe.PaperRecipe;
import strainlab.io.AtomicFiles;
import strainlab.io.StagedFolder;
import strainlab.plot.Charts;
import strainlab.plot.NoisePlots;

/** {@code bin/strainlab cross-noise}: networks scored on test curves that differ only in their counting noise. */
final class CrossNoiseCommand implements Command {
    @Override
    public String name() {
        return "cross-noise";
    }

    @Override
    public String summary() {
        return "score networks on honest, published and noise-free test curves of the same parameters";
    }

    @Override
    public String usage() {
        return """
                usage: bin/strainlab cross-noise --models DIR[,DIR...] --out REPORT [options]
                  --models DIRS   model folders, comma-separated; each is tested on curves of its own preset
                  --noises LIST   test noises, comma-separated: honest (Poisson(I)), published (the authors'
                                  I + Poisson(I)), none (default honest,published,none)
                  --count N       test curves per preset and noise (default 12000)
                  --seed S        seed of the test curves (default 7: not a seed of the shipped training sets);
                                  one seed for every noise, so the curves share parameters and random stream
                  --device D      auto (default), cpu or gpu
                  --out REPORT    folder, written all or nothing: cross-noise.csv (one row per network and test
                                  noise) and cross-noise.png (a(strain) per network and test noise)""";
    }

    @Override
    public int run(String[] args, PrintStream out) throws Exception {
        Map<String, String> o = DatasetCliOptions.parse(args,
                Set.of("--models", "--noises", "--count", "--seed", "--device", "--out"));
        List<Path> models = new ArrayList<>();
        for (String m : DatasetCliOptions.required(o, "--models").split(",")) {
            Path dir = Path.of(m.trim());
            if (!Files.isDirectory(dir)) {
                throw new UsageException("--models: " + dir + " is not a model folder");
            }
            models.add(dir);
        }
        List<PaperRecipe.Noise> noises = new ArrayList<>();
        for (String n : o.getOrDefault("--noises", "honest,published,none").split(",")) {
            try {
                noises.add(PaperRecipe.Noise.ofMode(n));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--noises: " + e.getMessage());
            }
        }
        int count = (int) DatasetCliOptions.longValue(o, "--count", 12_000, 2);
        long seed = DatasetCliOptions.longValue(o, "--seed", 7, Long.MIN_VALUE);
        Path report = Path.of(DatasetCliOptions.required(o, "--out"));
        long t0 = System.nanoTime();
        out.printf(Locale.ROOT, "scoring %d network(s) on %,d curves per preset and noise (seed %d)%n",
                models.size(), count, seed);
        List<CrossNoise.Cell> cells = CrossNoise.run(models, noises, seed, count,
                o.getOrDefault("--device", "auto"));
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
