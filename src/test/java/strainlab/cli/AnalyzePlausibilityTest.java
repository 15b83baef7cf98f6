package strainlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code analyze} on inputs that cannot give a trustworthy answer: each is refused before computing (exit 4) or
 * its result is flagged (exit 3), with a message naming the scan and the problem, and never a half-written report.
 */
class AnalyzePlausibilityTest {
    private static final String EXAMPLE = "data/examples/ysz-400-simulated.txt";

    @TempDir
    Path tmp;

    private CliRun analyze(String scan, String... options) {
        List<String> a = new ArrayList<>(List.of("analyze", scan, "--out", tmp.resolve("out").toString()));
        a.addAll(List.of(options));
        return CliRun.of(a.toArray(String[]::new));
    }

    private void assertRefused(CliRun r, String... fragments) {
        assertEquals(AnalyzeCommand.EXIT_REFUSED, r.code(), r.out() + r.err());
        for (String f : fragments) {
            assertTrue(r.out().contains(f), "'" + f + "' in:\n" + r.out());
        }
        assertTrue(r.out().contains("refused   nothing computed or written (exit status 4)"), r.out());
        assertFalse(r.out().contains("fit       "), "nothing computed:\n" + r.out());
        assertFalse(Files.exists(tmp.resolve("out")), "nothing written");
        assertFalse((r.out() + r.err()).contains("\tat "), "no stack trace");
    }

    private Path scanFile(String name, double from, double step, int n, java.util.function.DoubleUnaryOperator f)
            throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            double x = from + i * step;
            sb.append(String.format(Locale.ROOT, "%.5f %.4f%n", x, f.applyAsDouble(x)));
        }
        return Files.writeString(tmp.resolve(name), sb.toString());
    }

    @Test
    void aForbiddenReflectionWhosePeakIsNotInTheScanIsRefused() {
        assertRefused(analyze(EXAMPLE, "--material", "Si", "--hkl", "2,0,0"),
                "ysz-400-simulated.txt: reflection Si 200 is forbidden or too weak to analyse: |F_H|",
                "does not contain the Bragg peak of Si 200 at 2θ 32.9583° (λ 1.54060 Å)");
    }

    @Test
    void aReflectionOfAnotherMaterialIsRefused() {
        assertRefused(analyze(EXAMPLE, "--material", "Si", "--hkl", "4,0,0"),
                "the scan (2θ 72.5000..73.8000°) does not contain the Bragg peak of Si 400 at 2θ 69.1290°");
    }

    @Test
    void aWrongWavelengthIsRefused() {
        assertRefused(analyze(EXAMPLE, "--wavelength", "1.3"),
                "does not contain the Bragg peak of ysz 400 at 2θ 60.7033° (λ 1.30000 Å)");
    }

    @Test
    void aThreePointScanIsRefused() throws IOException {
        Path s = scanFile("three.txt", 73.570, 0.002, 3, x -> x < 73.573 && x > 73.571 ? 1e5 : 10);
        assertRefused(analyze(s.toString()), "three.txt: 3 points (2θ 73.5700..73.5740°, span 0.0040°) are too few: an"
                + " analysis needs at least 100", "three.txt: the scan (2θ 73.5700..73.5740°) does not contain the Bragg"
                + " peak of ysz 400 at 2θ 73.5717°");
    }

    @Test
    void aFlatScanIsRefused() throws IOException {
        Path s = scanFile("flat.txt", 72.5, 0.0025, 521, x -> 100);
        assertRefused(analyze(s.toString()), "flat.txt: no peak: the intensity is flat (highest 100.0, lowest 100.0;"
                + " the highest must be at least 10× the lowest)");
    }

    @Test
    void aScanOfTheTailOnlyIsRefused() throws IOException {
        List<String> tail = Files.readAllLines(Path.of(EXAMPLE)).stream()
                .filter(l -> !l.matches("\\s*[0-9.]+[\\s,].*") || Double.parseDouble(l.trim().split("[\\s,]+")[0]) < 73.3)
                .toList();
        Path s = Files.write(tmp.resolve("tail.txt"), tail);
        assertRefused(analyze(s.toString()), "tail.txt: the scan (2θ 72.5000..73.2975°) does not contain the Bragg"
                + " peak of ysz 400 at 2θ 73.5717°");
    }

    @Test
    void aScanWithTooShortALowAngleSideIsRefused() throws IOException {
        Path s = scanFile("short.txt", 73.40, 0.0025, 161, x -> 10 + 1e5 * Math.exp(-Math.pow((x - 73.5717) / 0.01, 2)));
        assertRefused(analyze(s.toString()), "short.txt: the low-angle side (0.1717° below the Bragg peak of ysz 400",
                "it needs at least 0.441° 2θ (2 fringes of a 50 nm layer) and 50 points");
    }

    @Test
    void aResultAtAParameterBoundIsFlaggedWithExitStatus3() throws IOException {
        Path s = scanFile("spike.txt", 72.5, 0.0025, 521, x -> 10 + 1e5 * Math.exp(-Math.pow((x - 73.5717) / 0.0008, 2))
                + 1e3 / (1 + Math.pow((x - 73.5717) / 0.01, 2)));
        CliRun r = analyze(s.toString(), "--no-model");
        assertEquals(AnalyzeCommand.EXIT_UNTRUSTED, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("warning   at bound: scale_dw, fwhm_theta_deg"), r.out());
        assertTrue(r.out().contains("untrusted the result above should not be trusted (exit status 3)"), r.out());
        JsonObject rep = report();
        assertFalse(rep.get("trusted").getAsBoolean());
        assertTrue(rep.getAsJsonArray("warnings").get(0).getAsString().startsWith("at bound: scale_dw"), rep.toString());
    }

    @Test
    void aFitThatDoesNotDescribeTheScanIsFlaggedWithExitStatus3() throws IOException {
        java.util.Random noise = new java.util.Random(3);
        Path s = scanFile("noisy.txt", 72.5, 0.0025, 521, x -> 1e4 * Math.exp(-Math.pow((x - 73.5717) / 0.02, 2))
                + 50 * noise.nextDouble());
        CliRun r = analyze(s.toString(), "--no-model");
        assertEquals(AnalyzeCommand.EXIT_UNTRUSTED, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("warning   poor fit: σ_I 0."), r.out());
        assertTrue(r.out().contains(" > 0.3 (the model does not describe the scan"), r.out());
    }

    @Test
    void aRefinementStoppedByTheTimeLimitIsFlaggedWithExitStatus3() throws IOException {
        // Each stage gets at least 0.05 s: a warm CNN-started polish can converge within that, the automatic
        // multi-start (about a second of work) cannot, so the limit surely stops it.
        CliRun r = analyze(EXAMPLE, "--no-model", "--time-limit", "0.001");
        assertEquals(AnalyzeCommand.EXIT_UNTRUSTED, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("warning   time limit: the refinement was stopped by the time limit of 0.0010 s"),
                r.out());
        JsonObject rep = report();
        assertFalse(rep.get("trusted").getAsBoolean());
        boolean listed = false;
        for (var w : rep.getAsJsonArray("warnings")) {
            listed |= w.getAsString().startsWith("time limit: the refinement was stopped");
        }
        assertTrue(listed, rep.toString());
    }

    @Test
    void aFailedWriteLeavesNoOutputAndNamesTheFolder() throws IOException {
        Path out = tmp.resolve("report-folder");
        IOException e = assertThrows(IOException.class, () -> strainlab.io.StagedFolder.writeAll(out, staging -> {
            Files.writeString(staging.resolve("report.json"), "{}");
            throw new IOException("No space left on device");
        }));
        assertEquals("writing " + out.toAbsolutePath() + ": No space left on device; nothing was written to "
                + out.toAbsolutePath(), e.getMessage());
        assertFalse(Files.exists(out), "no half report");
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList(), "the staging folder is removed");
        }
        IOException named = assertThrows(IOException.class, () -> strainlab.io.StagedFolder.writeAll(out, staging -> {
            Files.writeString(staging.resolve("report.json"), "{}");
            throw new IOException(staging.resolve("report.png") + ": No space left on device");
        }));
        assertEquals(out.toAbsolutePath().resolve("report.png") + ": No space left on device; nothing was written to "
                + out.toAbsolutePath(), named.getMessage());
        assertFalse(Files.exists(out), "no half report");
    }

    @Test
    void outputsAreRenamedIntoAnExistingFolder() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("existing"));
        Files.writeString(out.resolve("notes.txt"), "kept");
        Files.writeString(out.resolve("report.json"), "old");
        List<String> names = strainlab.io.StagedFolder.writeAll(out, staging -> {
            Files.writeString(staging.resolve("report.json"), "new");
            return List.of(Files.writeString(staging.resolve("report.png"), "png"));
        });
        assertEquals(List.of("report.png"), names);
        assertEquals("new", Files.readString(out.resolve("report.json")));
        assertEquals("kept", Files.readString(out.resolve("notes.txt")));
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(out), left.toList(), "no staging folder left");
        }
    }

    @Test
    void aFolderInTheWayOfAnOutputFileLeavesTheExistingFolderUntouched() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("existing"));
        Files.createDirectories(out.resolve("report.png"));
        Files.writeString(out.resolve("report.json"), "old");
        IOException e = assertThrows(IOException.class, () -> strainlab.io.StagedFolder.writeAll(out, staging -> {
            Files.writeString(staging.resolve("report.json"), "new");
            return List.of(Files.writeString(staging.resolve("report.png"), "png"));
        }));
        assertEquals(out.toAbsolutePath().resolve("report.png") + ": is a folder, cannot be replaced by the output"
                + " file; nothing was written to " + out.toAbsolutePath(), e.getMessage());
        assertEquals("old", Files.readString(out.resolve("report.json")), "no file replaced");
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(out), left.toList(), "no staging folder left");
        }
    }

    @Test
    void anOutputPathThatIsAFileIsAUsageError() throws IOException {
        Path file = Files.writeString(tmp.resolve("out"), "x");
        CliRun r = analyze(EXAMPLE);
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--out " + file + " exists and is not a folder"), r.err());
    }

    @Test
    void aCorruptTruthFileIsNamed() throws IOException {
        Path scan = Files.copy(Path.of(EXAMPLE), tmp.resolve("sim.txt"));
        Path truth = Files.writeString(tmp.resolve("sim.truth.json"), "{\"parameters\": [1, 2");
        CliRun r = analyze(scan.toString(), "--no-model");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(truth + ": not valid JSON (a truth file is {\"parameters\""), r.err());
    }

    @Test
    void aFolderGivenAsTheScanIsNamed() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("scans.txt"));
        CliRun r = analyze(dir.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(dir + ": is a folder; SCAN must be a scan file"), r.err());
    }

    private JsonObject report() throws IOException {
        return JsonParser.parseString(Files.readString(tmp.resolve("out").resolve("report.json"))).getAsJsonObject();
    }
}
