package strainlab.nanobeam.sim;

/**
 * The epitaxial film: thickness, out-of-plane lattice constant and the 00l reflection.
 *
 * @param thicknessA        film thickness t (Å), the slab length in the fringe term sinc(t·ΔQz/2); &gt; 0
 * @param latticeConstantA  unstrained out-of-plane lattice constant c (Å); &gt; 0
 * @param reflectionL       order l of the 00l reflection; ≥ 1
 */
public record FilmSample(double thicknessA, double latticeConstantA, int reflectionL) {
    public FilmSample {
        if (!(thicknessA > 0) || !Double.isFinite(thicknessA)) {
            throw new IllegalArgumentException("thicknessA must be finite and > 0, got " + thicknessA);
        }
        if (!(latticeConstantA > 0) || !Double.isFinite(latticeConstantA)) {
            throw new IllegalArgumentException("latticeConstantA must be finite and > 0, got " + latticeConstantA);
        }
        if (reflectionL < 1) {
            throw new IllegalArgumentException("reflectionL must be >= 1, got " + reflectionL);
        }
    }

    /** The paper's film: SrIrO3 on LSAT, 117 Å (11.7 nm), c = 4.013 Å, 002 reflection. */
    public static FilmSample paper() {
        return new FilmSample(117, 4.013, 2);
    }

    /** Copy with another thickness (Å). */
    public FilmSample withThicknessA(double thickness) {
        return new FilmSample(thickness, latticeConstantA, reflectionL);
    }

    /** Length of the reciprocal-lattice vector of the unstrained film, G = 2π·l/c (Å⁻¹), evaluated as published. */
    public double reciprocalVectorInvA() {
        return 2 * Math.PI / latticeConstantA * reflectionL;
    }
}
