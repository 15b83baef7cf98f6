package strainlab.analysis;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import strainlab.crystal.DiffractionSetup;
import strainlab.crystal.Materials;
import strainlab.fit.MeasuredYszTest;
import strainlab.io.MeasuredScan;
import strainlab.io.RadmaxProject;
import strainlab.io.TextScanReader;

class ScanPlausibilityTest {
    @Test
    void theMeasuredScansAndTheExampleAreAccepted() throws IOException {
        for (String ini : new String[]{"data/measured/ysz-400/test.ini", "data/measured/sic-3c-400/test.ini"}) {
            RadmaxProject p = RadmaxProject.read(MeasuredYszTest.shared(ini));
            double[] c = p.cell();
            DiffractionSetup setup = Materials.byName(p.crystalName()).withLattice(p.crystalName(),
                    new strainlab.crystal.Lattice(c[0], c[1], c[2], c[3], c[4], c[5]))
                    .setup(p.hkl()[0], p.hkl()[1], p.hkl()[2], p.wavelengthA());
            assertDoesNotThrow(() -> ScanPlausibility.check(p.scan().withWavelength(p.wavelengthA()), setup, ini));
        }
        MeasuredScan example = TextScanReader.read(Path.of("data/examples/ysz-400-simulated.txt"), null)
                .withWavelength(1.5406);
        assertDoesNotThrow(() -> ScanPlausibility.check(example, Materials.byName("ysz").setup(4, 0, 0, 1.5406),
                "ysz 400"));
    }

    @Test
    void theLowAngleSpanIsTwoFringesOfTheThinnestLayer() {
        DiffractionSetup ysz = Materials.byName("ysz").setup(4, 0, 0, 1.5406);
        double fringeDeg = Math.toDegrees(1.5406 / (500 * Math.cos(ysz.braggAngleRad())));
        assertEquals(2 * fringeDeg, ScanPlausibility.minLowSideTwoThetaDeg(ysz), 1e-12);
        assertEquals(0.441, ScanPlausibility.minLowSideTwoThetaDeg(ysz), 5e-4);
    }

    @Test
    void aForbiddenReflectionIsRefusedEvenWhenItsAngleIsInTheScan() throws IOException {
        MeasuredScan example = TextScanReader.read(Path.of("data/examples/ysz-400-simulated.txt"), null)
                .withWavelength(1.5406);
        DiffractionSetup ysz = Materials.byName("ysz").setup(4, 0, 0, 1.5406);
        var sf = ysz.structureFactors();
        DiffractionSetup forbidden = new DiffractionSetup(ysz.wavelengthA(), ysz.dSpacingA(), ysz.unitCellVolumeA3(),
                new strainlab.crystal.StructureFactors(sf.f0Re(), sf.f0Im(), 0, 0, 0, 0));
        var e = assertThrows(ScanPlausibility.ImplausibleScanException.class,
                () -> ScanPlausibility.check(example, forbidden, "ysz 400 (F_H 0)"));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().startsWith("ysz-400-simulated.txt: refused, reflection ysz 400 (F_H 0) is forbidden"),
                e.getMessage());
    }
}
