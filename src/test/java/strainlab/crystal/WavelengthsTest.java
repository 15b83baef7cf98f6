package strainlab.crystal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WavelengthsTest {

    @Test
    void cuKAlpha1Energy() {
        // 12.398419843 / 1.5406 = 8.04778 keV; 8.0 keV ↔ 1.549802 Å (the SiC reference's λ = 1.5498 Å)
        assertEquals(8.047786, Wavelengths.angstromToKeV(1.5406), 1e-6);
        assertEquals(1.549802, Wavelengths.keVToAngstrom(8.0), 1e-6);
        // the constant agrees with xraylib's KEV2ANGST to 5e-8 relative
        assertEquals(com.github.tschoonj.xraylib.Xraylib.KEV2ANGST, Wavelengths.HC_KEV_A, 1e-6);
    }

    @Test
    void roundTrip() {
        for (double e = 1; e < 100; e *= 1.7) {
            assertEquals(e, Wavelengths.angstromToKeV(Wavelengths.keVToAngstrom(e)), 1e-12 * e);
        }
    }

    @Test
    void braggLaw() {
        assertEquals(Math.PI / 6, Wavelengths.braggAngleRad(1.0, 1.0), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Wavelengths.braggAngleRad(1.0, 2.0));
        assertThrows(IllegalArgumentException.class, () -> Wavelengths.braggAngleRad(-1.0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> Wavelengths.keVToAngstrom(0));
        assertThrows(IllegalArgumentException.class, () -> Wavelengths.angstromToKeV(Double.NaN));
    }
}
