package strainlab.dataset.recipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import strainlab.dataset.recipe.Recipe.Dw;
import strainlab.dataset.recipe.Recipe.Family;
import strainlab.profile.DepthProfiles;
import strainlab.profile.SplineConvention;

/** The profile families and the independent DW keep their physical character after the spline. */
class ProfileFamiliesTest {
    private static final int CURVES = 60;
    private static final long SEED = 11;

    private static Recipe recipe(Family family, SplineConvention convention, Dw dw) {
        Recipe r = Recipe.preset("cnn3").withFamily(family).withConvention(convention).withDw(dw)
                .withDwMin(0.05, 0.5);
        return r.withRanges(r.ranges().withLamellae(200));
    }

    @ParameterizedTest
    @EnumSource(SplineConvention.class)
    void bimodalProfilesHaveTwoSeparatedMaxima(SplineConvention convention) {
        PaperRecipe p = new PaperRecipe(recipe(Family.BIMODAL, convention, Dw.TIED));
        for (int i = 0; i < CURVES; i++) {
            double[] e = p.profiles(SEED, i).strain();
            List<Integer> peaks = maxima(e, 0.2);
            assertEquals(2, peaks.size(), "curve " + i + ": maxima at nodes " + peaks);
            double dip = Double.POSITIVE_INFINITY;
            for (int j = peaks.get(0); j <= peaks.get(1); j++) {
                dip = Math.min(dip, e[j]);
            }
            double lower = Math.min(e[peaks.get(0)], e[peaks.get(1)]);
            assertTrue(dip < 0.8 * lower, "curve " + i + ": dip " + dip + " vs lower peak " + lower);
        }
    }

    @Test
    void plateauProfilesHaveAFlatTop() {
        PaperRecipe plateau = new PaperRecipe(recipe(Family.PLATEAU, SplineConvention.SMOOTH, Dw.TIED));
        PaperRecipe paper = new PaperRecipe(recipe(Family.PAPER_SPLINE, SplineConvention.SMOOTH, Dw.TIED));
        double paperMean = 0;
        for (int i = 0; i < CURVES; i++) {
            double[] e = plateau.profiles(SEED, i).strain();
            double top = topFraction(e, 0.98);
            assertTrue(top >= 0.2, "curve " + i + ": only " + top + " of the depth within 2 % of the maximum");
            assertEquals(1, maxima(e, 0.5).size(), "curve " + i + ": one top");
            paperMean += topFraction(paper.profiles(SEED, i).strain(), 0.98) / CURVES;
        }
        assertTrue(paperMean < 0.15, "the paper's profiles are peaked: mean top fraction " + paperMean);
    }

    @Test
    void anIndependentDwIsNotTiedToTheStrain() {
        PaperRecipe tied = new PaperRecipe(recipe(Family.PAPER_SPLINE, SplineConvention.SMOOTH, Dw.TIED));
        PaperRecipe free = new PaperRecipe(recipe(Family.PAPER_SPLINE, SplineConvention.SMOOTH, Dw.INDEPENDENT));
        float[] in1 = new float[tied.inputLength()];
        float[] in2 = new float[free.inputLength()];
        float[] l1 = new float[LabelLayout.COUNT];
        float[] l2 = new float[LabelLayout.COUNT];
        int untied = 0;
        for (int i = 0; i < CURVES; i++) {
            DepthProfiles a = tied.profiles(SEED, i);
            DepthProfiles b = free.profiles(SEED, i);
            assertArrayEquals(a.strain(), b.strain(), "the strain is drawn before the DW");
            double dwMin = Math.exp(-tied.parameters(SEED, i).scaleDw());
            for (double d : b.dw()) {
                assertTrue(d >= dwMin - 1e-12 && d <= 1 + 1e-12, "DW " + d + " outside [" + dwMin + ", 1]");
            }
            if (violatesTiedOrder(b.strain(), b.dw())) {
                untied++;
            }
            assertTrue(!violatesTiedOrder(a.strain(), a.dw()), "the tied DW decreases with the strain");
            tied.generate(SEED, i, in1, l1);
            free.generate(SEED, i, in2, l2);
            assertArrayEquals(l1, l2, "same labels");
        }
        assertTrue(untied >= CURVES * 0.8, "only " + untied + " of " + CURVES + " DW profiles are not tied");
    }

    @Test
    void theBackgroundSlopeAndReadOutNoiseActOnTheCounts() {
        Recipe flat = recipe(Family.PAPER_SPLINE, SplineConvention.SMOOTH, Dw.TIED).withNoise(PaperRecipe.Noise.NONE);
        PaperRecipe p0 = new PaperRecipe(flat);
        PaperRecipe sloped = new PaperRecipe(flat.withBackgroundSlopePerDeg(0.5, 0.5));
        PaperRecipe readout = new PaperRecipe(flat.withReadoutSigmaCounts(5));
        double sum2 = 0;
        int n = 0;
        for (int i = 0; i < 5; i++) {
            var a = p0.simulate(SEED, i);
            var b = sloped.simulate(SEED, i);
            double bkg = p0.parameters(SEED, i).background();
            double[] tt = a.twoThetaDeg();
            for (int k = 0; k < tt.length; k++) {
                double rise = bkg * 0.5 * (tt[k] - tt[0]);
                assertEquals(rise, b.expectedIntensity()[k] - a.expectedIntensity()[k], 1e-9 * (1 + rise));
            }
            var c = readout.simulate(SEED, i);
            for (int k = 0; k < tt.length; k++) {
                if (c.expectedIntensity()[k] > 50) {
                    double d = c.intensity()[k] - c.expectedIntensity()[k];
                    sum2 += d * d;
                    n++;
                }
            }
        }
        double sigma = Math.sqrt(sum2 / n);
        assertTrue(n > 500 && Math.abs(sigma - 5) < 0.5, "read-out σ " + sigma + " from " + n + " points");
    }

    /** Whether some node has more strain but also a higher DW than another (by more than 0.01). */
    private static boolean violatesTiedOrder(double[] e, double[] dw) {
        for (int j = 0; j < e.length; j += 4) {
            for (int k = 0; k < e.length; k += 4) {
                if (e[j] > e[k] + 1e-6 && dw[j] > dw[k] + 0.01) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Local maxima (ends included) above {@code floor}·max, a run of equal values counted once. */
    private static List<Integer> maxima(double[] e, double floor) {
        double max = 0;
        for (double v : e) {
            max = Math.max(max, v);
        }
        double tol = 1e-9 * max;
        List<Integer> out = new ArrayList<>();
        int j = 0;
        while (j < e.length) {
            int end = j;
            while (end + 1 < e.length && Math.abs(e[end + 1] - e[j]) <= tol) {
                end++;
            }
            boolean left = j == 0 || e[j - 1] < e[j] - tol;
            boolean right = end == e.length - 1 || e[end + 1] < e[j] - tol;
            if (left && right && e[j] > floor * max) {
                out.add(j);
            }
            j = end + 1;
        }
        return out;
    }

    private static double topFraction(double[] e, double level) {
        double max = 0;
        for (double v : e) {
            max = Math.max(max, v);
        }
        int n = 0;
        for (double v : e) {
            if (v >= level * max) {
                n++;
            }
        }
        return (double) n / e.length;
    }
}
