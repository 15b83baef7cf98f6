package strainlab.dataset.recipe;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import strainlab.crystal.DiffractionSetup;
import strainlab.diffraction.DynamicalDiffraction;
import strainlab.profile.DepthProfiles;

/**
 * No NaN/Inf anywhere across the table-1 ranges, edges included (DWmin 0.001, e_max 8 %, t 1000 nm,
 * FWHM 0.003°). Two complementary checks:
 * <ul>
 *   <li>every corner of the (t, e_max, DWmin, FWHM) box of CNN1 through the full pipeline (profile, recursion
 *       on the whole θ grid, convolution, noise in both modes, rescale), several random profiles each;</li>
 *   <li>10⁵ random draws (property {@code strainlab.test.draws}) of parameters and profiles where each of t,
 *       e_max and DWmin is pinned to its lower or upper edge with probability 1/4 each; the strain and DW
 *       profiles are checked on all 501 nodes, and the recursion is run at the four angles where it is most
 *       demanding: the two ends of the curve's θ grid, the substrate Bragg angle and the angle of the layer's
 *       maximum strain (the full-grid convolution, noise and rescale are covered by the corners).</li>
 * </ul>
 */
class RecipeEdgesTest {

    @Test
    void cornersOfTable1ThroughTheWholePipelineAreFinite() {
        double[] t = {50, 1000};
        double[] e = {0.2, 8};
        double[] dw = {0.001, 1};
        double[] fwhm = {0.003, 0.1};
        float[] in = new float[1001];
        float[] lab = new float[14];
        for (double ti : t) {
            for (double ei : e) {
                for (double di : dw) {
                    for (double fi : fwhm) {
                        ParameterRanges r = ParameterRanges.cnn1().withName("corner")
                                .withThicknessNm(new ParameterRanges.Range(ti, ti), 10)
                                .withStrainMaxPercent(new ParameterRanges.Range(ei, ei))
                                .withDwMin(new ParameterRanges.Range(di, di))
                                .withFwhmDeg(new ParameterRanges.Range(fi, fi));
                        for (PaperRecipe.Noise noise : new PaperRecipe.Noise[]{PaperRecipe.Noise.POISSON,
                                PaperRecipe.Noise.PUBLISHED}) {
                            PaperRecipe recipe = new PaperRecipe(r, noise);
                            for (int i = 0; i < 2; i++) {
                                recipe.generate(17, i, in, lab);
                                String where = "t=" + ti + " e=" + ei + " DWmin=" + di + " FWHM=" + fi + " " + noise
                                        + " curve " + i;
                                for (float v : in) {
                                    if (!(Float.isFinite(v) && v <= 0)) {
                                        fail("bad input value " + v + " at " + where);
                                    }
                                }
                                for (float v : lab) {
                                    assertTrue(Float.isFinite(v), "bad label at " + where);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void manyRandomDrawsWithPinnedEdgesStayFinite() {
        int draws = Integer.getInteger("strainlab.test.draws", 100_000);
        PaperRecipe recipe = new PaperRecipe(ParameterRanges.cnn1());
        // each draw depends only on its index: run them on all cores
        IntStream.range(0, draws).parallel().forEach(i -> checkDraw(recipe, i));
    }

    private static void checkDraw(PaperRecipe recipe, int i) {
        ParameterRanges base = recipe.ranges();
        DiffractionSetup setup = base.setup();
        double thB = setup.braggAngleRad();
        double tan = Math.tan(thB);
        SplittableRandom pin = new SplittableRandom(PaperRecipe.curveSeed(123, i));
        CurveParameters p = recipe.parameters(2025, i);
        double tNm = pinned(pin, p.thicknessNm(), 50, 1000);
        double eMax = pinned(pin, p.strainMaxPercent(), 0.2, 8);
        double scaleDw = pinned(pin, p.scaleDw(), -Math.log(0.001), 0.0);
        double[] w = p.profile().weightsPercent(eMax);
        CurveLabels labels = new CurveLabels(w, scaleDw, tNm, p.fwhmDeg(), p.dynamicRange());
        DepthProfiles prof = recipe.profilesFromLabels(labels);
        for (int j = 0; j <= base.lamellae(); j++) {
            double s = prof.strainAt(j);
            double d = prof.dwAt(j);
            if (!(Double.isFinite(s) && s >= -1e-12 && s <= eMax / 100 * 1.5)) {
                fail("strain " + s + " at node " + j + " of draw " + i);
            }
            if (!(d > 0 && d <= 1)) {
                fail("DW " + d + " at node " + j + " of draw " + i);
            }
        }
        double[] grid = recipe.thetaGrid(thB, eMax, p.eps1(), p.eps2());
        double[] theta = {grid[0], thB - eMax / 100 * tan, thB, grid[grid.length - 1]};
        double[] r = DynamicalDiffraction.reflectivity(setup, prof, theta);
        for (int k = 0; k < r.length; k++) {
            if (!(Double.isFinite(r[k]) && r[k] >= 0 && r[k] <= 1 + 1e-9)) {
                fail("reflectivity " + r[k] + " at θ index " + k + " of draw " + i + " " + labels);
            }
        }
    }

    /** With probability 1/4 the low edge, 1/4 the high edge, else the drawn value. */
    private static double pinned(SplittableRandom rng, double drawn, double low, double high) {
        double u = rng.nextDouble();
        return u < 0.25 ? low : u < 0.5 ? high : drawn;
    }
}
