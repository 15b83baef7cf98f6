package strainlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import strainlab.dataset.DatasetWriter;
import strainlab.dataset.FixtureSource;
import strainlab.dataset.Manifest;

/** {@code generate} and {@code dataset}: arguments, messages and exit codes through {@link Main#run}. */
class DatasetCommandsTest {
    @TempDir
    Path tmp;

    @Test
    void generateRejectsBadArgumentsWithUsageErrors() {
        String out = tmp.resolve("set").toString();
        CliRun zero = CliRun.of("generate", "--preset", "cnn2", "--count", "0", "--out", out);
        assertEquals(2, zero.code());
        assertTrue(zero.err().contains("--count must be ≥ 1, got 0"), zero.err());
        CliRun negative = CliRun.of("generate", "--preset", "cnn2", "--count", "-3", "--out", out);
        assertEquals(2, negative.code());
        CliRun preset = CliRun.of("generate", "--preset", "cnn9", "--count", "10", "--out", out);
        assertEquals(2, preset.code());
        assertTrue(preset.err().contains("unknown 'cnn9'") && preset.err().contains("cnn2"), preset.err());
        assertEquals(2, CliRun.of("generate", "--preset", "cnn2", "--count", "10").code());
        assertEquals(2, CliRun.of("generate", "--preset", "cnn2", "--count", "ten", "--out", out).code());
        assertEquals(2, CliRun.of("generate", "--preset", "cnn2", "--count", "10", "--out", out, "--grid", "500").code());
        assertEquals(2, CliRun.of("generate", "--preset", "cnn2", "--count", "10", "--out", out, "--noise", "loud").code());
        assertEquals(2, CliRun.of("generate", "--preset", "cnn2", "--count", "10", "--out", out, "--bogus", "1").code());
        assertTrue(Files.notExists(tmp.resolve("set")), "nothing written for bad arguments");
    }

    @Test
    void generateRejectsUnwritableAndForeignFolders() throws IOException {
        Path file = tmp.resolve("file");
        Files.writeString(file, "x");
        CliRun under = CliRun.of("generate", "--preset", "cnn2", "--count", "2", "--out", file.resolve("set").toString());
        assertEquals(1, under.code());
        assertTrue(under.err().contains("cannot create output folder"), under.err());
        Path foreign = tmp.resolve("foreign");
        DatasetWriter.of(new FixtureSource(11, 2)).count(5).write(foreign);
        CliRun other = CliRun.of("generate", "--preset", "cnn2", "--count", "5", "--out", foreign.toString());
        assertEquals(1, other.code());
        assertTrue(other.err().contains("holds a different set"), other.err());
    }

    @Test
    void generateWritesAResumableSetOfThePreset() throws IOException {
        Path dir = tmp.resolve("cnn2");
        String[] args = {"generate", "--preset", "cnn2", "--count", "3", "--seed", "5", "--shard-size", "2",
            "--threads", "2", "--out", dir.toString()};
        CliRun first = CliRun.of(args);
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("2 shards written"), first.out());
        Manifest m = Manifest.read(dir);
        assertTrue(m.complete());
        assertEquals(1001, m.inputLength());
        assertEquals(14, m.labelNames().size());
        assertEquals("honest", m.noise());
        assertEquals("cnn2", m.source().get("preset").getAsString());
        CliRun again = CliRun.of(args);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("all 2 shards were already present"), again.out());
    }

    @Test
    void datasetSummaryAndVerify() throws IOException {
        Path dir = tmp.resolve("set");
        DatasetWriter.of(new FixtureSource(11, 2)).seed(3).count(25).shardSize(10).write(dir);
        CliRun summary = CliRun.of("dataset", "summary", dir.toString());
        assertEquals(0, summary.code(), summary.err());
        assertTrue(summary.out().contains("examples     25 (seed 3)"), summary.out());
        assertTrue(summary.out().contains("label0") && summary.out().contains("mean"), summary.out());
        CliRun ok = CliRun.of("dataset", "verify", dir.toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("3 of 3 shards ok"), ok.out());

        byte[] b = Files.readAllBytes(dir.resolve("shard-00001.bin"));
        b[100] ^= 1;
        Files.write(dir.resolve("shard-00001.bin"), b);
        CliRun bad = CliRun.of("dataset", "verify", dir.toString());
        assertEquals(1, bad.code());
        assertTrue(bad.out().contains("shard-00001.bin  FAILED: CRC-32C"), bad.out());
        assertTrue(bad.out().contains("2 of 3 shards ok"), bad.out());
        CliRun badSummary = CliRun.of("dataset", "summary", dir.toString());
        assertEquals(1, badSummary.code());
        assertTrue(badSummary.err().contains("shard-00001.bin"), badSummary.err());

        assertEquals(2, CliRun.of("dataset", "summary").code());
        assertEquals(2, CliRun.of("dataset", "frobnicate", dir.toString()).code());
        CliRun missing = CliRun.of("dataset", "summary", tmp.resolve("none").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("manifest.json"), missing.err());
    }
}
