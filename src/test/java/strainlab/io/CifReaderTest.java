package strainlab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import strainlab.crystal.Hkl;
import strainlab.crystal.Material;
import strainlab.crystal.Materials;
import strainlab.crystal.StructureFactors;

/**
 * CIF files written from the published structures (cell, space-group operations, sites) give the same cell
 * content and structure factors as the built-in materials, to 1e-6 relative.
 */
class CifReaderTest {
    private static final double LAMBDA = 1.5406;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "si.cif, Si, 8, 0 0 4;2 2 0;1 1 1;3 1 1",
        "sic-3c.cif, 3C-SiC, 8, 0 0 2;1 1 1;0 0 4;2 2 0",
        "gan.cif, GaN, 4, 0 0 2;0 0 4;1 0 1;1 0 0;1 0 5",
        "ysz.cif, YSZ, 12, 0 0 4;1 1 1;2 2 0;0 0 2",
    })
    void structureFactorsAgreeWithTheBuiltInMaterial(String file, String builtIn, int atoms, String reflections)
            throws Exception {
        Material cif = CifReader.read(resource(file));
        Material ref = Materials.byName(builtIn);
        assertEquals(atoms, cif.sites().size(), "atoms per cell");
        assertEquals(ref.sites().size(), cif.sites().size());
        assertEquals(ref.volumeA3(), cif.volumeA3(), 1e-9 * ref.volumeA3());
        for (String r : reflections.split(";")) {
            String[] h = r.trim().split(" ");
            Hkl hkl = Hkl.of(Integer.parseInt(h[0]), Integer.parseInt(h[1]), Integer.parseInt(h[2]));
            StructureFactors a = cif.structureFactors(hkl, LAMBDA);
            StructureFactors b = ref.structureFactors(hkl, LAMBDA);
            double scale = Math.hypot(b.f0Re(), b.f0Im());
            assertEquals(b.f0Re(), a.f0Re(), 1e-6 * scale, builtIn + " " + hkl + " F0");
            assertEquals(b.f0Im(), a.f0Im(), 1e-6 * scale, builtIn + " " + hkl + " F0");
            double fh = Math.max(Math.hypot(b.fhRe(), b.fhIm()), 1e-3 * scale);
            assertEquals(b.fhRe(), a.fhRe(), 1e-6 * fh, builtIn + " " + hkl + " FH");
            assertEquals(b.fhIm(), a.fhIm(), 1e-6 * fh, builtIn + " " + hkl + " FH");
            assertEquals(b.fmhRe(), a.fmhRe(), 1e-6 * fh, builtIn + " " + hkl + " F-H");
            assertEquals(b.fmhIm(), a.fmhIm(), 1e-6 * fh, builtIn + " " + hkl + " F-H");
        }
    }

    @Test
    void ionLabelsAndUncertaintiesAreRead() throws Exception {
        Material ysz = CifReader.read(resource("ysz.cif"));
        assertEquals("Zr4+", ysz.sites().get(0).species());
        Material si = CifReader.read(resource("si.cif"));
        assertEquals(5.431020511, si.lattice().aA());
        assertEquals("Ga", CifReader.read(resource("gan.cif")).sites().get(0).element());
    }

    @Test
    void displacementParametersAndOccupanciesAreRead() {
        String text = "data_x\n_cell_length_a 4\n_cell_length_b 4\n_cell_length_c 4\nloop_\n_atom_site_label\n"
                + "_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n_atom_site_occupancy\n"
                + "_atom_site_U_iso_or_equiv\nMg1 0 0 0 0.5(1) 0.01\n";
        Material m = CifReader.parse(text, "x", "x.cif");
        assertEquals(0.5, m.sites().get(0).occupancy());
        assertEquals(8 * Math.PI * Math.PI * 0.01, m.sites().get(0).bIsoA2(), 1e-12);
    }

    @Test
    void upperCaseAndTranslationFirstOperationsAreRead() {
        String text = "data_x\n_cell_length_a 4\n_cell_length_b 4\n_cell_length_c 4\nloop_\n"
                + "_symmetry_equiv_pos_as_xyz\n'X,Y,Z'\n'1/2+x,1/2+y,z'\nloop_\n_atom_site_label\n"
                + "_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nCu1 0 0 0\n";
        assertEquals(2, CifReader.parse(text, "x", "x.cif").sites().size());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> CifReader.parse(text.replace("'X,Y,Z'", "'x,y'"), "x", "x.cif"));
        assertTrue(bad.getMessage().contains("_symmetry_equiv_pos_as_xyz"), bad.getMessage());
    }

    @Test
    void badFilesNameTheProblem() {
        IllegalArgumentException noCell = assertThrows(IllegalArgumentException.class,
                () -> CifReader.read(resource("no-cell.cif")));
        assertTrue(noCell.getMessage().contains("_cell_length_b"), noCell.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> CifReader.read(resource("unknown-element.cif")));
        assertTrue(unknown.getMessage().contains("unknown element") && unknown.getMessage().contains("Xq"),
                unknown.getMessage());
        IllegalArgumentException noData = assertThrows(IllegalArgumentException.class,
                () -> CifReader.parse("_cell_length_a 4\n", "x", "x.cif"));
        assertTrue(noData.getMessage().contains("data_"), noData.getMessage());
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(CifReaderTest.class.getResource("/strainlab/io/cif/" + name).toURI());
    }
}
