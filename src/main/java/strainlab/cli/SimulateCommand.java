package strainlab.cli;

import strainlab.diffraction.DynamicalDiffraction;
import strainlab.instrument.SimulatedCurve;
import strainlab.instrument.SimulationRequest;
import strainlab.instrument.XrdSimulator;
import strainlab.io.AtomicFiles;
import strainlab.plot.CurvePlots;
import strainlab.plot.Charts;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code bin/strainlab simulate --params request.json --out curve.csv [--plot curve.png]}: one XRD curve from
 * a JSON request (format in {@link SimulateRequestJson}). Writes nothing unless the whole request is valid
 * and the simulation succeeded; every file is written atomically.
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
                "  --params FILE  JSON request (e.g. data/examples/zro2-004-request.json)",
                "  --out FILE     CSV: two_theta_deg, theta_deg, dq_over_q, raw_reflectivity, intensity;",
                "                 with \"rescale\" in the request also FILE-rescaled.csv: x, log10_intensity",
                "  --plot FILE    PNG of the curve (log intensity against 2θ)",
                "  --kernel K     recursion kernel: scalar (default: fastest for one curve, no JIT warm-up),",
                "                 vector or vector_float (SIMD; faster once warm, for many curves)");
    }

    @Override
    public int run(String[] args, PrintStream out) throws Exception {
        Path params = null;
        Path csv = null;
        Path png = null;
        DynamicalDiffraction.Kernel kernel = DynamicalDiffraction.Kernel.SCALAR;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
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
        if (!Files.isRegularFile(params)) {
            throw new IllegalArgumentException(params + ": no such file");
        }
        SimulationRequest request = SimulateRequestJson.parse(Files.readString(params), params.toString());
        long t0 = System.nanoTime();
        SimulatedCurve curve = XrdSimulator.simulate(request, kernel);
        double ms = (System.nanoTime() - t0) / 1e6;
        Path rescaledCsv = curve.rescaledLog10() == null ? null : rescaledPath(csv);
        AtomicFiles.writeText(csv, w -> {
            w.write("two_theta_deg,theta_deg,dq_over_q,raw_reflectivity,intensity\n");
            double[] thetaDeg = curve.thetaDeg();
            for (int i = 0; i < curve.size(); i++) {
                w.write(curve.twoThetaDeg()[i] + "," + thetaDeg[i] + "," + curve.dqOverQ()[i] + ","
                        + curve.rawReflectivity()[i] + "," + curve.intensity()[i] + "\n");
            }
        });
        if (rescaledCsv != null) {
            double[] x = curve.rescaleGrid().x();
            AtomicFiles.writeText(rescaledCsv, w -> {
                w.write("x,log10_intensity\n");
                for (int i = 0; i < x.length; i++) {
                    w.write(x[i] + "," + curve.rescaledLog10()[i] + "\n");
                }
            });
        }
        if (png != null) {
            Charts.savePng(CurvePlots.intensity(curve, params.getFileName().toString()), png);
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
