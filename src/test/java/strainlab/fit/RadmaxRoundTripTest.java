package strainlab.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import strainlab.crystal.DiffractionSetup;
import strainlab.crystal.Materials;
import strainlab.io.MeasuredScan;
import strainlab.io.RadmaxProject;
import strainlab.io.ScanAxis;
import strainlab.io.ScanFormatException;
import strainlab.lsq.LeastSquaresOptimizer;

/** RaDMaX projects of both model families: fit, export, re-import. */
class RadmaxRoundTripTest {
    private static final double[] STRAIN = {1.0, 0.6, 0.3, 0.2, 0.3, 0.5, 0.2};
    private static final double[] DW = {0.7, 0.55, 0.3, 0.25, 0.4, 0.6, 0.9};

    @TempDir
    Path tmp;

    private static RadmaxProject ysz() throws IOException {
        return RadmaxProject.read(MeasuredYszTest.shared("data/measured/ysz-400/test.ini"));
    }

    private static DiffractionSetup setup(RadmaxProject p) {
        return Materials.byName("ysz").setup(4, 0, 0, p.wavelengthA());
    }

    private static void assertSameCurve(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-9 * Math.abs(expected[i]), "point " + i);
        }
    }

    /** The YSZ project turned into model 2 with a noise-free pseudo-Voigt curve (counts up to 1e4) as its scan. */
    private static RadmaxProject pseudoVoigtTruth() throws IOException {
        RadmaxProject ysz = ysz();
        RadmaxProject shape = ysz.withFit(RadmaxProject.PSEUDO_VOIGT, STRAIN, DW, 1500, 0.013, 0.1, 1e-5);
        double[] curve = RadmaxFit.intensity(shape, setup(shape));
        double[] counts = new double[curve.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = 1e4 * curve[i];
        }
        MeasuredScan scan = new MeasuredScan(ScanAxis.TWO_THETA_DEG, ysz.scan().axisValues(), counts, "counts",
                ysz.wavelengthA(), "simulated");
        return new RadmaxProject(ysz.iniFile(), ysz.crystalName(), ysz.wavelengthA(), ysz.hkl(), ysz.cell(), 1e-5,
                0.013, 0.1, RadmaxProject.PSEUDO_VOIGT, 1500, ysz.numberSlices(), STRAIN, DW,
                ysz.strainBoundsPercent(), ysz.dwBounds(), scan, ysz.settings());
    }

    @Test
    void splineFitExportsAndReimportsToTheSameCurve() throws IOException {
        RadmaxProject p = ysz();
        RadmaxFit fit = RadmaxFit.of(p, setup(p), new LeastSquaresOptimizer()
                .withGlobalSearch(LeastSquaresOptimizer.GlobalSearch.NEVER).withMaxEvaluations(300));
        assertTrue(fit.result().sigmaI() < fit.startSigmaI(), fit.result().summary());
        List<Path> files = fit.fitted().write(tmp, "ysz_fit", tmp);
        assertEquals(4, files.size());
        RadmaxProject back = RadmaxProject.read(tmp.resolve("ysz_fit.ini"));
        assertEquals(RadmaxProject.SMOOTH, back.model());
        assertArrayEquals(fit.fitted().strainWeightsPercent(), back.strainWeightsPercent(), 0.0);
        assertArrayEquals(fit.fitted().dwWeights(), back.dwWeights(), 0.0);
        assertArrayEquals(p.scan().intensity(), back.scan().intensity(), 0.0);
        assertSameCurve(fit.fittedCurve(), RadmaxFit.intensity(back, setup(back)));
        assertEquals(p.settings().keySet(), back.settings().keySet(), "every section kept, in order");
        assertEquals(p.settings().get("GSA options"), back.settings().get("GSA options"));
        assertEquals(p.settings().get("Substrate"), back.settings().get("Substrate"));
        String ini = Files.readString(tmp.resolve("ysz_fit.ini"));
        assertTrue(ini.startsWith("[Crystal]\ncrystal_name = ZrO2\n"), ini);
        assertTrue(ini.contains("\nmodel = 0.0\nstrain_basis_func = 6.0\ndw_basis_func = 6.0\n"), ini);
        assertTrue(ini.contains("\nwavelength = 1.5406\n") && ini.contains("\nh = 4.0\n"), ini);
        assertTrue(ini.contains("input_strain = " + tmp.toAbsolutePath().resolve("ysz_fit_input_strain_coeff.txt")),
                ini);
        assertTrue(ini.contains("\nwidth_left = ") && !ini.contains("\nresolution = "), "the project's key style");
    }

    @Test
    void pseudoVoigtFitRecoversTheProfileFromAPerturbedStart() throws IOException {
        RadmaxProject truth = pseudoVoigtTruth();
        double[] strain = STRAIN.clone();
        double[] dw = DW.clone();
        strain[0] *= 0.95;
        strain[1] += 0.02;
        strain[2] *= 1.1;
        dw[0] += 0.03;
        RadmaxProject start = truth.withFit(RadmaxProject.PSEUDO_VOIGT, strain, dw, 1470, 0.0125, 0.1, 1e-5);
        RadmaxFit fit = RadmaxFit.of(start, setup(start), new LeastSquaresOptimizer().withMaxEvaluations(4000));
        RadmaxProject f = fit.fitted();
        String summary = fit.result().summary();
        assertTrue(fit.startSigmaI() > 0.1 && fit.result().sigmaI() < 1e-4, summary);
        assertArrayEquals(STRAIN, f.strainWeightsPercent(), 1e-3, summary);
        assertArrayEquals(DW, f.dwWeights(), 1e-3, summary);
        assertEquals(1500, f.damagedDepthA(), 0.5, summary);
        assertEquals(0.013, f.resolutionFwhmThetaDeg(), 1e-6, summary);
        assertEquals(0.1, f.resolutionEta(), 1e-4, summary);
        assertEquals(1e-5, f.backgroundRelative(), 1e-8, summary);

        f.write(tmp, "pv", tmp);
        RadmaxProject back = RadmaxProject.read(tmp.resolve("pv.ini"));
        assertEquals(RadmaxProject.PSEUDO_VOIGT, back.model());
        assertArrayEquals(f.strainWeightsPercent(), back.strainWeightsPercent(), 0.0);
        assertArrayEquals(f.dwWeights(), back.dwWeights(), 0.0);
        assertSameCurve(fit.fittedCurve(), RadmaxFit.intensity(back, setup(back)));
        RadmaxFit again = RadmaxFit.of(back, setup(back), new LeastSquaresOptimizer()
                .withGlobalSearch(LeastSquaresOptimizer.GlobalSearch.NEVER).withMaxEvaluations(200));
        assertTrue(again.result().sigmaI() <= fit.result().sigmaI() + 1e-12, again.result().summary());
        String ini = Files.readString(tmp.resolve("pv.ini"));
        assertTrue(ini.contains("\nmodel = 2.0\nstrain_basis_func = 7.0\ndw_basis_func = 7.0\n"), ini);
    }

    @Test
    void pseudoVoigtDwIsOneMinusTheRadmaxPseudoVoigt() {
        PseudoVoigtCurveModel m = new PseudoVoigtCurveModel(Materials.byName("ysz").setup(4, 0, 0, 1.5406),
                new double[]{0.6, 0.61, 0.62}, 100);
        double[] v = new double[m.parameters().size()];
        System.arraycopy(STRAIN, 0, v, 0, 7);
        System.arraycopy(DW, 0, v, 7, 7);
        v[14] = 150;
        double[] dw = m.profiles(v).dw();
        assertEquals(DW[0], dw[55], 1e-12, "DW at the peak (node 55 of 100 = position 0.55)");
        assertEquals(1.0, dw[0], 0.01, "DW tends to 1 at the interface");
        assertTrue(dw[100] > dw[55] && dw[100] < DW[6], "DW approaches the plateau at the surface");
        assertEquals(0.01 * STRAIN[0], m.profiles(v).strain()[60], 1e-15, "strain peak at position 0.6");
    }

    @Test
    void pseudoVoigtFilesAreCheckedWithTheirNames() throws IOException {
        RadmaxProject truth = pseudoVoigtTruth();
        truth.write(tmp, "pv", tmp);
        Files.writeString(tmp.resolve("pv_input_DW_coeff.txt"), "0.5\n0.5\n0.1\n");
        ScanFormatException e = assertThrows(ScanFormatException.class, () -> RadmaxProject.read(tmp.resolve("pv.ini")));
        assertTrue(e.getMessage().contains("pv_input_DW_coeff.txt") && e.getMessage().contains("7 pseudo-Voigt"),
                e.getMessage());
        Files.writeString(tmp.resolve("pv_input_DW_coeff.txt"), "0.5\n0.5\n0.1\n0.1\n0.2\n1.6\n0.8\n");
        e = assertThrows(ScanFormatException.class, () -> RadmaxProject.read(tmp.resolve("pv.ini")));
        assertTrue(e.getMessage().contains("pv_input_DW_coeff.txt") && e.getMessage().contains("etaRight"),
                e.getMessage());
        Files.writeString(tmp.resolve("pv.ini"), Files.readString(tmp.resolve("pv.ini"))
                .replace("model = 2.0", "model = 3.0"));
        e = assertThrows(ScanFormatException.class, () -> RadmaxProject.read(tmp.resolve("pv.ini")));
        assertTrue(e.getMessage().contains("[Strain and DW] model") && e.getMessage().contains("unknown model 3"),
                e.getMessage());
    }
}
