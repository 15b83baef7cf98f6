package strainlab.crystal;

import java.util.Locale;

/**
 * One reflection of one material at one wavelength: the compact summary a notebook or the CLI prints, and
 * the source of the {@link DiffractionSetup} used by the recursion.
 *
 * @param materialName name of the material
 * @param hkl Miller indices
 * @param wavelengthA wavelength λ in Å
 * @param dSpacingA d-spacing in Å
 * @param unitCellVolumeA3 unit-cell volume in Å³
 * @param structureFactors F0, FH, F−H in electrons per cell
 */
public record Reflection(String materialName, Hkl hkl, double wavelengthA, double dSpacingA,
                         double unitCellVolumeA3, StructureFactors structureFactors) {

    public Reflection {
        if (materialName == null || materialName.isBlank()) {
            throw new IllegalArgumentException("Reflection.materialName must be given");
        }
        if (hkl == null || hkl.isZero()) {
            throw new IllegalArgumentException("Reflection.hkl must be a non-zero reflection, got " + hkl);
        }
        if (structureFactors == null) {
            throw new IllegalArgumentException("Reflection.structureFactors must be given");
        }
        Wavelengths.braggAngleRad(dSpacingA, wavelengthA);
        if (!(unitCellVolumeA3 > 0) || !Double.isFinite(unitCellVolumeA3)) {
            throw new IllegalArgumentException("Reflection.unitCellVolumeA3 must be > 0, got " + unitCellVolumeA3);
        }
    }

    /** Bragg angle θB in radians. */
    public double braggAngleRad() {
        return Wavelengths.braggAngleRad(dSpacingA, wavelengthA);
    }

    /** Bragg angle θB in degrees. */
    public double braggAngleDeg() {
        return Math.toDegrees(braggAngleRad());
    }

    /** Scattering angle 2θB in degrees. */
    public double twoThetaDeg() {
        return 2 * braggAngleDeg();
    }

    /** Photon energy in keV. */
    public double energyKeV() {
        return Wavelengths.angstromToKeV(wavelengthA);
    }

    /** Scattering vector magnitude Q = 2π/d in Å⁻¹. */
    public double qPerA() {
        return 2 * Math.PI / dSpacingA;
    }

    /** The inputs of the dynamical recursion. */
    public DiffractionSetup setup() {
        return new DiffractionSetup(wavelengthA, dSpacingA, unitCellVolumeA3, structureFactors);
    }

    /**
     * One-line human summary, e.g. {@code ZrO2 0 0 4 at λ = 1.54060 Å (8.0478 keV): d = 1.285838 Å,
     * θB = 36.8029°, V = 136.062 Å³, F0 = 223.668 + 9.391i, FH = 119.930 + 9.391i, F−H = 119.930 + 9.391i}.
     */
    public String describe() {
        StructureFactors f = structureFactors;
        return String.format(Locale.ROOT,
                "%s %s at λ = %.5f Å (%.4f keV): d = %.6f Å, θB = %.4f°, V = %.3f Å³, "
                        + "F0 = %s, FH = %s, F−H = %s (electrons/cell)",
                materialName, hkl, wavelengthA, energyKeV(), dSpacingA, braggAngleDeg(), unitCellVolumeA3,
                complex(f.f0Re(), f.f0Im()), complex(f.fhRe(), f.fhIm()), complex(f.fmhRe(), f.fmhIm()));
    }

    private static String complex(double re, double im) {
        re = Math.abs(re) < 5e-4 ? 0 : re;
        im = Math.abs(im) < 5e-4 ? 0 : im;
        return String.format(Locale.ROOT, "%.3f %s %.3fi", re, im < 0 ? "−" : "+", Math.abs(im));
    }

    @Override
    public String toString() {
        return describe();
    }
}
