package strainlab.nanobeam.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import strainlab.cli.Main;

/** {@code bin/strainlab nanobeam ...} end to end through the CLI dispatcher. */
class NanobeamCliTest {
    private static int run(ByteArrayOutputStream err, String... args) {
        return Main.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void simulateWrites64LinesOf64NumbersMatchingTheLibrary(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("image.csv");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, run(err, "nanobeam", "simulate", "--strain", "0.002", "--tilt-lr", "-0.01", "--tilt-ud", "0.03",
                "--out", csv.toString()), err.toString());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(64, lines.size());
        double[] expected = NanobeamSimulator.paper().simulate(new LatticeState(0.002, -0.01, 0.03));
        for (int r = 0; r < 64; r++) {
            String[] f = lines.get(r).split(",");
            assertEquals(64, f.length);
            for (int c = 0; c < 64; c++) {
                assertEquals(expected[r * 64 + c], Double.parseDouble(f[c]), 0.0, "row " + r + ", column " + c);
            }
        }
    }

    @Test
    void outOfRangeParametersAndBadImagesAreClearErrors(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, run(err, "nanobeam", "simulate", "--strain", "0.01", "--tilt-lr", "0", "--tilt-ud", "0",
                "--out", dir.resolve("x.csv").toString()));
        assertTrue(err.toString().contains("strain = 0.01 is outside the trained range"), err.toString());
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "1,2,3\n");
        err.reset();
        assertEquals(1, run(err, "nanobeam", "predict", "--model", dir.toString(), "--image", bad.toString()));
        assertTrue(err.toString().contains("expected 64 lines"), err.toString());
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < 64; r++) {
            b.append(r == 3 ? "-1" : "0").append(",0".repeat(63)).append('\n');
        }
        Files.writeString(bad, b.toString());
        err.reset();
        assertEquals(1, run(err, "nanobeam", "predict", "--model", dir.toString(), "--image", bad.toString()));
        assertTrue(err.toString().contains("line 4, field 1: negative count"), err.toString());
    }
}
