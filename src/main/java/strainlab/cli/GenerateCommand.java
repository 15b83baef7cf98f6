package strainlab.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import strainlab.dataset.DatasetWriter;
import strainlab.dataset.GenerationProgress;
import strainlab.dataset.recipe.PaperRecipe;
import strainlab.dataset.recipe.ParameterRanges;

/** {@code bin/strainlab generate}: writes a sharded training set of the paper's recipe (resumable). */
final class GenerateCommand implements Command {
    @Override
    public String name() {
        return "generate";
    }

    @Override
    public String summary() {
        return "generate a training set of simulated curves (sharded, parallel, resumable)";
    }

    @Override
    public String usage() {
        return """
                usage: bin/strainlab generate --preset NAME --count N --out DIR [options]
                  --preset NAME      training recipe preset: %s
                  --count N          number of curves (≥ 1), e.g. 1500000 for the paper
                  --seed S           seed of the set (default 1): curve i depends only on (seed, i)
                  --out DIR          output folder (created; re-running the same command resumes it)
                  --threads N        worker threads (default: all %d cores); does not change the bytes
                  --shard-size S     curves per shard file (default %d)
                  --noise MODE       honest (Poisson(I), default), published (I + Poisson(I)) or none
                  --grid P           network grid: 1001 (linspace(8,-1)) or 401 (linspace(3,-1));
                                     default: the preset's
                Progress (done/total, curves/s, ETA) goes to stderr. Killed at any moment, the same
                command resumes: finished shards are checksum-verified and kept.""".formatted(
                String.join(", ", ParameterRanges.PRESETS), Runtime.getRuntime().availableProcessors(),
                DatasetWriter.DEFAULT_SHARD_SIZE);
    }

    @Override
    public int run(String[] args, PrintStream out) throws Exception {
        Map<String, String> o = DatasetCliOptions.parse(args, Set.of("--preset", "--count", "--seed", "--out", "--threads",
                "--shard-size", "--noise", "--grid"));
        ParameterRanges ranges;
        try {
            ranges = ParameterRanges.preset(DatasetCliOptions.required(o, "--preset"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (o.containsKey("--grid")) {
            int grid = (int) DatasetCliOptions.longValue(o, "--grid", 0, 1);
            if (grid != ParameterRanges.GRID_1001 && grid != ParameterRanges.GRID_401) {
                throw new UsageException("--grid must be 1001 or 401, got " + grid);
            }
            ranges = ranges.withGridPoints(grid);
        }
        PaperRecipe.Noise noise;
        try {
            noise = PaperRecipe.Noise.ofMode(o.getOrDefault("--noise", "honest"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + e.getMessage());
        }
        DatasetCliOptions.required(o, "--count");
        long count = DatasetCliOptions.longValue(o, "--count", 0, 1);
        long seed = DatasetCliOptions.longValue(o, "--seed", 1, Long.MIN_VALUE);
        int threads = (int) DatasetCliOptions.longValue(o, "--threads", Runtime.getRuntime().availableProcessors(), 1);
        int shardSize = (int) DatasetCliOptions.longValue(o, "--shard-size", DatasetWriter.DEFAULT_SHARD_SIZE, 1);
        Path dir = Path.of(DatasetCliOptions.required(o, "--out"));

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
