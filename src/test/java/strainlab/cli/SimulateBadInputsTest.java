package strainlab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import strainlab.instrument.SimulatedCurve;
import strainlab.instrument.XrdSimulator;
import strainlab.diffraction.DynamicalDiffraction;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import strainlab.io.SimulationRequestJson;

/**
 * Bad requests through the whole command line: each is refused with exit status 1 and a message naming the
 * file and the field (or reflection) and the problem, and writes nothing; no Java exception text.
 */
class SimulateBadInputsTest {
    static final String MATERIAL = """
            { "wavelengthA": 1.5406, "material": "ZrO2", "hkl": [0, 0, 4],
              "thicknessNm": 400, "lamellae": 50,
              "strainWeightsPercent": [0.35, 0.9, 1.6, 2.0, 1.85, 1.5, 1.1, 0.8, 0.6, 0.5],
              "dw": {"rule": "tied", "dwMin": 0.5},
              "theta": {"startDeg": 35.52, "stepDeg": 0.005, "count": 342},
              "resolution": {"fwhmDeg": 0.01, "axis": "2theta", "eta": 0.001},
              "scale": 1e5, "background": 3.0 }
            """;

    @TempDir
    Path dir;

    CliRun simulate(String json, String... extra) throws Exception {
        Path req = dir.resolve("request.json");
        Files.writeString(req, json);
        return simulateFile(req, extra);
    }

    CliRun simulateFile(Path req, String... extra) {
        List<String> args = new ArrayList<>(List.of("simulate", "--params", req.toString(),
                "--out", dir.resolve("curve.csv").toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    static void refused(CliRun r, String... parts) {
        assertEquals(1, r.code(), r.err());
        for (String p : parts) {
            assertTrue(r.err().contains(p), "'" + r.err() + "' lacks '" + p + "'");
        }
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    }

    void refusedAndNothingWritten(CliRun r, String... parts) {
        refused(r, parts);
        assertFalse(Files.exists(dir.resolve("curve.csv")), "nothing may be written");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "duplicate key | \"lamellae\": 50, | \"lamellae\": 50, \"lamellae\": 5, | duplicate key 'lamellae'",
        "unquoted key | \"lamellae\": 50, | lamellae: 50, | unquoted key",
        "trailing comma | \"background\": 3.0 } | \"background\": 3.0, } | not strict JSON",
        "trailing text | \"background\": 3.0 } | \"background\": 3.0 } {} | text after the end of the JSON object",
        "NaN | \"background\": 3.0 | \"background\": NaN | ($.background): 'NaN' is not a JSON number",
        "unknown field | \"scale\": 1e5, | \"scale\": 1e5, \"colour\": 1, | unknown field 'colour'",
        "strain 50 % | [0.35, 0.9, | [50, 0.9, | strainWeightsPercent[0] must lie in [-10.0, 10.0] %",
        "FWHM 1000° | \"fwhmDeg\": 0.01 | \"fwhmDeg\": 1000 | resolution.fwhmDeg must lie in (0, 1.0]°",
        "negative thickness | \"thicknessNm\": 400 | \"thicknessNm\": -5 | thicknessNm must lie in [0.0, 10000.0] nm",
        "huge thickness | \"thicknessNm\": 400 | \"thicknessNm\": 1e300 | thicknessNm must lie in",
        "eta above 1 | \"eta\": 0.001 | \"eta\": 2 | resolution.eta must lie in [0.0, 1.0]",
        "wavelength | \"wavelengthA\": 1.5406 | \"wavelengthA\": 1e-9 | wavelengthA must lie in [0.1, 5.0] Å",
        "hkl | [0, 0, 4] | [0, 0, 1e12] | hkl[2] must lie in [-100, 100]",
        "lamellae 1e8 | \"lamellae\": 50 | \"lamellae\": 100000000 | lamellae must lie in [1, 100000]",
        "θ count 1e8 | \"count\": 342 | \"count\": 100000000 | theta.count must lie in [1, 100000]",
        "too much work | \"lamellae\": 50 | \"lamellae\": 99999, \"theta\": {\"startDeg\": 35.52, \"stepDeg\": 0.00002, \"count\": 99999}, \"x\": 0 | lamellae × θ points",
    })
    void malformedOrAbsurdRequestsAreRefusedByField(String what, String from, String to, String message)
            throws Exception {
        String json = MATERIAL.replace(from, to);
        assertTrue(!json.equals(MATERIAL), "test setup: " + what);
        if (what.equals("too much work")) {
            json = json.replace("\"theta\": {\"startDeg\": 35.52, \"stepDeg\": 0.005, \"count\": 342},", "")
                    .replace(", \"x\": 0", "");
        }
        refusedAndNothingWritten(simulate(json), "request.json", message);
    }

    @Test
    void commentsAndSingleQuotesAreRefused() throws Exception {
        refusedAndNothingWritten(simulate(MATERIAL.replace("\"lamellae\": 50,", "\"lamellae\": 50, // fifty\n")),
                "request.json: not strict JSON at line 2", "a comment near '// fifty'");
        refusedAndNothingWritten(simulate(MATERIAL.replace("\"lamellae\": 50,", "/* x */ \"lamellae\": 50,")),
                "request.json: not strict JSON at line 2", "a comment");
        refusedAndNothingWritten(simulate(MATERIAL.replace("\"ZrO2\"", "'ZrO2'")),
                "request.json: not strict JSON at line 1", "a single-quoted string");
    }

    @Test
    void aBinaryRequestFileIsNamed() throws Exception {
        Path bin = dir.resolve("request.bin");
        Files.write(bin, new byte[]{(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0x80, (byte) 0xc3});
        CliRun r = simulateFile(bin);
        refusedAndNothingWritten(r, "request.bin", "not a text file");
        assertFalse(r.err().contains("Input length"), r.err());
    }

    @Test
    void aFolderIsNamedAsAFolder() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("requests"));
        refusedAndNothingWritten(simulateFile(folder), folder + " is a directory");
        CliRun r = CliRun.of("simulate", "--params", "data/examples/zro2-004-request.json", "--out", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--out " + dir + " is a directory"), r.err());
    }

    @Test
    void aFailedPlotLeavesNoCurveBehind() throws Exception {
        Path blocker = Files.writeString(dir.resolve("plots"), "a file where the plot's folder should be");
        Path csv = dir.resolve("curve.csv");
        CliRun r = CliRun.of("simulate", "--params", "data/examples/zro2-004-request.json", "--out", csv.toString(),
                "--plot", blocker.resolve("curve.png").toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(blocker.toString()), r.err());
        assertFalse(Files.exists(csv), "the CSV must not be written when the plot fails");
        try (var left = Files.list(dir)) {
            assertEquals(List.of(blocker), left.toList(), "no temporary file is left");
        }
    }

    @ParameterizedTest(name = "Si {0}")
    @CsvSource({"2 0 0, '[2, 0, 0]', 16", "2 2 2, '[2, 2, 2]', 29"})
    void forbiddenReflectionsAreRefusedThenAbsoluteWithTheFlag(String name, String hkl, double startDeg)
            throws Exception {
        String json = MATERIAL.replace("\"ZrO2\", \"hkl\": [0, 0, 4]", "\"Si\", \"hkl\": " + hkl)
                .replace("35.52", String.valueOf(startDeg));
        refusedAndNothingWritten(simulate(json), "request.json", "Si " + name, "|F_H| = ", "--allow-weak-reflection");
        CliRun r = simulate(json, "--allow-weak-reflection");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("warning: Si " + name) && r.out().contains("absolute"), r.out());
        double maxCounts = maxIntensity(dir.resolve("curve.csv"));
        assertTrue(maxCounts < 3.0 + 1e-6, "absolute intensity of a forbidden reflection is the background, got "
                + maxCounts);
    }

    @Test
    void aGridWithoutTheBraggPeakIsRefusedThenAbsoluteWithTheFlag() throws Exception {
        String json = MATERIAL.replace("35.52", "30.0");
        refusedAndNothingWritten(simulate(json), "request.json", "theta: the grid θ = 30.0000°..31.7050° does not "
                + "hold the Bragg angle θB = 36.8029°", "--allow-missing-peak");
        CliRun r = simulate(json, "--allow-missing-peak");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("warning: the grid θ"), r.out());
        assertTrue(maxIntensity(dir.resolve("curve.csv")) < 100, "no normalised fake peak");
    }

    @Test
    void anAbsoluteCurveIsNotRescaled() throws Exception {
        String json = MATERIAL.replace("\"scale\": 1e5,", "\"scale\": 1e5, \"rescale\": {\"points\": 1001},");
        refusedAndNothingWritten(simulate(json, "--allow-missing-peak"), "request.json: rescale:",
                "cannot be rescaled");
    }

    @Test
    void aGridTooCoarseForThePeakIsRefused() throws Exception {
        String json = MATERIAL.replace("\"startDeg\": 35.52, \"stepDeg\": 0.005, \"count\": 342",
                "\"startDeg\": 30, \"stepDeg\": 0.9, \"count\": 12");
        refusedAndNothingWritten(simulate(json), "request.json", "does not sample the Bragg peak",
                "highest raw reflectivity is");
    }

    @Test
    void theAbsoluteCurveOfAnAllowedReflectionPeaksNearItsReflectivity() throws Exception {
        CliRun r = simulate(MATERIAL, "--allow-missing-peak");
        assertEquals(0, r.code(), r.err());
        double max = maxIntensity(dir.resolve("curve.csv"));
        assertTrue(max > 3 + 0.3e5 && max < 3 + 1e5, "scale × resolution-averaged reflectivity, got " + max);
    }

    @Test
    void progressIsReportedInPartsWithTheSameValues() throws Exception {
        String json = MATERIAL.replace("\"count\": 342", "\"count\": 3000")
                .replace("\"stepDeg\": 0.005", "\"stepDeg\": 0.0005");
        var request = SimulationRequestJson.parse(json, "request.json");
        for (DynamicalDiffraction.Kernel k : DynamicalDiffraction.Kernel.values()) {
            List<Double> seen = new ArrayList<>();
            SimulatedCurve parts = XrdSimulator.simulate(request, k, false, seen::add);
            SimulatedCurve whole = XrdSimulator.simulate(request, k);
            assertArrayEquals(whole.rawReflectivity(), parts.rawReflectivity(), k.toString());
            assertEquals(List.of(1024.0 / 3000, 2048.0 / 3000, 1.0), seen, k.toString());
        }
    }

    @Test
    void aCorruptTruthFileIsNamed() throws Exception {
        Files.copy(Path.of("data/examples/ysz-400-simulated.txt"), dir.resolve("scan.txt"));
        Files.writeString(dir.resolve("scan.truth.json"), "{\"parameters\": {\"a\": 1, \"b\": tru");
        CliRun r = CliRun.of("analyze", dir.resolve("scan.txt").toString(), "--material", "YSZ", "--hkl", "4,0,0",
                "--out", dir.resolve("out").toString());
        refused(r, "scan.truth.json: not valid JSON");
        Files.writeString(dir.resolve("scan.truth.json"), "{\"parameters\": {\"a\": 1, \"b\": \"x\"}}");
        refused(CliRun.of("analyze", dir.resolve("scan.txt").toString(), "--material", "YSZ", "--hkl", "4,0,0",
                "--out", dir.resolve("out").toString()), "scan.truth.json key \"parameters.b\": must be a finite number");
    }

    static double maxIntensity(Path csv) throws Exception {
        double max = Double.NEGATIVE_INFINITY;
        for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
            String[] f = line.split(",");
            max = Math.max(max, Double.parseDouble(f[4]));
        }
        return max;
    }
}
