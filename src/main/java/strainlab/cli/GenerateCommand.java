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

/** {@code bin/strainlab generate}: writes a sharded training set of the paper's recipe (resumable). */
@Command(name = "generate", header = "generate a training set of simulated curves (sharded, parallel, resumable)",
        customSynopsis = "usage: bin/strainlab generate --preset NAME --count N --out DIR [options]",
        footer = {"Progress (done/total, curves/s, ETA) goes to stderr. Killed at any moment, the same",
            "command resumes: finished shards are checksum-verified and kept."})
final class GenerateCommand extends Picocli {
    /** The preset names, for the usage text. */
    static final class Presets implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ParameterRanges.PRESETS.iterator();
        }
    }

    @Option(names = "--preset", paramLabel = "NAME", required = true, completionCandidates = Presets.class,
            description = "training recipe preset: ${COMPLETION-CANDIDATES}")
    private String preset;
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
    @Option(names = "--noise", paramLabel = "MODE",
            description = "honest (Poisson(I), default), published (I + Poisson(I)) or none")
    private String noiseMode = "honest";
    @Option(names = "--grid", paramLabel = "P", description = {"network grid: 1001 (linspace(8,-1)) or 401 "
            + "(linspace(3,-1));", "default: the preset's"})
    private Integer grid;

    @Override
    protected int call(PrintStream out) throws Exception {
        ParameterRanges ranges;
        PaperRecipe.Noise noise;
        try {
            ranges = ParameterRanges.preset(preset);
            noise = PaperRecipe.Noise.ofMode(noiseMode);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage().startsWith("noise") ? "--" + e.getMessage() : e.getMessage());
        }
        if (grid != null) {
            if (grid != ParameterRanges.GRID_1001 && grid != ParameterRanges.GRID_401) {
                throw new UsageException("--grid must be 1001 or 401, got " + grid);
            }
            ranges = ranges.withGridPoints(grid);
        }
        atLeast("--count", count, 1);
        atLeast("--threads", threads, 1);
        atLeast("--shard-size", shardSize, 1);
        PaperRecipe recipe = new PaperRecipe(ranges, noise);
        out.printf(Locale.ROOT, "generating %d curves of preset %s (seed %d, noise %s, %d-point grid) into %s "
                + "with %d threads%n", count, ranges.name(), seed, noise.mode(),
                ranges.gridPoints(), dir, threads);
        DatasetWriter.Report r = DatasetWriter.of(recipe).seed(seed).count(count).shardSize(shardSize)
                .threads(threads).progress(GenerationProgress.console(System.err)).write(dir);
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
