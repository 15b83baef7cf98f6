package strainlab.bench;

import strainlab.diffraction.DynamicalDiffraction;

import strainlab.crystal.DiffractionSetup;
import strainlab.crystal.StructureFactors;
import strainlab.profile.DepthProfiles;
import strainlab.profile.SplineConvention;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code bin/strainlab bench recursion}: the recursion kernel alone, one thread, for the paper's ZrO2 004 case
 * (N = 500 lamellae, 570 angles by default): ms per curve and ns per (angle, lamella) pair for each kernel,
 * median of repeats after a warm-up, in wall time and in CPU time of the thread (the latter is what a core
 * delivers when a shared machine is busy).
 */
public final class RecursionBenchmark {
    /** Usage text. */
    public static final String USAGE = "usage: bin/strainlab bench recursion [--lamellae 500] [--angles 570] "
            + "[--curves 20] [--repeats 5]";

    private RecursionBenchmark() {
    }

    /** Runs the benchmark; returns 0. */
    public static int run(String[] args, PrintStream out) {
        int lamellae = 500;
        int angles = 570;
        int curves = 20;
        int repeats = 5;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help")) {
                out.println(USAGE);
                return 0;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option '" + args[i] + "' needs a value\n" + USAGE);
            }
            int v = Integer.parseInt(args[i + 1]);
            if (v < 1) {
                throw new IllegalArgumentException(args[i] + " must be ≥ 1, got " + v);
            }
            switch (args[i]) {
                case "--lamellae" -> lamellae = v;
                case "--angles" -> angles = v;
                case "--curves" -> curves = v;
                case "--repeats" -> repeats = v;
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'\n" + USAGE);
            }
            i++;
        }
        DiffractionSetup setup = new DiffractionSetup(1.5406, 1.2858375, 136.06243,
                StructureFactors.of(new double[]{223.59852, 9.38724}, new double[]{120.31277, 9.38724},
                        new double[]{120.31277, 9.38724}));
        double[] w = {0.6, 1.5, 2.7, 3.0, 2.4, 1.8, 1.2, 0.6, 0.3, 0.15};
        DepthProfiles p = DepthProfiles.withTiedDw(4000, lamellae, w, SplineConvention.SMOOTH, 0.1);
        double thB = setup.braggAngleRad();
        double[] theta = new double[angles];
        double step = Math.toRadians(0.005);
        double start = thB - (0.035 + 0.01) * Math.tan(thB);
        for (int i = 0; i < angles; i++) {
            theta[i] = start + i * step;
        }
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
