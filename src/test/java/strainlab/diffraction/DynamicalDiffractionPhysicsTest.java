package strainlab.diffraction;

import org.junit.jupiter.api.Test;
import strainlab.crystal.DiffractionSetup;
import strainlab.crystal.StructureFactors;
import strainlab.profile.DepthProfiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Physics with known answers: Darwin curve, kinematical limit, strain shift, DW → 0. */
class DynamicalDiffractionPhysicsTest {
    /** The paper's ZrO2 004 at Cu Kα1. */
    static final DiffractionSetup ZRO2 = new DiffractionSetup(1.5406, 1.2858375, 136.06243,
            StructureFactors.of(new double[]{223.59852, 9.38724}, new double[]{120.31277, 9.38724},
                    new double[]{120.31277, 9.38724}));
    /** The same without absorption (imaginary parts 0). */
    static final DiffractionSetup ZRO2_NO_ABSORPTION = new DiffractionSetup(1.5406, 1.2858375, 136.06243,
            new StructureFactors(223.59852, 0, 120.31277, 0, 120.31277, 0));

    static double[] grid(double centre, double halfWidth, int n) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = centre - halfWidth + 2 * halfWidth * i / (n - 1);
        }
        return t;
    }

    @Test
    void perfectCrystalWithoutAbsorptionGivesTheDarwinCurve() {
        DiffractionSetup s = ZRO2_NO_ABSORPTION;
        double g = s.gamma();
        double sin2 = Math.sin(2 * s.braggAngleRad());
        double plateau = 2 * g * 120.31277 / sin2;           // total-reflection width in θ (rad)
        double centre = s.braggAngleRad() + g * 223.59852 / sin2; // refraction shift
        double[] theta = grid(centre, 3 * plateau, 6001);
        for (DynamicalDiffraction.Kernel k : DynamicalDiffraction.Kernel.values()) {
            double[] r = DynamicalDiffraction.reflectivity(s, DepthProfiles.perfectCrystal(), theta, k);
            double lo = Double.NaN;
            double hi = Double.NaN;
            double halfLo = Double.NaN;
            double halfHi = Double.NaN;
            for (int i = 0; i < theta.length; i++) {
                if (r[i] > 1 - 1e-6) {
                    assertEquals(1.0, r[i], 1e-6, "plateau at " + i);
                    lo = Double.isNaN(lo) ? theta[i] : lo;
                    hi = theta[i];
                }
                if (r[i] >= 0.5) {
                    halfLo = Double.isNaN(halfLo) ? theta[i] : halfLo;
                    halfHi = theta[i];
                }
            }
            assertEquals(plateau, hi - lo, 0.02 * plateau, k + ": total-reflection width");
            assertEquals(centre, (hi + lo) / 2, 0.01 * plateau, k + ": refraction shift of the centre");
            double fwhm = 3 / (2 * Math.sqrt(2)) * plateau;  // Darwin FWHM
            assertEquals(fwhm, halfHi - halfLo, 0.02 * fwhm, k + ": Darwin FWHM");
            // outside the plateau: R = (|η| − √(η²−1))²
            int i = 5500;
            double eta = (theta[i] - s.braggAngleRad()) * sin2 / (g * 120.31277) - 223.59852 / 120.31277;
            double expect = Math.pow(Math.abs(eta) - Math.sqrt(eta * eta - 1), 2);
            assertEquals(expect, r[i], ReferenceCurveTest.tolerance(k, 1e-12) * expect, k + ": Darwin tail");
        }
    }

    @Test
    void absorptionLowersThePlateauBelowOne() {
        double[] theta = grid(ZRO2.braggAngleRad() + 1e-4, 4e-4, 801);
        double[] r = DynamicalDiffraction.reflectivity(ZRO2, DepthProfiles.perfectCrystal(), theta);
        double max = 0;
        for (double v : r) {
            max = Math.max(max, v);
        }
        assertTrue(max < 0.999 && max > 0.7, "absorbing Darwin peak " + max);
    }

    @Test
    void thinWeaklyScatteringLayerAgreesWithTheKinematicalLimit() {
        // 3 % strain: the layer peak sits far from the substrate peak; thickness 780 Å gives A ≈ 0.05
        double e = 0.03;
        double t = 780;
        DiffractionSetup s = ZRO2_NO_ABSORPTION;
        double thB = s.braggAngleRad();
        double thLayer = thB - e * Math.tan(thB) + s.gamma() * 223.59852 / Math.sin(2 * thB);
        double fringe = s.wavelengthA() / (2 * t * Math.cos(thLayer)); // first zeros at ± this from the peak
        double[] theta = grid(thLayer, 3 * fringe, 3001);
        double[] r = DynamicalDiffraction.reflectivity(s, DepthProfiles.uniform(t, 100, e, 1.0), theta);
        int peak = 0;
        for (int i = 0; i < r.length; i++) {
            if (r[i] > r[peak]) {
                peak = i;
            }
        }
        double a = Math.PI * s.gamma() * 120.31277 * t / (s.wavelengthA() * Math.sin(thB - e * Math.tan(thB)));
        assertEquals(a * a, r[peak], 0.03 * a * a, "kinematical peak reflectivity A²");
        // first minima on either side, one fringe period from the peak
        int left = peak;
        while (left > 0 && r[left - 1] < r[left]) {
            left--;
        }
        int right = peak;
        while (right < r.length - 1 && r[right + 1] < r[right]) {
            right++;
        }
        assertEquals(2 * fringe, theta[right] - theta[left], 0.03 * 2 * fringe, "width between first zeros");
        assertEquals(thLayer, theta[peak], 0.02 * fringe, "layer peak position");
    }

    @Test
    void uniformStrainShiftsTheLayerPeakByMinusETanThetaB() {
        DiffractionSetup s = ZRO2;
        double thB = s.braggAngleRad();
        // η_re = 0 of the substrate: θB plus the refraction shift Γ·Re F0 / sin 2θB
        double centre = thB + s.gamma() * 223.59852 / Math.sin(2 * thB);
        for (double e : new double[]{0.005, 0.01, -0.004}) {
            double shift = -e * Math.tan(thB);
            double[] theta = grid(centre + shift / 2, Math.abs(shift) + 2e-3, 4001);
            double step = theta[1] - theta[0];
            double[] lay = DynamicalDiffraction.reflectivity(s, DepthProfiles.uniform(10_000, 100, e, 1.0), theta);
            int subIndex = (int) Math.round((centre - theta[0]) / step);
            int gap = (int) (0.5 * Math.abs(shift) / step);
            int layPeak = e > 0 ? argMax(lay, 0, subIndex - gap) : argMax(lay, subIndex + gap, lay.length);
            assertEquals(shift, theta[layPeak] - centre, 0.01 * Math.abs(shift), "e = " + e);
        }
    }

    @Test
    void vanishingDebyeWallerRemovesTheLayerSignal() {
        DiffractionSetup s = ZRO2;
        double thB = s.braggAngleRad();
        double[] theta = grid(thB - 0.01, 0.015, 1200);
        double[] sub = DynamicalDiffraction.reflectivity(s, DepthProfiles.perfectCrystal(), theta);
        double[] dark = DynamicalDiffraction.reflectivity(s, DepthProfiles.uniform(4000, 200, 0.01, 1e-6), theta);
        double[] bright = DynamicalDiffraction.reflectivity(s, DepthProfiles.uniform(4000, 200, 0.01, 1.0), theta);
        double worstDark = 0;
        double worstBright = 0;
        for (int i = 0; i < theta.length; i++) {
            worstDark = Math.max(worstDark, Math.abs(Math.log10(dark[i] / sub[i])));
            worstBright = Math.max(worstBright, Math.abs(Math.log10(bright[i] / sub[i])));
        }
        // the substrate wave still crosses the layer: only the layer's absorption-free transparency remains
        assertTrue(worstDark < 0.05, "DW = 1e-6 layer vs bare substrate: " + worstDark);
        assertTrue(worstBright > 1, "a DW = 1 layer must show: " + worstBright);
    }

    @Test
    void thickStronglyAbsorbingLayersDoNotOverflow() {
        // one lamella of 50 µm: e^{±iT√(η²−1)} would overflow a double in the textbook form
        DiffractionSetup s = ZRO2;
        double[] theta = grid(s.braggAngleRad(), 0.05, 999);
        for (DynamicalDiffraction.Kernel k : DynamicalDiffraction.Kernel.values()) {
            for (int n : new int[]{1, 3, 500}) {
                double[] r = DynamicalDiffraction.reflectivity(s, DepthProfiles.uniform(500_000, n, 0.02, 0.5), theta, k);
                for (int i = 0; i < r.length; i++) {
                    assertTrue(Double.isFinite(r[i]) && r[i] >= 0 && r[i] <= 1 + 1e-9, k + " N=" + n + " i=" + i + ": " + r[i]);
                }
            }
        }
    }

    @Test
    void emptyOrInvalidThetaGridIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DynamicalDiffraction.reflectivity(ZRO2, DepthProfiles.perfectCrystal(), new double[0]));
        assertTrue(e.getMessage().contains("thetaRad"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DynamicalDiffraction.reflectivity(ZRO2, DepthProfiles.perfectCrystal(), new double[]{0.5, Double.NaN}));
        assertTrue(e.getMessage().contains("thetaRad[1]"), e.getMessage());
    }

    static int argMax(double[] v, int from, int to) {
        int best = from;
        for (int i = from; i < to; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
