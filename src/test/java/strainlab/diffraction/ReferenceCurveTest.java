package strainlab.diffraction;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import strainlab.instrument.Background;
import strainlab.instrument.Intensity;
import strainlab.instrument.Resolution;
import strainlab.profile.DepthProfiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two RaDMaX references: profiles at the nodes, |X|², and the final curve, from their own inputs. */
class ReferenceCurveTest {

    static DepthProfiles profiles(ReferenceCase rc) {
        return DepthProfiles.withSplineDw(rc.thicknessA(), rc.lamellae(), rc.input("strain_weights_percent"),
                rc.input("DW_weights"), rc.convention());
    }

    @ParameterizedTest
    @ValueSource(strings = {"RaDMaX_YSZ", "RaDMaX_SiC-3C"})
    void profilesMatchReferenceNodesWithin1e12(String name) throws Exception {
        ReferenceCase rc = ReferenceCase.load(name);
        DepthProfiles p = profiles(rc);
        double[] e = rc.input("strain");
        double[] dw = rc.input("DW");
        assertEquals(e.length, p.lamellae() + 1);
        for (int j = 0; j < e.length; j++) {
            assertEquals(e[j], p.strainAt(j), 1e-12, "strain node " + j);
            assertEquals(dw[j], p.dwAt(j), 1e-12, "DW node " + j);
        }
        double[] z = rc.input("z_A_from_interface");
        double[] depth = rc.input("depth_A_from_surface");
        double[] zz = p.zFromInterfaceA();
        double[] dd = p.depthFromSurfaceA();
        for (int j = 0; j < z.length; j++) {
            assertEquals(z[j], zz[j], 1e-9, "z node " + j);
            assertEquals(depth[j], dd[j], 1e-9, "depth node " + j);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"RaDMaX_YSZ", "RaDMaX_SiC-3C"})
    void setupReproducesTheReferenceConstants(String name) throws Exception {
        ReferenceCase rc = ReferenceCase.load(name);
        assertEquals(rc.scalar("bragg_angle_rad"), rc.setup().braggAngleRad(), 1e-13);
        assertEquals(rc.scalar("Gamma_G"), rc.setup().gamma(), 1e-20);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RaDMaX_YSZ", "RaDMaX_SiC-3C"})
    void rawReflectivityMatchesReference(String name) throws Exception {
        ReferenceCase rc = ReferenceCase.load(name);
        double[] ref = rc.output("raw_reflectivity_X2");
        for (DynamicalDiffraction.Kernel k : DynamicalDiffraction.Kernel.values()) {
            double[] r = DynamicalDiffraction.reflectivity(rc.setup(), profiles(rc), rc.thetaRad(), k);
            double worst = worstLog10(r, ref);
            assertTrue(worst < tolerance(k, 1e-5), name + " " + k + ": worst |Δlog10 |X|²| = " + worst);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"RaDMaX_YSZ", "RaDMaX_SiC-3C"})
    void finalCurveMatchesIcalcWithin1e5InLog10AndMisfitTo3Digits(String name) throws Exception {
        ReferenceCase rc = ReferenceCase.load(name);
        double[] theta = rc.thetaRad();
        Resolution res = Resolution.radmax(rc.resolution().get("fwhm_param").getAsDouble(),
                rc.resolution().get("eta").getAsDouble());
        assertEquals(rc.resolution().get("fwhm_theta_rad").getAsDouble(), res.fwhmThetaRad(), 1e-18);
        double background = rc.scalar("background");
        double[] icalcRef = rc.output("Icalc_radmax_code_headless");
        double[] iobs = rc.output("Iobs_normalised");
        for (DynamicalDiffraction.Kernel k : DynamicalDiffraction.Kernel.values()) {
            double[] raw = DynamicalDiffraction.reflectivity(rc.setup(), profiles(rc), theta, k);
            double[] conv = res.convolve(theta, raw);
            double[] icalc = Intensity.scaled(conv, theta, 1.0, Background.constant(background));
            double worst = worstLog10(icalc, icalcRef);
            assertTrue(worst < tolerance(k, 1e-5), name + " " + k + ": worst |Δlog10 Icalc| = " + worst);
            double ours = misfit(icalc, iobs);
            double theirs = misfit(icalcRef, iobs);
            assertEquals(theirs, ours, 5e-4 * theirs, name + " " + k + ": mean square log10 misfit " + ours
                    + " vs " + theirs);
        }
    }

    /** The float64 kernels must meet {@code float64Tolerance}; the float32 kernel 1e-3 in log10. */
    static double tolerance(DynamicalDiffraction.Kernel k, double float64Tolerance) {
        return k == DynamicalDiffraction.Kernel.VECTOR_FLOAT ? 1e-3 : float64Tolerance;
    }

    static double misfit(double[] calc, double[] obs) {
        double s = 0;
        for (int i = 0; i < calc.length; i++) {
            double d = Math.log10(calc[i]) - Math.log10(obs[i]);
            s += d * d;
        }
        return s / calc.length;
    }

    static double worstLog10(double[] a, double[] b) {
        double worst = 0;
        for (int i = 0; i < b.length; i++) {
            double d = Math.abs(Math.log10(a[i]) - Math.log10(b[i]));
            worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(worst, d);
        }
        return worst;
    }
}
