package strainlab.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import strainlab.dataset.DatasetWriter;
import strainlab.dataset.GenerationProgress;
import strainlab.dataset.recipe.PaperRecipe;
import strainlab.dataset.recipe.ParameterRanges;
import strainlab.dataset.recipe.Recipe;

/** {@code bin/strainlab generate}: writes a sharded training set of a preset or recipe file (resumable). */
@Command(name = "generate", header = "generate a training set of simulated curves (sharded, parallel, resumable)",
        customSynopsis = "usage: bin/strainlab generate (--preset NAME | --recipe FILE) --count N --out DIR [options]",
        footer = {"A recipe file (docs/recipe-format.md) sets the crystal, reflection, ranges, profile family,",
            "noise and grid; the presets are recipe files shipped in the jar. Progress (done/total, curves/s,",
            "ETA) goes to stderr. Killed at any moment, the same command resumes: finished shards are",
            "checksum-verified and kept."})
final class GenerateCommand extends Picocli {
    /** The preset names, for the usage text. */
    static final class Presets implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ParameterRanges.PRESETS.iterator();
        }
    }

    @Option(names = "--preset", paramLabel = "NAME", completionCandidates = Presets.class,
            description = "training recipe preset: ${COMPLETION-CANDIDATES}")
    private String preset;
    @Option(names = "--recipe", paramLabel = "FILE", description = "training recipe file (JSON, docs/recipe-format.md)")
    private Path recipeFile;
    @Option(names = "--count", paramLabel = "N", required = true,
            description = "number of curves (≥ 1), e.g. 1500000 for the paper")
    private int count;
    @Option(names = "--seed", paramLabel = "S",
            description = "seed of the set (default ${DEFAULT-VALUE}): curve i depends only on (seed, i)")
    private long seed = 1;
    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "output folder (created; re-running the same command resumes it)")
    private Path dir;
    @Option(names = "--threads", paramLabel = "N",
            description = "worker threads (default: all ${DEFAULT-VALUE} cores); does not change the bytes")
    private int threads = Runtime.getRuntime().availableProcessors();
    @Option(names = "--shard-size", paramLabel = "S", description = "curves per shard file (default ${DEFAULT-VALUE})")
    private int shardSize = DatasetWriter.DEFAULT_SHARD_SIZE;
    @Option(names = "--store-expected-counts", description = {
        "also store each curve's noise-free expected counts on its θ scan (float32, the",
        "intensities the noise is drawn from), so that train --noise-on-the-fly can draw",
        "fresh noise every epoch; format version 2, about 2.1x the size for CNN2"})
    private boolean storeExpectedCounts;
    @Option(names = "--plan-only", description = {
        "write only the set's manifest (its plan) and generate nothing, so that",
        "train --more-data can open the set before its generation starts"})
    private boolean planOnly;
    @Option(names = "--noise", paramLabel = "MODE",
            description = "honest (Poisson(I)), published (I + Poisson(I)) or none; default: the recipe's")
    private String noiseMode;
    @Option(names = "--grid", paramLabel = "P", description = {"network grid: 1001 (linspace(8,-1)) or 401 "
            + "(linspace(3,-1));", "default: the recipe's"})
    private Integer grid;

    @Override
    protected int call(PrintStream out) throws Exception {
        if ((preset == null) == (recipeFile == null)) {
            throw new UsageException("give either --preset NAME or --recipe FILE");
        }
        Recipe spec;
        try {
            spec = preset != null ? Recipe.preset(preset) : Recipe.read(recipeFile);
        } catch (IllegalArgumentException e) {
            throw new UsageException(preset != null ? e.getMessage() : "--recipe " + e.getMessage());
        }
        if (noiseMode != null) {
            try {
                spec = spec.withNoise(PaperRecipe.Noise.ofMode(noiseMode));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--" + e.getMessage());
            }
        }
        if (grid != null) {
            if (grid != ParameterRanges.GRID_1001 && grid != ParameterRanges.GRID_401) {
                throw new UsageException("--grid must be 1001 or 401, got " + grid);
            }
            spec = spec.withGridPoints(grid);
        }
        atLeast("--count", count, 1);
        atLeast("--threads", threads, 1);
        atLeast("--shard-size", shardSize, 1);
        PaperRecipe recipe = new PaperRecipe(spec);
        out.printf(Locale.ROOT, "%s %d curves of %s %s (seed %d, noise %s, %d-point grid) into %s with %d threads%n",
                planOnly ? "planning" : "generating", count, preset != null ? "preset" : "recipe", spec.name(), seed,
                spec.noise().mode(), spec.ranges().gridPoints(), dir, threads);
        DatasetWriter writer = DatasetWriter.of(recipe).seed(seed).count(count).shardSize(shardSize)
                .threads(threads).storeExpectedCounts(storeExpectedCounts)
                .progress(GenerationProgress.console(System.err));
        if (planOnly) {
            DatasetWriter.Report plan = writer.writePlan(dir);
            out.printf(Locale.ROOT, "planned: %s holds the plan of %d curves (%d of %d shards already there); "
                    + "nothing generated%n", dir, count, plan.shardsKept(), plan.manifest().shardCount());
            return 0;
        }
        DatasetWriter.Report r = writer.write(dir);
        if (r.shardsWritten() == 0) {
            out.printf(Locale.ROOT, "done: all %d shards were already present and verified%n", r.shardsKept());
            return 0;
        }
        out.printf(Locale.ROOT, "done: %d shards written, %d kept from an earlier run; %d curves generated in "
                + "%.1f s (%.0f curves/s)%n", r.shardsWritten(), r.shardsKept(), r.examplesGenerated(), r.seconds(),
                r.curvesPerSecond());
        return 0;
    }
}
