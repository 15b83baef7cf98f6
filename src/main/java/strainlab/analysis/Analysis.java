package strainlab.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import strainlab.RunInterruptedException;
import strainlab.WorkerThreads;
import strainlab.cnn.Ensemble;
import strainlab.cnn.TrainedModel;
import strainlab.crystal.DiffractionSetup;
import strainlab.fit.BellModel;
import strainlab.fit.CurveModel;
import strainlab.fit.MeasuredCurve;
import strainlab.io.MeasuredScan;
import strainlab.lsq.FitResult;
import strainlab.lsq.GaussianPrior;
import strainlab.lsq.LeastSquaresOptimizer;
import strainlab.lsq.LeastSquaresProblem;
import strainlab.lsq.ParameterSpec;
import strainlab.profile.SplineConvention;

/**
 * The automatic analysis of a measured scan, without a human start. The model is the paper's: 10 smooth strain
 * weights (%), DW tied to the strain, N lamellae, on the measured θ grid.
 * <ol>
 *   <li>With trained networks: the scan is mapped onto each network's grid ({@link CnnStart}; an ensemble predicts
 *       its members' mean, and their spread is kept as an {@link EnsembleSpread}); the prediction whose
 *       recomputed curve fits the scan best (lowest σ_I, the paper's check without ground truth) is the start of a
 *       bounded Levenberg–Marquardt refinement ({@link LeastSquaresOptimizer}).</li>
 *   <li>Unless the refined prediction reached the noise of the curve ({@link LeastSquaresOptimizer#noiseEstimate}, within
 *       {@link #NOISE_TOLERANCE}), and always
 *       without a network: {@link AutoStart} reads the peak, width, background and strain extent off the curve; a
 *       multi-start over a family of asymmetric bell profiles × thicknesses × DW levels is scored and the best
 *       refined in the 4-parameter {@link BellModel}; its weights start the full 10-weight refinement. The better
 *       result wins: a prediction can lead least squares into a secondary minimum (the paper's intermediate
 *       fluence; on the measured YSZ scan the shipped CNN2's start ends at σ_I 0.12 with a thickness 30 % too
 *       large, the bell search at 0.106).</li>
 *   <li>With the user's own model ({@link #projectModel}, e.g. a RaDMaX project's 15 strain and 12 independent DW
 *       weights) and a paper-model fit short of the noise: the best prediction at four thicknesses and the
 *       paper-model fit (after the bell search) are carried into that model ({@link CurveModel#transferFrom}) and
 *       refined within its own bounds; the better result wins. On the measured 3C-SiC project, whose networks
 *       were trained for another reflection, the paper model stops at σ_I 0.130 and its own model reaches 0.062
 *       (the expert fit: 0.066).</li>
 * </ol>
 * Each stage has a fixed evaluation budget (deterministic for a given seed); {@link #timeLimitSeconds} is only a
 * safety net.
 *
 * <pre>{@code
 * AnalysisResult r = Analysis.of(scan, Materials.byName("ysz").setup(4, 0, 0, 1.5406))
 *         .network(trainedModel, "models/cnn2")      // optional
 *         .run();
 * }</pre>
 */
public final class Analysis {
    /** Relative cost/parameter tolerance of the final LM runs: 1e-5 changes σ_I by ≲ 1e-5·σ_I/2. */
    static final double POLISH_TOLERANCE = 1e-5;
    /** LM iterations and model evaluations of each full-model refinement. */
    static final int POLISH_ITERATIONS = 30;
    static final int POLISH_EVALUATIONS = 700;
    /**
     * Factor on the noise estimate below which a refined prediction counts as having reached the noise, so the bell
     * search is skipped: the second-difference estimate is itself uncertain by several per cent, and also picks up
     * the curvature of sharp fringes. The refined prediction of the measured YSZ scan stops at 1.05 × its estimate
     * (σ_I 0.1045 against 0.0998), where the bell search reaches only 0.1063; CNN2's start alone stops at 1.13 ×
     * (0.1124) and is still compared with the bell search, which wins there (0.1063).
     */
    static final double NOISE_TOLERANCE = 1.1;
    /**
     * Thickness factors of the starts refined in a project's own model: the thickness is where a start most often
     * leads least squares into a secondary minimum.
     */
    static final double[] PROJECT_THICKNESS_FACTORS = {0.6, 0.8, 1.0, 1.25};
    /** LM iterations and model evaluations of each start refined in a project's own model. */
    static final int PROJECT_ITERATIONS = 60;
    static final int PROJECT_EVALUATIONS = 1500;
    /**
     * Width factors of the {@link #prior} through which {@link #priorRelease} anneals its second path, before the
     * last refinement without a prior.
     */
    static final double[] RELEASE_STEPS = {10, 100};
    /** Model evaluations of the bell-profile multi-start (candidates, refinements and its polish). */
    static final int SHAPE_EVALUATIONS = 600;
    /**
     * σ_I above which a refined fit is flagged as not describing the scan: the refined fits of the paper's measured
     * scans reach 0.06–0.17 (0.1045 and 0.0617 here), its networks alone 0.35–0.37.
     */
    public static final double POOR_FIT_SIGMA_I = 0.3;
    private final MeasuredScan scan;
    private final DiffractionSetup setup;
    private final List<NetworkChoice.Candidate> networks = new ArrayList<>();
    private final List<String> choiceWarnings = new ArrayList<>();
    private CurveModel projectModel;
    private int lamellae = 60;
    private boolean globalSearch = true;
    private boolean poissonWeights;
    private int threads = 2;
    private double timeLimitSeconds = 60;
    private long seed = 1;
    private double[] givenStart;
    private String givenStartName = "";
    private StartPrior startPrior;
    private boolean priorRelease;

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
        networks.clear();
        choiceWarnings.clear();
        givenStart = null;
        if (net != null) {
            networks.add(new NetworkChoice.Candidate(net, name == null ? "" : name));
        }
        return this;
    }

    /**
     * Starts from the mean prediction of an ensemble's members (null: automatic start), whose spread the result
     * carries ({@link AnalysisResult#cnnBands()}); {@code name} is reported.
     */
    public Analysis ensemble(Ensemble e, String name) {
        network(null, null);
        if (e != null) {
            networks.add(NetworkChoice.Candidate.of(e, name == null ? "" : name));
        }
        return this;
    }

    /**
     * Starts from the best prediction among the chosen networks (none: automatic start); the choice's warnings
     * (e.g. networks of another reflection used as a fallback) become part of the reported start.
     */
    public Analysis networks(NetworkChoice choice) {
        networks.clear();
        givenStart = null;
        networks.addAll(choice.candidates());
        choiceWarnings.clear();
        choiceWarnings.addAll(choice.warnings());
        return this;
    }

    /**
     * The model of the user's own project (e.g. a RaDMaX project's spline counts and independent DW spline; null:
     * none, the default). When the refinement in the paper's model does not reach the noise of the scan, the best
     * network prediction, at several thicknesses, and the paper-model fit are carried into this model and refined
     * there; the better result wins.
     */
    public Analysis projectModel(CurveModel m) {
        projectModel = m;
        return this;
    }

    /**
     * Starts from this parameter vector of {@link #model} instead of a network's prediction (e.g. a prediction made
     * beforehand, in a batch); the refinement and its bell-profile fallback are the same. Replaces the networks.
     *
     * @param name reported as the start's network name
     */
    public Analysis start(double[] parameters, String name) {
        networks.clear();
        choiceWarnings.clear();
        givenStart = parameters.clone();
        givenStartName = name == null ? "" : name;
        return this;
    }

    /**
     * Lamellae of the paper model (default 60, RaDMaX's default slicing); the training-set generator uses 500, which
     * a refinement of its curves may match at a proportional cost per evaluation.
     */
    public Analysis lamellae(int n) {
        if (n < 2 || n > 100_000) {
            throw new IllegalArgumentException("lamellae must lie in [2, 100000], got " + n);
        }
        lamellae = n;
        return this;
    }

    /**
     * Whether a start that does not reach the noise is compared with the bell-profile multi-start and, with a
     * project model, refined in it (default true); false: only the local refinement of the start (the bell search
     * still runs when there is no start).
     */
    public Analysis globalSearch(boolean on) {
        globalSearch = on;
        return this;
    }

    /**
     * Whether each point's squared log10 misfit is weighted by its intensity, the inverse variance of log10 of a
     * Poisson count (default false: 1 each, as RaDMaX and the paper). Only the intensities' proportionality to
     * counts matters, not their unit.
     */
    public Analysis poissonWeights(boolean on) {
        poissonWeights = on;
        return this;
    }

    /**
     * A Gaussian prior centred on the start (a network's prediction or the given start; null: none, the default):
     * its residuals, each standard score weighted by the curve's noise ({@link LeastSquaresOptimizer#noiseEstimate},
     * at least 0.01), join the data's in every paper-model fit (the start's refinement, the bell-profile search on
     * the parameters it shares, the bell fit's refinement), and the fits are ranked by data misfit plus prior (a
     * maximum a posteriori fit) instead of σ_I alone. σ_I stays the data's misfit. Not used without a start, nor
     * in a project's own model.
     */
    public Analysis prior(StartPrior p) {
        startPrior = p;
        return this;
    }

    /**
     * Whether the fit with the {@link #prior} is then released (default false): refined on without the prior along two
     * paths from its solution, at once and through priors {@link #RELEASE_STEPS} times wider; of the two free minima
     * the one of lower σ_I is kept, the one nearer the start (lower prior cost) when their σ_I are within
     * {@link NearestMinimum#SIGMA_TOLERANCE}. The prior then only picks the basin: σ_I is the minimum's, not raised
     * by the prior. No effect without a prior.
     */
    public Analysis priorRelease(boolean on) {
        priorRelease = on;
        return this;
    }

    /** Threads for the Jacobian and for the starts refined side by side in the project's model (default 2). */
    public Analysis threads(int n) {
        threads = n;
        return this;
    }

    /**
     * Safety net on the wall time (default 60 s); the best point so far is kept. The stages have fixed evaluation
     * budgets, so the result does not depend on the machine's speed unless this limit is reached.
     */
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

    /**
     * Runs the code paths of an analysis of this scan once on made-up parameters, so that the JIT compiles them
     * (the SIMD recursion runs ~100× slower before C2 has compiled it): the mapping onto a network grid, a full
     * evaluation of the paper model (the path of the predictions' curves, which the fits' traced evaluations do not
     * take), the paper model and {@link #projectModel} with their traced Jacobian columns in a short
     * Levenberg–Marquardt run. Changes no state the analysis reads, so results do not depend on whether or when it
     * ran; meant for a background thread while the networks load.
     */
    public void warmUp() {
        MeasuredCurve data = MeasuredCurve.of(scan);
        CurveModel model = model(data);
        for (boolean even : new boolean[]{false, true}) {
            try {
                CnnStart.map(data, CnnStart.trainingRanges(""), 256, even);
            } catch (IllegalArgumentException e) {
                break;
            }
        }
        double[] p = model.values().strainWeightsPercent(0.1, 0.3, 0.6, 0.9, 1.0, 0.9, 0.7, 0.5, 0.3, 0.1)
                .scaleDw(0.5).thicknessNm(150).fwhmThetaDeg(0.01).eta(0.001).scale(1).background(1e-5).build();
        model.evaluate(p);
        List<CurveModel> models = projectModel == null ? List.of(model) : List.of(model, projectModel);
        double[] y = data.log10Intensity();
        for (CurveModel m : models) {
            double[] start = m == model ? p : m.transferFrom(model, p, 1);
            new LeastSquaresOptimizer().withThreads(1).withGlobalSearch(LeastSquaresOptimizer.GlobalSearch.NEVER)
                    .withMaxIterations(4).withMaxEvaluations(8 * start.length)
                    .optimize(problem(m, y, null).fix(CurveModel.ETA).start(start).build());
        }
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
        String networkName = "";
        NetworkChoice.Candidate chosen = null;
        List<String> tried = new ArrayList<>();
        List<String> unmapped = new ArrayList<>();
        for (NetworkChoice.Candidate c : networks) {
            CnnStart.Prediction p;
            try {
                p = CnnStart.predict(c.members(), data, model);
            } catch (IllegalArgumentException e) {
                unmapped.add(c.name() + " (the scan could not be mapped onto its grid: " + e.getMessage() + ")");
                continue;
            }
            double[] curve = model.evaluate(p.parameters());
            double sigma = data.sigmaI(curve);
            tried.add(c.name() + " σ_I " + fmt(sigma));
            if (prediction == null || sigma < cnnSigma) {
                prediction = p;
                cnnCurve = curve;
                cnnSigma = sigma;
                networkName = c.name();
                chosen = c;
            }
        }
        EnsembleSpread spread = null;
        if (chosen != null && chosen.ensemble() != null) {
            spread = new EnsembleSpread(EnsembleSpread.memberNames(chosen), chosen.model().labelNames(),
                    units(chosen.model().labelUnits(), chosen.model().labelNames().size()), prediction.memberLabels(),
                    prediction.memberParameters().stream().map(model::profiles).toList());
        }
        if (givenStart != null) {
            spread = null;
            prediction = new CnnStart.Prediction(new float[0], givenStart, 0, List.of());
            cnnCurve = model.evaluate(givenStart);
            cnnSigma = data.sigmaI(cnnCurve);
            networkName = givenStartName;
        }
        if (prediction != null) {
            emax = Math.max(emax, max(model.strainWeightsPercent(prediction.parameters())));
        }
        double[] y = data.log10Intensity();
        double[] weights = poissonWeights ? poissonWeights(y) : null;
        double noise = Math.max(0.01, LeastSquaresOptimizer.noiseEstimate(y));
        long deadline = t0 + (long) (timeLimitSeconds * 1e9);
        FitResult result = null;
        double boundEmax = emax;
        String startMethod;
        LeastSquaresOptimizer optimizer = new LeastSquaresOptimizer().withThreads(threads).withSeed(seed)
                .withUncertainties(false);
        LeastSquaresOptimizer polish = optimizer.withGlobalSearch(LeastSquaresOptimizer.GlobalSearch.NEVER)
                .withTolerance(POLISH_TOLERANCE).withMaxIterations(POLISH_ITERATIONS)
                .withMaxEvaluations(POLISH_EVALUATIONS);
        GaussianPrior prior = prediction != null && startPrior != null
                ? startPrior.around(model, prediction.parameters(), noise) : null;
        if (prediction != null) {
            result = polish.withTimeLimitSeconds(remaining(deadline, 0.5))
                    .optimize(bounded(model, y, weights, emax).start(prediction.parameters()).prior(prior).build());
            startMethod = "cnn: " + networkName + (tried.size() > 1 ? " (lowest σ_I of its predicted curve among "
                    + String.join(", ", tried) + ")" : "")
                    + (choiceWarnings.isEmpty() ? "" : "; " + String.join("; ", choiceWarnings));
        } else {
            startMethod = "automatic (" + (networks.isEmpty() ? "no trained model" : "no network could read the scan")
                    + "): " + auto;
        }
        if (!unmapped.isEmpty()) {
            startMethod += "; skipped " + String.join(", ", unmapped);
        }
        boolean atNoise = result != null && result.sigmaI() <= NOISE_TOLERANCE * noise;
        boolean search = !atNoise && (globalSearch || result == null);
        boolean inProject = projectModel != null && search;
        if (search) {
            BellModel bell = new BellModel(model, 3 * emax);
            List<double[]> cands = auto.bellCandidates(bell);
            LeastSquaresProblem.Builder bellProblem = problem(bell, y, weights).fix(CurveModel.ETA)
                    .start(cands.get(0)).prior(prior == null ? null : prior.restrictedTo(bell));
            cands.forEach(bellProblem::candidate);
            FitResult shape = optimizer.withLocalFirst(false).withGlobalSearch(LeastSquaresOptimizer.GlobalSearch.ALWAYS)
                    .withMultiStart(0, 4).withRefineIterations(6).withCmaes(false).withMaxIterations(15)
                    .withMaxEvaluations(SHAPE_EVALUATIONS).withTimeLimitSeconds(remaining(deadline, 0.6))
                    .optimize(bellProblem.build());
            double[] fromBell = bell.toInner(shape.values());
            double e2 = Math.max(emax, shape.get(BellModel.EMAX_PERCENT));
            FitResult full = polish.withTimeLimitSeconds(remaining(deadline, 1.0))
                    .optimize(bounded(model, y, weights, e2).start(fromBell).prior(prior).build());
            FitResult merged = merge(shape, full, "bell", "");
            startMethod += (result == null ? "; " : "; the refined prediction stopped at σ_I "
                    + fmt(result.sigmaI()) + " > " + NOISE_TOLERANCE + " × noise " + fmt(noise) + ", so compared with a ")
                    + "bell-profile multi-start over " + cands.size() + " candidates"
                    + (prior == null ? "" : " (ranked by σ_I² plus the prior centred on the start)");
            boundEmax = result != null && result.objective() < merged.objective() ? emax : e2;
            result = result == null ? merged : merge(result, merged, "cnn", "");
        }
        if (prior != null && priorRelease) {
            FitResult held = result;
            LeastSquaresProblem.Builder free = bounded(model, y, weights, boundEmax);
            FitResult direct = polish.withTimeLimitSeconds(remaining(deadline, 1.0))
                    .optimize(free.start(held.values()).build());
            double[] x = held.values();
            for (double f : RELEASE_STEPS) {
                x = polish.withTimeLimitSeconds(remaining(deadline, 1.0))
                        .optimize(bounded(model, y, weights, boundEmax).start(x).prior(prior.widened(f)).build())
                        .values();
            }
            FitResult annealed = polish.withTimeLimitSeconds(remaining(deadline, 1.0))
                    .optimize(bounded(model, y, weights, boundEmax).start(x).build());
            FitResult[] paths = {direct, annealed};
            int k = NearestMinimum.choose(new double[]{direct.sigmaI(), annealed.sigmaI()},
                    new double[]{prior.sumOfSquares(model, direct.values()),
                            prior.sumOfSquares(model, annealed.values())}, NearestMinimum.SIGMA_TOLERANCE);
            result = then(held, paths[k], k == 0 ? "released" : "annealed");
            startMethod += "; prior released (σ_I " + fmt(held.sigmaI()) + " with it): at once σ_I "
                    + fmt(direct.sigmaI()) + ", through widths × " + java.util.Arrays.toString(RELEASE_STEPS)
                    + " σ_I " + fmt(annealed.sigmaI()) + "; kept " + (k == 0 ? "at once" : "through widths");
        }
        CurveModel finalModel = model;
        double[] cnnParameters = prediction == null ? null : prediction.parameters();
        if (inProject) {
            List<double[]> starts = new ArrayList<>();
            if (prediction != null) {
                for (double f : PROJECT_THICKNESS_FACTORS) {
                    starts.add(projectModel.transferFrom(model, prediction.parameters(), f));
                }
            }
            starts.add(projectModel.transferFrom(model, result.values(), 1));
            FitResult best = null;
            for (FitResult f : refineStarts(projectModel, y, weights, starts, polish.withMaxIterations(
                    PROJECT_ITERATIONS).withMaxEvaluations(PROJECT_EVALUATIONS), deadline)) {
                best = best == null ? f : merge(best, f, "", "");
            }
            startMethod += String.format(Locale.ROOT, "; the paper-model fit stopped at σ_I %s > %s × noise %s, so %d"
                    + " starts (%s) were refined in the project's model (%d strain weights, %s DW, %d lamellae): "
                    + "σ_I %s", fmt(result.sigmaI()), NOISE_TOLERANCE, fmt(noise), starts.size(),
                    prediction != null ? "the prediction at " + PROJECT_THICKNESS_FACTORS.length
                            + " thicknesses and the paper-model fit" : "the paper-model fit",
                    projectModel.strainWeightCount(), projectModel.dwMode() == CurveModel.DwMode.SPLINE
                            ? projectModel.dwWeightCount() + "-weight spline" : "tied",
                    projectModel.lamellae(), fmt(best.sigmaI()));
            if (best.sigmaI() < result.sigmaI()) {
                result = merge(result, best, "paper model", "project model");
                finalModel = projectModel;
                cnnParameters = prediction == null ? null
                        : projectModel.transferFrom(model, prediction.parameters(), 1);
            }
        }
        LeastSquaresProblem.Builder finalProblem = finalModel == model ? bounded(model, y, weights, boundEmax)
                : problem(finalModel, y, weights).fix(CurveModel.ETA);
        double[] uncertainties = optimizer.uncertainties(finalProblem.start(result.values()).build());
        result = new FitResult(result.names(), result.values(), uncertainties, result.fixed(), result.sigmaI(),
                result.model(), result.evaluations(), result.seconds(), result.method(), result.stages(),
                result.history(), result.priorMeanSquare());
        List<String> warnings = new ArrayList<>();
        List<String> atBound = atBound(result, finalModel, finalModel == model ? boundEmax : Double.NaN);
        if (!atBound.isEmpty()) {
            warnings.add("at bound: " + String.join(", ", atBound)
                    + " (the fit wanted a value beyond the allowed range: the result is not a free minimum)");
        }
        warnings.addAll(outsideTrainedRange(result, finalModel));
        if (!(result.sigmaI() <= POOR_FIT_SIGMA_I)) {
            warnings.add("poor fit: σ_I " + fmt(result.sigmaI()) + " > " + POOR_FIT_SIGMA_I + " (the model does not"
                    + " describe the scan; refined fits of measured scans reach 0.06–0.17)");
        }
        if (result.stages().stream().anyMatch(s -> s.note().contains("time limit reached"))) {
            warnings.add("time limit: the refinement was stopped by the time limit of " + fmt(timeLimitSeconds)
                    + " s before its evaluation budget was spent; σ_I " + fmt(result.sigmaI())
                    + " may be worse than a full run's (raise --time-limit)");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new AnalysisResult(scan, data, finalModel, startMethod, networkName, cnnParameters, cnnCurve, cnnSigma,
                prediction == null ? Double.NaN : prediction.seconds(), prediction == null ? null
                        : prediction.mappings(), spread, auto, result, seconds,
                processCpuSeconds() - cpu0, warnings);
    }

    /** The label units of a network, or {@code count} empty strings when its model.json records none. */
    private static List<String> units(List<String> units, int count) {
        return units.size() == count ? units : java.util.Collections.nCopies(count, "");
    }

    /**
     * Each start refined by {@code lm} in {@code model} (η fixed), in the order of the starts. The starts are
     * independent, so they run side by side on {@link #threads} threads, each with a one-thread Jacobian: the
     * serial part of each LM iteration (its step, the traced base point) then overlaps with another start's work.
     * Each fit is the same whatever the thread count; each stops by {@code deadline}.
     */
    private List<FitResult> refineStarts(CurveModel model, double[] y, double[] weights, List<double[]> starts,
            LeastSquaresOptimizer lm, long deadline) {
        List<Callable<FitResult>> tasks = new ArrayList<>();
        for (double[] start : starts) {
            tasks.add(() -> lm.withThreads(1).withTimeLimitSeconds(remaining(deadline, 1.0))
                    .optimize(problem(model, y, weights).fix(CurveModel.ETA).start(start).build()));
        }
        WorkerThreads workers = new WorkerThreads("strainlab-project-start");
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, starts.size())), workers);
        try {
            List<FitResult> out = new ArrayList<>();
            for (Future<FitResult> f : pool.invokeAll(tasks)) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunInterruptedException("analysis interrupted while refining in the project's model", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            RunInterruptedException.stopPool(pool, workers);
        }
    }

    /**
     * The free parameters of {@code fit} within 1e-3 of their range of a bound: the model's bounds ({@code scale_dw},
     * thickness, resolution, scale, background, offset) and the strain weights' upper bound {@code 2.5·emax} of
     * {@link #bounded}, which caps the strain. Not reported, because they are answers rather than limits: the lower
     * bounds of {@code scale_dw} (0: no disorder) and {@code log10_background} (−10: no background), and the strain
     * weights' lower bound {@code −0.5·emax}, which only limits a compressive dip at the edge of the profile (the
     * published fit of the measured YSZ scan touches it). With {@code emax} NaN (a project's own model, refined
     * within its own bounds) the strain weights' bounds are the model's.
     */
    static List<String> atBound(FitResult fit, CurveModel model, double emax) {
        List<String> out = new ArrayList<>();
        double[] v = fit.values();
        boolean[] fixed = fit.fixed();
        List<ParameterSpec> specs = model.parameters();
        for (int i = 0; i < v.length; i++) {
            if (fixed[i]) {
                continue;
            }
            boolean weight = i < model.strainWeightCount();
            String name = specs.get(i).name();
            boolean floorIsAnAnswer = weight || name.startsWith("dw_w") || name.equals(CurveModel.SCALE_DW)
                    || name.equals(CurveModel.LOG10_BACKGROUND);
            boolean emaxRule = weight && !Double.isNaN(emax);
            double lo = emaxRule ? -0.5 * emax : specs.get(i).lower();
            double hi = emaxRule ? 2.5 * emax : specs.get(i).upper();
            double tol = 1e-3 * (hi - lo);
            if ((!floorIsAnAnswer && v[i] <= lo + tol) || v[i] >= hi - tol) {
                out.add(name);
            }
        }
        return out;
    }

    /**
     * Where the refined profile lies outside the labels every candidate network was trained on (union of their
     * normalisers' ranges of thickness, largest strain weight and scale_dw); empty without networks.
     */
    List<String> outsideTrainedRange(FitResult fit, CurveModel model) {
        if (networks.isEmpty()) {
            return List.of();
        }
        double tLo = Double.POSITIVE_INFINITY;
        double tHi = Double.NEGATIVE_INFINITY;
        double wHi = Double.NEGATIVE_INFINITY;
        double dwHi = Double.NEGATIVE_INFINITY;
        for (TrainedModel m : networks.stream().flatMap(c -> c.members().stream()).toList()) {
            var norm = m.normaliser();
            List<String> names = norm.labelNames();
            for (int i = 0; i < names.size(); i++) {
                String n = names.get(i);
                if (n.equals("t_nm")) {
                    tLo = Math.min(tLo, norm.min()[i]);
                    tHi = Math.max(tHi, norm.max()[i]);
                } else if (n.equals("scale_dw")) {
                    dwHi = Math.max(dwHi, norm.max()[i]);
                } else if (n.matches("w\\d+")) {
                    wHi = Math.max(wHi, norm.max()[i]);
                }
            }
        }
        List<String> out = new ArrayList<>();
        double t = fit.get(CurveModel.THICKNESS_NM);
        if (Double.isFinite(tLo) && (t < tLo || t > tHi)) {
            out.add(String.format(Locale.ROOT, "outside the trained range: thickness_nm %.1f (the networks were"
                    + " trained on %.0f–%.0f nm)", t, tLo, tHi));
        }
        double w = max(model.strainWeightsPercent(fit.values()));
        if (Double.isFinite(wHi) && w > wHi) {
            out.add(String.format(Locale.ROOT, "outside the trained range: largest strain weight %.3f %% (the"
                    + " networks were trained up to %.3f %%)", w, wHi));
        }
        if (model.dwMode() == CurveModel.DwMode.TIED && Double.isFinite(dwHi)
                && fit.get(CurveModel.SCALE_DW) > dwHi) {
            out.add(String.format(Locale.ROOT, "outside the trained range: scale_dw %.3f (the networks were trained"
                    + " up to %.3f)", fit.get(CurveModel.SCALE_DW), dwHi));
        }
        return out;
    }

    /**
     * CPU time of the whole JVM process in seconds (NaN where the platform does not say, as in a runtime image
     * without the {@code jdk.management} module).
     */
    static double processCpuSeconds() {
        try {
            if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    instanceof com.sun.management.OperatingSystemMXBean os) {
                long t = os.getProcessCpuTime();
                return t < 0 ? Double.NaN : t / 1e9;
            }
        } catch (NoClassDefFoundError e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /** The full model's problem with η fixed and the strain weights within [−0.5·emax, 2.5·emax]. */
    private static LeastSquaresProblem.Builder bounded(CurveModel model, double[] y, double[] weights, double emax) {
        LeastSquaresProblem.Builder b = problem(model, y, weights).fix(CurveModel.ETA);
        for (int k = 1; k <= model.strainWeightCount(); k++) {
            b.bounds(CurveModel.strainWeight(k), -0.5 * emax, 2.5 * emax);
        }
        return b;
    }

    /** Weights proportional to the intensities 10^y, of mean 1. */
    static double[] poissonWeights(double[] y) {
        double[] w = new double[y.length];
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            w[i] = Math.pow(10, y[i]);
            sum += w[i];
        }
        for (int i = 0; i < y.length; i++) {
            w[i] *= y.length / sum;
        }
        return w;
    }

    /** The problem of {@code model} on {@code y}, with the point weights if any (null: 1 each). */
    private static LeastSquaresProblem.Builder problem(strainlab.lsq.ForwardModel model, double[] y,
            double[] weights) {
        LeastSquaresProblem.Builder b = LeastSquaresProblem.builder(model, y);
        return weights == null ? b : b.weights(weights);
    }

    private static double remaining(long deadline, double fraction) {
        return Math.max(0.05, fraction * (deadline - System.nanoTime()) / 1e9);
    }

    /**
     * Two consecutive fits as one result: the values, curve and uncertainties of the second (unless the first is
     * better, by the cost both minimised ({@link FitResult#objective}: σ_I², plus a prior's share where they had one),
     * and of the same model), stages of both (the first's prefixed), evaluations and times summed.
     */
    static FitResult merge(FitResult first, FitResult second, String firstPrefix, String secondPrefix) {
        return join(first, second, firstPrefix, secondPrefix, false);
    }

    /**
     * A fit continued by another (e.g. the prior released): as {@link #merge}, but the second's values are kept
     * whatever the costs, which need not be comparable (the first minimised a prior the second did not).
     */
    static FitResult then(FitResult first, FitResult second, String secondPrefix) {
        return join(first, second, "", secondPrefix, true);
    }

    private static FitResult join(FitResult first, FitResult second, String firstPrefix, String secondPrefix,
            boolean keepSecond) {
        List<FitResult.Stage> stages = new java.util.ArrayList<>();
        for (FitResult.Stage s : first.stages()) {
            stages.add(new FitResult.Stage((firstPrefix + " " + s.name()).trim(), s.sigmaI(), s.evaluations(),
                    s.seconds(), s.note(), s.priorMeanSquare()));
        }
        for (FitResult.Stage s : second.stages()) {
            stages.add(new FitResult.Stage((secondPrefix + " " + s.name()).trim(), s.sigmaI(), s.evaluations(),
                    s.seconds(), s.note(), s.priorMeanSquare()));
        }
        FitResult keep = !keepSecond && first.names().equals(second.names()) && first.objective() < second.objective()
                ? first : second;
        List<double[]> history = new java.util.ArrayList<>(first.history());
        for (double[] h : second.history()) {
            history.add(new double[]{h[0] + first.evaluations(), h[1] + first.seconds(), h[2]});
        }
        return new FitResult(keep.names(), keep.values(), keep.uncertainties(), keep.fixed(), keep.sigmaI(),
                keep.model(), first.evaluations() + second.evaluations(), first.seconds() + second.seconds(),
                (firstPrefix + " " + first.method()).trim() + " > " + (secondPrefix + " " + second.method()).trim(),
                stages, history, keep.priorMeanSquare());
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(Double.NEGATIVE_INFINITY);
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
