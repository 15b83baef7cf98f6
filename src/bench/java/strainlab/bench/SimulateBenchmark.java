package strainlab.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import strainlab.dataset.recipe.LabelLayout;
import strainlab.dataset.recipe.PaperRecipe;
import strainlab.dataset.recipe.ParameterRanges;
import strainlab.diffraction.DynamicalDiffraction;

/**
 * {@code bin/strainlab bench simulate}: speed of the whole per-curve generator of the paper recipe (random
 * parameters and profile, recursion on N = 500 lamellae, convolution, noise, rescale onto the network grid)
 * with 1 thread and with all cores, as the median of repeats after a warm-up, plus the time per stage.
 * Curves per CPU-second of the generating threads are printed too: on a shared machine they show the
 * per-core speed that wall time hides.
 */
public final class SimulateBenchmark {
    /** Options of the target. */
    @Command(customSynopsis = "usage: bin/strainlab bench simulate [--preset cnn1] [--curves 200] [--repeats 5] "
            + "[--threads N] [--kernel vector_float|vector|scalar] [--markdown]",
            description = "times --curves curves of the recipe with 1 thread and with N threads (default: all cores)")
    static final class Options {
        @Option(names = "--preset", paramLabel = "P", description = "recipe preset")
        String preset = "cnn1";
        @Option(names = "--curves", paramLabel = "N", description = "curves per run")
        int curves = 200;
        @Option(names = "--repeats", paramLabel = "R", description = "runs (median)")
        int repeats = 5;
        @Option(names = "--threads", paramLabel = "N", description = "threads of the parallel run")
        int threads = Runtime.getRuntime().availableProcessors();
        @Option(names = "--kernel", paramLabel = "K", description = "recursion kernel (default: the recipe's)")
        String kernel;
        @Option(names = "--markdown", description = "print the table as Markdown")
        boolean markdown;
    }

    private SimulateBenchmark() {
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
        int curves = BenchArgs.positive("--curves", o.curves);
        int repeats = BenchArgs.positive("--repeats", o.repeats);
        int threads = BenchArgs.positive("--threads", o.threads);
        boolean markdown = o.markdown;
        DynamicalDiffraction.Kernel kernel = o.kernel == null ? PaperRecipe.DEFAULT_KERNEL : kernel(o.kernel);
        PaperRecipe recipe = new PaperRecipe(ParameterRanges.preset(preset), PaperRecipe.Noise.POISSON, kernel);
        ParameterRanges r = recipe.ranges();
        BenchTable speed = new BenchTable("simulate: preset " + r.name() + ", N = " + r.lamellae() + " lamellae, "
                + recipe.inputLength() + "-point grid, kernel " + kernel.name().toLowerCase(Locale.ROOT) + ", " + curves + " curves per repeat, median of " + repeats,
                "threads", "median s", "curves/s", "curves/s per thread", "curves per CPU-s per thread");
        PaperRecipe.StageTimes stages = new PaperRecipe.StageTimes();
        List<Integer> counts = threads == 1 ? List.of(1) : List.of(1, threads);
        for (int t : counts) {
            final int nThreads = t;
            AtomicLong cpu = new AtomicLong();
            ExecutorService pool = nThreads == 1 ? null : Executors.newFixedThreadPool(nThreads);
            final int n = curves;
            try {
                // warm-up (JIT), then timed repeats on the same indices
                runOnce(recipe, pool, nThreads, n, null, new AtomicLong());
                cpu.set(0);
                BenchTable.Timing timing = BenchTable.time(0, repeats,
                        () -> runOnce(recipe, pool, nThreads, n, nThreads == 1 ? stages : null, cpu));
                double med = timing.medianS();
                double cpuPerThreadRate = (double) n * repeats / (cpu.get() * 1e-9);
                speed.row(nThreads, med, n / med, n / med / nThreads, cpuPerThreadRate);
            } finally {
                if (pool != null) {
                    pool.shutdownNow();
                }
            }
        }
        BenchTable breakdown = new BenchTable("CPU time per stage, 1 thread (mean over "
                + stages.curves() + " curves, " + Math.round((double) stages.angles() / Math.max(1, stages.curves()))
                + " θ points per curve on average)", "stage", "ms per curve", "share %");
        long total = 0;
        for (int i = 0; i < PaperRecipe.StageTimes.STAGES.size(); i++) {
            total += stages.nanos(i);
        }
        for (int i = 0; i < PaperRecipe.StageTimes.STAGES.size(); i++) {
            breakdown.row(PaperRecipe.StageTimes.STAGES.get(i), stages.nanos(i) * 1e-6 / Math.max(1, stages.curves()),
                    100.0 * stages.nanos(i) / Math.max(1, total));
        }
        if (markdown) {
            speed.printMarkdown(out);
            out.println();
            breakdown.printMarkdown(out);
        } else {
            speed.print(out);
            out.println();
            breakdown.print(out);
        }
        return 0;
    }

    private static void runOnce(PaperRecipe recipe, ExecutorService pool, int threads, int curves,
                                PaperRecipe.StageTimes stages, AtomicLong cpuNanos) throws Exception {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (pool == null) {
            long c0 = bean.getCurrentThreadCpuTime();
            work(recipe, 0, curves, 1, stages);
            cpuNanos.addAndGet(bean.getCurrentThreadCpuTime() - c0);
            return;
        }
        List<Future<?>> futures = new ArrayList<>();
        for (int k = 0; k < threads; k++) {
            final int first = k;
            futures.add(pool.submit(() -> {
                long c0 = bean.getCurrentThreadCpuTime();
                work(recipe, first, curves, threads, null);
                cpuNanos.addAndGet(bean.getCurrentThreadCpuTime() - c0);
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
    }

    private static void work(PaperRecipe recipe, int first, int curves, int stride, PaperRecipe.StageTimes stages) {
        float[] in = new float[recipe.inputLength()];
        float[] lab = new float[LabelLayout.COUNT];
        for (int i = first; i < curves; i += stride) {
            recipe.generate(1, i, in, lab, stages);
        }
    }

    private static DynamicalDiffraction.Kernel kernel(String value) {
        for (DynamicalDiffraction.Kernel k : DynamicalDiffraction.Kernel.values()) {
            if (k.name().equalsIgnoreCase(value.replace('-', '_'))) {
                return k;
            }
        }
        throw new IllegalArgumentException("--kernel must be one of vector_float, vector, scalar, got '" + value + "'");
    }
}
