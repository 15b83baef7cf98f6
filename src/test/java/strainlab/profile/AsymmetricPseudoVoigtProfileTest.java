package strainlab.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AsymmetricPseudoVoigtProfileTest {

    @Test
    void peakHalfMaximaAndPlateauAreWhereTheParametersSay() {
        AsymmetricPseudoVoigtProfile p = new AsymmetricPseudoVoigtProfile(2.0, 0.6, 0.2, 0.3, 0.0, 0.0, 0.5);
        assertEquals(2.0, p.percentAt(0.6), 1e-15);
        // Gaussian side: half maximum at c − FWHM/2
        assertEquals(1.0, p.percentAt(0.6 - 0.1), 1e-12);
        // surface side: half of (height − plateau) above the plateau at c + FWHM/2
        assertEquals(0.5 + 0.75, p.percentAt(0.6 + 0.15), 1e-12);
    }

    @Test
    void lorentzianSideHasHalfMaximumAtHalfWidthToo() {
        AsymmetricPseudoVoigtProfile p = new AsymmetricPseudoVoigtProfile(4.0, 0.5, 0.1, 0.1, 1.0, 1.0, 0.0);
        assertEquals(2.0, p.percentAt(0.45), 1e-12);
        assertEquals(2.0, p.percentAt(0.55), 1e-12);
        // a Lorentzian far tail decays as 1/u²: at u = 10, 4/(1+100)
        assertEquals(4.0 / 101, p.percentAt(0.5 + 0.5), 1e-12);
    }

    @Test
    void nodesAreInterfaceFirstAndInFractionalStrain() {
        AsymmetricPseudoVoigtProfile p = AsymmetricPseudoVoigtProfile.fromRadmax(new double[]{1.5, 1.0, 0.3, 0.3, 0.2, 0.2, 0});
        double[] e = p.strainOnNodes(100);
        assertEquals(101, e.length);
        assertEquals(0.015, e[100], 1e-15, "peak at the surface node (last element)");
        assertTrue(e[0] < e[50] && e[50] < e[100]);
        assertArrayEquals(new double[]{1.5, 1.0, 0.3, 0.3, 0.2, 0.2, 0}, p.toRadmax(), 0.0);
    }

    @Test
    void invalidParametersNameTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AsymmetricPseudoVoigtProfile(1, 1.2, 0.1, 0.1, 0, 0, 0));
        assertTrue(e.getMessage().contains("positionFraction"));
        e = assertThrows(IllegalArgumentException.class,
                () -> new AsymmetricPseudoVoigtProfile(1, 0.5, 0, 0.1, 0, 0, 0));
        assertTrue(e.getMessage().contains("fwhmLeftFraction"));
        e = assertThrows(IllegalArgumentException.class,
                () -> new AsymmetricPseudoVoigtProfile(1, 0.5, 0.1, 0.1, 0, 1.6, 0));
        assertTrue(e.getMessage().contains("etaRight"));
        e = assertThrows(IllegalArgumentException.class, () -> AsymmetricPseudoVoigtProfile.fromRadmax(new double[3]));
        assertTrue(e.getMessage().contains("7 values"));
    }
}
