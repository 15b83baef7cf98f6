package strainlab.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import strainlab.dataset.recipe.CurveLabels;
import strainlab.dataset.recipe.LabelLayout;
import strainlab.dataset.recipe.PaperRecipe;
import strainlab.dataset.recipe.ParameterRanges;
import strainlab.fit.CurveModel;
import strainlab.fit.MeasuredCurve;
import strainlab.io.MeasuredScan;
import strainlab.lsq.FitResult;
import strainlab.lsq.GaussianPrior;

/** The prior centred on a fit's start: its widths, its terms, and the fits and rankings that use it. */
class StartPriorTest {
    private static final ParameterRanges RANGES = ParameterRanges.preset("cnn2");
    private static final PaperRecipe PUBLISHED = new PaperRecipe(RANGES, PaperRecipe.Noise.PUBLISHED);

    /**
     * Curve 0 of the published-noise cnn2 recipe (seed 7) with its local analysis, and a start from its true labels
     * but 8 % thicker.
     */
    private record ThickerStart(float[] truth, MeasuredCurve data, Analysis analysis, CurveModel model,
                                double[] start) {
        static ThickerStart ofCurve0() {
            float[] truth = new float[LabelLayout.COUNT];
            MeasuredScan scan = publishedCurve(0, truth);
            MeasuredCurve data = MeasuredCurve.of(scan);
            Analysis a = Analysis.of(scan, RANGES.setup()).threads(1).globalSearch(false);
            CurveModel model = a.model(data);
            double[] start = TestSetRefinement.startParameters(model, data, CurveLabels.of(thicker(truth)));
            return new ThickerStart(truth, data, a, model, start);
        }
    }

    /** Curve {@code index} of the seed-7 published-noise cnn2 set as a scan; its true labels go into {@code truth}. */
    private static MeasuredScan publishedCurve(int index, float[] truth) {
        float[] input = new float[PUBLISHED.inputLength()];
        PUBLISHED.generate(7, index, input, truth);
        return TestSetRefinement.scan(input, RANGES, "curve " + index);
    }

    /** A copy of {@code labels} 8 % thicker. */
    private static float[] thicker(float[] labels) {
        float[] out = labels.clone();
        out[LabelLayout.THICKNESS_NM] *= 1.08f;
        return out;
    }

    private static StartPrior uniform(double w) {
        double[] weights = new double[LabelLayout.WEIGHTS];
        Arrays.fill(weights, w);
        return new StartPrior(weights, w, w, w, w);
    }

    @Test
    void widthsAreTheRobustSpreadOfTheNetworksErrors() {
        int n = 101;
        float[][] truth = new float[n][LabelLayout.COUNT];
        float[][] predicted = new float[n][LabelLayout.COUNT];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < LabelLayout.WEIGHTS; k++) {
                truth[i][k] = k == 4 ? 2f : 1f;
            }
            truth[i][LabelLayout.SCALE_DW] = 1;
            truth[i][LabelLayout.THICKNESS_NM] = 200 + 5 * i;
            truth[i][LabelLayout.FWHM_DEG] = 0.02f;
            truth[i][LabelLayout.DYNAMIC_RANGE] = 4;
            predicted[i] = truth[i].clone();
            // errors of ±s, with one in ten 20 times larger (outliers the median ignores)
            double sign = i % 2 == 0 ? 1 : -1;
            double big = i % 10 == 3 ? 20 : 1;
            predicted[i][0] += (float) (sign * big * 0.02 * 2);
            predicted[i][LabelLayout.SCALE_DW] += (float) (sign * big * 0.1);
            predicted[i][LabelLayout.THICKNESS_NM] = (float) (truth[i][LabelLayout.THICKNESS_NM] * (1 + sign * big
                    * 0.03));
            predicted[i][LabelLayout.FWHM_DEG] = (float) (0.02 * (1 + sign * big * 0.05));
            predicted[i][LabelLayout.DYNAMIC_RANGE] += (float) (sign * big * 0.07);
        }
        StartPrior p = StartPrior.of(predicted, truth);
        double[] w = p.labelWidths();
        assertEquals(1.4826 * 0.02, w[0], 1e-5, "w1 relative to the true e_max of 2 %");
        assertEquals(1e-6, w[1], 1e-12, "an exact label gets the floor");
        assertEquals(1.4826 * 0.1, p.scaleDwWidth(), 1e-5);
        assertEquals(1.4826 * 0.03, p.thicknessWidthRelative(), 1e-5);
        assertEquals(1.4826 * 0.05, p.fwhmWidthRelative(), 1e-4);
        assertEquals(1.4826 * 0.07, p.dynamicRangeWidthDecades(), 1e-5);
        assertEquals(2 * 1.4826 * 0.03, p.widened(2).thicknessWidthRelative(), 1e-5);
    }

    @Test
    void itsTermsAreCentredOnTheStartWithWidthsScaledByIt() {
        CurveFive c = CurveFive.make();
        CurveModel model = c.model();
        double[] start = c.start();
        double[] weights = c.weights();
        GaussianPrior prior = new StartPrior(weights, 0.2, 0.05, 0.1, 0.3).around(model, start, 0.04);
        assertEquals(0.04, prior.residualScale());
        assertEquals(LabelLayout.COUNT, prior.terms().size());
        assertEquals(0, prior.sumOfSquares(model, start), 1e-20, "the start is the prior's centre");
        double emax = Arrays.stream(model.strainWeightsPercent(start)).max().orElseThrow();
        double t = start[model.index(CurveModel.THICKNESS_NM)];
        for (GaussianPrior.Term term : prior.terms()) {
            String name = term.names().get(0);
            if (name.startsWith("strain_w")) {
                int k = Integer.parseInt(name.replaceAll("\\D", "")) - 1;
                assertEquals(0.01 * (k + 1) * emax, term.width(), 1e-12, name);
            }
        }
        double[] moved = start.clone();
        moved[model.index(CurveModel.THICKNESS_NM)] = 1.1 * t;
        assertEquals(0.04 * 0.04 * 4, prior.sumOfSquares(model, moved), 1e-9, "10 % off at a 5 % width: z = 2");
        double[] brighter = start.clone();
        brighter[model.index(CurveModel.LOG10_SCALE)] += 0.3;
        brighter[model.index(CurveModel.LOG10_BACKGROUND)] += 0.3;
        assertEquals(0, prior.sumOfSquares(model, brighter), 1e-12, "DR is the difference of scale and background");
        brighter[model.index(CurveModel.LOG10_BACKGROUND)] -= 0.3;
        assertEquals(0.04 * 0.04, prior.sumOfSquares(model, brighter), 1e-9, "0.3 decades at a 0.3 width: z = 1");
        assertThrows(IllegalArgumentException.class, () -> uniform(0));
        assertThrows(IllegalArgumentException.class, () -> new StartPrior(new double[3], 1, 1, 1, 1));
    }

    @Test
    void aPriorOfInfiniteWidthReproducesTheFitWithoutOne() {
        float[] truth = new float[LabelLayout.COUNT];
        MeasuredScan scan = publishedCurve(0, truth);
        float[] start = thicker(truth);
        TestSetRefinement.Curve plain = TestSetRefinement.refine(0, 0, scan, CurveLabels.of(start), RANGES.setup(), 1,
                60, "cnn", TestSetRefinement.FitOptions.ANALYZE, null);
        TestSetRefinement.Curve wide = TestSetRefinement.refine(0, 0, scan, CurveLabels.of(start), RANGES.setup(), 1,
                60, "cnn", TestSetRefinement.FitOptions.ANALYZE, uniform(0.05).widened(Double.POSITIVE_INFINITY));
        assertArrayEquals(plain.labels(), wide.labels(), 0f);
        assertEquals(plain.sigmaI(), wide.sigmaI(), 0);
        assertEquals(plain.winner(), wide.winner());
        assertEquals(0, wide.priorMeanSquare());
    }

    @Test
    void aNarrowPriorHoldsTheStartAndTheDataMisfitIsStillReportedAsSigmaI() {
        ThickerStart f = ThickerStart.ofCurve0();
        AnalysisResult free = f.analysis().start(f.start(), "cnn").run();
        AnalysisResult held = f.analysis().start(f.start(), "cnn").prior(uniform(1e-4)).run();
        double t0 = f.start()[f.model().index(CurveModel.THICKNESS_NM)];
        double tFree = free.fit().get(CurveModel.THICKNESS_NM);
        double tHeld = held.fit().get(CurveModel.THICKNESS_NM);
        assertTrue(Math.abs(tFree / f.truth()[LabelLayout.THICKNESS_NM] - 1) < 0.04, "free " + tFree);
        assertEquals(1, tHeld / t0, 1e-3, "held " + tHeld);
        assertTrue(held.sigmaI() > free.sigmaI(), held.sigmaI() + " vs " + free.sigmaI());
        assertEquals(f.data().sigmaI(f.model().evaluate(held.fit().values())), held.sigmaI(), 1e-9);
        assertTrue(held.fit().priorMeanSquare() > 0);
    }

    @Test
    void theLabelScoreIsThePriorsSumOfSquaresInItsStandardScores() {
        CurveFive c = CurveFive.make();
        CurveModel model = c.model();
        double[] start = c.start();
        double[] weights = c.weights();
        StartPrior p = new StartPrior(weights, 0.2, 0.05, 0.1, 0.3);
        GaussianPrior prior = p.around(model, start, 0.04);
        double[] moved = start.clone();
        moved[model.index(CurveModel.THICKNESS_NM)] *= 1.1;
        moved[model.index(CurveModel.strainWeight(3))] += 0.2;
        moved[model.index(CurveModel.SCALE_DW)] += 0.1;
        moved[model.index(CurveModel.FWHM_THETA_DEG)] *= 0.9;
        moved[model.index(CurveModel.LOG10_BACKGROUND)] -= 0.2;
        float[] centre = TestSetRefinement.labels(model, start).toFloats();
        float[] labels = TestSetRefinement.labels(model, moved).toFloats();
        double expected = prior.sumOfSquares(model, moved) / (0.04 * 0.04);
        assertTrue(expected > 5, "thickness z = 2, and the other moved labels: " + expected);
        assertEquals(expected, p.scoreSquared(centre, labels), 1e-4 * expected);
        assertEquals(0, p.scoreSquared(centre, centre));
        assertThrows(IllegalArgumentException.class, () -> p.scoreSquared(new float[3], centre));
    }

    @Test
    void aReleasedPriorPicksTheBasinAndTheFitThenReachesTheFreeMinimum() {
        ThickerStart f = ThickerStart.ofCurve0();
        AnalysisResult held = f.analysis().start(f.start(), "cnn").prior(uniform(1e-4)).run();
        AnalysisResult released = f.analysis().start(f.start(), "cnn").prior(uniform(1e-4)).priorRelease(true).run();
        double tHeld = held.fit().get(CurveModel.THICKNESS_NM);
        double tReleased = released.fit().get(CurveModel.THICKNESS_NM);
        assertEquals(1, tHeld / f.start()[f.model().index(CurveModel.THICKNESS_NM)], 1e-3, "held " + tHeld);
        assertTrue(Math.abs(tReleased / f.truth()[LabelLayout.THICKNESS_NM] - 1) < 0.04, "released " + tReleased);
        assertTrue(released.sigmaI() < 0.8 * held.sigmaI(), released.sigmaI() + " vs " + held.sigmaI());
        assertEquals(f.data().sigmaI(f.model().evaluate(released.fit().values())), released.sigmaI(), 1e-9);
        assertEquals(0, released.fit().priorMeanSquare(), "the kept fit has no prior");
        assertTrue(released.startMethod().contains("prior released"), released.startMethod());
        AnalysisResult noPrior = f.analysis().start(f.start(), "cnn").prior(null).priorRelease(true).run();
        assertFalse(noPrior.startMethod().contains("prior released"), "no prior, nothing to release");
    }

    @Test
    void fitsAreRankedByMisfitPlusPrior() {
        List<String> names = List.of("a");
        FitResult lowSigma = new FitResult(names, new double[]{1}, new double[]{0}, new boolean[1], 0.09,
                new double[1], 1, 0, "lm", List.of(), List.of(), 0.01);
        FitResult lowCost = new FitResult(names, new double[]{2}, new double[]{0}, new boolean[1], 0.10,
                new double[1], 1, 0, "lm", List.of(), List.of(), 0.0);
        assertEquals(2, Analysis.merge(lowSigma, lowCost, "cnn", "").get("a"));
        assertEquals(2, Analysis.merge(lowCost, lowSigma, "cnn", "").get("a"));
        FitResult noPrior = new FitResult(names, new double[]{3}, new double[]{0}, new boolean[1], 0.09,
                new double[1], 1, 0, "lm", List.of(), List.of());
        assertEquals(3, Analysis.merge(lowCost, noPrior, "cnn", "").get("a"), "without a prior: the lower σ_I");
    }

    /** Curve 5 of the seed-7 published-noise set: its model, the parameters of its true labels, widths 0.01·(k+1). */
    private record CurveFive(CurveModel model, double[] start, double[] weights) {
        static CurveFive make() {
            float[] truth = new float[LabelLayout.COUNT];
            MeasuredScan scan = publishedCurve(5, truth);
            MeasuredCurve data = MeasuredCurve.of(scan);
            CurveModel model = Analysis.of(scan, RANGES.setup()).model(data);
            double[] weights = new double[LabelLayout.WEIGHTS];
            for (int k = 0; k < weights.length; k++) {
                weights[k] = 0.01 * (k + 1);
            }
            return new CurveFive(model, TestSetRefinement.startParameters(model, data, CurveLabels.of(truth)),
                    weights);
        }
    }
}
