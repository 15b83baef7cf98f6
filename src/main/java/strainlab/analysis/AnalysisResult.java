package strainlab.analysis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import strainlab.fit.CurveModel;
import strainlab.fit.MeasuredCurve;
import strainlab.io.MeasuredScan;
import strainlab.io.ResultFiles;
import strainlab.lsq.FitResult;
import strainlab.profile.DepthProfiles;

/**
 * Everything an {@link Analysis} produced: the data, the model, the start (network prediction or automatic),
 * the refined fit, σ_I of each stage and the timings; writes the report files.
 *
 * @param scan the measured scan as read
 * @param data the scan as fitted (θ, log10 I/max)
 * @param model the forward model
 * @param startMethod how the start was obtained ({@code cnn: …} or {@code automatic multi-start …})
 * @param networkName the network folder used, or "" when none
 * @param cnnParameters the parameters predicted by the network (null when none)
 * @param cnnCurve the curve recomputed from the prediction, log10 (null when none)
 * @param cnnSigmaI σ_I of the network's curve (NaN when none)
 * @param cnnSeconds wall time of mapping + prediction (NaN when none)
 * @param cnnMappings how the scan was mapped onto the network's grid (both grid parities; null when none)
 * @param cnnEnsemble the spread of the members when the start came from an ensemble of networks, else null
 * @param autoStart what was read off the curve
 * @param fit the refined fit
 * @param seconds wall time of the whole analysis
 * @param cpuSeconds CPU time of the JVM process during the analysis (all threads; on a shared machine the
 *                   wall time overstates the cost, CPU time / threads is what an idle machine would take)
 * @param warnings why the result should not be trusted (parameters at a bound, outside the networks' trained
 *                 range, stopped by the time limit); empty when none
 */
public record AnalysisResult(MeasuredScan scan, MeasuredCurve data, CurveModel model, String startMethod,
                             String networkName, double[] cnnParameters, double[] cnnCurve, double cnnSigmaI,
                             double cnnSeconds, List<CnnStart.Mapping> cnnMappings, EnsembleSpread cnnEnsemble,
                             AutoStart autoStart, FitResult fit,
                             double seconds, double cpuSeconds, List<String> warnings) {
    public AnalysisResult {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** Whether nothing argues against the result ({@link #warnings} empty). */
    public boolean trusted() {
        return warnings.isEmpty();
    }

    /** σ_I of the refined fit. */
    public double sigmaI() {
        return fit.sigmaI();
    }

    /** Profiles of the refined fit. */
    public DepthProfiles profiles() {
        return model.profiles(fit.values());
    }

    /** Profiles of the network's prediction (null when none). */
    public DepthProfiles cnnProfiles() {
        return cnnParameters == null ? null : model.profiles(cnnParameters);
    }

    /**
     * The ensemble's strain and DW bands from the deepest member's interface up to the surface ({@value #BAND_DEPTHS}
     * depths, deepest first, as a profile's nodes), null without an ensemble: what {@code report.json} and the
     * figure show.
     */
    public EnsembleSpread.Bands cnnBands() {
        if (cnnEnsemble == null) {
            return null;
        }
        double deepestA = 0;
        for (DepthProfiles m : cnnEnsemble.memberProfiles()) {
            deepestA = Math.max(deepestA, m.thicknessA());
        }
        double[] depthA = new double[BAND_DEPTHS];
        for (int i = 0; i < BAND_DEPTHS; i++) {
            depthA[i] = deepestA * (BAND_DEPTHS - 1 - i) / (BAND_DEPTHS - 1);
        }
        return cnnEnsemble.bands(depthA);
    }

    /** Depths at which {@link #cnnBands()} samples the members' profiles. */
    static final int BAND_DEPTHS = 201;

    /** The refined model curve, log10. */
    public double[] fitCurve() {
        return fit.model();
    }

    /**
     * The content of {@code report.json}: {@code sigmaI}, {@code seconds}, {@code model}, {@code parameters},
     * {@code uncertainties}, and the details (scan, start, network stage, fit stages, optional truth).
     *
     * @param truth true parameters of a simulated scan (null for measured data)
     */
    public Map<String, Object> report(double[] truth) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("sigmaI", fit.sigmaI());
        r.put("trusted", trusted());
        r.put("warnings", warnings);
        r.put("meanSquareLog10", fit.meanSquare());
        r.put("seconds", seconds);
        r.put("cpuSeconds", cpuSeconds);
        r.put("model", networkName.isEmpty() ? "none: " + startMethod : networkName);
        r.put("parameters", toMap(fit.values()));
        r.put("uncertainties", fit.uncertaintyMap());
        Map<String, Object> sc = new LinkedHashMap<>();
        sc.put("source", scan.source());
        sc.put("points", scan.size());
        sc.put("axis", scan.axis().label());
        sc.put("range", new double[]{scan.axisValues()[0], scan.axisValues()[scan.size() - 1]});
        r.put("scan", sc);
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("wavelengthA", model.setup().wavelengthA());
        setup.put("dSpacingA", model.setup().dSpacingA());
        setup.put("braggAngleDeg", Math.toDegrees(model.setup().braggAngleRad()));
        setup.put("lamellae", model.lamellae());
        setup.put("strainWeights", model.strainWeightCount());
        setup.put("dw", model.dwMode().name().toLowerCase(java.util.Locale.ROOT));
        setup.put("splineConvention", model.convention().name().toLowerCase(java.util.Locale.ROOT));
        r.put("setup", setup);
        r.put("start", startMethod);
        if (cnnParameters != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("sigmaI", cnnSigmaI);
            c.put("seconds", cnnSeconds);
            c.put("parameters", toMap(cnnParameters));
            if (cnnMappings != null && !cnnMappings.isEmpty()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("peakTwoThetaDeg", 2 * Math.toDegrees(cnnMappings.get(0).peak().thetaRad()));
                m.put("peakFwhmThetaDeg", Math.toDegrees(cnnMappings.get(0).peak().fwhmThetaRad()));
                List<Map<String, Object>> renderings = new java.util.ArrayList<>();
                for (CnnStart.Mapping g : cnnMappings) {
                    Map<String, Object> x = new LinkedHashMap<>();
                    x.put("generatorGridCount", g.evenCount() ? "even" : "odd");
                    x.put("generatorPeakOffsetThetaDeg", Math.toDegrees(g.generator().offsetRad()));
                    x.put("generatorPeakWeight", g.generator().weight());
                    renderings.add(x);
                }
                m.put("renderings", renderings);
                c.put("mapping", m);
            }
            r.put("cnn", c);
        }
        if (cnnEnsemble != null) {
            r.put("cnnEnsemble", ensembleReport());
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("method", fit.method());
        f.put("evaluations", fit.evaluations());
        f.put("seconds", fit.seconds());
        f.put("stages", fit.stages());
        r.put("fit", f);
        DepthProfiles p = profiles();
        r.put("maxStrainPercent", 100 * p.maxStrain());
        r.put("thicknessNm", p.thicknessNm());
        if (truth != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("parameters", toMap(truth));
            t.put("sigmaEOverEmax", strainErrorOverMax(truth));
            t.put("sigmaIOfTruth", data.sigmaI(model.evaluate(truth)));
            r.put("truth", t);
        }
        return r;
    }

    /**
     * The {@code cnnEnsemble} object of {@code report.json}: the members, each label's mean and standard deviation
     * over them (with its unit), and the bands on the refined profiles' depth grid, from the surface down: depth
     * (nm), the members' mean strain and its standard deviation (%), their mean DW and its standard deviation.
     */
    private Map<String, Object> ensembleReport() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("members", cnnEnsemble.members());
        e.put("memberFolders", cnnEnsemble.memberNames());
        e.put("spread", "sample standard deviation over the members (n − 1)");
        Map<String, Object> labels = new LinkedHashMap<>();
        double[] mean = cnnEnsemble.labelMean();
        double[] sd = cnnEnsemble.labelSd();
        for (int j = 0; j < mean.length; j++) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("unit", cnnEnsemble.labelUnits().get(j));
            l.put("mean", mean[j]);
            l.put("sd", sd[j]);
            labels.put(cnnEnsemble.labelNames().get(j), l);
        }
        e.put("labels", labels);
        EnsembleSpread.Bands b = cnnBands();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("depthNm", surfaceFirst(b.depthFromSurfaceA(), 0.1));
        p.put("strainMeanPercent", surfaceFirst(b.strainMean(), 100));
        p.put("strainSdPercent", surfaceFirst(b.strainSd(), 100));
        p.put("dwMean", surfaceFirst(b.dwMean(), 1));
        p.put("dwSd", surfaceFirst(b.dwSd(), 1));
        e.put("profiles", p);
        return e;
    }

    /** Node values (interface first) in surface-first order, times {@code factor}. */
    private static double[] surfaceFirst(double[] v, double factor) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = factor * v[v.length - 1 - i];
        }
        return out;
    }

    /**
     * rms of the fitted minus the true strain over depth from the surface (true profile's nodes; the fitted
     * profile is interpolated linearly at the same depths, zero below its thickness), divided by the true maximum.
     */
    public double strainErrorOverMax(double[] truth) {
        DepthProfiles t = model.profiles(truth);
        DepthProfiles f = profiles();
        double[] dt = t.depthFromSurfaceA();
        double[] et = t.strain();
        double s = 0;
        for (int j = 0; j < dt.length; j++) {
            double d = strainAtDepth(f, dt[j]) - et[j];
            s += d * d;
        }
        return Math.sqrt(s / dt.length) / t.maxStrain();
    }

    /**
     * The summary that {@code analyze} prints once the report is written: a network skipped, the network's σ_I,
     * the fit, the profile, σe/e_max against {@code truth} (null: none) and the timings ({@code commandSeconds}: the
     * whole command since its process started, s).
     */
    public List<String> summaryLines(double[] truth, double commandSeconds) {
        List<String> lines = new ArrayList<>();
        int skipped = startMethod.indexOf("; skipped ");
        if (skipped >= 0) {
            lines.add("network   " + startMethod.substring(skipped + 2));
        }
        if (!Double.isNaN(cnnSigmaI)) {
            lines.add(String.format(Locale.ROOT, "CNN       σ_I %.4f (%.3f s)", cnnSigmaI, cnnSeconds));
        }
        if (cnnEnsemble != null) {
            EnsembleSpread.Bands b = cnnBands();
            int t = cnnEnsemble.labelNames().indexOf("t_nm");
            lines.add(String.format(Locale.ROOT, "ensemble  %d members, spread (1σ): %sstrain up to %.3f %%, DW up to "
                    + "%.3f", cnnEnsemble.members(), t < 0 ? "" : String.format(Locale.ROOT, "thickness %.1f nm, ",
                    cnnEnsemble.labelSd()[t]), 100 * b.maxStrainSd(), b.maxDwSd()));
        }
        lines.add(String.format(Locale.ROOT, "fit       σ_I %.4f, %s, %d evaluations", sigmaI(), fit.method(),
                fit.evaluations()));
        DepthProfiles p = profiles();
        lines.add(String.format(Locale.ROOT, "profile   max strain %.3f %%, thickness %.1f nm", 100 * p.maxStrain(),
                p.thicknessNm()));
        if (truth != null) {
            lines.add(String.format(Locale.ROOT, "truth     σe/emax %.4f", strainErrorOverMax(truth)));
        }
        lines.add(String.format(Locale.ROOT, "time      analysis %.2f s wall, %.2f s CPU (whole command %.2f s)",
                seconds, cpuSeconds, commandSeconds));
        return lines;
    }

    /** Strain of a profile at a depth below the surface (Å), linear between nodes, 0 below the layer. */
    public static double strainAtDepth(DepthProfiles p, double depthA) {
        return atDepth(p, depthA, true);
    }

    /** Strain (0 below the layer) or DW (1 below the layer) at a depth below the surface (Å), linear between nodes. */
    static double atDepth(DepthProfiles p, double depthA, boolean strain) {
        if (depthA > p.thicknessA() || p.lamellae() == 0 || p.thicknessA() == 0) {
            return strain ? 0 : 1;
        }
        double z = (p.thicknessA() - depthA) / p.thicknessA() * p.lamellae();
        int j = Math.min((int) Math.floor(z), p.lamellae() - 1);
        double u = z - j;
        return strain ? p.strainAt(j) * (1 - u) + p.strainAt(j + 1) * u : p.dwAt(j) * (1 - u) + p.dwAt(j + 1) * u;
    }

    private Map<String, Double> toMap(double[] v) {
        Map<String, Double> m = new LinkedHashMap<>();
        List<String> names = model.parameterNames();
        for (int i = 0; i < names.size(); i++) {
            m.put(names.get(i), v[i]);
        }
        return m;
    }

    /**
     * Writes {@code report.json}, {@code curves.csv} (2θ, θ, measured, network, fit, [truth] as log10 I/max) and
     * {@code profiles.csv} (depth from the surface, strain and DW of the fit [and the network, the ensemble members'
     * mean and standard deviation, truth]) into
     * {@code dir}. Profiles of different thickness are written on the fit's depth grid.
     *
     * @param truth true parameters of a simulated scan, or null
     */
    public void writeFiles(Path dir, double[] truth) throws IOException {
        Path json = dir.resolve("report.json");
        named(json, () -> ResultFiles.writeJson(json, report(truth)));
        Map<String, double[]> curves = new LinkedHashMap<>();
        curves.put("two_theta_deg", data.twoThetaDeg());
        curves.put("theta_rad", data.thetaRad());
        curves.put("log10_I_measured", data.log10Intensity());
        if (cnnCurve != null) {
            curves.put("log10_I_cnn", cnnCurve);
        }
        curves.put("log10_I_fit", fitCurve());
        if (truth != null) {
            curves.put("log10_I_truth", model.evaluate(truth));
        }
        Path csv = dir.resolve("curves.csv");
        named(csv, () -> ResultFiles.writeColumns(csv, curves));
        DepthProfiles p = profiles();
        Map<String, double[]> prof = new LinkedHashMap<>();
        prof.put("strain_fit", p.strain());
        prof.put("dw_fit", p.dw());
        if (cnnParameters != null) {
            prof.put("strain_cnn", onGrid(cnnProfiles(), p, true));
            prof.put("dw_cnn", onGrid(cnnProfiles(), p, false));
        }
        if (cnnEnsemble != null) {
            EnsembleSpread.Bands b = cnnEnsemble.bands(p.depthFromSurfaceA());
            prof.put("strain_ensemble_mean", b.strainMean());
            prof.put("strain_ensemble_sd", b.strainSd());
            prof.put("dw_ensemble_mean", b.dwMean());
            prof.put("dw_ensemble_sd", b.dwSd());
        }
        if (truth != null) {
            prof.put("strain_truth", onGrid(model.profiles(truth), p, true));
            prof.put("dw_truth", onGrid(model.profiles(truth), p, false));
        }
        Path profilesCsv = dir.resolve("profiles.csv");
        named(profilesCsv, () -> ResultFiles.writeProfiles(profilesCsv, p.thicknessA(), prof));
    }

    /** One file write. */
    @FunctionalInterface
    private interface Write {
        void run() throws IOException;
    }

    /** Runs {@code w}; an error that does not name {@code file} (e.g. "No space left on device") is prefixed with it. */
    private static void named(Path file, Write w) throws IOException {
        try {
            w.run();
        } catch (IOException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (m.contains(file.getFileName().toString())) {
                throw e;
            }
            throw new IOException(file + ": " + m, e);
        }
    }

    /** Values of {@code other} at the depths of {@code grid}'s nodes (strain 0 / DW 1 below its layer). */
    static double[] onGrid(DepthProfiles other, DepthProfiles grid, boolean strain) {
        return java.util.Arrays.stream(grid.depthFromSurfaceA()).map(d -> atDepth(other, d, strain)).toArray();
    }
}
