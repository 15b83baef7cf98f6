package strainlab.crystal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HklAndAtomSiteTest {

    @Test
    void hklParsing() {
        assertEquals(Hkl.of(0, 0, 4), Hkl.parse("004"));
        assertEquals(Hkl.of(0, 0, 4), Hkl.parse(" 0 0 4 "));
        assertEquals(Hkl.of(1, -1, 0), Hkl.parse("1-10"));
        assertEquals(Hkl.of(-1, 1, 1), Hkl.parse("-111"));
        assertEquals(Hkl.of(10, 0, -12), Hkl.parse("10, 0, -12"));
        assertEquals(Hkl.of(0, 0, 4), Hkl.of(new int[] {0, 0, 4}));
        assertEquals(Hkl.of(-1, -2, 3), Hkl.of(1, 2, -3).negate());
        assertEquals("0 0 4", Hkl.of(0, 0, 4).toString());
        assertThrows(IllegalArgumentException.class, () -> Hkl.parse("0 0"));
        assertThrows(IllegalArgumentException.class, () -> Hkl.parse("abc"));
        assertThrows(IllegalArgumentException.class, () -> Hkl.of(new int[] {1, 2}));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Hkl.millerBravais(1, 0, 0, 0)).getMessage()
                .contains("−(h+k)"));
    }

    @Test
    void speciesElementAndCharge() {
        AtomSite zr = AtomSite.of("Zr4+", 0, 0, 0);
        assertEquals("Zr", zr.element());
        assertEquals(4, zr.charge());
        assertEquals(40, zr.atomicNumber());
        AtomSite o = AtomSite.of("O2−", 0.25, 0.25, 0.25);
        assertEquals("O2-", o.species());
        assertEquals(-2, o.charge());
        assertEquals(-1, AtomSite.of("Cl-", 0, 0, 0).charge());
        assertEquals(0, AtomSite.of("Si", 0, 0, 0).charge());
        assertEquals(92, AtomSite.of("U", 0, 0, 0).atomicNumber());
    }

    @Test
    void invalidSitesNameTheField() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AtomSite.of("Xx", 0, 0, 0)).getMessage()
                .contains("unknown element symbol 'Xx'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AtomSite.of("zr", 0, 0, 0)).getMessage()
                .contains("species"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AtomSite.of("", 0, 0, 0)).getMessage()
                .contains("species"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AtomSite.of("Si", Double.NaN, 0, 0))
                .getMessage().contains("AtomSite.x"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AtomSite.of("Si", 0, 0, 0).withOccupancy(0))
                .getMessage().contains("occupancy"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AtomSite.of("Si", 0, 0, 0).withOccupancy(1.2))
                .getMessage().contains("occupancy"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AtomSite.of("Si", 0, 0, 0).withBIsoA2(-0.1))
                .getMessage().contains("bIsoA2"));
    }
}
