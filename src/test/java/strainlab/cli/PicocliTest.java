package strainlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one wording of bad arguments that every picocli subcommand shares (exit code 2, usage on stderr). */
class PicocliTest {
    @TempDir
    Path tmp;

    private static void refused(String message, String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("strainlab " + args[0] + ": " + message + "\n"), r.err());
        assertTrue(r.err().contains("usage: bin/strainlab " + args[0]), r.err());
    }

    @Test
    void badArgumentsAreNamedAlike() {
        String out = tmp.resolve("set").toString();
        refused("missing --count", "generate", "--preset", "cnn1", "--out", out);
        refused("--count needs a value", "generate", "--preset", "cnn1", "--out", out, "--count");
        refused("--out needs a value", "generate", "--preset", "cnn1", "--out", "--count", "5");
        refused("--count given twice", "generate", "--preset", "cnn1", "--count", "5", "--count", "6", "--out", out);
        refused("--count must be an integer, got '5x'", "generate", "--preset", "cnn1", "--count", "5x", "--out", out);
        refused("--count must be ≥ 1, got 0", "generate", "--preset", "cnn1", "--count", "0", "--out", out);
        refused("unknown option '--colour'", "generate", "--colour", "red");
        refused("--lr must be a number, got 'fast'", "train", "--data", out, "--out", out, "--lr", "fast");
        refused("--sizes must be an integer, got 'x'", "size-study", "--data", out, "--out", out, "--sizes", "4,x");
        refused("unexpected argument 'b'", "dataset", "summary", "a", "b");
    }

    @Test
    void integersMayHoldUnderscoresAndFreshDefaultsHoldForEachRun() {
        refused("--threads must be ≥ 1, got 0", "generate", "--preset", "cnn1", "--count", "1_000", "--threads", "0",
                "--out", tmp.toString());
        EvaluateCommand c = new EvaluateCommand();
        assertEquals(2, CliRun.of("evaluate", "--train-sample", "-3").code());
        CliRun r = CliRun.of("evaluate", "--model", "m", "--challenging", "--out", "r", "--dpi", "0");
        assertEquals("strainlab evaluate: dpi: expected 1 to 2400, got 0", r.err().lines().findFirst().orElse(""));
        assertEquals("evaluate", c.name());
    }
}
