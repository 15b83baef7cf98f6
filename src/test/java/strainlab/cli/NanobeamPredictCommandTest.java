package strainlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import strainlab.Workspace;

/** {@code nanobeam predict} with the shipped ensemble: units, implausible patterns and out-of-range answers. */
class NanobeamPredictCommandTest {
    private static final String MODEL = Workspace.root().resolve("data/models/nanobeamnn-41-10x500-gpu").toString();

    private static Path simulate(Path dir, String strain, String... extra) {
        Path csv = dir.resolve("pattern-" + strain + ".csv");
        String[] base = {"nanobeam", "simulate", "--strain", strain, "--tilt-lr", "0.04", "--tilt-ud", "0",
                "--out", csv.toString()};
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
                .toArray(String[]::new);
        CliRun r = CliRun.of(args);
        assertEquals(0, r.code(), r.err());
        return csv;
    }

    private static CliRun predict(Path image, String... units) {
        String[] base = {"nanobeam", "predict", "--model", MODEL, "--image", image.toString(), "--device", "cpu"};
        return CliRun.of(java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(units))
                .toArray(String[]::new));
    }

    private static double strain(CliRun r) {
        String line = r.out().lines().filter(l -> l.startsWith("strain")).findFirst().orElseThrow();
        return Double.parseDouble(line.split("\\s+")[1]);
    }

    @Test
    void simulatorUnitsNeedToBeNamedAndAreThenConvertedToTheTrainingLevel(@TempDir Path dir) {
        Path csv = simulate(dir, "0.001");
        CliRun ambiguous = predict(csv);
        assertEquals(2, ambiguous.code(), ambiguous.err());
        assertEquals("", ambiguous.out());
        assertTrue(ambiguous.err().contains(csv + ": line ") && ambiguous.err().contains("not a whole number of counts")
                && ambiguous.err().contains("--units simulator|counts"), ambiguous.err());

        CliRun asCounts = predict(csv, "--units", "counts");
        assertEquals(1, asCounts.code(), asCounts.err());
        assertEquals("", asCounts.out());
        assertTrue(asCounts.err().contains(csv + ": total 2.301e+06 counts,")
                && asCounts.err().contains("no network of this training level could have produced this pattern")
                && asCounts.err().contains("add --units simulator"), asCounts.err());

        CliRun simulator = predict(csv, "--units", "simulator");
        assertEquals(0, simulator.code(), simulator.err() + simulator.out());
        assertEquals(0.001, strain(simulator), 1e-4, simulator.out());
        assertFalse(simulator.out().contains("warning"), simulator.out());
    }

    @Test
    void anEmptyPatternIsRefusedWithTheFileNamed(@TempDir Path dir) throws Exception {
        Path zero = dir.resolve("zero.csv");
        Files.writeString(zero, ("0" + ",0".repeat(63) + "\n").repeat(64));
        CliRun r = predict(zero);
        assertEquals(1, r.code(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("strainlab nanobeam: " + zero + ": every pixel is zero (an empty pattern)"),
                r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void aFlatPatternAtTheTrainingCountLevelIsRefusedByItsShape(@TempDir Path dir) throws Exception {
        Path flat = dir.resolve("flat.csv");
        Files.writeString(flat, ("1" + ",1".repeat(63) + "\n").repeat(64));
        CliRun r = predict(flat);
        assertEquals(1, r.code(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("strainlab nanobeam: " + flat + ": the intensity's spread (standard deviation)"
                + " along the columns is 18.5 pixels, while every pattern of the training library has 8.5 to 12.5"), r.err());
        assertTrue(r.err().contains("no answer given"), r.err());
    }

    @Test
    void notFiniteAndFolderImagesAreRefusedWithTheFileNamed(@TempDir Path dir) throws Exception {
        Path nan = dir.resolve("nan.csv");
        Files.writeString(nan, ("1" + ",NaN".repeat(63) + "\n").repeat(64));
        CliRun r = predict(nan);
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains(nan + ": line 1, field 2: not a finite number: 'NaN'"), r.err());
        CliRun folder = predict(dir);
        assertEquals(1, folder.code(), folder.err());
        assertTrue(folder.err().contains(dir + ": a folder, expected a CSV file"), folder.err());
    }

    @Test
    void anAnswerOutsideTheTrainedRangeIsFlaggedWithExitStatus3(@TempDir Path dir) {
        Path csv = simulate(dir, "0.006", "--allow-outside");
        CliRun r = predict(csv, "--units", "simulator");
        assertEquals(3, r.code(), r.err() + r.out());
        assertTrue(strain(r) > 0.005, r.out());
        assertTrue(r.out().contains("warning: prediction outside the trained range: strain = ")
                && r.out().contains("is outside the trained range [-0.005, 0.005]")
                && r.out().contains("do not trust this answer"), r.out());
        assertTrue(CliRun.of("nanobeam", "--help").out().contains("3 answer written with a warning on stdout"));
    }

    @Test
    void aPatternBrighterThanTheTrainingLevelIsAnsweredWithAWarningAndExitStatus3(@TempDir Path dir) throws Exception {
        Path csv = simulate(dir, "0.001");
        StringBuilder b = new StringBuilder();
        for (String line : Files.readAllLines(csv)) {
            b.append(java.util.Arrays.stream(line.split(",")).map(v -> Double.toString(3 * Double.parseDouble(v)))
                    .collect(java.util.stream.Collectors.joining(","))).append('\n');
        }
        Path bright = Files.writeString(dir.resolve("bright.csv"), b.toString());
        CliRun r = predict(bright, "--units", "simulator");
        assertEquals(3, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("warning: total 1.378e+04 counts (converted from simulator units), while the"
                + " network was trained on patterns of ") && r.out().contains("do not trust this answer"), r.out());
    }

    @Test
    void aPatternShiftedFarOutsideTheLibraryIsRefused(@TempDir Path dir) {
        Path csv = simulate(dir, "0.008", "--allow-outside");
        CliRun r = predict(csv, "--units", "simulator");
        assertEquals(1, r.code(), r.err() + r.out());
        assertEquals("", r.out());
        assertTrue(r.err().contains(csv + ": the intensity's centre of mass along the columns is 13.1 pixels, while"
                + " every pattern of the training library has 16.5 to 46.4"), r.err());
    }

    @Test
    void aPatternFarOutsideTheTrainingCountLevelIsRefused(@TempDir Path dir) {
        Path csv = simulate(dir, "0.02", "--allow-outside");
        CliRun r = predict(csv, "--units", "simulator");
        assertEquals(1, r.code(), r.err() + r.out());
        assertEquals("", r.out());
        assertTrue(r.err().contains(csv + ": total ") && r.err().contains("(converted from simulator units)")
                && r.err().contains("no answer given"), r.err());
    }
}
