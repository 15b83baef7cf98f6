package strainlab.bench;

import strainlab.dataset.DatasetWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Stream;
import strainlab.dataset.recipe.PaperRecipe;

/**
 * {@code bin/strainlab bench generate}: training-set generation speed (curves/s, shards written to a temp
 * folder, checksums and all) for a preset with 1 thread and with all threads; median of repeats after one
 * warm-up run.
 */
public final class GenerateBench {
    private GenerateBench() {
    }

    /** Usage text of the target. */
    public static final String USAGE = "usage: bin/strainlab bench generate [--preset cnn2] [--count 400] "
            + "[--repeats 3] [--threads N] [--markdown]\n"
            + "  times the generation of --count curves with 1 thread and with N threads (default: all cores)";

    /**
     * Runs the benchmark.
     *
     * @return 0 on success
     * @throws IllegalArgumentException for bad arguments (the message names the option)
     */
    public static int run(String[] args, PrintStream out) throws Exception {
        String preset = "cnn2";
        int count = 400;
        int repeats = 3;
        int threads = Runtime.getRuntime().availableProcessors();
        boolean markdown = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                out.println(USAGE);
                return 0;
            }
            if (a.equals("--markdown")) {
                markdown = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option '" + a + "' needs a value, or is unknown\n" + USAGE);
            }
            String v = args[++i];
            switch (a) {
                case "--preset" -> preset = v;
                case "--count" -> count = BenchArgs.positiveInt(a, v);
                case "--repeats" -> repeats = BenchArgs.positiveInt(a, v);
                case "--threads" -> threads = BenchArgs.positiveInt(a, v);
                default -> throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
            }
        }
        PaperRecipe recipe = PaperRecipe.preset(preset);
        BenchTable table = new BenchTable("generate: preset " + preset + ", " + recipe.inputLength()
                + "-point grid, " + count + " curves per run, median of " + repeats + " ("
                + Runtime.getRuntime().availableProcessors() + " cores)",
                "threads", "median s", "curves/s", "curves/s per thread");
        Set<Integer> threadCounts = new LinkedHashSet<>();
        threadCounts.add(1);
        threadCounts.add(threads);
        for (int t : threadCounts) {
            DatasetWriter writer = DatasetWriter.of(recipe).seed(1).count(count).shardSize(Math.min(count, 10_000))
                    .threads(t);
            BenchTable.Timing timing = BenchTable.time(1, repeats, () -> {
                Path dir = Files.createTempDirectory("strainlab-bench-generate");
                try {
                    writer.write(dir);
                } finally {
                    deleteTree(dir);
                }
            });
            double rate = count / timing.medianS();
            table.row(t, timing.medianS(), rate, rate / t);
        }
        if (markdown) {
            table.printMarkdown(out);
        } else {
            table.print(out);
        }
        return 0;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
