package strainlab.dataset.recipe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import strainlab.crystal.DiffractionSetup;
import strainlab.dataset.ExpectedCounts;
import strainlab.dataset.ExpectedCountsSource;
import strainlab.dataset.recipe.ParameterRanges.Range;
import strainlab.diffraction.DynamicalDiffraction;
import strainlab.instrument.Background;
import strainlab.instrument.Convolution;
import strainlab.instrument.NetworkGrid;
import strainlab.instrument.PoissonNoise;
import strainlab.instrument.Resolution;
import strainlab.instrument.SimulatedCurve;
import strainlab.instrument.ThetaGrid;
import strainlab.instrument.XrdSimulator;
import strainlab.profile.DamageShapes;
import strainlab.profile.DepthProfiles;
import strainlab.profile.RandomStrainProfiles;

/**
 * The training-set recipe of Boulle &amp; Debelle (2023) as a {@link CurveSource}: per curve, random
 * parameters from {@link ParameterRanges}, the random strain profile of {@link RandomStrainProfiles} (smooth
 * convention, 10 weights in %), the tied DW rule, the dynamical recursion on the paper θ grid, the pseudo-Voigt
 * resolution ('same' convolution), {@code I = conv/max·scale + background}, counting noise, and the rescaled
 * log10 curve on the network grid (float32). Labels: {@link LabelLayout}.
 *
 * <p><b>Sampling order</b> (one {@link SplittableRandom} per curve, seeded by {@link #curveSeed(long, long)},
 * so curve {@code index} depends only on (seed, index), whatever the thread or call order): t (uniform among
 * the 10 nm steps), e_max, {@code scale_dw = −ln U(DWmin)}, FWHM, then (background = 10^U, scale = 10^U)
 * redrawn until {@code DR = log10(scale/background)} lies strictly inside the window, eps1, eps2, the relative
 * background slope (only when its range is not a single value), the strain profile of the recipe's family
 * ({@link Recipe.Family}), the independent DW profile (only for {@link Recipe.Dw#INDEPENDENT}), and finally the
 * counting noise and the read-out noise (only when its σ is not 0). The paper's presets draw exactly as before.
 *
 * <p><b>Noise</b>: {@link Noise#POISSON} (default) replaces I by Poisson(I), honest counting statistics;
 * {@link Noise#PUBLISHED} reproduces the published generator's {@code I + Poisson(I)} (mean 2I, variance I);
 * {@link Noise#NONE} keeps the expected intensity. The expected intensities of a curve, with what its scan and
 * rescaling need, can be stored with it ({@link #expectedCounts()}) so that the noise can be drawn again later.
 *
 * <p><b>Recursion kernel</b>: {@link DynamicalDiffraction.Kernel#VECTOR_FLOAT} by default (float32 SIMD, within
 * 1e-3 in log10 of float64 and typically 1e-5, far below the counting noise), or any other kernel of the physics
 * core; the kernel is part of {@link #describe()}. {@link #curveFromLabels} uses the same kernel.
 *
 * <p>The stages after sampling are the instrument's forward model ({@link XrdSimulator.Workspace}, with
 * {@link Convolution.Method#FFT} convolution). Thread-safe; each thread reuses its own workspace.
 */
public final class PaperRecipe implements ExpectedCountsSource {
    /** Version of the recipe's sampling and pipeline, stored in manifests; bump on any change of output. */
    public static final int RECIPE_VERSION = 1;

    /** Counting noise applied to the expected intensity I. */
    public enum Noise {
        /** Poisson(I): honest counting statistics (default). */
        POISSON,
        /** I + Poisson(I), as the published generator (mean 2I, variance I). */
        PUBLISHED,
        /** No noise: the expected intensity. */
        NONE;

        /** The counting noise of the forward model, null for {@link #NONE}. */
        PoissonNoise.Mode countingMode() {
            return switch (this) {
                case POISSON -> PoissonNoise.Mode.COUNTING;
                case PUBLISHED -> PoissonNoise.Mode.PUBLISHED_DOUBLED;
                case NONE -> null;
            };
        }

        /** The mode's name in manifests, model descriptions and reports: honest, published or none. */
        public String mode() {
            return this == POISSON ? "honest" : name().toLowerCase(Locale.ROOT);
        }

        /**
         * The noise of a mode name ({@code honest}, {@code published} or {@code none}; {@code poisson}, the name
         * older manifests used for honest noise, is accepted), case-insensitive.
         *
         * @throws IllegalArgumentException for any other name
         */
        public static Noise ofMode(String mode) {
            return switch (mode == null ? "" : mode.trim().toLowerCase(Locale.ROOT)) {
                case "honest", "poisson" -> POISSON;
                case "published" -> PUBLISHED;
                case "none" -> NONE;
                default -> throw new IllegalArgumentException("noise must be honest, published or none, got '"
                        + mode + "'");
            };
        }

        /** The normalised mode name of a recorded noise ({@link #mode()}), or "" when none is recorded. */
        public static String normalise(String recorded) {
            if (recorded == null || recorded.isBlank()) {
                return "";
            }
            try {
                return ofMode(recorded).mode();
            } catch (IllegalArgumentException e) {
                return recorded;
            }
        }
    }

    /**
     * How {@link #curveFromLabels(CurveLabels, Rendering)} draws a curve from labels: the θ grid spans a nominal
     * strain {@code strainSpanPercent} plus the margins, and the rescaled axis is referenced either to the
     * substrate Bragg angle (as training inputs) or to the angle of maximum intensity (as measured data).
     *
     * @param strainSpanPercent nominal e_max of the θ-grid rule, %
     * @param eps1 low-angle margin
     * @param eps2 high-angle margin
     * @param alignOnPeak reference the rescaled axis to the intensity maximum instead of θB
     */
    public record Rendering(double strainSpanPercent, double eps1, double eps2, boolean alignOnPeak) {
        /** The published {@code XRDfromNN}: nominal 8 %, eps1 = eps2 = 0.01, aligned on the peak maximum. */
        public static final Rendering PUBLISHED = new Rendering(8, 0.01, 0.01, true);
        /** As the training inputs: nominal 8 %, eps1 = eps2 = 0.01, referenced to the substrate θB. */
        public static final Rendering BRAGG = new Rendering(8, 0.01, 0.01, false);

        public Rendering {
            if (!(strainSpanPercent > 0) || !Double.isFinite(strainSpanPercent)) {
                throw new IllegalArgumentException("strainSpanPercent must be finite and > 0, got " + strainSpanPercent);
            }
            if (!(eps1 > 0) || !(eps2 > 0) || !Double.isFinite(eps1) || !Double.isFinite(eps2)) {
                throw new IllegalArgumentException("eps1 and eps2 must be finite and > 0, got " + eps1 + ", " + eps2);
            }
        }
    }

    /**
     * Accumulated time per stage of {@link #generate(long, long, float[], float[], StageTimes)}: CPU time of the
     * calling thread where the JVM measures it (robust on a shared machine), wall time otherwise.
     */
    public static final class StageTimes {
        /** Stage names, in pipeline order. */
        public static final List<String> STAGES = List.of("sample", "profiles", "recursion", "convolution",
                "noise", "rescale");
        private final long[] nanos = new long[STAGES.size()];
        private long curves;
        private long angles;

        /** Nanoseconds spent in stage {@code i} (order of {@link #STAGES}). */
        public long nanos(int i) {
            return nanos[i];
        }

        /** Number of curves timed. */
        public long curves() {
            return curves;
        }

        /** Total number of θ points simulated. */
        public long angles() {
            return angles;
        }

        /** Adds another accumulator into this one. */
        public void add(StageTimes o) {
            for (int i = 0; i < nanos.length; i++) {
                nanos[i] += o.nanos[i];
            }
            curves += o.curves;
            angles += o.angles;
        }
    }

    private static final int ST_SAMPLE = 0;
    private static final int ST_PROFILES = 1;
    private static final int ST_RECURSION = 2;
    private static final int ST_CONVOLUTION = 3;
    private static final int ST_NOISE = 4;
    private static final int ST_RESCALE = 5;

    /** The default recursion kernel for training-set generation. */
    public static final DynamicalDiffraction.Kernel DEFAULT_KERNEL = DynamicalDiffraction.Kernel.VECTOR_FLOAT;

    private final Recipe recipe;
    private final ParameterRanges ranges;
    private final Noise noise;
    private final DynamicalDiffraction.Kernel kernel;
    private final RandomStrainProfiles profileRecipe;
    private final double[] gridX;
    private final ExpectedCounts expectedCounts;
    private final ThreadLocal<Scratch> scratch;

    /** The recipe with honest Poisson noise. */
    public PaperRecipe(ParameterRanges ranges) {
        this(ranges, Noise.POISSON);
    }

    /** The recipe with the chosen noise and the default kernel. */
    public PaperRecipe(ParameterRanges ranges, Noise noise) {
        this(ranges, noise, DEFAULT_KERNEL);
    }

    /** The recipe with the chosen noise and recursion kernel. */
    public PaperRecipe(ParameterRanges ranges, Noise noise, DynamicalDiffraction.Kernel kernel) {
        this(Recipe.of(require(ranges, "ranges"), require(noise, "noise")), kernel);
    }

    /** A recipe ({@link Recipe}: file, preset or built in a notebook) with the default kernel. */
    public PaperRecipe(Recipe recipe) {
        this(recipe, DEFAULT_KERNEL);
    }

    /** A recipe with the chosen recursion kernel. */
    public PaperRecipe(Recipe recipe, DynamicalDiffraction.Kernel kernel) {
        if (kernel == null) {
            throw new IllegalArgumentException("kernel must be given");
        }
        this.recipe = require(recipe, "recipe");
        this.ranges = recipe.ranges();
        this.noise = recipe.noise();
        this.kernel = kernel;
        this.profileRecipe = RandomStrainProfiles.forLamellae(ranges.lamellae());
        this.gridX = networkGrid(ranges.gridPoints());
        this.expectedCounts = expectedCountsOf(recipe);
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(profileRecipe, gridX.length));
    }

    /** A preset ({@link Recipe#preset(String)}) with its recipe file's noise (honest Poisson). */
    public static PaperRecipe preset(String name) {
        return new PaperRecipe(Recipe.preset(name));
    }

    private static <T> T require(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must be given");
        }
        return value;
    }

    /**
     * The network grid: 1001 points on numpy {@code linspace(8, −1, 1001)} or 401 on {@code linspace(3, −1, 401)}
     * (rescaled strain, % / Å; index 0 is the largest-strain side).
     */
    public static double[] networkGrid(int points) {
        return NetworkGrid.ofPoints(points).x();
    }

    /** SplitMix64 finaliser. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The seed of curve {@code index}'s generator: {@code mix64(mix64(seed) + index·φ64)}. */
    public static long curveSeed(long seed, long index) {
        return mix64(mix64(seed) + index * 0x9E3779B97F4A7C15L);
    }

    /** The full recipe. */
    public Recipe recipe() {
        return recipe;
    }

    /** The ranges of this recipe. */
    public ParameterRanges ranges() {
        return ranges;
    }

    /** The noise of this recipe. */
    public Noise noise() {
        return noise;
    }

    /** The recursion kernel of this recipe. */
    public DynamicalDiffraction.Kernel kernel() {
        return kernel;
    }

    @Override
    public int inputLength() {
        return gridX.length;
    }

    @Override
    public List<String> labelNames() {
        return LabelLayout.names();
    }

    @Override
    public double[] inputGrid() {
        return gridX.clone();
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recipe", "boulle-debelle-2023");
        m.put("recipeVersion", RECIPE_VERSION);
        m.put("preset", ranges.name());
        m.put("noise", noise.mode());
        m.put("kernel", kernel.name().toLowerCase(Locale.ROOT));
        m.put("seeding", "curve i uses java.util.SplittableRandom(mix64(mix64(seed) + i*0x9E3779B97F4A7C15))");
        m.put("labels", LabelLayout.names());
        m.put("input", "log10(I/max) on the network grid, float32");
        m.put("ranges", ranges.describe());
        if (!recipe.isShippedPreset()) {
            m.put("recipeFile", RecipeJson.tree(recipe));
            m.put("recipeSha256", recipe.sha256());
        }
        return m;
    }

    @Override
    public void generate(long seed, long index, float[] input, float[] labels) {
        generate(seed, index, input, labels, (StageTimes) null);
    }

    /**
     * The layout of this recipe's expected-count rows: room for the longest scan its ranges allow (largest e_max
     * and margins), its θ step, setup and read-out noise.
     */
    @Override
    public ExpectedCounts expectedCounts() {
        return expectedCounts;
    }

    private static ExpectedCounts expectedCountsOf(Recipe recipe) {
        ParameterRanges r = recipe.ranges();
        DiffractionSetup setup = r.setup();
        double thB = setup.braggAngleRad();
        double start = ThetaGrid.paperStartDeg(thB, r.strainMaxPercent().max(), r.thetaMargin().max()) * Math.PI / 180;
        double stop = ThetaGrid.paperStopDeg(thB, r.thetaMargin().max()) * Math.PI / 180;
        int points = ThetaGrid.arangeCount(start, stop, r.thetaStepDeg() * Math.PI / 180) + 2;
        return new ExpectedCounts(points, r.thetaStepDeg(), setup.wavelengthA(), setup.dSpacingA(), thB,
                recipe.readoutSigmaCounts());
    }

    /**
     * As {@link #generate(long, long, float[], float[])}, also writing the curve's expected-count row (layout
     * {@link #expectedCounts()}): the noise-free counts the noise was drawn from, on the curve's θ grid.
     */
    @Override
    public void generate(long seed, long index, float[] input, float[] labels, float[] expected) {
        if (expected == null || expected.length != expectedCounts.width()) {
            throw new IllegalArgumentException("expected: expected length " + expectedCounts.width() + ", got "
                    + (expected == null ? "none" : expected.length));
        }
        generate(seed, index, input, labels, (StageTimes) null);
        Scratch s = scratch.get();
        expectedCounts.writeRow(s.theta, s.forward.expected(), s.theta.length, gridX, expected);
    }

    /** As {@link #generate(long, long, float[], float[])}, adding the time of each stage to {@code times}. */
    public void generate(long seed, long index, float[] input, float[] labels, StageTimes times) {
        if (index < 0) {
            throw new IllegalArgumentException("index must be ≥ 0, got " + index);
        }
        if (input == null || input.length != gridX.length) {
            throw new IllegalArgumentException("input: expected length " + gridX.length + ", got "
                    + (input == null ? "none" : input.length));
        }
        if (labels == null || labels.length != LabelLayout.COUNT) {
            throw new IllegalArgumentException("labels: expected length " + LabelLayout.COUNT + ", got "
                    + (labels == null ? "none" : labels.length));
        }
        Scratch s = scratch.get();
        run(s, seed, index, times);
        System.arraycopy(s.input, 0, input, 0, input.length);
        LabelLayout.write(s.weightsPercent, s.scaleDw, s.thicknessNm, s.fwhmDeg, s.dynamicRange, labels);
    }

    /** The parameters drawn for curve {@code index} (no curve is computed). */
    public CurveParameters parameters(long seed, long index) {
        Scratch s = new Scratch(profileRecipe, gridX.length);
        SplittableRandom rng = new SplittableRandom(curveSeed(seed, index));
        sampleInto(rng, s);
        return s.toParameters(seed, index, ranges.pseudoVoigtEta());
    }

    /** The strain and DW profiles drawn for curve {@code index} (no curve is computed). */
    public DepthProfiles profiles(long seed, long index) {
        Scratch s = new Scratch(profileRecipe, gridX.length);
        sampleInto(new SplittableRandom(curveSeed(seed, index)), s);
        return profilesOf(s);
    }

    /**
     * Curve {@code index} with every intermediate: θ grid, raw reflectivity, expected and noisy intensities, and as
     * rescaled curve the stored network input (float32 values). Its parameters: {@link #parameters(long, long)}.
     */
    public SimulatedCurve simulate(long seed, long index) {
        Scratch s = new Scratch(profileRecipe, gridX.length);
        run(s, seed, index, null);
        double[] input = new double[gridX.length];
        for (int k = 0; k < input.length; k++) {
            input[k] = s.input[k];
        }
        double thB = ranges.setup().braggAngleRad();
        return new SimulatedCurve(s.theta, ThetaGrid.twoThetaDeg(s.theta), ThetaGrid.dqOverQ(s.theta, thB),
                s.forward.rawReflectivity(), s.forward.expected(), s.forward.counts(),
                NetworkGrid.ofPoints(gridX.length), input);
    }

    /**
     * Strain and DW on the N+1 nodes for a label vector (weights in % in the recipe's convention, tied DW rule).
     *
     * @throws IllegalStateException for an independent DW, whose shape is not a label
     */
    public DepthProfiles profilesFromLabels(CurveLabels labels) {
        if (recipe.dw() != Recipe.Dw.TIED) {
            throw new IllegalStateException("the labels do not hold the independent DW profile of recipe "
                    + ranges.name());
        }
        return DepthProfiles.withTiedDwScale(labels.thicknessNm() * 10.0, ranges.lamellae(), labels.weightsPercent(),
                recipe.convention(), labels.scaleDw());
    }

    /**
     * The noise-free network input (log10(I/max) on the grid) recomputed from a label vector, as the published
     * {@code XRDfromNN} ({@link Rendering#PUBLISHED}); background 1 and scale 10^DR (only their ratio matters).
     */
    public double[] curveFromLabels(CurveLabels labels) {
        return curveFromLabels(labels, Rendering.PUBLISHED);
    }

    /** As {@link #curveFromLabels(CurveLabels)} with an explicit rendering. */
    public double[] curveFromLabels(CurveLabels labels, Rendering rendering) {
        DiffractionSetup setup = ranges.setup();
        DepthProfiles p = profilesFromLabels(labels);
        double thB = setup.braggAngleRad();
        double[] theta = thetaGrid(thB, rendering.strainSpanPercent(), rendering.eps1(), rendering.eps2());
        XrdSimulator.Workspace w = new XrdSimulator.Workspace();
        w.reflectivity(setup, p, theta, kernel)
                .convolve(Resolution.paper(labels.fwhmDeg(), ranges.pseudoVoigtEta()), Convolution.Method.FFT)
                .scaled(Math.pow(10, labels.dynamicRange()), Background.constant(1.0))
                .noise(null, null);
        double[] out = new double[gridX.length];
        w.rescale(gridX, setup, rendering.alignOnPeak() ? w.peakThetaRad() : thB, out);
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) out[i];
        }
        return out;
    }

    /** Draws the scalar parameters and the normalised profile weights, in the documented order. */
    private void sampleInto(RandomGenerator rng, Scratch s) {
        ParameterRanges r = ranges;
        s.thicknessNm = r.thicknessAt(rng.nextDouble());
        s.strainMaxPercent = r.strainMaxPercent().at(rng.nextDouble());
        s.scaleDw = -Math.log(r.dwMin().at(rng.nextDouble()));
        s.fwhmDeg = r.fwhmDeg().at(rng.nextDouble());
        int draws = 0;
        double bkg;
        double scale;
        double dr;
        do {
            draws++;
            bkg = Math.pow(10, r.log10Background().at(rng.nextDouble()));
            scale = Math.pow(10, r.log10Scale().at(rng.nextDouble()));
            dr = Math.log10(scale / bkg);
        } while (!(dr > r.dynamicRange().min() && dr < r.dynamicRange().max()));
        s.background = bkg;
        s.scale = scale;
        s.dynamicRange = dr;
        s.backgroundDraws = draws;
        s.eps1 = r.thetaMargin().at(rng.nextDouble());
        s.eps2 = r.thetaMargin().at(rng.nextDouble());
        Range slope = recipe.backgroundSlopePerDeg();
        s.backgroundSlopePerDeg = slope.width() > 0 ? slope.at(rng.nextDouble()) * bkg : slope.min() * bkg;
        switch (recipe.family()) {
            case PAPER_SPLINE -> profileRecipe.sampleInto(s.thicknessNm, rng, s.profile, s.weights);
            case BIMODAL -> DamageShapes.bimodal(rng, recipe.convention(), s.weights);
            case PLATEAU -> DamageShapes.plateau(rng, recipe.convention(), s.weights);
        }
        for (int k = 0; k < s.weights.length; k++) {
            s.weightsPercent[k] = s.weights[k] * s.strainMaxPercent;
        }
        if (recipe.dw() == Recipe.Dw.INDEPENDENT) {
            profileRecipe.sampleInto(s.thicknessNm, rng, s.dwProfile, s.dwWeights);
            for (int k = 0; k < s.dwWeights.length; k++) {
                s.dwWeights[k] = Math.exp(-s.scaleDw * s.dwWeights[k]);
            }
        }
    }

    /** Strain and DW on the nodes for the sampled values: the recipe's convention and DW rule. */
    private DepthProfiles profilesOf(Scratch s) {
        double tA = s.thicknessNm * 10.0;
        if (recipe.dw() == Recipe.Dw.INDEPENDENT) {
            return DepthProfiles.withSplineDw(tA, ranges.lamellae(), s.weightsPercent, s.dwWeights,
                    recipe.convention());
        }
        return DepthProfiles.withTiedDwScale(tA, ranges.lamellae(), s.weightsPercent, recipe.convention(), s.scaleDw);
    }

    private void run(Scratch s, long seed, long index, StageTimes times) {
        long t0 = times == null ? 0 : clock();
        SplittableRandom rng = new SplittableRandom(curveSeed(seed, index));
        sampleInto(rng, s);
        long t1 = lap(times, ST_SAMPLE, t0);

        DiffractionSetup setup = ranges.setup();
        s.profiles = profilesOf(s);
        double thB = setup.braggAngleRad();
        s.theta = thetaGrid(thB, s.strainMaxPercent, s.eps1, s.eps2);
        long t2 = lap(times, ST_PROFILES, t1);

        s.forward.reflectivity(setup, s.profiles, s.theta, kernel);
        long t3 = lap(times, ST_RECURSION, t2);

        s.forward.convolve(Resolution.paper(s.fwhmDeg, ranges.pseudoVoigtEta()), Convolution.Method.FFT)
                .scaled(s.scale, new Background(s.background, s.backgroundSlopePerDeg));
        long t4 = lap(times, ST_CONVOLUTION, t3);

        s.forward.noise(noise.countingMode(), rng).readout(recipe.readoutSigmaCounts(), rng);
        long t5 = lap(times, ST_NOISE, t4);

        s.forward.rescale(gridX, setup, thB, s.rescaled);
        for (int k = 0; k < s.input.length; k++) {
            s.input[k] = (float) s.rescaled[k];
        }
        lap(times, ST_RESCALE, t5);
        if (times != null) {
            times.curves++;
            times.angles += s.theta.length;
        }
    }

    /**
     * The paper θ grid ({@link ThetaGrid} rule) for a nominal strain span and margins, with this recipe's step.
     */
    double[] thetaGrid(double thetaB, double strainSpanPercent, double eps1, double eps2) {
        double start = ThetaGrid.paperStartDeg(thetaB, strainSpanPercent, eps1) * Math.PI / 180;
        double stop = ThetaGrid.paperStopDeg(thetaB, eps2) * Math.PI / 180;
        double step = ranges.thetaStepDeg() * Math.PI / 180;
        int m = ThetaGrid.arangeCount(start, stop, step);
        if (m < 2) {
            throw new IllegalStateException("the θ grid has " + m + " points for e = " + strainSpanPercent
                    + " %, eps1 = " + eps1 + ", eps2 = " + eps2);
        }
        return ThetaGrid.uniform(start, step, m);
    }

    private static long lap(StageTimes times, int stage, long since) {
        if (times == null) {
            return 0;
        }
        long now = clock();
        times.nanos[stage] += now - since;
        return now;
    }

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();
    private static final boolean CPU_CLOCK = THREADS.isCurrentThreadCpuTimeSupported();

    /** Thread CPU time in ns if supported, else wall time (only differences are used). */
    private static long clock() {
        return CPU_CLOCK ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** Per-thread buffers and the sampled values of the current curve. */
    private static final class Scratch {
        final RandomStrainProfiles.Workspace profile;
        final double[] weights = new double[RandomStrainProfiles.WEIGHTS];
        final double[] weightsPercent = new double[RandomStrainProfiles.WEIGHTS];
        final RandomStrainProfiles.Workspace dwProfile;
        final double[] dwWeights = new double[RandomStrainProfiles.WEIGHTS];
        final XrdSimulator.Workspace forward = new XrdSimulator.Workspace();
        final float[] input;
        final double[] rescaled;
        double[] theta;
        DepthProfiles profiles;
        double thicknessNm;
        double strainMaxPercent;
        double scaleDw;
        double fwhmDeg;
        double background;
        double backgroundSlopePerDeg;
        double scale;
        double dynamicRange;
        int backgroundDraws;
        double eps1;
        double eps2;

        Scratch(RandomStrainProfiles recipe, int gridPoints) {
            profile = recipe.newWorkspace();
            dwProfile = recipe.newWorkspace();
            input = new float[gridPoints];
            rescaled = new double[gridPoints];
        }

        CurveParameters toParameters(long seed, long index, double eta) {
            RandomStrainProfiles.Workspace w = profile;
            RandomStrainProfiles.Draw draw = new RandomStrainProfiles.Draw(w.peakPositionA(), w.fwhmLeftA(),
                    w.fwhmRightA(), w.plateau(), w.plateauFraction(), weights, w.attempts());
            return new CurveParameters(seed, index, thicknessNm, strainMaxPercent, scaleDw, fwhmDeg, eta,
                    background, scale, dynamicRange, backgroundDraws, eps1, eps2, draw);
        }
    }
}
