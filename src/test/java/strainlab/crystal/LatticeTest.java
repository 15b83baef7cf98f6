package strainlab.crystal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatticeTest {

    @Test
    void silicon004SpacingAndBraggAngleAtCuKAlpha1() {
        Lattice si = Lattice.cubic(5.431);
        assertEquals(1.35775, si.dSpacingA(0, 0, 4), 1e-12);
        double thetaDeg = Math.toDegrees(si.braggAngleRad(Hkl.of(0, 0, 4), Wavelengths.CU_K_ALPHA1_A));
        assertEquals(34.5646, thetaDeg, 1e-4);
        assertEquals(5.431 / Math.sqrt(3), si.dSpacingA(1, 1, 1), 1e-12);
        assertEquals(5.431 / Math.sqrt(8), si.dSpacingA(2, -2, 0), 1e-12);
    }

    @Test
    void hexagonalSpacings() {
        Lattice gan = Lattice.hexagonal(3.189, 5.185);
        assertEquals(5.185 / 2, gan.dSpacingA(Hkl.millerBravais(0, 0, 0, 2)), 1e-12);
        // (10-10): 1/d² = 4/(3a²)
        assertEquals(3.189 * Math.sqrt(3) / 2, gan.dSpacingA(Hkl.millerBravais(1, 0, -1, 0)), 1e-12);
        // (11-20): d = a/2
        assertEquals(3.189 / 2, gan.dSpacingA(1, 1, 0), 1e-12);
        // general: 1/d² = 4/3·(h²+hk+k²)/a² + l²/c²
        double inv = 4.0 / 3 * (1 + 1 * 2 + 4) / (3.189 * 3.189) + 9 / (5.185 * 5.185);
        assertEquals(1 / Math.sqrt(inv), gan.dSpacingA(1, 2, 3), 1e-12);
    }

    @Test
    void volumes() {
        assertEquals(5.431 * 5.431 * 5.431, Lattice.cubic(5.431).volumeA3(), 1e-9);
        assertEquals(Math.sqrt(3) / 2 * 3.189 * 3.189 * 5.185, Lattice.hexagonal(3.189, 5.185).volumeA3(), 1e-9);
        assertEquals(4.0 * 4.0 * 6.0, Lattice.tetragonal(4, 6).volumeA3(), 1e-12);
        assertEquals(2.0 * 3.0 * 4.0, Lattice.orthorhombic(2, 3, 4).volumeA3(), 1e-12);
    }

    @Test
    void rhombohedralPrimitiveCellIsAThirdOfTheHexagonalCell() {
        double a = 4.7605, c = 12.9956;
        Lattice hex = Lattice.trigonal(a, c);
        double aR = Math.sqrt(3 * a * a + c * c) / 3;
        double alphaR = Math.toDegrees(2 * Math.asin(3 / (2 * Math.sqrt(3 + c * c / (a * a)))));
        Lattice rh = Lattice.rhombohedral(aR, alphaR);
        assertEquals(hex.volumeA3() / 3, rh.volumeA3(), 1e-9);
        // (111) rhombohedral ≡ (0003) hexagonal
        assertEquals(hex.dSpacingA(0, 0, 3), rh.dSpacingA(1, 1, 1), 1e-9);
    }

    @Test
    void reciprocalMetricIsTheInverseOfTheMetricForATriclinicCell() {
        Lattice t = new Lattice(4.1, 5.3, 6.7, 81, 97, 109);
        double[][] g = t.metricTensor();
        double[][] r = t.reciprocalMetricTensor();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += g[i][k] * r[k][j];
                }
                assertEquals(i == j ? 1 : 0, s, 1e-12);
            }
        }
        double[][] gg = t.metricTensor();
        double det = gg[0][0] * (gg[1][1] * gg[2][2] - gg[1][2] * gg[2][1])
                - gg[0][1] * (gg[1][0] * gg[2][2] - gg[1][2] * gg[2][0])
                + gg[0][2] * (gg[1][0] * gg[2][1] - gg[1][1] * gg[2][0]);
        assertEquals(Math.sqrt(det), t.volumeA3(), 1e-9);
    }

    @Test
    void scaledLatticeScalesSpacings() {
        Lattice si = Lattice.cubic(5.431);
        assertEquals(si.dSpacingA(0, 0, 4) * 1.01, si.scaled(1.01).dSpacingA(0, 0, 4), 1e-12);
    }

    @Test
    void invalidCellsNameTheField() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Lattice.cubic(-1)).getMessage().contains("aA"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Lattice.cubic(Double.NaN)).getMessage()
                .contains("aA"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Lattice(1, 1, 1, 90, 180, 90))
                .getMessage().contains("betaDeg"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Lattice(1, 1, 1, 120, 120, 120))
                .getMessage().contains("volume"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Lattice.cubic(3).dSpacingA(0, 0, 0))
                .getMessage().contains("0 0 0"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Lattice.cubic(3).braggAngleRad(Hkl.of(1, 0, 0), 6.5)).getMessage().contains("no Bragg angle"));
    }
}
