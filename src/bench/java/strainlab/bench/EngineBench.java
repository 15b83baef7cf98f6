package strainlab.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/strainlab bench engine}: dense float32 matrix products on the DJL engine's default
 * device, the yardstick for how fast the CNN training can be on this host.
 */
public final class EngineBench {
    private EngineBench() {
    }

    /** Options of the target. */
    @Command(customSynopsis = "usage: bin/strainlab bench engine [--sizes 256,512,1024] [--repeats 5]")
    static final class Options {
        @Option(names = "--sizes", paramLabel = "N", split = ",", description = "matrix sizes n (n x n)")
        int[] sizes = {256, 512, 1024};
        @Option(names = "--repeats", paramLabel = "R", description = "timed products per size (median)")
        int repeats = 5;
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
        int[] sizes = o.sizes;
        BenchArgs.positive("--sizes", sizes);
        int repeats = BenchArgs.positive("--repeats", o.repeats);
        Engine engine = Engine.getInstance();
        Device device = engine.defaultDevice();
        BenchTable table = new BenchTable("matrix product C = A B, float32, " + engine.getEngineName() + " "
                + engine.getVersion() + " on " + device, "n", "repeats", "median ms", "GFLOP/s");
        try (NDManager manager = NDManager.newBaseManager(device)) {
            for (int n : sizes) {
                NDArray a = manager.randomUniform(-1f, 1f, new Shape(n, n));
                NDArray b = manager.randomUniform(-1f, 1f, new Shape(n, n));
                BenchTable.Timing t = BenchTable.time(1, repeats, () -> {
                    try (NDManager scope = manager.newSubManager()) {
                        NDArray c = a.matMul(b);
                        c.attach(scope);
                        c.toFloatArray();
                    }
                });
                table.row(n, repeats, t.medianMs(), 2.0 * n * n * (double) n / t.medianS() * 1e-9);
            }
        }
        table.print(out);
        return 0;
    }
}
