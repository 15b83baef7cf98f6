package strainlab.crystal;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaterialsTest {
    private static final double CU = Wavelengths.CU_K_ALPHA1_A;

    /** A common symmetric reflection of each built-in (Al2O3 0006 is weak: |FH|/F0 ≈ 0.04). */
    private static final Map<String, Hkl> COMMON = Map.ofEntries(
            Map.entry("ZrO2", Hkl.of(0, 0, 4)), Map.entry("YSZ", Hkl.of(4, 0, 0)),
            Map.entry("3C-SiC", Hkl.of(0, 0, 4)), Map.entry("4H-SiC", Hkl.of(0, 0, 4)),
            Map.entry("6H-SiC", Hkl.of(0, 0, 6)), Map.entry("Si", Hkl.of(0, 0, 4)), Map.entry("Ge", Hkl.of(0, 0, 4)),
            Map.entry("GaAs", Hkl.of(0, 0, 4)), Map.entry("GaN", Hkl.of(0, 0, 2)), Map.entry("AlN", Hkl.of(0, 0, 2)),
            Map.entry("Al2O3", Hkl.of(0, 0, 6)), Map.entry("MgO", Hkl.of(0, 0, 2)), Map.entry("UO2", Hkl.of(0, 0, 4)),
            Map.entry("CeO2", Hkl.of(0, 0, 4)), Map.entry("SrTiO3", Hkl.of(0, 0, 2)));

    @Test
    void lookupIsCaseInsensitiveAndKnowsAliases() {
        assertSame(Materials.YSZ, Materials.byName("ysz"));
        assertSame(Materials.ZRO2, Materials.byName("zro2"));
        assertSame(Materials.SIC_3C, Materials.byName("sic-3c"));
        assertSame(Materials.SIC_3C, Materials.byName("3c-sic"));
        assertSame(Materials.SIC_3C, Materials.byName("SiC_3C"));
        assertSame(Materials.SIC_4H, Materials.byName("4H-SiC"));
        assertSame(Materials.SIC_6H, Materials.byName("sic-6h"));
        assertSame(Materials.AL2O3, Materials.byName("Sapphire"));
        assertSame(Materials.SRTIO3, Materials.byName("STO"));
        assertSame(Materials.SI, Materials.byName(" Si "));
        for (Material m : Materials.all()) {
            assertSame(m, Materials.byName(m.name()));
            assertSame(m, Materials.byName(m.name().toUpperCase()));
            for (String alias : m.aliases()) {
                assertSame(m, Materials.byName(alias));
            }
        }
        assertTrue(Materials.find("unobtainium").isEmpty());
        assertTrue(Materials.find(null).isEmpty());
    }

    @Test
    void unknownMaterialErrorNamesItAndListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Materials.byName("ZrO3"));
        assertTrue(e.getMessage().contains("'ZrO3'"), e.getMessage());
        for (String n : Materials.names()) {
            assertTrue(e.getMessage().contains(n), "lists " + n + ": " + e.getMessage());
        }
    }

    @Test
    void listsAreImmutable() {
        assertThrows(UnsupportedOperationException.class, () -> Materials.all().add(Materials.SI));
        assertThrows(UnsupportedOperationException.class, () -> Materials.names().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> Materials.SI.sites().clear());
        assertThrows(UnsupportedOperationException.class, () -> Materials.SI.aliases().add("x"));
        assertEquals(15, Materials.all().size());
        assertEquals(COMMON.keySet(), Map.copyOf(Materials.all().stream()
                .collect(java.util.stream.Collectors.toMap(Material::name, m -> 0))).keySet());
    }

    @Test
    void cellContents() {
        assertEquals(Map.of("Zr", 4.0, "O", 8.0), Materials.ZRO2.composition());
        assertEquals(Map.of("Zr", 4.0, "O", 8.0), Materials.YSZ.composition());
        assertEquals(Map.of("Al", 12.0, "O", 18.0), Materials.AL2O3.composition());
        assertEquals(30, Materials.AL2O3.sites().size());
        assertEquals(Map.of("Si", 8.0), Materials.SI.composition());
        assertEquals(Map.of("Ga", 4.0, "As", 4.0), Materials.GAAS.composition());
        assertEquals(Map.of("Si", 4.0, "C", 4.0), Materials.SIC_3C.composition());
        assertEquals(Map.of("Si", 4.0, "C", 4.0), Materials.SIC_4H.composition());
        assertEquals(Map.of("Si", 6.0, "C", 6.0), Materials.SIC_6H.composition());
        assertEquals(Map.of("Ga", 2.0, "N", 2.0), Materials.GAN.composition());
        assertEquals(Map.of("Mg", 4.0, "O", 4.0), Materials.MGO.composition());
        assertEquals(Map.of("Sr", 1.0, "Ti", 1.0, "O", 3.0), Materials.SRTIO3.composition());
        assertEquals("Zr4+", Materials.YSZ.sites().get(0).species());
    }

    @Test
    void volumesOfEveryBuiltIn() {
        for (Material m : Materials.all()) {
            Lattice l = m.lattice();
            double expected = l.gammaDeg() == 120 ? Math.sqrt(3) / 2 * l.aA() * l.aA() * l.cA()
                    : l.aA() * l.bA() * l.cA();
            assertEquals(expected, m.volumeA3(), 1e-9, m.name());
        }
        assertEquals(136.06243, Materials.ZRO2.volumeA3(), 5e-6);   // paper generator's V
        assertEquals(136.225191, Materials.YSZ.volumeA3(), 1e-6);   // RaDMaX's V
        assertEquals(160.1933, Materials.SI.volumeA3(), 1e-4);
        assertEquals(255.054, Materials.AL2O3.volumeA3(), 1e-3);
    }

    @Test
    void densitiesMatchHandbookValues() {
        // X-ray densities (g/cm³) from handbooks: a wrong cell content or lattice would be far off
        Map<String, Double> rho = Map.ofEntries(Map.entry("Si", 2.329), Map.entry("Ge", 5.323),
                Map.entry("GaAs", 5.317), Map.entry("3C-SiC", 3.21), Map.entry("4H-SiC", 3.21),
                Map.entry("6H-SiC", 3.21), Map.entry("GaN", 6.09), Map.entry("AlN", 3.26),
                Map.entry("Al2O3", 3.98), Map.entry("MgO", 3.58), Map.entry("UO2", 10.96), Map.entry("CeO2", 7.22),
                Map.entry("SrTiO3", 5.12), Map.entry("ZrO2", 6.02), Map.entry("YSZ", 6.01));
        for (Material m : Materials.all()) {
            double expected = rho.get(m.name());
            assertEquals(expected, m.densityGPerCm3(), 0.012 * expected, m.name());
        }
    }

    @Test
    void everyBuiltInHasAValidSetupForACommonReflection() {
        for (Material m : Materials.all()) {
            Hkl h = COMMON.get(m.name());
            DiffractionSetup s = m.setup(h.h(), h.k(), h.l(), CU);
            StructureFactors f = s.structureFactors();
            assertEquals(m.dSpacingA(h.h(), h.k(), h.l()), s.dSpacingA(), 0);
            assertEquals(m.volumeA3(), s.unitCellVolumeA3(), 0);
            assertTrue(s.braggAngleRad() > 0 && s.braggAngleRad() < Math.PI / 2, m.name());
            assertTrue(f.f0Im() > 0, m.name() + " Im F0 > 0");
            double fh = Math.hypot(f.fhRe(), f.fhIm());
            assertTrue(fh > 0.03 * f.f0Re() && fh < f.f0Re(), m.name() + " |FH| = " + fh + " vs F0 = " + f.f0Re());
            assertTrue(s.gamma() > 0 && Double.isFinite(s.gamma()));
        }
    }

    @Test
    void siliconSetupHasKnownNumbers() {
        DiffractionSetup s = Materials.byName("Si").setup(0, 0, 4, 1.5406);
        assertEquals(1.357755, s.dSpacingA(), 1e-6);
        assertEquals(34.5645, Math.toDegrees(s.braggAngleRad()), 1e-4);
        assertEquals(Materials.SI.lattice().volumeA3(), s.unitCellVolumeA3(), 0);
        // F0 ≈ 8·(14 + f′) ≈ 114 electrons; FH(004) = 8·f_Si(s = 0.368)
        assertEquals(114.05, s.structureFactors().f0Re(), 0.01);
        assertEquals(62.13, s.structureFactors().fhRe(), 0.01);
    }

    @Test
    void describeGivesTheHumanSummary() {
        Reflection r = Materials.ZRO2.reflection(0, 0, 4, 1.5406);
        assertEquals(36.8029, r.braggAngleDeg(), 1e-4);
        assertEquals(2 * r.braggAngleDeg(), r.twoThetaDeg(), 1e-12);
        assertEquals(2 * Math.PI / 1.2858375, r.qPerA(), 1e-6);
        String d = Materials.ZRO2.describe(0, 0, 4, 1.5406);
        assertEquals(r.describe(), d);
        assertTrue(d.startsWith("ZrO2 0 0 4 at λ = 1.54060 Å"), d);
        assertTrue(d.contains("d = 1.285838 Å"), d);
        assertTrue(d.contains("θB = 36.8029°"), d);
        assertTrue(d.contains("F0 = 223.668 + 9.391i"), d);
        assertTrue(d.contains("FH = 119.930 + 9.391i"), d);
        assertTrue(Materials.AL2O3.summary().contains("30 atoms/cell (Al 12, O 18)"), Materials.AL2O3.summary());
    }

    @Test
    void usersCanDefineTheirOwnMaterials() {
        // NaCl from its asymmetric unit, and the same from explicit sites
        Material nacl = Material.fromAsymmetricUnit("NaCl", Lattice.cubic(5.6402), SpaceGroup.FM_3M,
                List.of(AtomSite.of("Na", 0, 0, 0), AtomSite.of("Cl", 0.5, 0.5, 0.5)));
        assertEquals(8, nacl.sites().size());
        assertEquals(2.165, nacl.densityGPerCm3(), 0.01);
        Material explicit = Material.of("NaCl-explicit", Lattice.cubic(5.6402), nacl.sites());
        assertEquals(nacl.structureFactors(Hkl.of(2, 0, 0), CU), explicit.structureFactors(Hkl.of(2, 0, 0), CU));
        Material strained = Materials.SI.withLattice("Si+1%", Materials.SI.lattice().scaled(1.01));
        assertEquals(Materials.SI.dSpacingA(0, 0, 4) * 1.01, strained.dSpacingA(0, 0, 4), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Material.of(" ", Lattice.cubic(1), nacl.sites()));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Material.of("empty", Lattice.cubic(1), List.of()))
                .getMessage().contains("sites"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Material.of("x", null, nacl.sites()))
                .getMessage().contains("lattice"));
    }
}
