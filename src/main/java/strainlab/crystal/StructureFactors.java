package strainlab.crystal;

/**
 * Structure factors of one reflection, in electrons per unit cell, as complex numbers {@code re + i·im}.
 * Convention of the reference model: {@code f = f0 + f′ + i·f″} with {@code f″ > 0}, so absorption gives
 * {@code Im F0 > 0}.
 *
 * @param f0Re real part of F(000)
 * @param f0Im imaginary part of F(000), ≥ 0
 * @param fhRe real part of F(hkl)
 * @param fhIm imaginary part of F(hkl)
 * @param fmhRe real part of F(−h−k−l)
 * @param fmhIm imaginary part of F(−h−k−l)
 */
public record StructureFactors(double f0Re, double f0Im, double fhRe, double fhIm, double fmhRe, double fmhIm) {
    public StructureFactors {
        double[] all = {f0Re, f0Im, fhRe, fhIm, fmhRe, fmhIm};
        for (double v : all) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("structure factor components must be finite, got " + v);
            }
        }
        if (f0Re <= 0) {
            throw new IllegalArgumentException("F0 real part must be > 0 electrons, got " + f0Re);
        }
        if (f0Im < 0) {
            throw new IllegalArgumentException("F0 imaginary part must be ≥ 0 (absorption), got " + f0Im);
        }
    }

    /** From {@code [re, im]} pairs as written in the CLI request ({@code "f0": [223.6, 9.39]}). */
    public static StructureFactors of(double[] f0, double[] fh, double[] fmh) {
        return new StructureFactors(f0[0], f0[1], fh[0], fh[1], fmh[0], fmh[1]);
    }
}
