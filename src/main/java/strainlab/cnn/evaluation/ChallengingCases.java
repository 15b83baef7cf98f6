package strainlab.cnn.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import strainlab.cnn.TrainedModel;
import strainlab.dataset.recipe.CurveLabels;
import strainlab.dataset.recipe.LabelLayout;
import strainlab.dataset.recipe.PaperRecipe;
import strainlab.instrument.PoissonNoise;
import strainlab.profile.RandomStrainProfiles;

/**
 * The challenging cases of §3.6: mirrored left- and right-tailed strain profiles at decreasing maximum strain
 * (fig. 8) and a heavily damaged layer (DWmin = 0.05) buried at increasing depth (fig. 9). Each case is a label
 * vector built here, simulated into a network input, predicted, and compared ({@link ExampleCase}).
 *
 * <p><b>Profiles.</b> A shape is an asymmetric Gaussian in depth d below the surface,
 * {@code exp(−½((d − μ)/σ)²)} with σ = σ_surface for d &lt; μ and σ_deep beyond, sampled on the N+1 nodes and
 * fitted with the recipe's 13 'abrupt' weights of which the first 3 are dropped (as the training recipe does);
 * negative weights are set to 0 and the weights scaled so that the largest equals e_max (the recipe's label
 * convention). The right-tailed shape has μ = 0.25 t, σ_surface = 0.08 t, σ_deep = 0.25 t; the left-tailed one is
 * its mirror image about mid-depth (μ = 0.75 t, σ_surface = 0.25 t, σ_deep = 0.08 t), so both vanish at the surface
 * side and at the interface. The buried layers are symmetric Gaussians of σ = 0.08 t. DW follows the tied rule,
 * so its minimum sits at the strain maximum.
 *
 * <p><b>Inputs.</b> The curve is the recipe's rendering of the labels as a training curve (θ range from the
 * case's e_max plus margins, referenced to θB), with
 * counting noise drawn on the network grid: counts {@code background·10^(log10 I/Imax)·(10^DR + 1)}, Poisson
 * sampled with a seeded generator inside the scanned range, zero counts replaced by the smallest non-zero count and
 * the range outside the scan filled with the minimum, as the recipe does. {@code background = 0} gives the noise-free
 * curve.
 */
public final class ChallengingCases {
    /** Fig. 8 layer thickness, nm. */
    public static final double MIRRORED_THICKNESS_NM = 400;
    private static final double[] MIRRORED_STRAINS_PERCENT = {2.0, 1.5, 1.0, 0.5};
    /** Fig. 9 DWmin of the buried layer. */
    public static final double BURIED_DW_MIN = 0.05;

    /** θ-range margin of the rendered cases (the middle of the recipe's [0.002, 0.025]). */
    public static final double MARGIN = 0.0135;

    private final PaperRecipe recipe;
    private final double dwMin;
    private final double fwhmDeg;
    private final double dynamicRange;
    private final double background;

    /**
     * Cases rendered with a recipe (material, lamellae, network grid) and fixed instrument settings.
     *
     * @param dwMin DWmin of the fig. 8 profiles
     * @param fwhmDeg resolution FWHM, degrees 2θ
     * @param dynamicRange DR = log10(scale/background)
     * @param background background counts of the noise (0: noise-free curves)
     */
    public ChallengingCases(PaperRecipe recipe, double dwMin, double fwhmDeg, double dynamicRange, double background) {
        if (!(dwMin > 0 && dwMin <= 1)) {
            throw new IllegalArgumentException("dwMin must lie in (0, 1], got " + dwMin);
        }
        if (!(fwhmDeg > 0) || !(dynamicRange > 0) || !(background >= 0)) {
            throw new IllegalArgumentException("fwhmDeg and dynamicRange must be > 0 and background >= 0, got "
                    + fwhmDeg + ", " + dynamicRange + ", " + background);
        }
        this.recipe = recipe;
        this.dwMin = dwMin;
        this.fwhmDeg = fwhmDeg;
        this.dynamicRange = dynamicRange;
        this.background = background;
    }

    /** Fig. 8 maximum strains: 2, 1.5, 1 and 0.5 %. */
    public static double[] mirroredStrainsPercent() {
        return MIRRORED_STRAINS_PERCENT.clone();
    }

    /** The paper's settings: DWmin 0.5 for fig. 8, H = 0.01°, DR = 5, background 10 counts. */
    public static ChallengingCases paper(PaperRecipe recipe) {
        return new ChallengingCases(recipe, 0.5, 0.01, 5.0, 10.0);
    }

    /** Smooth weights in % (largest = e_max) fitted to an asymmetric Gaussian in depth (fractions of t). */
    public double[] weightsFor(double peakDepthFraction, double sigmaSurfaceFraction, double sigmaDeepFraction,
            double strainMaxPercent) {
        int n = recipe.ranges().lamellae();
        double[] shape = new double[n + 1];
        for (int j = 0; j <= n; j++) {
            double depth = 1.0 - (double) j / n;
            double s = depth < peakDepthFraction ? sigmaSurfaceFraction : sigmaDeepFraction;
            double u = (depth - peakDepthFraction) / s;
            shape[j] = Math.exp(-0.5 * u * u);
        }
        double[] fit = RandomStrainProfiles.forLamellae(n).fitAbruptWeights(shape);
        int drop = RandomStrainProfiles.DROPPED_WEIGHTS;
        double[] w = new double[fit.length - drop];
        double max = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.max(0, fit[i + drop]);
            max = Math.max(max, w[i]);
        }
        if (!(max > 0)) {
            throw new IllegalArgumentException("the shape has no positive weight");
        }
        for (int i = 0; i < w.length; i++) {
            w[i] *= strainMaxPercent / max;
        }
        return w;
    }

    /** Fig. 8 labels: 400 nm, right-tailed ({@code rightTailed}) or left-tailed, at each maximum strain. */
    public List<CurveLabels> mirrored(boolean rightTailed, double[] strainsPercent) {
        List<CurveLabels> out = new ArrayList<>();
        for (double e : strainsPercent) {
            double[] w = rightTailed ? weightsFor(0.25, 0.08, 0.25, e) : weightsFor(0.75, 0.25, 0.08, e);
            out.add(new CurveLabels(w, -Math.log(dwMin), MIRRORED_THICKNESS_NM, fwhmDeg, dynamicRange));
        }
        return out;
    }

    /** Fig. 9 labels: a layer of DWmin 0.05 whose strain peak lies at each depth fraction of a 400 nm layer. */
    public List<CurveLabels> buried(double[] peakDepthFractions, double strainMaxPercent) {
        List<CurveLabels> out = new ArrayList<>();
        for (double f : peakDepthFractions) {
            double[] w = weightsFor(f, 0.08, 0.08, strainMaxPercent);
            out.add(new CurveLabels(w, -Math.log(BURIED_DW_MIN), MIRRORED_THICKNESS_NM, fwhmDeg, dynamicRange));
        }
        return out;
    }

    /** The network input of a label vector (see the class comment), noise drawn with {@code seed}. */
    public float[] networkInput(CurveLabels labels, long seed) {
        double[] clean = recipe.curveFromLabels(labels, rendering(labels));
        float[] out = new float[clean.length];
        if (background == 0) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) clean[i];
            }
            return out;
        }
        float[] asFloat = new float[clean.length];
        for (int i = 0; i < clean.length; i++) {
            asFloat[i] = (float) clean[i];
        }
        int[] range = ExampleCase.signalRange(asFloat);
        SplittableRandom rng = new SplittableRandom(seed);
        double top = background * (Math.pow(10, dynamicRange) + 1);
        double[] counts = new double[clean.length];
        double minPositive = Double.POSITIVE_INFINITY;
        for (int k = range[0]; k <= range[1]; k++) {
            counts[k] = PoissonNoise.sample(top * Math.pow(10, clean[k]), rng);
            if (counts[k] > 0) {
                minPositive = Math.min(minPositive, counts[k]);
            }
        }
        if (minPositive == Double.POSITIVE_INFINITY) {
            throw new IllegalStateException("the noisy curve has no count");
        }
        double max = 0;
        for (int k = 0; k < counts.length; k++) {
            if (k < range[0] || k > range[1] || counts[k] == 0) {
                counts[k] = minPositive;
            }
            max = Math.max(max, counts[k]);
        }
        for (int k = 0; k < counts.length; k++) {
            out[k] = (float) Math.log10(counts[k] / max);
        }
        return out;
    }

    /**
     * The rendering of a case as a training curve: the θ range spans the case's own e_max plus margins of
     * {@value #MARGIN} on each side (the middle of the recipe's margin range), referenced to θB.
     */
    static PaperRecipe.Rendering rendering(CurveLabels labels) {
        return new PaperRecipe.Rendering(labels.strainMaxPercent(), MARGIN, MARGIN, false);
    }

    /**
     * Simulates, predicts and compares each case. Case k is named {@code names.get(k)} and its noise seeded by
     * {@code seed + k}.
     */
    public List<ExampleCase> predict(TrainedModel model, List<CurveLabels> truths, List<String> names, long seed) {
        if (truths.size() != names.size()) {
            throw new IllegalArgumentException("one name per case: " + truths.size() + " cases, " + names.size()
                    + " names");
        }
        if (model.inputLength() != recipe.inputLength()) {
            throw new IllegalArgumentException("model " + model.dir() + " expects " + model.inputLength()
                    + "-point curves; recipe " + recipe.ranges().name() + " renders " + recipe.inputLength());
        }
        float[][] inputs = new float[truths.size()][];
        for (int k = 0; k < inputs.length; k++) {
            inputs[k] = networkInput(truths.get(k), seed + k);
        }
        float[][] predicted = model.predict(inputs);
        LabelView truthView = LabelView.of(LabelLayout.names());
        LabelView predView = LabelView.of(model.labelNames());
        List<ExampleCase> out = new ArrayList<>();
        for (int k = 0; k < inputs.length; k++) {
            ExampleCase c = ExampleCase.of(names.get(k), recipe, inputs[k], truthView, truths.get(k).toFloats(),
                    predView, predicted[k]);
            out.add(c);
        }
        return out;
    }

    /**
     * The cases of the paper's figures 8 and 9 predicted by {@code model}: the right- and left-tailed mirrored
     * profiles at {@link #mirroredStrainsPercent()} (noise seeds from 1 and 11) and the buried layer peaking at 10, 30,
     * 50 and 70 % of the thickness (seeds from 21), in that order.
     */
    public List<List<ExampleCase>> paperFigures(TrainedModel model) {
        double[] strains = mirroredStrainsPercent();
        double[] depths = {0.1, 0.3, 0.5, 0.7};
        return List.of(predict(model, mirrored(true, strains), strainNames("right-tailed, ", strains), 1),
                predict(model, mirrored(false, strains), strainNames("left-tailed, ", strains), 11),
                predict(model, buried(depths, 1.0), depthNames(depths), 21));
    }

    /** Names "e_max = 2 %", … for the fig. 8 strains. */
    public static List<String> strainNames(String prefix, double[] strainsPercent) {
        List<String> out = new ArrayList<>();
        for (double e : strainsPercent) {
            out.add(String.format(Locale.ROOT, "%se_max = %.1f %%", prefix, e));
        }
        return out;
    }

    /** Names "peak at 40 nm", … for the fig. 9 depths. */
    public static List<String> depthNames(double[] peakDepthFractions) {
        List<String> out = new ArrayList<>();
        for (double f : peakDepthFractions) {
            out.add(String.format(Locale.ROOT, "damage peak at %.0f nm", f * MIRRORED_THICKNESS_NM));
        }
        return out;
    }
}
