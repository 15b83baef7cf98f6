package strainlab.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import strainlab.analysis.AnalysisInput;
import strainlab.analysis.AnalysisResult;
import strainlab.analysis.NetworkChoice;
import strainlab.analysis.ScanPlausibility;
import strainlab.crystal.DiffractionSetup;
import strainlab.crystal.Hkl;
import strainlab.io.MeasuredScan;
import strainlab.io.ScanAxis;
import strainlab.plot.FitPlots;

/** {@code bin/strainlab analyze SCAN}: network prediction (when available), refinement, report. */
@Command(name = "analyze",
        header = "strain and DW profiles of a measured scan: CNN start (or automatic), least squares, report",
        customSynopsis = "usage: bin/strainlab analyze SCAN [options]",
        footer = {"Writes report.json (sigmaI, trusted, warnings, seconds, model, parameters, uncertainties, ...),",
            "curves.csv, profiles.csv (depth from the surface) and report.png (or .svg, .pdf), all or nothing:",
            "they are written into a hidden sibling folder and renamed into --out at the end. A file",
            "<scan name>.truth.json beside a simulated scan adds the true profile to the report.",
            "The scan must be able to hold the answer, else nothing is computed (exit status 4):",
            "  the reflection is allowed (|F_H| ≥ 0.001·|F_0|); at least 100 points; a peak (highest ≥ 10×",
            "  lowest intensity, falling to half on both sides); the Bragg angle 2θB of the material,",
            "  hkl and λ inside the scan with ≥ 0.1° 2θ above it and the highest point within 0.2° 2θ of it;",
            "  below 2θB at least 50 points and 2 thickness fringes of a 50 nm layer, 2λ/(50 nm·cos θB)",
            "  (0.441° 2θ for YSZ 400 at 1.5406 Å), the thinnest layer the shipped networks cover.",
            "Exit status: 0 result written and trusted; 3 result written but not to be trusted, with a",
            "\"warning\" line for each reason (a parameter at a bound, e.g. \"at bound: scale_dw\", except the",
            "floors that are answers: no disorder, no background, a strain weight at −0.5·e_max; the profile",
            "outside the networks' trained range; σ_I above 0.3, a fit that does not describe the scan; the",
            "refinement stopped by --time-limit), also listed in",
            "report.json's \"warnings\"; 4 scan refused (implausible for the reflection, nothing written);",
            "2 usage error; 1 other error (unreadable scan, failed write: nothing written)."})
final class AnalyzeCommand extends Picocli {
    /** Exit status: the result is written and nothing argues against it. */
    static final int EXIT_TRUSTED = 0;
    /** Exit status: the result is written, with warnings saying why it should not be trusted. */
    static final int EXIT_UNTRUSTED = 3;
    /** Exit status: the scan cannot hold the answer for this reflection; nothing computed or written. */
    static final int EXIT_REFUSED = 4;
    @Parameters(index = "0", arity = "0..1", paramLabel = "SCAN", description = {
        "two-column text (2θ or θ or Q, intensity), PANalytical .xrdml,",
        "or a RaDMaX project .ini (its scan, wavelength, hkl and crystal are used)"})
    private String scanArg;
    @Option(names = "--model", paramLabel = "DIR", description = {
        "trained network folder, or ensemble folder (train --members: the",
        "members' mean is the start, their spread is reported) (default:",
        "every usable network of the installation's data/models/, the best",
        "fit kept; without any, an automatic multi-start search)"})
    private String modelArg;
    @Option(names = "--models", paramLabel = "DIR", description = "take the networks from this folder instead of "
            + "data/models/")
    private String modelsArg;
    @Option(names = "--noise-family", paramLabel = "F", description = {
        "networks trained on honest (default), published (the authors'",
        "I + Poisson(I)) or all noise; those of the honest family fit the",
        "measured 3C-SiC scan better and the YSZ scan as well"})
    private String noiseFamily = NetworkChoice.DEFAULT_NOISE_FAMILY;
    @Option(names = "--no-model", description = "ignore trained networks: automatic start")
    private boolean noModel;
    @Option(names = "--material", paramLabel = "NAME", description = "crystal (default ysz, or the project's "
            + "crystal_name)")
    private String material;
    @Option(names = "--hkl", paramLabel = "H,K,L",
            description = "reflection (default 4,0,0)")
    private Hkl hkl;
    @Option(names = "--wavelength", paramLabel = "A", converter = PositiveNumber.class,
            description = "X-ray wavelength in Å (default: the file's, else 1.5406)")
    private double wavelength = Double.NaN;
    @Option(names = "--axis", paramLabel = "U",
            description = "abscissa of a text scan: 2theta (default), theta, q, q_nm")
    private ScanAxis axis;
    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: <scan name>-analysis)")
    private Path outDir;
    @Option(names = "--time-limit", paramLabel = "S", converter = PositiveNumber.class, description = {
        "safety limit on the refinement wall time in s (default 60; the stages",
        "have fixed evaluation budgets, so results do not depend on it unless",
        "it is reached, which flags the result: exit status 3)"})
    private double timeLimit = 60;
    @Option(names = "--threads", paramLabel = "N", converter = PositiveNumber.class,
            description = "threads for the Jacobian (default 2)")
    private double threads = 2;
    @Option(names = "--seed", paramLabel = "S", description = "seed of the global search (default 1)")
    private long seed = 1;
    @Mixin
    private FigureOptions figures;

    /**
     * Seconds since this JVM process started (the operating system's start time, so the JVM's own start-up is
     * included); {@code sinceCall} when the system does not tell the start time.
     */
    private static double secondsSinceProcessStart(double sinceCall) {
        return ProcessHandle.current().info().startInstant()
                .map(start -> Duration.between(start, Instant.now()).toNanos() / 1e9)
                .filter(s -> s >= sinceCall)
                .orElse(sinceCall);
    }

    @Override
    protected int call(PrintStream out) throws Exception {
        var figureOutput = figures.output();
        if (!NetworkChoice.NOISE_FAMILIES.contains(noiseFamily)) {
            throw new UsageException("--noise-family must be honest, published or all, got '" + noiseFamily + "'");
        }
        if (scanArg == null) {
            throw new UsageException("missing SCAN");
        }
        if ((noModel ? 1 : 0) + (modelArg != null ? 1 : 0) + (modelsArg != null ? 1 : 0) > 1) {
            throw new UsageException("--model, --models and --no-model exclude each other");
        }
        long t0 = System.nanoTime();
        AnalysisInput input = AnalysisInput.read(Path.of(scanArg), material(material),
                hkl == null ? null : new int[]{hkl.h(), hkl.k(), hkl.l()}, wavelength, axis);
        MeasuredScan scan = input.scan();
        DiffractionSetup setup;
        try {
            setup = input.setup();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        outDir = outDir == null ? Path.of(input.stem() + "-analysis") : outDir;
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new UsageException("--out " + outDir + " exists and is not a folder");
        }
        input.summaryLines(setup).forEach(out::println);
        try {
            ScanPlausibility.check(scan, setup, input.reflection());
        } catch (ScanPlausibility.ImplausibleScanException e) {
            e.problems().forEach(p -> out.println("refused   " + scan.source() + ": " + p));
            out.println("refused   nothing computed or written (exit status " + EXIT_REFUSED + "); see"
                    + " bin/strainlab analyze --help for the rule");
            return EXIT_REFUSED;
        }
        input.warmUpInBackground(setup);
        double[] truth = input.truth(setup);
        NetworkChoice.fewCurveInference();
        NetworkChoice.Target target = new NetworkChoice.Target(setup, input.reflection());
        NetworkChoice choice = noModel ? NetworkChoice.none("--no-model")
                : modelsArg != null ? NetworkChoice.scan(Path.of(modelsArg), true, noiseFamily, target)
                : modelArg != null ? NetworkChoice.select(Path.of(modelArg), target)
                : NetworkChoice.scan(NetworkChoice.shippedFolder(), false, noiseFamily, target);
        choice.reportLines(!noModel).forEach(out::println);
        AnalysisResult r = input.analyse(setup, choice, (int) threads, timeLimit, seed);
        truth = input.truthIn(r.model(), setup, truth);
        List<String> report = FitPlots.writeReport(r, truth, outDir, figureOutput);
        r.summaryLines(truth, secondsSinceProcessStart((System.nanoTime() - t0) / 1e9)).forEach(out::println);
        out.println("wrote     " + outDir.resolve("report.json") + ", curves.csv, profiles.csv, "
                + String.join(", ", report));
        r.warnings().forEach(w -> out.println("warning   " + w));
        if (!r.trusted()) {
            out.println("untrusted the result above should not be trusted (exit status " + EXIT_UNTRUSTED + "): "
                    + r.warnings().size() + " warning" + (r.warnings().size() == 1 ? "" : "s")
                    + ", also in report.json");
            return EXIT_UNTRUSTED;
        }
        return EXIT_TRUSTED;
    }
}
