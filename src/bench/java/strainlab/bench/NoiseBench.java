package strainlab.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import strainlab.dataset.ExpectedCounts;
import strainlab.dataset.recipe.LabelLayout;
import strainlab.dataset.recipe.PaperRecipe;
import strainlab.dataset.recipe.Recipe;
import strainlab.training.Devices;
import strainlab.training.EnginePoisson;

/**
 * {@code bin/strainlab bench noise}: the counting-noise sampler of fresh-noise training ({@link EnginePoisson}) on one
 * batch of the expected counts of CNN2 curves, whole and by the engine's method (products of uniforms for means below
 * {@value #SMALL_MEAN}, transformed rejection above), on the device the training would use. Each timed draw copies the
 * batch on the device into a scope of its own, as training does, and ends by reading one number back, so a GPU's
 * queue is drained. {@code bench train --noise-on-the-fly} gives what the whole
 * draw (sampler, read-out noise and rescaling) adds to a training step.
 */
public final class NoiseBench {
    /** CNN2 curves whose expected counts the batch cycles through. */
    static final int POOL = 256;
    /** The mean from which the engine's sampler switches from products of uniforms to transformed rejection. */
    static final double SMALL_MEAN = 10;

    private NoiseBench() {
    }

    /** One timed part: the batch's means with those of the other method set to 0, and how many of each remain. */
    private record Part(String name, float[] means, long small, long large) {
    }

    /** Options of the target. */
    @Command(customSynopsis = "usage: bin/strainlab bench noise [--batch 2096] [--repeats 7] [--device auto|cpu|gpu]",
            description = {"Times EnginePoisson.sample on a batch of CNN2 expected-count rows (" + POOL + " curves,",
                "cycled): all means, then only those below " + (int) SMALL_MEAN + " (products of uniforms) and only",
                "those at or above it (transformed rejection), the others set to 0; median ms per batch of R timed",
                "draws after one untimed draw."})
    static final class Options {
        @Option(names = "--batch", paramLabel = "B", description = "curves per batch (default ${DEFAULT-VALUE})")
        int batch = 2096;
        @Option(names = "--repeats", paramLabel = "R", description = "timed draws per part (median)")
        int repeats = 7;
        @Option(names = "--device", paramLabel = "D", description = "auto (default), cpu or gpu")
        String device = "auto";
    }

    /**
     * Runs the benchmark.
     *
     * @return 0 on success
     * @throws IllegalArgumentException for bad arguments (message names the option)
     */
    public static int run(String[] args, PrintStream out) throws Exception {
        Options o = BenchArgs.parse(new Options(), args, out);
        if (o == null) {
            return 0;
        }
        int batch = BenchArgs.positive("--batch", o.batch);
        int repeats = BenchArgs.positive("--repeats", o.repeats);
        Device device = Devices.select(o.device);
        PaperRecipe recipe = new PaperRecipe(Recipe.preset("cnn2"));
        ExpectedCounts layout = recipe.expectedCounts();
        int points = layout.thetaPoints();
        float[] all = new float[batch * points];
        float[] input = new float[recipe.inputLength()];
        float[] labels = new float[LabelLayout.COUNT];
        float[] row = new float[layout.width()];
        for (int c = 0; c < Math.min(POOL, batch); c++) {
            recipe.generate(1, c, input, labels, row);
            for (int r = c; r < batch; r += POOL) {
                System.arraycopy(row, ExpectedCounts.HEADER, all, r * points, points);
            }
        }
        float[] small = new float[all.length];
        float[] large = new float[all.length];
        long smallCount = 0;
        long largeCount = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] >= SMALL_MEAN) {
                large[i] = all[i];
                largeCount++;
            } else if (all[i] > 0) {
                small[i] = all[i];
                smallCount++;
            }
        }
        Engine engine = Engine.getInstance();
        BenchTable table = new BenchTable("EnginePoisson.sample on " + batch + " CNN2 rows of " + points
                + " expected counts (float64 work), " + engine.getEngineName() + " " + engine.getVersion() + " on "
                + device + ", median of " + repeats, "part", "means", "median ms", "ns per mean");
        try (NDManager manager = NDManager.newBaseManager(device);
             EnginePoisson poisson = EnginePoisson.on(manager)) {
            Shape shape = new Shape(batch, points);
            Part[] parts = {new Part("all", all, smallCount, largeCount),
                new Part("uniforms (< 10)", small, smallCount, 0), new Part("rejection (>= 10)", large, 0, largeCount)};
            for (Part part : parts) {
                NDArray means = manager.create(part.means(), shape);
                long[] seed = {0};
                BenchTable.Timing t = BenchTable.time(1, repeats, () -> {
                    try (NDManager scope = manager.newSubManager()) {
                        NDArray batchMeans = means.duplicate();
                        batchMeans.attach(scope);
                        EnginePoisson.seed(seed[0]++);
                        poisson.sample(batchMeans).sum().getDouble();
                    }
                });
                means.close();
                long n = part.small() + part.large();
                table.row(part.name(), n, t.medianMs(), t.medianS() * 1e9 / Math.max(1, n));
            }
        }
        table.print(out);
        return 0;
    }
}
