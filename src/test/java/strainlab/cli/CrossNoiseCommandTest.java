package strainlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import strainlab.Workspace;

class CrossNoiseCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesTheTableAndFigureOfEachNetworkAndNoise() throws Exception {
        Path out = tmp.resolve("report");
        String model = Workspace.root().resolve("data/models/cnn2-1500k-gpu").toString();
        CliRun r = CliRun.of("cross-noise", "--models", model, "--noises", "honest,none", "--count", "100",
                "--device", "cpu", "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals(3, Files.readAllLines(out.resolve("cross-noise.csv")).size());
        assertTrue(Files.size(out.resolve("cross-noise.png")) > 0);
    }

    @Test
    void anUnknownNoiseIsAUsageErrorAndWritesNothing() {
        Path out = tmp.resolve("report");
        CliRun r = CliRun.of("cross-noise", "--models", Workspace.root().resolve("data/models/cnn2-1500k-gpu")
                .toString(), "--noises", "loud", "--out", out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--noises: noise must be honest, published or none, got 'loud'"), r.err());
        assertFalse(Files.exists(out));
    }
}
