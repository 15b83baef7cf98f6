package strainlab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import strainlab.io.SimulationRequestJson;

class SimulateCommandTest {
    static final String GOOD = """
            { "wavelengthA": 1.5406, "dSpacingA": 1.2858375, "unitCellVolumeA3": 136.06243,
              "f0": [223.59852, 9.38724], "fh": [120.31277, 9.38724], "fmh": [120.31277, 9.38724],
              "thicknessNm": 100, "lamellae": 40,
              "strainWeightsPercent": [0.2, 0.6, 1.0, 1.2, 1.0, 0.8, 0.5, 0.3, 0.2, 0.1],
              "splineConvention": "smooth",
              "dw": {"rule": "tied", "dwMin": 0.5},
              "theta": {"startDeg": 36.0, "stepDeg": 0.005, "count": 240},
              "resolution": {"fwhmDeg": 0.01, "axis": "2theta", "eta": 0.001},
              "scale": 1e5, "background": 3.0, "noiseSeed": 7,
              "rescale": {"points": 401} }
            """;

    @TempDir
    Path dir;

    int run(String json, Path out) throws Exception {
        Path req = dir.resolve("request.json");
        Files.writeString(req, json);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        return new SimulateCommand().run(new String[]{"--params", req.toString(), "--out", out.toString(),
            "--plot", dir.resolve("curve.png").toString()}, new PrintStream(buf, true, StandardCharsets.UTF_8));
    }

    @Test
    void writesTheCurveTheRescaledCurveAndThePlot() throws Exception {
        Path out = dir.resolve("curve.csv");
        assertEquals(0, run(GOOD, out));
        List<String> lines = Files.readAllLines(out);
        assertEquals("two_theta_deg,theta_deg,dq_over_q,raw_reflectivity,intensity", lines.get(0));
        assertEquals(241, lines.size());
        String[] first = lines.get(1).split(",");
        assertEquals(72.0, Double.parseDouble(first[0]), 1e-9);
        assertEquals(36.0, Double.parseDouble(first[1]), 1e-9);
        List<String> resc = Files.readAllLines(dir.resolve("curve-rescaled.csv"));
        assertEquals("x,log10_intensity", resc.get(0));
        assertEquals(402, resc.size());
        assertTrue(Files.size(dir.resolve("curve.png")) > 1000);
        // same seed, same bytes
        Path again = dir.resolve("again.csv");
        assertEquals(0, run(GOOD, again));
        assertEquals(Files.readString(out), Files.readString(again));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing field | \"thicknessNm\": 100, | | thicknessNm",
        "wrong type | \"lamellae\": 40, | \"lamellae\": \"forty\", | lamellae",
        "non-integer | \"lamellae\": 40, | \"lamellae\": 40.5, | lamellae",
        "negative thickness | \"thicknessNm\": 100, | \"thicknessNm\": -5, | thicknessNm",
        "DW above 1 | \"dwMin\": 0.5 | \"dwMin\": 1.5 | dw.dwMin",
        "DW zero | \"dwMin\": 0.5 | \"dwMin\": 0 | dw.dwMin",
        "empty grid | \"count\": 240 | \"count\": 0 | theta.count",
        "unknown field | \"scale\": 1e5, | \"scale\": 1e5, \"colour\": 1, | colour",
        "unknown nested field | \"eta\": 0.001 | \"eta\": 0.001, \"shape\": 1 | resolution.shape",
        "bad axis | \"2theta\" | \"omega\" | resolution.axis",
        "bad rule | \"tied\" | \"linear\" | dw.rule",
        "bad weights | [0.2, 0.6, | [0.2, \"x\", | strainWeightsPercent[1]",
        "bad rescale | \"points\": 401 | \"points\": 500 | rescale.points",
        "no F0 | \"f0\": [223.59852, 9.38724], | | f0",
        "both forms | \"wavelengthA\": 1.5406, | \"wavelengthA\": 1.5406, \"material\": \"ZrO2\", \"hkl\": [0,0,4], | material"
    })
    void malformedRequestsNameTheFieldAndWriteNothing(String what, String from, String to, String field)
            throws Exception {
        String json = GOOD.replace(from, to == null ? "" : to);
        assertTrue(!json.equals(GOOD), "test setup: replacement did not apply for " + what);
        Path out = dir.resolve("bad.csv");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(json, out));
        assertTrue(e.getMessage().contains(field), what + ": message '" + e.getMessage() + "' lacks '" + field + "'");
        assertTrue(!Files.exists(out) && !Files.exists(dir.resolve("bad-rescaled.csv"))
                && !Files.exists(dir.resolve("curve.png")), what + ": nothing may be written");
    }

    @Test
    void unknownMaterialIsNamed() throws Exception {
        String json = GOOD.replace("\"dSpacingA\": 1.2858375, \"unitCellVolumeA3\": 136.06243,", "")
                .replace("\"f0\": [223.59852, 9.38724], \"fh\": [120.31277, 9.38724], \"fmh\": [120.31277, 9.38724],",
                        "\"material\": \"Unobtainium\", \"hkl\": [0, 0, 4],");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(json, dir.resolve("m.csv")));
        assertTrue(e.getMessage().contains("material") && e.getMessage().contains("Unobtainium"), e.getMessage());
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThrows(UsageException.class, () -> new SimulateCommand().run(new String[]{"--out", "x.csv"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        assertThrows(UsageException.class, () -> new SimulateCommand().run(new String[]{"--params"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    }

    @Test
    void theEmbeddedExampleRequestsParse() throws Exception {
        for (String name : new String[]{"zro2-004-request.json", "zro2-004-material-request.json"}) {
            Path p = Path.of("data", "examples", name);
            var r = SimulationRequestJson.parse(Files.readString(p), p.toString());
            assertEquals(500, r.profiles().lamellae());
            assertEquals(342, r.thetaRad().length);
        }
    }
}
