package strainlab.crystal;

/**
 * Everything the dynamical recursion needs to know about the crystal and the reflection: wavelength,
 * d-spacing, unit-cell volume and structure factors. Built from a {@code Material} and hkl, or directly
 * from the numbers of a reference (as in the CLI request).
 *
 * @param wavelengthA X-ray wavelength λ in Å
 * @param dSpacingA d-spacing of the reflection in Å
 * @param unitCellVolumeA3 unit-cell volume V in Å³
 * @param structureFactors F0, FH and F−H in electrons per cell
 */
public record DiffractionSetup(double wavelengthA, double dSpacingA, double unitCellVolumeA3,
                               StructureFactors structureFactors) {
    /** Classical electron radius r_e in Å, as in the reference model. */
    public static final double ELECTRON_RADIUS_A = 2.818e-5;

    public DiffractionSetup {
        if (!(wavelengthA > 0) || !Double.isFinite(wavelengthA)) {
            throw new IllegalArgumentException("wavelengthA must be > 0, got " + wavelengthA);
        }
        if (!(dSpacingA > 0) || !Double.isFinite(dSpacingA)) {
            throw new IllegalArgumentException("dSpacingA must be > 0, got " + dSpacingA);
        }
        if (wavelengthA >= 2 * dSpacingA) {
            throw new IllegalArgumentException("no Bragg angle: wavelengthA " + wavelengthA
                    + " Å ≥ 2·dSpacingA " + 2 * dSpacingA + " Å");
        }
        if (!(unitCellVolumeA3 > 0) || !Double.isFinite(unitCellVolumeA3)) {
            throw new IllegalArgumentException("unitCellVolumeA3 must be > 0, got " + unitCellVolumeA3);
        }
        if (structureFactors == null) {
            throw new IllegalArgumentException("structureFactors must be given");
        }
    }

    /** Bragg angle θB = asin(λ/2d) in radians. */
    public double braggAngleRad() {
        return Math.asin(wavelengthA / (2 * dSpacingA));
    }

    /** Γ = r_e·λ²/(π·V), the scattering constant of the recursion. */
    public double gamma() {
        return ELECTRON_RADIUS_A * wavelengthA * wavelengthA / (Math.PI * unitCellVolumeA3);
    }
}
