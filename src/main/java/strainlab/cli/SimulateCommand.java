package strainlab.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoubleConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import strainlab.diffraction.DynamicalDiffraction;
import strainlab.instrument.SimulatedCurve;
import strainlab.instrument.SimulationRequest;
import strainlab.instrument.XrdSimulator;
import strainlab.io.AtomicFiles;
import strainlab.io.RequestFormatException;
import strainlab.io.SimulatedCurveCsv;
import strainlab.io.SimulationRequestJson;
import strainlab.plot.Charts;
import strainlab.plot.CurvePlots;

/**
 * {@code bin/strainlab simulate --params request.json --out curve.csv [--plot curve.png]}: one XRD curve from
 * a JSON request ({@link SimulationRequestJson}). Writes nothing unless the whole request is valid and the
 * simulation succeeded; every file is written atomically. A forbidden reflection or a θ grid without the
 * substrate's Bragg peak is refused (normalising it to its maximum would invent a peak) unless a flag asks for the
 * absolute reflectivity; runs of more than {@link #PROGRESS_STEPS} recursion steps print their progress.
 */
@Command(name = "simulate", header = "simulate one XRD curve (dynamical theory + instrument) from a JSON request",
        customSynopsis = "usage: bin/strainlab simulate --params request.json --out curve.csv [--plot curve.png]",
        footer = {"With --allow-weak-reflection or --allow-missing-peak the intensity is absolute, never normalised",
            "to a peak: scale × reflectivity (resolution-averaged) + background."})
final class SimulateCommand extends Picocli {
    /** A sampled substrate peak reflects at least this much (a perfect crystal reflects ≈ 1 at its top). */
    static final double MIN_PEAK_REFLECTIVITY = 1e-3;
    /** Recursion steps above which progress is shown (about 2 s). */
    static final long PROGRESS_STEPS = 20_000_000L;
    @Option(names = "--params", paramLabel = "FILE", required = true, description = {
        "JSON request (e.g. data/examples/zro2-004-request.json), parsed strictly",
        "(limits: at most " + SimulationRequestJson.MAX_LAMELLAE + " lamellae, "
                + SimulationRequestJson.MAX_THETA_POINTS + " θ points, "
                + SimulationRequestJson.MAX_WORK + " lamellae × θ points)"})
    private Path params;
    @Option(names = "--out", paramLabel = "FILE", required = true, description = {
        "CSV: two_theta_deg, theta_deg, dq_over_q, raw_reflectivity, intensity;",
        "with \"rescale\" in the request also FILE-rescaled.csv: x, log10_intensity"})
    private Path csv;
    @Option(names = "--plot", paramLabel = "FILE", description = "PNG of the curve (log intensity against 2θ)")
    private Path png;
    @Option(names = "--kernel", paramLabel = "K", description = {
        "recursion kernel: scalar (default: fastest for one curve, no JIT warm-up),",
        "vector or vector_float (SIMD; faster once warm, for many curves)"})
    private String kernel = "scalar";
    @Option(names = "--allow-weak-reflection", description = {"simulate a forbidden or near-forbidden reflection",
        "(|F_H| below " + SimulationRequestJson.WEAK_FH + "·|F_0|); refused without it"})
    private boolean allowWeak;
    @Option(names = "--allow-missing-peak",
            description = "simulate a θ grid that does not hold the substrate's Bragg peak; refused without it")
    private boolean allowMissingPeak;

    @Override
    protected int call(PrintStream out) throws Exception {
        DynamicalDiffraction.Kernel k;
        try {
            k = DynamicalDiffraction.Kernel.valueOf(kernel.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--kernel: expected scalar, vector or vector_float, got '" + kernel + "'");
        }
        for (Path p : new Path[] {csv, png}) {
            if (p != null && Files.isDirectory(p)) {
                throw new UsageException((p == csv ? "--out " : "--plot ") + p + " is a directory; give a file name "
                        + "such as " + p.resolve(p == csv ? "curve.csv" : "curve.png"));
            }
        }
        SimulationRequestJson.Parsed parsed = SimulationRequestJson.read(params);
        SimulationRequest request = parsed.request();
        String weak = parsed.weakReflection();
        if (weak != null && !allowWeak) {
            throw new RequestFormatException(params + ": " + weak + "; it has no Bragg peak to normalise to. Pass "
                    + "--allow-weak-reflection to compute its absolute reflectivity");
        }
        String outside = parsed.peakOutsideGrid();
        if (outside != null && !allowMissingPeak && weak == null) {
            throw new RequestFormatException(params + ": theta: " + outside + "; normalising such a curve to its "
                    + "maximum would invent a peak. Widen the grid, or pass --allow-missing-peak for the absolute "
                    + "reflectivity");
        }
        boolean absolute = allowWeak || allowMissingPeak;
        if (absolute && request.rescale() != null) {
            throw new RequestFormatException(params + ": rescale: a curve in absolute reflectivity cannot be "
                    + "rescaled onto a network grid (network inputs are normalised to their peak); remove \"rescale\"");
        }
        long steps = (long) request.profiles().lamellae() * request.thetaRad().length;
        long t0 = System.nanoTime();
        SimulatedCurve curve = XrdSimulator.simulate(request, k, absolute,
                steps < PROGRESS_STEPS ? null : progress(out, steps));
        double ms = (System.nanoTime() - t0) / 1e6;
        double peak = Arrays.stream(curve.rawReflectivity()).max().orElse(Double.NEGATIVE_INFINITY);
        if (!absolute && !(peak >= MIN_PEAK_REFLECTIVITY)) {
            throw new RequestFormatException(params + ": theta: the grid does not sample the Bragg peak: the highest "
                    + "raw reflectivity is " + String.format(Locale.ROOT, "%.3g", peak) + " (a perfect substrate "
                    + "reflects ≈ 1 at its peak; is the step coarser than the peak?). Refine the grid, or pass "
                    + "--allow-missing-peak for the absolute reflectivity");
        }
        if (absolute) {
            out.printf(Locale.ROOT, "warning: %s; intensity is absolute (scale × reflectivity + background), "
                    + "highest raw reflectivity %.3g%n", weak != null ? weak
                    : outside != null ? outside : (allowWeak ? "--allow-weak-reflection" : "--allow-missing-peak")
                    + " given", peak);
        }
        Path rescaledCsv;
        try (AtomicFiles.Group files = new AtomicFiles.Group()) {
            rescaledCsv = SimulatedCurveCsv.write(files, csv, curve);
            if (png != null) {
                String title = params.getFileName().toString();
                files.writeWith(png, temp -> Charts.savePng(CurvePlots.intensity(curve, title), temp));
            }
            files.commit();
        }
        out.printf(Locale.ROOT, "simulated %d points, %d lamellae, in %.1f ms -> %s%n", curve.size(),
                request.profiles().lamellae(), ms, csv);
        if (rescaledCsv != null) {
            out.println("rescaled onto " + curve.rescaleGrid().points() + " points -> " + rescaledCsv);
        }
        if (png != null) {
            out.println("plot -> " + png);
        }
        return 0;
    }

    private static DoubleConsumer progress(PrintStream out, long steps) {
        out.printf(Locale.ROOT, "simulating %d recursion steps (lamellae × θ points; about %.0f s)%n", steps,
                steps * SimulationRequestJson.SECONDS_PER_STEP);
        long t0 = System.nanoTime();
        int[] shown = {0};
        return f -> {
            int pct = (int) Math.floor(f * 100);
            if (pct >= shown[0] + 10 || f >= 1) {
                shown[0] = pct;
                out.printf(Locale.ROOT, "  %3d %% (%.1f s)%n", pct, (System.nanoTime() - t0) / 1e9);
            }
        };
    }
}
