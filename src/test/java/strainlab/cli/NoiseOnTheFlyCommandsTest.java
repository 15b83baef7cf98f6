package strainlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import strainlab.dataset.Manifest;

/** {@code generate --store-expected-counts} and {@code train --noise-on-the-fly} through {@link Main#run}. */
class NoiseOnTheFlyCommandsTest {
    @TempDir
    Path tmp;

    @Test
    void generateStoresExpectedCountsAndTrainDrawsFreshNoise() throws IOException {
        Path set = tmp.resolve("set");
        CliRun g = CliRun.of("generate", "--preset", "cnn2", "--grid", "401", "--count", "30", "--seed", "2",
                "--threads", "2", "--store-expected-counts", "--out", set.toString());
        assertEquals(0, g.code(), g.err());
        assertTrue(Files.readString(set.resolve(Manifest.FILE_NAME)).contains("\"expectedCounts\""));
        CliRun t = CliRun.of("train", "--data", set.toString(), "--out", tmp.resolve("model").toString(),
                "--noise-on-the-fly", "--epochs", "1", "--batch", "8", "--device", "cpu");
        assertEquals(0, t.code(), t.out() + t.err());
        assertTrue(t.out().contains("noise on the fly: fresh honest noise every epoch"), t.out());
        assertTrue(Files.readString(tmp.resolve("model").resolve("model.json")).contains("\"noiseOnTheFly\": true"));
    }

    @Test
    void trainRefusesTheOptionForASetWithoutExpectedCounts() {
        Path plain = tmp.resolve("plain");
        CliRun g = CliRun.of("generate", "--preset", "cnn2", "--grid", "401", "--count", "20", "--seed", "2",
                "--threads", "2", "--out", plain.toString());
        assertEquals(0, g.code(), g.err());
        CliRun t = CliRun.of("train", "--data", plain.toString(), "--out", tmp.resolve("model").toString(),
                "--noise-on-the-fly", "--epochs", "1", "--device", "cpu");
        assertEquals(2, t.code(), t.out() + t.err());
        assertTrue(t.err().contains("--noise-on-the-fly needs a set that stores expected counts")
                && t.err().contains(plain.toString()) && t.err().contains("--store-expected-counts"), t.err());
    }
}
