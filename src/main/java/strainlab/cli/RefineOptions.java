package strainlab.cli;

import picocli.CommandLine.Option;
import strainlab.analysis.NearestMinimum;
import strainlab.analysis.ProfileMoves;
import strainlab.dataset.recipe.LabelLayout;

/**
 * The {@code --refine N} options of {@code evaluate} (a picocli mixin): which test curves are refined by least
 * squares, from what start, and how ({@link RefinedEvaluation}).
 */
final class RefineOptions {
    /**
     * Default factor on the prior's measured widths: of 1, 0.3, 0.1, 0.05 and 0.03, the one whose refinement of the
     * first 200 validation curves of a cnn2 published-noise set (seed 7) kept the most strain profiles accurate.
     */
    static final double WIDTH_FACTOR = 0.03;
    @Option(names = "--refine", paramLabel = "N", description = {
        "instead of the figures: refine the first N test curves from the network's",
        "prediction (an ensemble's: its members' mean) with analyze's fit (bounded LM,",
        "bell fallback) and score them beside the network alone; writes table2.json,",
        "curve-errors.csv, refined-curves.csv"})
    private Integer refine;
    @Option(names = "--refine-start", paramLabel = "S", description = {
        "with --refine: cnn (default: the network's prediction) or truth (the true",
        "labels: a check of the fit and of the curve-to-scan conversion)"})
    private String start = "cnn";
    @Option(names = "--refine-lamellae", paramLabel = "N",
            description = "with --refine: lamellae of the fit's model (default 60 as analyze; the generator: 500)")
    private int lamellae = 60;
    @Option(names = "--refine-local",
            description = "with --refine: local refinement of the start only (no global search)")
    private boolean local;
    @Option(names = "--refine-raw", description = {
        "with --refine: fit each curve as the generator drew it (its θ grid, counts;",
        "regenerated from the set's seed) instead of the network input mapped back onto θ"})
    private boolean raw;
    @Option(names = "--refine-poisson", description = {
        "with --refine: weight each point's log10 misfit by its intensity (Poisson",
        "counting statistics) instead of 1 each"})
    private boolean poisson;
    @Option(names = "--refine-prior", paramLabel = "P", description = {
        "with --refine: cnn (the default from the network's prediction: a Gaussian prior",
        "centred on it, widths from its errors on the set's validation split, fits ranked",
        "by misfit + prior) or none (σ_I alone, as analyze; the default from the truth)"})
    private String prior;
    @Option(names = "--refine-prior-width", paramLabel = "F", description = {
        "with --refine-prior cnn: factor on the prior's measured widths (default " + RefineOptions.WIDTH_FACTOR
                + ", chosen on validation curves)"})
    private Double priorWidth;
    @Option(names = "--refine-starts", paramLabel = "S", description = {
        "with --refine and an ensemble: mean (default: fit from the members' mean) or",
        "members (also fit from each member's prediction, same prior, and keep the fit",
        "of lowest σ_I; refined-curves.csv names the start kept)"})
    private String starts;
    @Option(names = "--refine-release", description = {
        "with --refine-prior cnn: release each fit from the prior once it has picked the",
        "basin (refined on without it, at once and through wider priors), and keep of a",
        "curve's fits the lowest σ_I, the one nearest the prediction within 2 %%"})
    private boolean release;
    @Option(names = "--refine-moves", paramLabel = "R", description = {
        "with --refine-release: rounds of profile moves after the released fits (default",
        "0): the kept fit's strain profile shifted by nodes either way and stretched in",
        "thickness from either end (--refine-move-shifts, --refine-move-stretches), each",
        "refined without a prior; a moved fit that lowers σ_I by more than 2 %% is moved",
        "again in the next round; all kept by the same rule"})
    private int moves;
    @Option(names = "--refine-move-fits", paramLabel = "K", description = {
        "with --refine-moves: fits moved in the first round (default 1: the kept fit;",
        "K: also the next K - 1 distinct free fits of lowest σ_I)"})
    private int moveFits = 1;
    @Option(names = "--refine-move-shifts", paramLabel = "N", description = {
        "with --refine-moves: largest shift of the profile in nodes, each of 1 .. N",
        "either way (default 1; 0: stretches only)"})
    private int moveShifts = 1;
    @Option(names = "--refine-move-stretches", paramLabel = "F", split = ",", description = {
        "with --refine-moves: thickness factors of the stretches, comma-separated",
        "(default 0.8,1.25), each > 0 and ≠ 1"})
    private double[] moveStretches;
    @Option(names = "--refine-choice-tolerance", paramLabel = "T", description = {
        "with --refine-release: relative σ_I tolerance of the last choice among a curve's",
        "fits (default 0.02: the fit nearest the prediction within 2 %% of the lowest σ_I;",
        "0: the lowest σ_I)"})
    private Double choiceTolerance;
    @Option(names = "--refine-all-fits", description = {
        "with --refine: also write refined-fits.csv, every fit of each curve with its σ_I,",
        "prior score and σe/e_max against the truth"})
    private boolean allFits;
    @Option(names = "--refine-split", paramLabel = "S", description = {
        "with --refine: test (default) or validation (the split's validation curves,",
        "for choosing settings without touching the test curves)"})
    private String split = "test";
    @Option(names = "--threads", paramLabel = "N",
            description = "curves refined at once with --refine (default: all cores)")
    private int threads = Runtime.getRuntime().availableProcessors();

    /**
     * Whether {@code --refine} was given.
     *
     * @throws UsageException when a prior option is given without {@code --refine}
     */
    boolean wanted() throws UsageException {
        if (refine == null && (prior != null || priorWidth != null)) {
            throw new UsageException("--refine-prior and --refine-prior-width need --refine N");
        }
        if (refine == null && release) {
            throw new UsageException("--refine-release needs --refine N");
        }
        if (refine == null && moves != 0) {
            throw new UsageException("--refine-moves needs --refine N");
        }
        if (moves == 0 && (moveFits != 1 || moveShifts != 1 || moveStretches != null)) {
            throw new UsageException("--refine-move-fits, --refine-move-shifts and --refine-move-stretches need"
                    + " --refine-moves R");
        }
        if (refine == null && allFits) {
            throw new UsageException("--refine-all-fits needs --refine N");
        }
        if (choiceTolerance != null && !release) {
            throw new UsageException("--refine-choice-tolerance sets the choice among the released fits; it needs"
                    + " --refine-release");
        }
        if (refine == null && starts != null) {
            throw new UsageException("--refine-starts needs --refine N");
        }
        return refine != null;
    }

    /**
     * The options given, checked ({@code --refine} and {@code --threads} ≥ 1, the prior's, the split's and the
     * starts' names, a width factor only with {@code --refine-prior cnn}, a prior and the members' starts only from the
     * network's start); call only when {@link #wanted}.
     */
    RefinedEvaluation.Options options() throws UsageException {
        Picocli.atLeast("--refine", refine, 1);
        Picocli.atLeast("--threads", threads, 1);
        String p = prior != null ? prior : start.equals("truth") ? "none" : "cnn";
        if (!p.equals("cnn") && !p.equals("none")) {
            throw new UsageException("--refine-prior must be cnn or none, got '" + p + "'");
        }
        if (priorWidth != null && !p.equals("cnn")) {
            throw new UsageException("--refine-prior-width needs --refine-prior cnn");
        }
        double width = priorWidth == null ? WIDTH_FACTOR : Picocli.positive("--refine-prior-width", priorWidth);
        if (p.equals("cnn") && start.equals("truth")) {
            throw new UsageException("--refine-prior cnn centres the prior on the network's prediction; it cannot be"
                    + " combined with --refine-start truth");
        }
        if (release && !p.equals("cnn")) {
            throw new UsageException("--refine-release releases the fits from the prior centred on the network's"
                    + " prediction; it needs --refine-prior cnn (the default from the network's start)");
        }
        Picocli.atLeast("--refine-moves", moves, 0);
        if (moves > 0 && !release) {
            throw new UsageException("--refine-moves chooses among the free fits of the released prior; it needs"
                    + " --refine-release");
        }
        Picocli.atLeast("--refine-move-fits", moveFits, 1);
        Picocli.atLeast("--refine-move-shifts", moveShifts, 0);
        if (moveShifts >= LabelLayout.WEIGHTS) {
            throw new UsageException("--refine-move-shifts must be below the " + LabelLayout.WEIGHTS
                    + " strain nodes, got " + moveShifts);
        }
        double[] stretches = moveStretches == null ? ProfileMoves.STRETCH_FACTORS : moveStretches;
        for (double f : stretches) {
            if (!(f > 0) || f == 1 || !Double.isFinite(f)) {
                throw new UsageException("--refine-move-stretches must be finite, > 0 and ≠ 1, got " + f);
            }
        }
        if (moveShifts == 0 && stretches.length == 0) {
            throw new UsageException("--refine-move-shifts 0 needs a stretch factor");
        }
        if (!split.equals("test") && !split.equals("validation")) {
            throw new UsageException("--refine-split must be test or validation, got '" + split + "'");
        }
        String s = starts == null ? "mean" : starts;
        if (!s.equals("mean") && !s.equals("members")) {
            throw new UsageException("--refine-starts must be mean or members, got '" + s + "'");
        }
        if (s.equals("members") && start.equals("truth")) {
            throw new UsageException("--refine-starts members fits from each member's prediction; it cannot be"
                    + " combined with --refine-start truth");
        }
        double tolerance = choiceTolerance == null ? NearestMinimum.SIGMA_TOLERANCE
                : Picocli.nonNegative("--refine-choice-tolerance", choiceTolerance);
        return new RefinedEvaluation.Options(refine, start, threads, lamellae, !local, raw, poisson,
                p.equals("cnn") ? width : Double.NaN, split.equals("validation"), s.equals("members"), release,
                new ProfileMoves.Search(moves, moveFits, moveShifts, stretches), tolerance, allFits);
    }
}
