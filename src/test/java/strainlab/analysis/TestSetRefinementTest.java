package strainlab.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import strainlab.RunInterruptedException;
import strainlab.cnn.LabelledCurves;
import strainlab.cnn.evaluation.LabelView;
import strainlab.dataset.recipe.CurveLabels;
import strainlab.dataset.recipe.LabelLayout;
import strainlab.dataset.recipe.PaperRecipe;
import strainlab.dataset.recipe.ParameterRanges;
import strainlab.fit.CurveModel;
import strainlab.fit.MeasuredCurve;
import strainlab.io.MeasuredScan;

class TestSetRefinementTest {
    private static final ParameterRanges RANGES = ParameterRanges.preset("cnn2");
    private static final PaperRecipe NOISE_FREE = new PaperRecipe(RANGES, PaperRecipe.Noise.NONE);

    @Test
    void aTestCurveGoesBackOntoTheGeneratorsThetaSteps() {
        float[] input = new float[NOISE_FREE.inputLength()];
        float[] labels = new float[LabelLayout.COUNT];
        NOISE_FREE.generate(7, 3, input, labels);
        MeasuredScan scan = TestSetRefinement.scan(input, RANGES, "curve 3");
        double[] th = scan.axisValues();
        for (double t : th) {
            assertEquals(0, Math.abs(t / RANGES.thetaStepDeg() - Math.rint(t / RANGES.thetaStepDeg())), 1e-6);
        }
        double thB = Math.toDegrees(RANGES.setup().braggAngleRad());
        assertTrue(th[0] < thB && th[th.length - 1] > thB, th[0] + " .. " + th[th.length - 1]);
        assertTrue(scan.maxIntensity() > 0.5 && scan.maxIntensity() <= 1 + 1e-6, "max " + scan.maxIntensity());
    }

    @Test
    void labelsAndParametersConvertIntoEachOther() {
        float[] input = new float[NOISE_FREE.inputLength()];
        float[] labels = new float[LabelLayout.COUNT];
        NOISE_FREE.generate(7, 5, input, labels);
        MeasuredScan scan = TestSetRefinement.scan(input, RANGES, "curve 5");
        MeasuredCurve data = MeasuredCurve.of(scan);
        CurveModel model = Analysis.of(scan, RANGES.setup()).model(data);
        double[] p = TestSetRefinement.startParameters(model, data, CurveLabels.of(labels));
        assertArrayEquals(labels, TestSetRefinement.labels(model, p).toFloats(), 1e-5f);
    }

    @Test
    void theResultDoesNotDependOnTheNumberOfThreads() {
        LabelledCurves set = noiseFree(20, 3);
        float[][] start = startsOf(set, 1.08f);
        long[] source = {20, 21, 22};
        TestSetRefinement.Result one = TestSetRefinement.of(set, source, start, RANGES).threads(1).run();
        TestSetRefinement.Result two = TestSetRefinement.of(set, source, start, RANGES).threads(2).run();
        assertEquals(2, two.threads());
        assertEquals(0, one.failures());
        for (int i = 0; i < set.size(); i++) {
            assertArrayEquals(one.labels()[i], two.labels()[i], "curve " + i);
            assertEquals(one.curves().get(i).sigmaI(), two.curves().get(i).sigmaI());
            assertTrue(one.curves().get(i).sigmaI() < one.curves().get(i).startSigmaI());
        }
    }

    /**
     * Fitted from two starts (the true labels with the thickness 2 % and 40 % off, swapped between the first curve and
     * the others), each curve keeps the fit of lower σ_I, which is the fit a refinement from that start alone gives
     * (same seed), and names its start; on two threads as on one.
     */
    @Test
    void eachCurveKeepsTheFitOfLowestSigmaIAmongItsStarts() {
        LabelledCurves set = noiseFree(20, 3);
        long[] source = {20, 21, 22};
        float[][] near = startsOf(set, 1.02f);
        float[][] far = startsOf(set, 0.6f);
        float[][] nearFirst = {near[0], far[1], far[2]};
        float[][] farFirst = {far[0], near[1], near[2]};
        List<TestSetRefinement.Start> starts = List.of(new TestSetRefinement.Start("first", nearFirst),
                new TestSetRefinement.Start("others", farFirst));
        TestSetRefinement.Result both = TestSetRefinement.of(set, source, starts, RANGES).threads(2).run();
        List<TestSetRefinement.Result> alone = starts.stream()
                .map(s -> TestSetRefinement.of(set, source, List.of(s), RANGES).threads(1).run()).toList();
        assertEquals(0, both.failures());
        for (int i = 0; i < set.size(); i++) {
            TestSetRefinement.Curve a = alone.get(0).curves().get(i);
            TestSetRefinement.Curve b = alone.get(1).curves().get(i);
            TestSetRefinement.Curve lower = b.sigmaI() < a.sigmaI() ? b : a;
            TestSetRefinement.Curve kept = both.curves().get(i);
            String msg = "curve " + i + ": σ_I " + a.sigmaI() + " (first), " + b.sigmaI() + " (others)";
            assertEquals(lower == a ? "first" : "others", kept.start(), msg);
            assertEquals(lower.sigmaI(), kept.sigmaI(), msg);
            assertEquals(lower.startSigmaI(), kept.startSigmaI(), msg);
            assertArrayEquals(lower.labels(), kept.labels(), msg);
            assertTrue(kept.seconds() > 0, msg);
        }
        assertEquals(set.size(), both.startsKept().values().stream().mapToLong(Long::longValue).sum());
        assertEquals(2, both.startsKept().size());
        assertTrue(both.startsKept().values().stream().allMatch(n -> n > 0), "each start wins on some curve: "
                + both.startsKept());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestSetRefinement.of(set, source, List.of(starts.get(0), starts.get(0)), RANGES));
        assertTrue(e.getMessage().contains("distinct names"), e.getMessage());
    }

    /**
     * Started from the true labels with the strain profile moved one node (a wrong minimum the released fit keeps),
     * a round of profile moves refines the profile moved back and keeps it: a lower σ_I than without the moves, the
     * kept fit marked {@value TestSetRefinement#MOVED}, named after its start (noise-free curve 8 of seed 7); without
     * the release the moves are refused.
     */
    @Test
    void profileMovesLeaveAMinimumWithTheProfileOneNodeOff() {
        TestSetRefinement.Result without = shiftedProfile().fit(new TestSetRefinement.FitOptions(60, true, true, true, 0))
                .threads(2).run();
        TestSetRefinement.Result with = shiftedProfile().fit(new TestSetRefinement.FitOptions(60, true, true, true, 1))
                .threads(2).run();
        for (int i = 0; i < with.curves().size(); i++) {
            TestSetRefinement.Curve a = without.curves().get(i);
            TestSetRefinement.Curve b = with.curves().get(i);
            String msg = "curve " + i + ": σ_I " + a.sigmaI() + " without moves, " + b.sigmaI() + " with";
            assertEquals(TestSetRefinement.MOVED, b.winner(), msg);
            assertEquals("shifted", b.start(), msg);
            assertTrue(b.sigmaI() < 0.5 * a.sigmaI(), msg);
            assertTrue(b.startMethod().endsWith("; profile moved"), b.startMethod());
        }
        assertEquals(with.curves().size(), with.movedWins());
        assertEquals(0, without.movedWins());
        assertTrue(with.fits().isEmpty(), "every fit is kept only on request");
        assertThrows(IllegalArgumentException.class, () -> new TestSetRefinement.FitOptions(60, true, true, false, 1));
        assertThrows(IllegalArgumentException.class, () -> new TestSetRefinement.FitOptions(60, true, true, true, -1));
    }

    /**
     * With every fit kept, each curve lists the fits the last choice saw, exactly one of them marked kept: the
     * {@link NearestMinimum} choice over their σ_I and prior scores at the given tolerance (at 0: the lowest σ_I),
     * and {@value TestSetRefinement#FITS_FILE} has one row per fit.
     */
    @Test
    void theLastChoiceAmongAllFitsFollowsItsTolerance(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        TestSetRefinement.FitOptions moves = new TestSetRefinement.FitOptions(60, true, true, true, 1);
        for (double tolerance : new double[] {0, 0.02, 0.5}) {
            TestSetRefinement.Result r = shiftedProfile().fit(moves).choiceTolerance(tolerance).keepAllFits(true)
                    .threads(1).run();
            assertEquals(r.curves().size(), r.fits().size());
            for (int i = 0; i < r.curves().size(); i++) {
                List<TestSetRefinement.Candidate> fits = r.fits().get(i);
                String msg = "tolerance " + tolerance + ", curve " + i + ": " + fits.size() + " fits";
                assertTrue(fits.size() > 2, msg);
                double[] sigma = fits.stream().mapToDouble(c -> c.fit().sigmaI()).toArray();
                double[] score = fits.stream().mapToDouble(TestSetRefinement.Candidate::priorScore).toArray();
                int chosen = NearestMinimum.choose(sigma, score, tolerance);
                assertEquals(1, fits.stream().filter(TestSetRefinement.Candidate::kept).count(), msg);
                assertTrue(fits.get(chosen).kept(), msg);
                assertArrayEquals(fits.get(chosen).fit().labels(), r.curves().get(i).labels(), msg);
                if (tolerance == 0) {
                    assertEquals(java.util.Arrays.stream(sigma).min().orElseThrow(), r.curves().get(i).sigmaI(), msg);
                }
            }
            java.nio.file.Path csv = dir.resolve(tolerance + ".csv");
            float[][] truth = new float[r.curves().size()][LabelLayout.COUNT];
            r.writeFitsCsv(csv, truth, (t, p) -> 0.5);
            List<String> lines = java.nio.file.Files.readAllLines(csv);
            assertEquals(1 + r.fits().stream().mapToInt(List::size).sum(), lines.size());
            List<String> header = List.of(lines.get(0).split(","));
            int kept = header.indexOf("kept");
            int w1 = header.indexOf("label_w1");
            assertEquals(LabelLayout.names().stream().map(n -> "label_" + n).toList(),
                    header.subList(w1, w1 + LabelLayout.COUNT));
            int row = 1;
            for (List<TestSetRefinement.Candidate> fits : r.fits()) {
                for (TestSetRefinement.Candidate c : fits) {
                    String[] cells = lines.get(row++).split(",");
                    assertEquals(c.kept() ? "1" : "0", cells[kept]);
                    for (int j = 0; j < LabelLayout.COUNT; j++) {
                        float label = c.fit().labels()[j];
                        assertEquals(label, Float.parseFloat(cells[w1 + j]), 1e-6 * Math.abs(label), header.get(w1 + j));
                    }
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> shiftedProfile().choiceTolerance(-0.01));
        assertThrows(IllegalStateException.class, () -> shiftedProfile().fit(moves).threads(1).run()
                .writeFitsCsv(dir.resolve("none.csv"), new float[1][LabelLayout.COUNT], (t, p) -> 0));
    }

    /**
     * Noise-free curve 8 of seed 7, started from its true labels with the strain profile moved one node (a wrong
     * minimum the released fit keeps), under a narrow prior centred on that start.
     */
    private static TestSetRefinement shiftedProfile() {
        LabelledCurves set = noiseFree(8, 1);
        float[][] shifted = new float[set.size()][];
        for (int i = 0; i < set.size(); i++) {
            float[] truth = new float[LabelLayout.COUNT];
            set.readLabels(i, truth);
            shifted[i] = ProfileMoves.of(truth, ProfileMoves.STRETCH_FACTORS).get(1);
        }
        double[] narrow = new double[LabelLayout.WEIGHTS];
        java.util.Arrays.fill(narrow, 0.002);
        StartPrior prior = new StartPrior(narrow, 0.002, 0.002, 0.002, 0.002);
        return TestSetRefinement.of(set, new long[] {8}, List.of(new TestSetRefinement.Start("shifted", shifted)),
                RANGES).prior(prior);
    }

    private static TestSetRefinement.Curve fit(double sigmaI, float thicknessNm) {
        float[] l = new float[LabelLayout.COUNT];
        l[LabelLayout.THICKNESS_NM] = thicknessNm;
        return new TestSetRefinement.Curve(0, 0, l, 1, sigmaI, 10, 0, "", "s", "start", false, 0);
    }

    /**
     * The first round moves the kept fit, then the distinct fits of lowest σ_I: a fit of the same σ_I and thickness
     * as one taken (within 0.1 % and 0.5 %) is the same minimum and skipped; failed fits are never moved.
     */
    @Test
    void theFitsMovedFirstAreTheKeptOneThenDistinctMinimaByMisfit() {
        TestSetRefinement.Curve kept = fit(0.0102, 500);
        TestSetRefinement.Curve sameAsKept = fit(0.01020005, 500.5f);
        TestSetRefinement.Curve lowest = fit(0.0100, 400);
        TestSetRefinement.Curve sameAsLowest = fit(0.01000001, 401);
        TestSetRefinement.Curve third = fit(0.0150, 400);
        float[] nan = new float[LabelLayout.COUNT];
        java.util.Arrays.fill(nan, Float.NaN);
        TestSetRefinement.Curve failed = new TestSetRefinement.Curve(0, 0, nan, 1, Double.NaN, 10, 0, "", "s", "",
                false, 0);
        List<TestSetRefinement.Curve> fits = List.of(failed, third, sameAsLowest, kept, lowest, sameAsKept);
        assertEquals(List.of(kept), TestSetRefinement.movedFirst(fits, kept, 1));
        assertEquals(List.of(kept, lowest, third), TestSetRefinement.movedFirst(fits, kept, 5));
        assertEquals(List.of(kept, lowest), TestSetRefinement.movedFirst(fits, kept, 2));
        assertTrue(TestSetRefinement.movedFirst(fits, failed, 3).isEmpty());
        assertFalse(TestSetRefinement.sameMinimum(lowest, third));
        assertTrue(TestSetRefinement.sameMinimum(kept, sameAsKept));
    }

    @Test
    void anInterruptStopsThePoolAndEndsItsThreads() throws Exception {
        LabelledCurves set = noiseFree(0, 12);
        float[][] start = startsOf(set, 1.2f);
        long[] source = new long[set.size()];
        RuntimeException[] thrown = new RuntimeException[1];
        Thread caller = new Thread(() -> {
            try {
                TestSetRefinement.of(set, source, start, RANGES).threads(2).run();
            } catch (RuntimeException e) {
                thrown[0] = e;
            }
        });
        caller.start();
        Thread.sleep(300);
        caller.interrupt();
        caller.join(20_000);
        assertFalse(caller.isAlive());
        assertTrue(thrown[0] instanceof RunInterruptedException, String.valueOf(thrown[0]));
        assertTrue(thrown[0].getMessage().contains("of 12 curves; nothing was written"), thrown[0].getMessage());
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("strainlab-refine") && t.isAlive()));
    }

    /** {@code n} noise-free cnn2 curves of seed 7 from index {@code from}, as a labelled set. */
    private static LabelledCurves noiseFree(int from, int n) {
        float[][] inputs = new float[n][NOISE_FREE.inputLength()];
        float[][] truth = new float[n][LabelLayout.COUNT];
        for (int i = 0; i < n; i++) {
            NOISE_FREE.generate(7, from + i, inputs[i], truth[i]);
        }
        return new LabelledCurves() {
            @Override
            public int size() {
                return n;
            }

            @Override
            public int inputLength() {
                return inputs[0].length;
            }

            @Override
            public List<String> labelNames() {
                return LabelLayout.names();
            }

            @Override
            public void read(int index, float[] input, float[] labels) {
                System.arraycopy(inputs[index], 0, input, 0, input.length);
                System.arraycopy(truth[index], 0, labels, 0, labels.length);
            }
        };
    }

    /** The true labels of every curve with the thickness scaled by {@code factor}. */
    private static float[][] startsOf(LabelledCurves set, float factor) {
        float[][] start = new float[set.size()][LabelLayout.COUNT];
        for (int i = 0; i < start.length; i++) {
            set.readLabels(i, start[i]);
            start[i][LabelLayout.THICKNESS_NM] *= factor;
        }
        return start;
    }

    /**
     * The true labels of noise-free curves, refined by the automatic fit, come back: the fit's model renders the
     * test curves on the generator's θ steps, with the generator's grid parity (so its maximum is the generator's
     * sampled peak and {@code DR} converts with κ = 1). Curves 0, 5 and 8–11 of seed 7: resolutions of 0.03–0.09°
     * 2θ, several θ steps wide. What remains is the fit's coarser model (60 lamellae where the generator has 500)
     * and the substrate peak, interpolated onto the network grid and back. Both limit other curves: a resolution
     * narrower than about two θ steps comes back broader (the peak is smeared over the steps), and a thick, highly
     * strained layer (curve 1: 760 nm, 7 %) comes back thinner.
     */
    @Test
    void refiningFromTheTrueLabelsOfANoiseFreeCurveGivesThemBack() {
        LabelView view = LabelView.of(LabelLayout.names());
        for (long index : new long[] {0, 5, 8, 9, 10, 11}) {
            float[] input = new float[NOISE_FREE.inputLength()];
            float[] truth = new float[LabelLayout.COUNT];
            NOISE_FREE.generate(7, index, input, truth);
            MeasuredScan scan = TestSetRefinement.scan(input, RANGES, "curve " + index);
            TestSetRefinement.Curve c = TestSetRefinement.refine(0, index, scan, CurveLabels.of(truth),
                    RANGES.setup(), 1, 60, "truth", TestSetRefinement.FitOptions.ANALYZE, null);
            float[] r = c.labels();
            double strain = view.relativeStrainRms(truth, view, r);
            String msg = "curve " + index + ": start σ_I " + c.startSigmaI() + ", refined σ_I " + c.sigmaI()
                    + ", σe/e_max " + strain + "\n truth   " + CurveLabels.of(truth) + "\n refined " + CurveLabels.of(r);
            assertTrue(c.startSigmaI() < 0.06, msg);
            assertTrue(c.sigmaI() <= c.startSigmaI() + 1e-9, msg);
            assertEquals(1, r[LabelLayout.THICKNESS_NM] / truth[LabelLayout.THICKNESS_NM], 0.05, msg);
            assertEquals(1, r[LabelLayout.FWHM_DEG] / truth[LabelLayout.FWHM_DEG], 0.1, msg);
            assertEquals(truth[LabelLayout.DYNAMIC_RANGE], r[LabelLayout.DYNAMIC_RANGE], 0.05, msg);
            assertEquals(1, Math.exp(-r[LabelLayout.SCALE_DW]) / Math.exp(-truth[LabelLayout.SCALE_DW]), 0.05, msg);
            assertTrue(strain < 0.07, msg);
        }
    }

    @Test
    void aCurveRegeneratedFromTheSetsSeedIsTheStoredOneOnTheGeneratorsThetaGrid() {
        PaperRecipe published = new PaperRecipe(RANGES, PaperRecipe.Noise.PUBLISHED);
        float[] input = new float[published.inputLength()];
        float[] labels = new float[LabelLayout.COUNT];
        published.generate(7, 3, input, labels);
        MeasuredScan scan = TestSetRefinement.regenerated(published, 7, 3, input);
        strainlab.instrument.SimulatedCurve drawn = published.simulate(7, 3);
        assertArrayEquals(drawn.thetaDeg(), scan.axisValues(), 0);
        assertArrayEquals(drawn.intensity(), scan.intensity(), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestSetRefinement.regenerated(published, 8, 3, input));
        assertTrue(e.getMessage().contains("test curve 3: regenerated from seed 8, its network input differs"),
                e.getMessage());
    }
}
