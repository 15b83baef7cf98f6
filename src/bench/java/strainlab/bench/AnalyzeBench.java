package strainlab.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import strainlab.Workspace;
import strainlab.analysis.Analysis;
import strainlab.analysis.AnalysisResult;
import strainlab.analysis.NetworkChoice;
import strainlab.crystal.Materials;
import strainlab.fit.ExampleScan;
import strainlab.io.MeasuredScan;
import strainlab.io.TextScanReader;

/**
 * {@code bin/strainlab bench analyze}: wall and CPU time of the automatic analysis of the measured YSZ 400 scan
 * (or of the embedded example when {@code ../shared} is absent), cold (first run in the JVM) and warm (later
 * runs), with σ_I. The CPU time is the whole process's (all threads), the fair measure on a shared machine.
 */
public final class AnalyzeBench {
    private AnalyzeBench() {
    }

    /** Options of the target. */
    @Command(customSynopsis = "usage: bin/strainlab bench analyze [--repeats 3] [--threads 2] [--network auto|none]")
    static final class Options {
        @Option(names = "--repeats", paramLabel = "N", description = "warm runs after the cold one")
        int repeats = 3;
        @Option(names = "--threads", paramLabel = "N", description = "threads for the Jacobian")
        int threads = 2;
        @Option(names = "--network", paramLabel = "W", description = "auto (a network start) or none (default)")
        String network = "none";
    }

    /** Runs the benchmark; returns 0. */
    public static int run(String[] args, PrintStream out) throws Exception {
        Options o = BenchArgs.parse(new Options(), args, out);
        if (o == null) {
            return 0;
        }
        int repeats = o.repeats;
        int threads = o.threads;
        boolean network = o.network.equals("auto");
        Path ysz = Workspace.shared("data/measured/ysz-400/YSZ-XRD.txt");
        Path scanFile = Files.isRegularFile(ysz) ? ysz : Workspace.root().resolve("data/examples").resolve(
                ExampleScan.SCAN_FILE);
        MeasuredScan scan = TextScanReader.read(scanFile).withWavelength(1.5406);
        out.printf(Locale.ROOT, "automatic analysis of %s (YSZ 400), %d threads, %s, %d cores visible%n",
                scan.source(), threads, network ? "trained networks (best prediction kept)" : "no network",
                Runtime.getRuntime().availableProcessors());
        for (int r = 0; r < repeats; r++) {
            try (NetworkChoice net = network ? NetworkChoice.select(null) : NetworkChoice.none("bench")) {
                AnalysisResult a = Analysis.of(scan, Materials.byName("ysz").setup(4, 0, 0, 1.5406))
                        .networks(net).threads(threads).run();
                out.printf(Locale.ROOT, "run %d (%s): σ_I %.4f, %.2f s wall, %.2f s CPU, %d evaluations, %s%n", r + 1,
                        r == 0 ? "cold" : "warm", a.sigmaI(), a.seconds(), a.cpuSeconds(), a.fit().evaluations(),
                        a.fit().method());
            }
        }
        return 0;
    }
}
