package strainlab.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
            + " [--scan ysz|sic|all] [--whole-command]")
    static final class Options {
        @Option(names = "--repeats", paramLabel = "N", description = "runs per scan (the first run of the JVM is cold)")
        int repeats = 3;
        @Option(names = "--threads", paramLabel = "N", description = "threads for the Jacobian")
        int threads = 2;
        @Option(names = "--network", paramLabel = "W", description = "auto (a network start) or none (default)")
        String network = "none";
        @Option(names = "--scan", paramLabel = "S", description = "ysz, sic or all (default)")
        String scan = "all";
        @Option(names = "--whole-command", description = {
            "run bin/strainlab analyze itself (shipped networks, its JVM options) --repeats times per",
            "scan in new processes: the analysis time it prints and the process's wall time, timed",
            "from outside, each with its median"})
        boolean wholeCommand;
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
        if (o.wholeCommand) {
            return wholeCommands(files, o.repeats, out);
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

    /**
     * Runs {@code bin/strainlab analyze FILE} {@code repeats} times per file, each in a new process writing to a
     * temporary folder, and prints the analysis time the command reports and the process's wall time from start to
     * exit, with the medians. Returns 1 when a run fails (its output is printed).
     */
    private static int wholeCommands(List<Path> files, int repeats, PrintStream out) throws Exception {
        Path command = Workspace.root().resolve("bin").resolve("strainlab");
        out.printf(Locale.ROOT, "bin/strainlab analyze as a whole process, %d runs per scan, %d cores visible, "
                + "load average %.2f%n", repeats, Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        for (Path file : files) {
            out.println(file);
            double[] analysis = new double[repeats];
            double[] wall = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                Path dir = Files.createTempDirectory("bench-analyze");
                try {
                    ProcessBuilder pb = new ProcessBuilder(command.toString(), "analyze", file.toString(), "--out",
                            dir.resolve("out").toString()).redirectErrorStream(true);
                    long t0 = System.nanoTime();
                    Process p = pb.start();
                    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    int status = p.waitFor();
                    wall[r] = (System.nanoTime() - t0) / 1e9;
                    Matcher m = Pattern.compile("(?m)^time\\s+analysis ([0-9.]+) s wall").matcher(text);
                    if (status != 0 || !m.find()) {
                        out.println(text);
                        out.printf(Locale.ROOT, "run %d of %s failed: exit status %d%n", r + 1, file, status);
                        return 1;
                    }
                    analysis[r] = Double.parseDouble(m.group(1));
                    out.printf(Locale.ROOT, "run %d: analysis %.2f s, whole process %.2f s%n", r + 1, analysis[r],
                            wall[r]);
                } finally {
                    try (var walk = Files.walk(dir)) {
                        walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                    }
                }
            }
            out.printf(Locale.ROOT, "median: analysis %.2f s, whole process %.2f s%n", BenchTable.median(analysis),
                    BenchTable.median(wall));
        }
        return 0;
    }
}
