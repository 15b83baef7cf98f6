package strainlab.crystal;

/**
 * Photon wavelength ↔ energy conversion and the Bragg law.
 *
 * <p>The conversion constant is {@code hc/e = 12.398419843320026 keV·Å}, exact in the 2019 SI (h and e are
 * defined constants; CODATA 2018). xraylib's own {@code KEV2ANGST} is 12.3984193 (older value): the
 * difference, 4e-8 relative, is far below any effect on form factors. RaDMaX used {@code h = 6.62606957e-34},
 * {@code e = 1.602e-19}, giving E = 8048.67 eV for 1.5406 Å instead of 8047.79 eV here; only f′ and f″ depend on
 * E, and they vary slowly away from absorption edges.
 */
public final class Wavelengths {
    /** hc/e in keV·Å (exact, 2019 SI): E[keV] = HC_KEV_A / λ[Å]. */
    public static final double HC_KEV_A = 12.398419843320026;
    /**
     * Cu Kα1 wavelength in Å as used by the Boulle &amp; Debelle generator and RaDMaX (1.5406 Å; the precise
     * value of Hölzer et al., Phys. Rev. A 56, 4554 (1997) is 1.5405929 Å).
     */
    public static final double CU_K_ALPHA1_A = 1.5406;

    private Wavelengths() {
    }

    /** Photon energy in keV → wavelength in Å. */
    public static double keVToAngstrom(double energyKeV) {
        if (!(energyKeV > 0) || !Double.isFinite(energyKeV)) {
            throw new IllegalArgumentException("energyKeV must be > 0 and finite, got " + energyKeV);
        }
        return HC_KEV_A / energyKeV;
    }

    /** Wavelength in Å → photon energy in keV. */
    public static double angstromToKeV(double wavelengthA) {
        if (!(wavelengthA > 0) || !Double.isFinite(wavelengthA)) {
            throw new IllegalArgumentException("wavelengthA must be > 0 and finite, got " + wavelengthA);
        }
        return HC_KEV_A / wavelengthA;
    }

    /**
     * Bragg angle θB = asin(λ/2d) in radians.
     *
     * @throws IllegalArgumentException when λ ≥ 2d (the reflection cannot be reached)
     */
    public static double braggAngleRad(double dSpacingA, double wavelengthA) {
        if (!(dSpacingA > 0) || !Double.isFinite(dSpacingA)) {
            throw new IllegalArgumentException("dSpacingA must be > 0 and finite, got " + dSpacingA);
        }
        if (!(wavelengthA > 0) || !Double.isFinite(wavelengthA)) {
            throw new IllegalArgumentException("wavelengthA must be > 0 and finite, got " + wavelengthA);
        }
        double sin = wavelengthA / (2 * dSpacingA);
        if (sin >= 1) {
            throw new IllegalArgumentException("no Bragg angle: wavelengthA " + wavelengthA + " Å ≥ 2·d = "
                    + 2 * dSpacingA + " Å");
        }
        return Math.asin(sin);
    }
}
