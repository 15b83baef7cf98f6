package strainlab.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import strainlab.dataset.DatasetWriter;
import strainlab.dataset.recipe.PaperRecipe;

/**
 * {@code bin/strainlab bench generate}: training-set generation speed (curves/s, shards written to a temp
 * folder, checksums and all) for a preset with 1 thread and with all threads; median of repeats after one
 * warm-up run. Curves per CPU-second of the whole process (generating threads, writer, JIT and GC) are printed
 * too: on a shared machine they show the per-core speed that wall time hides.
 */
public final class GenerateBench {
    private GenerateBench() {
    }

    /** Options of the target. */
    @Command(customSynopsis = "usage: bin/strainlab bench generate [--preset cnn2] [--count 400] [--repeats 3] "
            + "[--threads N] [--markdown]",
            description = "times the generation of --count curves with 1 thread and with N threads (default: all cores)")
    static final class Options {
        @Option(names = "--preset", paramLabel = "P", description = "recipe preset")
        String preset = "cnn2";
        @Option(names = "--count", paramLabel = "N", description = "curves per run")
        int count = 400;
        @Option(names = "--repeats", paramLabel = "R", description = "runs (median)")
        int repeats = 3;
        @Option(names = "--threads", paramLabel = "N", description = "threads of the parallel run")
        int threads = Runtime.getRuntime().availableProcessors();
        @Option(names = "--markdown", description = "print the table as Markdown")
        boolean markdown;
    }

    /**
     * Runs the benchmark.
     *
     * @return 0 on success
     * @throws IllegalArgumentException for bad arguments (the message names the option)
     */
    public static int run(String[] args, PrintStream out) throws Exception {
        Options o = BenchArgs.parse(new Options(), args, out);
        if (o == null) {
            return 0;
        }
        String preset = o.preset;
        int count = BenchArgs.positive("--count", o.count);
        int repeats = BenchArgs.positive("--repeats", o.repeats);
        int threads = BenchArgs.positive("--threads", o.threads);
        boolean markdown = o.markdown;
        PaperRecipe recipe = PaperRecipe.preset(preset);
        BenchTable table = new BenchTable("generate: preset " + preset + ", " + recipe.inputLength()
                + "-point grid, " + count + " curves per run, median of " + repeats + " ("
                + Runtime.getRuntime().availableProcessors() + " cores)",
                "threads", "median s", "curves/s", "curves/s per thread", "curves per process CPU-s");
        Set<Integer> threadCounts = new LinkedHashSet<>();
        threadCounts.add(1);
        threadCounts.add(threads);
        for (int t : threadCounts) {
            DatasetWriter writer = DatasetWriter.of(recipe).seed(1).count(count).shardSize(Math.min(count, 10_000))
                    .threads(t);
            long[] cpu = new long[1];
            int[] runs = new int[1];
            BenchTable.Timing timing = BenchTable.time(1, repeats, () -> {
                Path dir = Files.createTempDirectory("strainlab-bench-generate");
                long c0 = processCpuNanos();
                try {
                    writer.write(dir);
                } finally {
                    if (runs[0]++ > 0) {
                        cpu[0] += processCpuNanos() - c0;
                    }
                    deleteTree(dir);
                }
            });
            double rate = count / timing.medianS();
            // CPU time of the timed repeats (the warm-up run excluded)
            table.row(t, timing.medianS(), rate, rate / t, (double) count * repeats / (cpu[0] * 1e-9));
        }
        if (markdown) {
            table.printMarkdown(out);
        } else {
            table.print(out);
        }
        return 0;
    }

    /** CPU time of the whole JVM process in ns. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
