package strainlab.cli;

import strainlab.crystal.StructureFactors;
import strainlab.diffraction.DynamicalDiffraction;
import strainlab.instrument.SimulatedCurve;
import strainlab.instrument.SimulationRequest;
import strainlab.instrument.XrdSimulator;
import strainlab.io.AtomicFiles;
import strainlab.plot.CurvePlots;
import strainlab.plot.Charts;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.DoubleConsumer;

/**
 * {@code bin/strainlab simulate --params request.json --out curve.csv [--plot curve.png]}: one XRD curve from
 * a JSON request (format in {@link SimulateRequestJson}). Writes nothing unless the whole request is valid
 * and the simulation succeeded; every file is written atomically. A forbidden reflection or a θ grid without the
 * substrate's Bragg peak is refused (normalising it to its maximum would invent a peak) unless a flag asks for the
 * absolute reflectivity; runs of more than {@link #PROGRESS_STEPS} recursion steps print their progress.
 */
final class SimulateCommand implements Command {
    @Override
    public String name() {
        return "simulate";
    }

    @Override
    public String summary() {
        return "simulate one XRD curve (dynamical theory + instrument) from a JSON request";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: bin/strainlab simulate --params request.json --out curve.csv [--plot curve.png]",
                "  --params FILE  JSON request (e.g. data/examples/zro2-004-request.json), parsed strictly",
                "                 (limits: at most " + SimulateRequestJson.MAX_LAMELLAE + " lamellae, "
                        + SimulateRequestJson.MAX_THETA_POINTS + " θ points, "
                        + SimulateRequestJson.MAX_WORK + " lamellae × θ points)",
                "  --out FILE     CSV: two_theta_deg, theta_deg, dq_over_q, raw_reflectivity, intensity;",
                "                 with \"rescale\" in the request also FILE-rescaled.csv: x, log10_intensity",
                "  --plot FILE    PNG of the curve (log intensity against 2θ)",
                "  --kernel K     recursion kernel: scalar (default: fastest for one curve, no JIT warm-up),",
                "                 vector or vector_float (SIMD; faster once warm, for many curves)",
                "  --allow-weak-reflection  simulate a forbidden or near-forbidden reflection (|F_H| below "
                        + WEAK_FH + "·|F_0|)",
                "  --allow-missing-peak     simulate a θ grid that does not hold the substrate's Bragg peak",
                "                 Refused without these flags; with one, intensity is absolute, never normalised",
                "                 to a peak: scale × reflectivity (resolution-averaged) + background");
    }

    /** |F_H| below this fraction of |F_0| is a forbidden or near-forbidden reflection. */
    static final double WEAK_FH = 1e-3;
    /** A sampled substrate peak reflects at least this much (a perfect crystal reflects ≈ 1 at its top). */
    static final double MIN_PEAK_REFLECTIVITY = 1e-3;
    /** Recursion steps above which progress is shown (about 2 s). */
    static final long PROGRESS_STEPS = 20_000_000L;
    /**
     * Largest request file accepted: a request is a few kB, a 100 000-point 2θ list about 2 MB; the parsed tree
     * costs about 100 B per number, so at most about 200 MB.
     */
    static final long MAX_REQUEST_BYTES = 4L << 20;

    @Override
    public int run(String[] args, PrintStream out) throws Exception {
        Path params = null;
        Path csv = null;
        Path png = null;
        boolean allowWeak = false;
        boolean allowMissingPeak = false;
        DynamicalDiffraction.Kernel kernel = DynamicalDiffraction.Kernel.SCALAR;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--allow-weak-reflection")) {
                allowWeak = true;
                continue;
            }
            if (a.equals("--allow-missing-peak")) {
                allowMissingPeak = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new UsageException("option '" + a + "' needs a value, or is unknown");
            }
            String v = args[++i];
            switch (a) {
                case "--params" -> params = Path.of(v);
                case "--out" -> csv = Path.of(v);
                case "--plot" -> png = Path.of(v);
                case "--kernel" -> kernel = kernel(v);
                default -> throw new UsageException("unknown option '" + a + "'");
            }
        }
        if (params == null) {
            throw new UsageException("--params is required");
        }
        if (csv == null) {
            throw new UsageException("--out is required");
        }
        if (Files.isDirectory(csv)) {
            throw new UsageException("--out " + csv + " is a directory; give a file name such as " + csv.resolve("curve.csv"));
        }
        if (png != null && Files.isDirectory(png)) {
            throw new UsageException("--plot " + png + " is a directory; give a file name such as " + png.resolve("curve.png"));
        }
        SimulateRequestJson.Parsed parsed = SimulateRequestJson.parseNamed(readRequest(params), params.toString());
        SimulationRequest request = parsed.request();
        String weak = weakReflection(parsed);
        if (weak != null && !allowWeak) {
            throw new RequestFormatException(params + ": " + weak + "; it has no Bragg peak to normalise to. Pass "
                    + "--allow-weak-reflection to compute its absolute reflectivity");
        }
        String outside = peakOutsideGrid(request);
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
        DoubleConsumer progress = steps < PROGRESS_STEPS ? null : progress(out, steps);
        long t0 = System.nanoTime();
        SimulatedCurve curve = XrdSimulator.simulate(request, kernel, absolute, progress);
        double ms = (System.nanoTime() - t0) / 1e6;
        double peak = max(curve.rawReflectivity());
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
        Path rescaledCsv = curve.rescaledLog10() == null ? null : rescaledPath(csv);
        try (AtomicFiles.Group files = new AtomicFiles.Group()) {
            files.writeText(csv, w -> {
                w.write("two_theta_deg,theta_deg,dq_over_q,raw_reflectivity,intensity\n");
                double[] thetaDeg = curve.thetaDeg();
                for (int i = 0; i < curve.size(); i++) {
                    w.write(curve.twoThetaDeg()[i] + "," + thetaDeg[i] + "," + curve.dqOverQ()[i] + ","
                            + curve.rawReflectivity()[i] + "," + curve.intensity()[i] + "\n");
                }
            });
            if (rescaledCsv != null) {
                double[] x = curve.rescaleGrid().x();
                files.writeText(rescaledCsv, w -> {
                    w.write("x,log10_intensity\n");
                    for (int i = 0; i < x.length; i++) {
                        w.write(x[i] + "," + curve.rescaledLog10()[i] + "\n");
                    }
                });
            }
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

    /** The request file's text, with messages naming the file for a folder, a binary or an oversized file. */
    static String readRequest(Path params) throws IOException {
        if (Files.isDirectory(params)) {
            throw new RequestFormatException(params + " is a directory, not a request file");
        }
        if (!Files.isRegularFile(params)) {
            throw new RequestFormatException(params + ": no such file");
        }
        byte[] bytes;
        try {
            if (Files.size(params) > MAX_REQUEST_BYTES) {
                throw new RequestFormatException(params + ": " + Files.size(params) + " bytes is too large for a "
                        + "request (at most " + MAX_REQUEST_BYTES + ")");
            }
            bytes = Files.readAllBytes(params);
        } catch (IOException e) {
            throw new IOException(params + ": cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new RequestFormatException(params + ": not a text file (bytes that are not UTF-8); a request is "
                    + "JSON text such as data/examples/zro2-004-request.json", e);
        }
    }

    /** Why the reflection is too weak to simulate normalised, or null. */
    static String weakReflection(SimulateRequestJson.Parsed p) {
        StructureFactors f = p.request().setup().structureFactors();
        double fh = Math.sqrt(Math.hypot(f.fhRe(), f.fhIm()) * Math.hypot(f.fmhRe(), f.fmhIm()));
        double f0 = Math.hypot(f.f0Re(), f.f0Im());
        if (fh >= WEAK_FH * f0) {
            return null;
        }
        return String.format(Locale.ROOT, "%s is forbidden or nearly so: |F_H| = %.3g is below %.0e·|F_0| = %.3g",
                p.reflection(), fh, WEAK_FH, WEAK_FH * f0);
    }

    /** Why the θ grid cannot hold the substrate's Bragg peak, or null. */
    static String peakOutsideGrid(SimulationRequest r) {
        double[] t = r.thetaRad();
        double tb = r.setup().braggAngleRad();
        if (tb >= t[0] && tb <= t[t.length - 1]) {
            return null;
        }
        return String.format(Locale.ROOT, "the grid θ = %.4f°..%.4f° does not hold the Bragg angle θB = %.4f° "
                + "(2θ = %.4f°)", Math.toDegrees(t[0]), Math.toDegrees(t[t.length - 1]), Math.toDegrees(tb),
                2 * Math.toDegrees(tb));
    }

    private static DoubleConsumer progress(PrintStream out, long steps) {
        out.printf(Locale.ROOT, "simulating %d recursion steps (lamellae × θ points; about %.0f s)%n", steps,
                steps * SimulateRequestJson.SECONDS_PER_STEP);
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

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static DynamicalDiffraction.Kernel kernel(String v) throws UsageException {
        try {
            return DynamicalDiffraction.Kernel.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--kernel: expected scalar, vector or vector_float, got '" + v + "'");
        }
    }

    /** {@code curve.csv} → {@code curve-rescaled.csv}. */
    static Path rescaledPath(Path csv) {
        String name = csv.getFileName().toString();
        String stem = name.endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
        return csv.resolveSibling(stem + "-rescaled.csv");
    }
}
