package strainlab.crystal;

import com.github.tschoonj.xraylib.Xraylib;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StructureFactorTest {
    private static final double CU = Wavelengths.CU_K_ALPHA1_A;

    @Test
    void xraylibFDoublePrimeSignIsFlippedToPositive() {
        double e = Wavelengths.angstromToKeV(CU);
        for (int z : new int[] {6, 8, 14, 31, 40, 92}) {
            assertTrue(Xraylib.Fii(z, e) < 0, "xraylib returns f″ < 0 for Z = " + z);
            assertTrue(AtomicScattering.fDoublePrime(z, e) > 0, "f″ > 0 for Z = " + z);
            assertEquals(-Xraylib.Fii(z, e), AtomicScattering.fDoublePrime(z, e), 0);
        }
        assertEquals(40, AtomicScattering.f0(40, 0), 1e-9);
        StructureFactors f = Materials.ZRO2.structureFactors(Hkl.of(0, 0, 4), CU);
        assertTrue(f.f0Im() > 0, "Im F0 > 0 (absorption)");
        assertTrue(f.fhIm() > 0 && f.fmhIm() > 0, "centrosymmetric ZrO2 004: Im FH = Im F−H = Im F0 > 0");
    }

    @Test
    void zro2_004MatchesThePaperGeneratorAndTheConventionsDoc() {
        StructureFactors f = Materials.byName("ZrO2").structureFactors(Hkl.of(0, 0, 4), 1.5406);
        // values quoted in physics-conventions.md for xraylib 4.1.4
        assertEquals(223.668, f.f0Re(), 5e-4);
        assertEquals(119.930, f.fhRe(), 5e-4);
        assertEquals(9.391, f.f0Im(), 5e-4);
        // paper generator: F0 = 223.59852 + 9.38724i, FH = F−H = 120.31277 + 9.38724i
        assertEquals(0, rel(f.f0Re(), 223.59852), 5e-4);     // +0.031 %
        assertEquals(0, rel(f.fhRe(), 120.31277), 5e-3);     // −0.318 % (different f0 tables)
        assertEquals(0, rel(f.f0Im(), 9.38724), 1e-3);       // +0.04 %
        assertEquals(0, rel(f.fhIm(), 9.38724), 1e-3);
        assertEquals(f.fhRe(), f.fmhRe(), 1e-9);
        assertEquals(f.fhIm(), f.fmhIm(), 1e-9);
    }

    @Test
    void forbiddenReflectionsVanish() {
        // diamond: h+k+l = 4n+2 forbidden (Si 002, 222); fcc: mixed parity forbidden
        assertVanishes(Materials.SI, 0, 0, 2);
        assertVanishes(Materials.SI, 2, 2, 2);
        assertVanishes(Materials.GE, 0, 0, 6);
        for (Material m : List.of(Materials.SI, Materials.GAAS, Materials.ZRO2, Materials.MGO, Materials.SIC_3C)) {
            assertVanishes(m, 1, 0, 0);
            assertVanishes(m, 1, 1, 0);
            assertVanishes(m, 2, 1, 0);
            assertVanishes(m, 1, 1, 2);
        }
        // 6_3 screw axis: 000l with l odd; corundum c-glide + R centring: 0003, 0009
        assertVanishes(Materials.GAN, 0, 0, 1);
        assertVanishes(Materials.SIC_4H, 0, 0, 1);
        assertVanishes(Materials.SIC_6H, 0, 0, 3);
        assertVanishes(Materials.AL2O3, 0, 0, 3);
        assertVanishes(Materials.AL2O3, 0, 0, 9);
        assertVanishes(Materials.AL2O3, 1, 0, 0); // R centring: −h+k+l ≠ 3n
        // allowed ones do not
        assertTrue(mag(Materials.SI.structureFactors(Hkl.of(0, 0, 4), CU)) > 50);
        assertTrue(mag(Materials.SI.structureFactors(Hkl.of(1, 1, 1), CU)) > 50);
        assertTrue(mag(Materials.AL2O3.structureFactors(Hkl.of(0, 0, 6), CU)) > 5);
        assertTrue(mag(Materials.AL2O3.structureFactors(Hkl.of(1, 0, 4), CU)) > 50);
    }

    @Test
    void diamondAndZincBlendeStructureFactorsHaveTheTextbookForm() {
        StructureFactors none = Materials.SI.structureFactors(Hkl.of(0, 0, 4), CU, ScatteringModel.XRAYLIB_NO_DISPERSION);
        double s = 1 / (2 * Materials.SI.dSpacingA(0, 0, 4));
        assertEquals(8 * AtomicScattering.f0(14, s), none.fhRe(), 1e-9);
        assertEquals(0, none.fhIm(), 1e-9);
        // GaAs 002: 4·(f_Ga − f_As), weak "difference" reflection; 004: 4·(f_Ga + f_As)
        StructureFactors g2 = Materials.GAAS.structureFactors(Hkl.of(0, 0, 2), CU, ScatteringModel.XRAYLIB_NO_DISPERSION);
        double s2 = 1 / (2 * Materials.GAAS.dSpacingA(0, 0, 2));
        assertEquals(4 * (AtomicScattering.f0(31, s2) - AtomicScattering.f0(33, s2)), g2.fhRe(), 1e-9);
        StructureFactors g4 = Materials.GAAS.structureFactors(Hkl.of(0, 0, 4), CU, ScatteringModel.XRAYLIB_NO_DISPERSION);
        double s4 = 1 / (2 * Materials.GAAS.dSpacingA(0, 0, 4));
        assertEquals(4 * (AtomicScattering.f0(31, s4) + AtomicScattering.f0(33, s4)), g4.fhRe(), 1e-9);
        assertEquals(4 * 31 + 4 * 33, g4.f0Re(), 1e-9);
    }

    @Test
    void friedelLawHoldsWithoutDispersionAndBreaksWithIt() {
        for (Material m : Materials.all()) {
            for (Hkl h : List.of(Hkl.of(1, 1, 1), Hkl.of(1, 0, 2), Hkl.of(0, 0, 2), Hkl.of(2, 1, 3))) {
                StructureFactors f = m.structureFactors(h, CU, ScatteringModel.XRAYLIB_NO_DISPERSION);
                assertEquals(f.fhRe(), f.fmhRe(), 1e-9, m.name() + " " + h);
                assertEquals(f.fhIm(), -f.fmhIm(), 1e-9, m.name() + " " + h);
                assertEquals(0, f.f0Im(), 0);
            }
        }
        // non-centrosymmetric GaAs 111 with anomalous scattering: |FH| ≠ |F−H| (Bijvoet pair; 0.65 % at Cu Kα1)
        StructureFactors f = Materials.GAAS.structureFactors(Hkl.of(1, 1, 1), CU);
        double ratio = mag(f) / Math.hypot(f.fmhRe(), f.fmhIm());
        assertEquals(0.9935, ratio, 1e-3, "GaAs 111 |FH|/|F−H|");
        // and F(−h) computed as FH of (−h) equals the F−H of h
        StructureFactors neg = Materials.GAAS.structureFactors(Hkl.of(-1, -1, -1), CU);
        assertEquals(f.fmhRe(), neg.fhRe(), 1e-9);
        assertEquals(f.fmhIm(), neg.fhIm(), 1e-9);
    }

    @Test
    void debyeWallerFactorDampsFhButNotF0() {
        double b = 0.5;
        Material hot = Material.fromAsymmetricUnit("Si-B", Materials.SI.lattice(), SpaceGroup.FD_3M,
                List.of(AtomSite.of("Si", 0, 0, 0).withBIsoA2(b)));
        Hkl h = Hkl.of(0, 0, 8);
        StructureFactors cold = Materials.SI.structureFactors(h, CU);
        StructureFactors warm = hot.structureFactors(h, CU);
        double s = 1 / (2 * Materials.SI.dSpacingA(0, 0, 8));
        double dw = Math.exp(-b * s * s);
        assertEquals(cold.fhRe() * dw, warm.fhRe(), 1e-9);
        assertEquals(cold.fhIm() * dw, warm.fhIm(), 1e-9);
        assertEquals(cold.f0Re(), warm.f0Re(), 1e-12);
        assertEquals(cold.f0Im(), warm.f0Im(), 1e-12);
    }

    @Test
    void occupancyScalesLinearly() {
        Material half = Material.fromAsymmetricUnit("Si-half", Materials.SI.lattice(), SpaceGroup.FD_3M,
                List.of(AtomSite.of("Si", 0, 0, 0).withOccupancy(0.5)));
        StructureFactors full = Materials.SI.structureFactors(Hkl.of(2, 2, 0), CU);
        StructureFactors f = half.structureFactors(Hkl.of(2, 2, 0), CU);
        assertEquals(full.f0Re() / 2, f.f0Re(), 1e-12);
        assertEquals(full.fhRe() / 2, f.fhRe(), 1e-12);
        assertEquals(4.0, half.composition().get("Si"), 1e-12);
    }

    @Test
    void computationIsPureAndThreadSafe() {
        Hkl h = Hkl.of(1, 0, 4);
        StructureFactors ref = Materials.AL2O3.structureFactors(h, CU);
        List<StructureFactors> par = IntStream.range(0, 400).parallel()
                .mapToObj(i -> Materials.all().get(i % Materials.all().size()).structureFactors(h, CU)).toList();
        for (int i = 0; i < par.size(); i++) {
            Material m = Materials.all().get(i % Materials.all().size());
            assertEquals(m.structureFactors(h, CU), par.get(i), m.name());
        }
        assertEquals(ref, Materials.AL2O3.structureFactors(h, CU));
    }

    @Test
    void unreachableOrMeaninglessInputsFailClearly() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Materials.SI.setup(0, 0, 2, 6.0)).getMessage()
                .contains("cannot be reached"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Materials.SI.setup(0, 0, 0, 1.5406))
                .getMessage().contains("0 0 0"));
        assertThrows(IllegalArgumentException.class, () -> Materials.SI.setup(0, 0, 4, -1));
        assertThrows(IllegalArgumentException.class,
                () -> Materials.SI.structureFactors(Hkl.of(0, 0, 4), 1.5406, null));
        // xraylib refuses to extrapolate f′ far outside its energy table: the message names Z and E
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Materials.SI.structureFactors(Hkl.of(0, 0, 4), 1e-6)).getMessage().contains("Z = 14"));
    }

    private static void assertVanishes(Material m, int h, int k, int l) {
        StructureFactors f = m.structureFactors(Hkl.of(h, k, l), CU);
        assertEquals(0, mag(f), 1e-9, m.name() + " " + h + k + l + " FH");
        assertEquals(0, Math.hypot(f.fmhRe(), f.fmhIm()), 1e-9, m.name() + " " + h + k + l + " F−H");
    }

    private static double mag(StructureFactors f) {
        return Math.hypot(f.fhRe(), f.fhIm());
    }

    private static double rel(double value, double reference) {
        return (value - reference) / reference;
    }
}
