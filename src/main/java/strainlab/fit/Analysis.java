package strainlab.fit;

import java.util.List;
import java.util.Locale;
import strainlab.cnn.TrainedModel;
import strainlab.crystal.DiffractionSetup;
import strainlab.io.MeasuredScan;
import strainlab.profile.SplineConvention;

/**
 * The automatic analysis of a measured scan: (1) a starting point, from a trained network when one is given
 * (the paper's CNN), else from {@link AutoStart}'s reading of the curve and its family of candidate profiles;
 * (2) bounded least squares ({@link Fit}) from there, with the multi-start / CMA-ES fallback; (3) σ_I and timings.
 * The model is the paper's: 10 smooth strain weights (%), DW tied to the strain, N lamellae.
 *
 * <pre>{@code
 * AnalysisResult r = Analysis.of(scan, Materials.byName("ysz").setup(4, 0, 0, 1.5406))
 *         .network(trainedModel)      // optional
 *         .timeLimitSeconds(2).run();
 * }</pre>
 */
public final class Analysis {
    private final MeasuredScan scan;
    private final DiffractionSetup setup;
    private TrainedModel network;
    private String networkName = "";
    private int lamellae = 60;
    private int threads = 2;
    private double timeLimitSeconds = 10;
    private long seed = 1;

    private Analysis(MeasuredScan scan, DiffractionSetup setup) {
        this.scan = scan;
        this.setup = setup;
    }

    /** An analysis of this scan for this reflection. */
    public static Analysis of(MeasuredScan scan, DiffractionSetup setup) {
        if (scan == null || setup == null) {
            throw new IllegalArgumentException("scan and setup must be given");
        }
        return new Analysis(scan, setup);
    }

    /** Starts from this network's prediction (null: automatic start); {@code name} is reported. */
    public Analysis network(TrainedModel net, String name) {
        this.network = net;
        this.networkName = name == null ? "" : name;
        return this;
    }

    /** Number of lamellae (default 60). */
    public Analysis lamellae(int n) {
        lamellae = n;
        return this;
    }

    /** Threads for the Jacobian (default 2). */
    public Analysis threads(int n) {
        threads = n;
        return this;
    }

    /** Wall-time budget of the refinement (default 10 s); the best point so far is kept. */
    public Analysis timeLimitSeconds(double s) {
        timeLimitSeconds = s;
        return this;
    }

    /** Seed of the global search (default 1). */
    public Analysis seed(long s) {
        seed = s;
        return this;
    }

    /** The model used for this scan (10 smooth strain weights, tied DW). */
    public CurveModel model(MeasuredCurve data) {
        return CurveModel.builder(setup, data.thetaRad()).lamellae(lamellae).convention(SplineConvention.SMOOTH)
                .strainWeights(10).tiedDw().build();
    }

    /** Runs the analysis. */
    public AnalysisResult run() {
        long t0 = System.nanoTime();
        double cpu0 = processCpuSeconds();
        MeasuredCurve data = MeasuredCurve.of(scan);
        CurveModel model = model(data);
        AutoStart auto = AutoStart.estimate(data, model);
        double emax = Math.max(auto.strainMaxPercent(), 0.2);
        CnnStart.Prediction prediction = null;
        double[] cnnCurve = null;
        double cnnSigma = Double.NaN;
        if (network != null) {
            prediction = CnnStart.predict(network, data, model);
            emax = Math.max(emax, max(model.strainWeightsPercent(prediction.parameters())));
            cnnCurve = model.evaluate(prediction.parameters());
            cnnSigma = data.sigmaI(cnnCurve);
        }
        Fit fit = Fit.of(model, data.log10Intensity()).fix(CurveModel.ETA).threads(threads).seed(seed)
                .timeLimitSeconds(timeLimitSeconds).refineIterations(8).multiStart(0, 3).cmaes(false);
        for (int k = 1; k <= model.strainWeightCount(); k++) {
            fit.bounds(CurveModel.strainWeight(k), -0.5 * emax, 2.5 * emax);
        }
        String startMethod;
        if (prediction != null) {
            fit.from(prediction.parameters()).globalSearch(Fit.GlobalSearch.WHEN_STALLED)
                    .stallSigma(0.133);
            for (double[] c : auto.candidates(model)) {
                fit.candidate(c);
            }
            startMethod = "cnn: " + networkName;
        } else {
            fit.from(auto.base(model)).localFirst(false).globalSearch(Fit.GlobalSearch.ALWAYS);
            for (double[] c : auto.candidates(model)) {
                fit.candidate(c);
            }
            startMethod = "automatic multi-start (no trained model): " + auto.candidates(model).size()
                    + " candidate profiles from " + auto;
        }
        FitResult result = fit.run();
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new AnalysisResult(scan, data, model, startMethod, networkName,
                prediction == null ? null : prediction.parameters(), cnnCurve, cnnSigma,
                prediction == null ? Double.NaN : prediction.seconds(), auto, result, seconds,
                processCpuSeconds() - cpu0);
    }

    /** CPU time of the whole JVM process in seconds (NaN where the platform does not say). */
    static double processCpuSeconds() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            long t = os.getProcessCpuTime();
            return t < 0 ? Double.NaN : t / 1e9;
        }
        return Double.NaN;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static List<String> names(CurveModel m) {
        return m.parameterNames();
    }
}
