package strainlab.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import strainlab.crystal.DiffractionSetup;
import strainlab.diffraction.DynamicalDiffraction;
import strainlab.profile.DepthProfiles;

/**
 * {@code bin/strainlab bench recursion}: the recursion kernel alone, one thread, for the paper's ZrO2 004 case
 * (N = 500 lamellae, 570 angles by default): ms per curve and ns per (angle, lamella) pair for each kernel,
 * median of repeats after a warm-up, in wall time and in CPU time of the thread (the latter is what a core
 * delivers when a shared machine is busy).
 */
public final class RecursionBenchmark {
    /** Options of the target. */
    @Command(customSynopsis = "usage: bin/strainlab bench recursion [--lamellae 500] [--angles 570] [--curves 20] "
            + "[--repeats 5]", footer = "The same kernels under JMH: bin/strainlab bench recursion-jmh.")
    static final class Options {
        @Option(names = "--lamellae", paramLabel = "N", description = "lamellae of the layer")
        int lamellae = RecursionCase.LAMELLAE;
        @Option(names = "--angles", paramLabel = "N", description = "θ points of the curve")
        int angles = RecursionCase.ANGLES;
        @Option(names = "--curves", paramLabel = "N", description = "curves per repeat (a quarter for scalar)")
        int curves = 20;
        @Option(names = "--repeats", paramLabel = "N", description = "repeats (median)")
        int repeats = 5;
    }

    /** Runs the benchmark; returns 0. */
    public static int run(String[] args, PrintStream out) {
        Options o = BenchArgs.parse(new Options(), args, out);
        if (o == null) {
            return 0;
        }
        int lamellae = BenchArgs.positive("--lamellae", o.lamellae);
        int angles = BenchArgs.positive("--angles", o.angles);
        int curves = BenchArgs.positive("--curves", o.curves);
        int repeats = BenchArgs.positive("--repeats", o.repeats);
        RecursionCase recursionCase = new RecursionCase(lamellae, angles);
        DiffractionSetup setup = recursionCase.setup();
        DepthProfiles p = recursionCase.profiles();
        double[] theta = recursionCase.thetaRad();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double pairs = (double) angles * lamellae;
        out.printf(Locale.ROOT, "recursion: N = %d lamellae, %d angles, %d curves per repeat, median of %d%n",
                lamellae, angles, curves, repeats);
        out.println("kernel        ms/curve (wall)  ns/pair (wall)  ms/curve (CPU)  ns/pair (CPU)");
        double[] buf = new double[angles];
        for (DynamicalDiffraction.Kernel k : DynamicalDiffraction.Kernel.values()) {
            int n = k == DynamicalDiffraction.Kernel.SCALAR ? Math.max(1, curves / 4) : curves;
            for (int i = 0; i < 3; i++) {
                DynamicalDiffraction.reflectivity(setup, p, theta, k, buf);
            }
            double[] wall = new double[repeats];
            double[] cpu = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                long c0 = mx.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                for (int c = 0; c < n; c++) {
                    DynamicalDiffraction.reflectivity(setup, p, theta, k, buf);
                }
                wall[r] = (System.nanoTime() - t0) / 1e6 / n;
                cpu[r] = (mx.getCurrentThreadCpuTime() - c0) / 1e6 / n;
            }
            double mw = median(wall);
            double mc = median(cpu);
            out.printf(Locale.ROOT, "%-12s  %15.3f  %14.1f  %14.3f  %13.1f%n", k.name().toLowerCase(Locale.ROOT),
                    mw, mw * 1e6 / pairs, mc, mc * 1e6 / pairs);
        }
        return 0;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
