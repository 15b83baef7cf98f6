package strainlab.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import strainlab.crystal.DiffractionSetup;
import strainlab.crystal.Materials;
import strainlab.profile.DepthProfiles;
import strainlab.profile.SplineConvention;

class CurveModelTransferTest {
    static final DiffractionSetup SETUP = Materials.byName("3C-SiC").setup(4, 0, 0, 1.5498);

    /** 301 θ values (rad) from −1.2° to +0.3° around the 3C-SiC 400 Bragg angle. */
    static double[] grid() {
        double tb = SETUP.braggAngleRad();
        double[] th = new double[301];
        for (int i = 0; i < th.length; i++) {
            th[i] = tb + Math.toRadians(-1.2 + 1.5 * i / (th.length - 1));
        }
        return th;
    }

    private static final CurveModel PAPER = CurveModel.builder(SETUP, grid()).lamellae(60)
            .convention(SplineConvention.SMOOTH).strainWeights(10).tiedDw().build();
    private static final CurveModel PROJECT = CurveModel.builder(SETUP, grid()).lamellae(60)
            .convention(SplineConvention.SMOOTH).strainWeights(15).splineDw(12).build();

    private static double[] paperVector() {
        return PAPER.values().strainWeightsPercent(0.1, 0.4, 0.9, 1.3, 1.5, 1.4, 1.1, 0.8, 0.5, 0.3).scaleDw(1.2)
                .thicknessNm(180).fwhmThetaDeg(0.02).eta(0.001).scale(0.9).background(1e-6).offsetThetaDeg(0.001)
                .build();
    }

    @Test
    void aPaperModelStartCarriesItsProfilesAndInstrumentIntoASplineDwModel() {
        double[] p = paperVector();
        double[] q = PROJECT.transferFrom(PAPER, p, 1);
        DepthProfiles a = PAPER.profiles(p);
        DepthProfiles b = PROJECT.profiles(q);
        double maxStrain = a.maxStrain();
        for (int j = 0; j < a.strain().length; j++) {
            assertEquals(a.strain()[j], b.strain()[j], 0.03 * maxStrain, "strain at node " + j);
            assertEquals(a.dw()[j], b.dw()[j], 0.03, "DW at node " + j);
        }
        assertEquals(180, q[PROJECT.parameterNames().indexOf(CurveModel.THICKNESS_NM)], 1e-12);
        for (String n : new String[]{CurveModel.FWHM_THETA_DEG, CurveModel.ETA, CurveModel.LOG10_SCALE,
            CurveModel.LOG10_BACKGROUND, CurveModel.OFFSET_THETA_DEG}) {
            assertEquals(p[PAPER.parameterNames().indexOf(n)], q[PROJECT.parameterNames().indexOf(n)], 0, n);
        }
        // the two models' curves of the carried start differ far less than a fit's misfit
        double[] y = PAPER.evaluate(p);
        double rms = 0;
        double[] z = PROJECT.evaluate(q);
        for (int i = 0; i < y.length; i++) {
            rms += (y[i] - z[i]) * (y[i] - z[i]) / y.length;
        }
        assertTrue(Math.sqrt(rms) < 0.02, "rms log10 difference " + Math.sqrt(rms));
    }

    @Test
    void theSameModelGivesBackItsVectorAndTheThicknessFactorScalesOnlyTheThickness() {
        double[] p = paperVector();
        assertArrayEquals(p, PAPER.transferFrom(PAPER, p, 1), 1e-9);
        double[] thicker = PAPER.transferFrom(PAPER, p, 1.25);
        assertEquals(225, thicker[PAPER.parameterNames().indexOf(CurveModel.THICKNESS_NM)], 1e-9);
        double[] q = PROJECT.transferFrom(PAPER, p, 1);
        double[] back = PAPER.transferFrom(PROJECT, q, 1);
        assertEquals(PAPER.profiles(p).maxStrain(), PAPER.profiles(back).maxStrain(), 0.03 * PAPER.profiles(p).maxStrain());
        assertThrows(IllegalArgumentException.class, () -> PROJECT.transferFrom(PAPER, p, 0));
        assertThrows(IllegalArgumentException.class, () -> PROJECT.transferFrom(PAPER, new double[3], 1));
    }
}
