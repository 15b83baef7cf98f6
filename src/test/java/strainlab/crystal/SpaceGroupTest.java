package strainlab.crystal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpaceGroupTest {

    @Test
    void groupOrdersModuloLatticeTranslations() {
        assertEquals(1, SpaceGroup.P1.order());
        assertEquals(48, SpaceGroup.PM_3M.order());
        assertEquals(192, SpaceGroup.FM_3M.order());
        assertEquals(96, SpaceGroup.F_43M.order());
        assertEquals(192, SpaceGroup.FD_3M.order());
        assertEquals(12, SpaceGroup.P6_3MC.order());
        assertEquals(36, SpaceGroup.R_3C.order());
    }

    @Test
    void wyckoffMultiplicities() {
        // Fm-3m: 4a, 8c; Fd-3m (origin 1): 8a; P6_3mc: 2a, 2b; R-3c: 12c, 18e; Pm-3m: 1a, 3c
        assertEquals(4, SpaceGroup.FM_3M.expand(List.of(AtomSite.of("Zr", 0, 0, 0))).size());
        assertEquals(8, SpaceGroup.FM_3M.expand(List.of(AtomSite.of("O", 0.25, 0.25, 0.25))).size());
        assertEquals(8, SpaceGroup.FD_3M.expand(List.of(AtomSite.of("Si", 0, 0, 0))).size());
        assertEquals(2, SpaceGroup.P6_3MC.expand(List.of(AtomSite.of("Si", 0, 0, 0.1))).size());
        assertEquals(2, SpaceGroup.P6_3MC.expand(List.of(AtomSite.of("Ga", 1.0 / 3, 2.0 / 3, 0))).size());
        assertEquals(12, SpaceGroup.R_3C.expand(List.of(AtomSite.of("Al", 0, 0, 0.35216))).size());
        assertEquals(18, SpaceGroup.R_3C.expand(List.of(AtomSite.of("O", 0.30668, 0, 0.25))).size());
        assertEquals(3, SpaceGroup.PM_3M.expand(List.of(AtomSite.of("O", 0.5, 0.5, 0))).size());
        // a general position has full multiplicity
        assertEquals(192, SpaceGroup.FM_3M.expand(List.of(AtomSite.of("C", 0.11, 0.23, 0.37))).size());
    }

    @Test
    void expandedSitesAreInTheCellAndKeepOccupancyAndB() {
        List<AtomSite> sites = SpaceGroup.R_3C.expand(List.of(AtomSite.of("O", 0.30668, 0, 0.25).withOccupancy(0.9)
                .withBIsoA2(0.3)));
        for (AtomSite s : sites) {
            for (double v : s.position()) {
                assertTrue(v >= 0 && v < 1, "coordinate " + v);
            }
            assertEquals(0.9, s.occupancy());
            assertEquals(0.3, s.bIsoA2());
        }
    }

    @Test
    void operationsParseComposeAndPrint() {
        SymmetryOperation op = SymmetryOperation.parse("-y, x-y, z+1/3");
        assertEquals("-y,x-y,z+1/3", op.toString());
        assertEquals(op, SymmetryOperation.parse(op.toString()));
        SymmetryOperation cube = op.compose(op).compose(op);
        assertEquals(SymmetryOperation.identity(), cube);
        double[] p = SymmetryOperation.parse("-x+1/4,-y+1/4,-z+1/4").apply(new double[] {0, 0, 0});
        assertEquals(0.25, p[0], 0);
    }

    @Test
    void badOperationsAndNonClosingGeneratorsAreReported() {
        assertThrows(IllegalArgumentException.class, () -> SymmetryOperation.parse("x,y"));
        assertThrows(IllegalArgumentException.class, () -> SymmetryOperation.parse("x,y,w"));
        assertThrows(IllegalArgumentException.class, () -> SymmetryOperation.parse("x,y,z+1/5"));
        assertThrows(IllegalArgumentException.class, () -> SymmetryOperation.parse("x,x,z"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SpaceGroup.fromGenerators("shear", "x+y,y,z"))
                .getMessage().contains("do not close"));
    }
}
