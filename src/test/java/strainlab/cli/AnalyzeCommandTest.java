package strainlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeCommandTest {
    @TempDir
    Path tmp;

    @Test
    void badArgumentsAreUsageErrors() {
        assertEquals(2, CliRun.of("analyze").code());
        CliRun r = CliRun.of("analyze", "x.txt", "--hkl", "4,0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--hkl must be H,K,L"), r.err());
        assertEquals(2, CliRun.of("analyze", "x.txt", "--bogus").code());
        assertEquals(2, CliRun.of("analyze", "x.txt", "--material", "unobtainium").code());
        assertTrue(CliRun.of("analyze", "x.txt", "--figure-format", "tiff").err().contains("figure format 'tiff'"));
    }

    @Test
    void optionValuesAreRefusedInTheOptionsWords() {
        for (String[] c : new String[][] {
            {"--hkl", "4,x,0", "analyze: --hkl must be three integers, got '4,x,0'\n"},
            {"--wavelength", "-1", "analyze: --wavelength must be a positive number, got '-1'\n"},
            {"--time-limit", "abc", "analyze: --time-limit must be a positive number, got 'abc'\n"},
            {"--threads", "Infinity", "analyze: --threads must be a positive number, got 'Infinity'\n"},
            {"--axis", "degrees", "analyze: --axis: "},
            {"--noise-family", "loud", "analyze: --noise-family must be honest, published or all, got 'loud'\n"}}) {
            CliRun r = CliRun.of("analyze", "x.txt", c[0], c[1]);
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains(c[2]), r.err());
        }
        CliRun r = CliRun.of("analyze", "x.txt", "--no-model", "--models", "m");
        assertTrue(r.err().contains("--model, --models and --no-model exclude each other"), r.err());
    }

    @Test
    void malformedScanIsReportedWithoutStackTrace() throws Exception {
        Path bad = tmp.resolve("bad.txt");
        Files.writeString(bad, "72.1 10\n72.2 -4\n72.3 5\n");
        CliRun r = CliRun.of("analyze", bad.toString(), "--out", tmp.resolve("out").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("bad.txt line 2: negative intensity -4"), r.err());
        assertTrue(!r.err().contains("\tat "), r.err());
    }

    @Test
    void analyzesTheEmbeddedExampleAndWritesTheReport() throws Exception {
        Path out = tmp.resolve("ex");
        CliRun r = CliRun.of("analyze", "data/examples/ysz-400-simulated.txt", "--no-model", "--time-limit", "60",
                "--out", out.toString(), "--figure-format", "png,svg", "--dpi", "144");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("network   none (--no-model)"), r.out());
        for (String f : List.of("report.json", "curves.csv", "profiles.csv", "report.png", "report.svg")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        assertEquals(2 * 3 * strainlab.plot.Charts.WIDTH,
                javax.imageio.ImageIO.read(out.resolve("report.png").toFile()).getWidth(), "144 dpi: twice 72 dpi");
        assertTrue(r.out().contains("report.png, report.svg"), r.out());
        JsonObject rep = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
        for (String k : List.of("sigmaI", "seconds", "model", "parameters", "uncertainties", "truth")) {
            assertTrue(rep.has(k), "report.json lacks " + k);
        }
        assertTrue(rep.get("model").getAsString().startsWith("none"), rep.get("model").getAsString());
        assertTrue(Files.readAllLines(out.resolve("curves.csv")).get(0).contains("log10_I_truth"));
    }

    @Test
    void aProjectAnalysedInItsOwnModelReportsItsTruthInThatModel() throws Exception {
        Path src = strainlab.fit.MeasuredYszTest.shared("data/measured/sic-3c-400");
        Path dir = Files.createDirectories(tmp.resolve("sic"));
        for (String f : List.of("test.ini", "SiC-XRD.txt", "input_DW_coeff.txt", "input_strain_coeff.txt")) {
            Files.copy(src.resolve(f), dir.resolve(f));
        }
        // a made-up truth in the paper model's parameters: only the plumbing is checked
        String[] names = {"strain_w1_percent", "strain_w2_percent", "strain_w3_percent", "strain_w4_percent",
            "strain_w5_percent", "strain_w6_percent", "strain_w7_percent", "strain_w8_percent", "strain_w9_percent",
            "strain_w10_percent", "scale_dw", "thickness_nm", "fwhm_theta_deg", "eta", "log10_scale",
            "log10_background", "offset_theta_deg"};
        double[] values = {0.1, 0.4, 0.8, 1.1, 1.2, 1.2, 1.1, 1.0, 0.9, 0.8, 2.5, 180, 0.02, 0.001, 0, -6.5, 0.001};
        JsonObject p = new JsonObject();
        for (int i = 0; i < names.length; i++) {
            p.addProperty(names[i], values[i]);
        }
        JsonObject truth = new JsonObject();
        truth.add("parameters", p);
        Files.writeString(dir.resolve("test.truth.json"), truth.toString());
        Path out = tmp.resolve("sic-report");
        CliRun r = CliRun.of("analyze", dir.resolve("test.ini").toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("truth"), r.out());
        JsonObject report = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
        assertEquals("spline", report.getAsJsonObject("setup").get("dw").getAsString());
        assertEquals(12, report.getAsJsonObject("truth").getAsJsonObject("parameters").keySet().stream()
                .filter(k -> k.startsWith("dw_w")).count());
        assertEquals(180, report.getAsJsonObject("truth").getAsJsonObject("parameters").get("thickness_nm")
                .getAsDouble(), 1e-9);
    }
}
