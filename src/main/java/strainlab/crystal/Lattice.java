package strainlab.crystal;

/**
 * Unit cell: edge lengths in Å and angles in degrees (α between b and c, β between a and c, γ between a
 * and b). d-spacings come from the reciprocal metric tensor, so every crystal system is handled by the same
 * formula {@code 1/d² = hᵀ·G*·h}.
 *
 * @param aA edge a in Å
 * @param bA edge b in Å
 * @param cA edge c in Å
 * @param alphaDeg angle α in degrees
 * @param betaDeg angle β in degrees
 * @param gammaDeg angle γ in degrees
 */
public record Lattice(double aA, double bA, double cA, double alphaDeg, double betaDeg, double gammaDeg) {

    public Lattice {
        positive("aA", aA);
        positive("bA", bA);
        positive("cA", cA);
        angle("alphaDeg", alphaDeg);
        angle("betaDeg", betaDeg);
        angle("gammaDeg", gammaDeg);
        double ca = cosDeg(alphaDeg), cb = cosDeg(betaDeg), cg = cosDeg(gammaDeg);
        if (!(1 - ca * ca - cb * cb - cg * cg + 2 * ca * cb * cg > 0)) {
            throw new IllegalArgumentException("angles α=" + alphaDeg + "°, β=" + betaDeg + "°, γ=" + gammaDeg
                    + "° do not form a unit cell (zero or imaginary volume)");
        }
    }

    /** Cubic cell a = b = c, all angles 90°. */
    public static Lattice cubic(double aA) {
        return new Lattice(aA, aA, aA, 90, 90, 90);
    }

    /** Tetragonal cell a = b ≠ c, all angles 90°. */
    public static Lattice tetragonal(double aA, double cA) {
        return new Lattice(aA, aA, cA, 90, 90, 90);
    }

    /** Orthorhombic cell, all angles 90°. */
    public static Lattice orthorhombic(double aA, double bA, double cA) {
        return new Lattice(aA, bA, cA, 90, 90, 90);
    }

    /** Hexagonal cell a = b, γ = 120°, α = β = 90°. */
    public static Lattice hexagonal(double aA, double cA) {
        return new Lattice(aA, aA, cA, 90, 90, 120);
    }

    /**
     * Trigonal crystal described on hexagonal axes (the usual setting, e.g. corundum R-3c): the same cell as
     * {@link #hexagonal}.
     */
    public static Lattice trigonal(double aA, double cA) {
        return hexagonal(aA, cA);
    }

    /** Trigonal crystal on rhombohedral axes: a = b = c, α = β = γ. */
    public static Lattice rhombohedral(double aA, double alphaDeg) {
        return new Lattice(aA, aA, aA, alphaDeg, alphaDeg, alphaDeg);
    }

    /** Unit-cell volume V = abc·√(1 − cos²α − cos²β − cos²γ + 2cosα·cosβ·cosγ) in Å³. */
    public double volumeA3() {
        double ca = cosDeg(alphaDeg), cb = cosDeg(betaDeg), cg = cosDeg(gammaDeg);
        return aA * bA * cA * Math.sqrt(1 - ca * ca - cb * cb - cg * cg + 2 * ca * cb * cg);
    }

    /** Direct metric tensor G_ij = a_i·a_j in Å². */
    public double[][] metricTensor() {
        double ca = cosDeg(alphaDeg), cb = cosDeg(betaDeg), cg = cosDeg(gammaDeg);
        return new double[][] {
                {aA * aA, aA * bA * cg, aA * cA * cb},
                {aA * bA * cg, bA * bA, bA * cA * ca},
                {aA * cA * cb, bA * cA * ca, cA * cA}};
    }

    /** Reciprocal metric tensor G* = G⁻¹ in Å⁻² (no 2π factor). */
    public double[][] reciprocalMetricTensor() {
        double[][] g = metricTensor();
        double det = g[0][0] * (g[1][1] * g[2][2] - g[1][2] * g[2][1])
                - g[0][1] * (g[1][0] * g[2][2] - g[1][2] * g[2][0])
                + g[0][2] * (g[1][0] * g[2][1] - g[1][1] * g[2][0]);
        double[][] r = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                int i1 = (j + 1) % 3, i2 = (j + 2) % 3, j1 = (i + 1) % 3, j2 = (i + 2) % 3;
                r[i][j] = (g[i1][j1] * g[i2][j2] - g[i1][j2] * g[i2][j1]) / det;
            }
        }
        return r;
    }

    /** d-spacing of (hkl) in Å, from {@code 1/d² = hᵀ·G*·h}. */
    public double dSpacingA(Hkl hkl) {
        if (hkl.isZero()) {
            throw new IllegalArgumentException("hkl 0 0 0 has no d-spacing");
        }
        double[][] r = reciprocalMetricTensor();
        int[] v = {hkl.h(), hkl.k(), hkl.l()};
        double s = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                s += v[i] * r[i][j] * v[j];
            }
        }
        return 1 / Math.sqrt(s);
    }

    /** d-spacing of (h k l) in Å. */
    public double dSpacingA(int h, int k, int l) {
        return dSpacingA(Hkl.of(h, k, l));
    }

    /** Bragg angle of (hkl) at wavelength λ in radians; fails when λ ≥ 2d. */
    public double braggAngleRad(Hkl hkl, double wavelengthA) {
        return Wavelengths.braggAngleRad(dSpacingA(hkl), wavelengthA);
    }

    /** Same cell with every edge multiplied by {@code factor} (e.g. 1 + e for a uniform strain e); angles kept. */
    public Lattice scaled(double factor) {
        if (!(factor > 0) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("scale factor must be > 0 and finite, got " + factor);
        }
        return new Lattice(aA * factor, bA * factor, cA * factor, alphaDeg, betaDeg, gammaDeg);
    }

    /** cos of an angle in degrees, exact (0, ±½) for 90°, 60° and 120° so that cubic/hexagonal cells stay exact. */
    static double cosDeg(double deg) {
        if (deg == 90) {
            return 0;
        }
        if (deg == 60) {
            return 0.5;
        }
        if (deg == 120) {
            return -0.5;
        }
        return Math.cos(Math.toRadians(deg));
    }

    private static void positive(String field, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException("Lattice." + field + " must be > 0 Å and finite, got " + v);
        }
    }

    private static void angle(String field, double v) {
        if (!(v > 0 && v < 180)) {
            throw new IllegalArgumentException("Lattice." + field + " must be in (0, 180)°, got " + v);
        }
    }
}
