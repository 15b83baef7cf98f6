package strainlab.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import strainlab.Workspace;
import strainlab.analysis.AnalysisInput;
import strainlab.analysis.AnalysisResult;
import strainlab.analysis.NetworkChoice;
import strainlab.crystal.DiffractionSetup;
import strainlab.fit.ExampleScan;
import strainlab.lsq.FitResult;

/**
 * {@code bin/strainlab bench analyze}: wall and CPU time of the automatic analysis of the measured scans, YSZ 400
 * and 3C-SiC 400 (their RaDMaX projects {@code test.ini}, as {@code bin/strainlab analyze} reads them; the embedded
 * example when {@code ../shared} is absent), cold (the first run in the JVM) and warm (later runs), with σ_I and each
 * stage's evaluations and wall time. The CPU time is the whole process's (all threads), the fair measure on a
 * shared machine.
 */
public final class AnalyzeBench {
    private AnalyzeBench() {
    }

    /** Options of the target. */
    @Command(customSynopsis = "usage: bin/strainlab bench analyze [--repeats 3] [--threads 2] [--network auto|none]"
            + " [--scan ysz|sic|all]")
    static final class Options {
        @Option(names = "--repeats", paramLabel = "N", description = "runs per scan (the first run of the JVM is cold)")
        int repeats = 3;
        @Option(names = "--threads", paramLabel = "N", description = "threads for the Jacobian")
        int threads = 2;
        @Option(names = "--network", paramLabel = "W", description = "auto (a network start) or none (default)")
        String network = "none";
        @Option(names = "--scan", paramLabel = "S", description = "ysz, sic or all (default)")
        String scan = "all";
    }

    /** Runs the benchmark; returns 0. */
    public static int run(String[] args, PrintStream out) throws Exception {
        Options o = BenchArgs.parse(new Options(), args, out);
        if (o == null) {
            return 0;
        }
        boolean network = o.network.equals("auto");
        List<Path> files = new ArrayList<>();
        for (String name : o.scan.equals("all") ? List.of("ysz", "sic") : List.of(o.scan)) {
            Path project = Workspace.shared("data/measured/" + switch (name) {
                case "ysz" -> "ysz-400";
                case "sic" -> "sic-3c-400";
                default -> throw new IllegalArgumentException("--scan must be ysz, sic or all, got " + name);
            } + "/test.ini");
            if (Files.isRegularFile(project)) {
                files.add(project);
            }
        }
        if (files.isEmpty()) {
            files.add(Workspace.root().resolve("data/examples").resolve(ExampleScan.SCAN_FILE));
        }
        out.printf(Locale.ROOT, "automatic analysis, %d threads, %s, %d cores visible%n", o.threads,
                network ? "trained networks (best prediction kept)" : "no network",
                Runtime.getRuntime().availableProcessors());
        boolean cold = true;
        for (Path file : files) {
            AnalysisInput input = AnalysisInput.read(file, null, null, Double.NaN, null);
            out.printf(Locale.ROOT, "%s (%s)%n", file, input.reflection());
            DiffractionSetup setup = input.setup();
            for (int r = 0; r < o.repeats; r++) {
                NetworkChoice net = network ? NetworkChoice.select(null,
                        new NetworkChoice.Target(setup, input.reflection())) : NetworkChoice.none("bench");
                AnalysisResult a = input.analyse(setup, net, o.threads, 60, 1);
                out.printf(Locale.ROOT, "run %d (%s): σ_I %.4f, %.2f s wall, %.2f s CPU, %d evaluations, %s%n",
                        r + 1, cold ? "cold" : "warm", a.sigmaI(), a.seconds(), a.cpuSeconds(),
                        a.fit().evaluations(), a.fit().method());
                cold = false;
                for (FitResult.Stage s : a.fit().stages()) {
                    out.printf(Locale.ROOT, "    %-16s σ_I %.4f, %4d evaluations, %.2f s%n", s.name(),
                            s.sigmaI(), s.evaluations(), s.seconds());
                }
            }
        }
        return 0;
    }
}
