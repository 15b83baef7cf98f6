package strainlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import strainlab.fit.MeasuredYszTest;
import strainlab.io.RadmaxProject;

class RadmaxCommandTest {
    @TempDir
    Path tmp;

    /** A copy of the RaDMaX YSZ project in {@code tmp/ysz}. */
    private Path project() throws IOException {
        Path src = MeasuredYszTest.shared("data/measured/ysz-400");
        Path dst = Files.createDirectories(tmp.resolve("ysz"));
        for (String f : new String[]{"test.ini", "input_strain_coeff.txt", "input_DW_coeff.txt", "YSZ-XRD.txt"}) {
            Files.copy(src.resolve(f), dst.resolve(f));
        }
        return dst.resolve("test.ini");
    }

    @Test
    void fitsWritesTheReportAndExportsAProjectThatReimports() throws IOException {
        Path ini = project();
        Path out = tmp.resolve("out");
        Path export = tmp.resolve("export");
        CliRun r = CliRun.of("radmax", "fit", ini.toString(), "--out", out.toString(), "--export", export.toString(),
                "--material", "ysz", "--max-evaluations", "150");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("fit       σ_I"), r.out());
        for (String f : new String[]{"fit.txt", "curve.csv", "profiles.csv"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        assertTrue(Files.readString(out.resolve("curve.csv")).startsWith("two_theta_deg,measured,start,fit\n"));
        RadmaxProject back = RadmaxProject.read(export.resolve("test.ini"));
        assertEquals(RadmaxProject.SMOOTH, back.model());
        assertEquals(6, back.strainWeightsPercent().length);
        assertTrue(Files.isRegularFile(export.resolve("test_input_DW_coeff.txt")));
    }

    @Test
    void fitsAndExportsAPseudoVoigtProject() throws IOException {
        RadmaxProject ysz = RadmaxProject.read(project());
        Path pv = Files.createDirectories(tmp.resolve("pv"));
        ysz.withFit(RadmaxProject.PSEUDO_VOIGT, new double[]{0.6, 0.7, 0.3, 0.2, 0.3, 0.5, 0.3},
                new double[]{0.8, 0.6, 0.3, 0.3, 0.5, 0.5, 0.9}, 2000, 0.013, 0.01, 1e-5).write(pv, "pv", pv);
        Path export = tmp.resolve("export");
        CliRun r = CliRun.of("radmax", "fit", pv.resolve("pv.ini").toString(), "--out", tmp.resolve("out").toString(),
                "--export", export.toString(), "--material", "ysz", "--max-evaluations", "100");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(Files.readString(tmp.resolve("out/fit.txt")).contains("strain_height_percent"));
        RadmaxProject back = RadmaxProject.read(export.resolve("pv.ini"));
        assertEquals(RadmaxProject.PSEUDO_VOIGT, back.model());
        assertEquals(7, back.dwWeights().length);
    }

    @Test
    void aReportThatCannotBeWrittenLeavesNoExportEither() throws IOException {
        Path ini = project();
        Path out = tmp.resolve("out");
        Files.createDirectories(out.resolve("curve.csv"));
        Path export = tmp.resolve("export");
        CliRun r = CliRun.of("radmax", "fit", ini.toString(), "--out", out.toString(), "--export", export.toString(),
                "--material", "ysz", "--max-evaluations", "30");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(out.resolve("curve.csv") + ": is a folder")
                && r.err().contains("nothing was written"), r.err());
        assertFalse(Files.exists(export), "the export is written only with the report");
        try (var left = Files.list(tmp)) {
            assertEquals(List.of(), left.filter(f -> f.getFileName().toString().contains(".partial-")).toList());
        }
    }

    @Test
    void badProjectsAreNamedAndNothingIsWritten() throws IOException {
        Path ini = project();
        Path out = tmp.resolve("out");
        String text = Files.readString(ini);
        Files.writeString(ini, text.replace("model = 0.0", "model = 5.0"));
        CliRun r = CliRun.of("radmax", "fit", ini.toString(), "--out", out.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("test.ini") && r.err().contains("[Strain and DW] model")
                && r.err().contains("unknown model 5"), r.err());

        Files.writeString(ini, text.replace("strain_basis_func = 6.0", "strain_basis_func = 7.0"));
        r = CliRun.of("radmax", "fit", ini.toString(), "--out", out.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("strain_basis_func") && r.err().contains("input_strain_coeff.txt"), r.err());

        Files.writeString(ini, text);
        Files.delete(ini.resolveSibling("input_DW_coeff.txt"));
        r = CliRun.of("radmax", "fit", ini.toString(), "--out", out.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("input_dw") && r.err().contains("input_DW_coeff.txt"), r.err());

        r = CliRun.of("radmax", "refine", ini.toString(), "--out", out.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("unknown action 'refine'"), r.err());
        assertFalse(Files.exists(out), "nothing written");
    }
}
