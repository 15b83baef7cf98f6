package strainlab.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.PrintStream;

/**
 * {@code bin/strainlab bench engine}: dense float32 matrix products on the DJL engine's default
 * device, the yardstick for how fast the CNN training can be on this host.
 */
public final class EngineBench {
    private EngineBench() {
    }

    /** Usage text of the target. */
    public static final String USAGE = "usage: bin/strainlab bench engine [--sizes 256,512,1024] [--repeats 5]";

    /**
     * Runs the benchmark.
     *
     * @return 0 on success
     * @throws IllegalArgumentException for bad arguments (message names the option)
     */
    public static int run(String[] args, PrintStream out) throws Exception {
        int[] sizes = {256, 512, 1024};
        int repeats = 5;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                out.println(USAGE);
                return 0;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option '" + a + "' needs a value, or is unknown\n" + USAGE);
            }
            String v = args[++i];
            switch (a) {
                case "--sizes" -> sizes = parseSizes(v);
                case "--repeats" -> repeats = BenchArgs.positiveInt("--repeats", v);
                default -> throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
            }
        }
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

    private static int[] parseSizes(String v) {
        String[] parts = v.split(",");
        int[] s = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            s[i] = BenchArgs.positiveInt("--sizes", parts[i].trim());
        }
        return s;
    }
}
