package strainlab.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --refine N} options of {@code evaluate} (a picocli mixin): which test curves are refined by least
 * squares, from what start, and how ({@link RefinedEvaluation}).
 */
final class RefineOptions {
    @Option(names = "--refine", paramLabel = "N", description = {
        "instead of the figures: refine the first N test curves from the network's",
        "prediction with analyze's fit (bounded LM, bell fallback) and score them beside",
        "the network alone; writes table2.json, curve-errors.csv, refined-curves.csv"})
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
    @Option(names = "--threads", paramLabel = "N",
            description = "curves refined at once with --refine (default: all cores)")
    private int threads = Runtime.getRuntime().availableProcessors();

    /** Whether {@code --refine} was given. */
    boolean wanted() {
        return refine != null;
    }

    /** The options given, checked ({@code --refine} and {@code --threads} ≥ 1); call only when {@link #wanted}. */
    RefinedEvaluation.Options options() throws UsageException {
        Picocli.atLeast("--refine", refine, 1);
        Picocli.atLeast("--threads", threads, 1);
        return new RefinedEvaluation.Options(refine, start, threads, lamellae, !local, raw, poisson);
    }
}
