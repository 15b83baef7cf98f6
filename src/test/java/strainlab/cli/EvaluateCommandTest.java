package strainlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Argument checks of {@code bin/strainlab evaluate} (the evaluation itself: strainlab.cnn.evaluation tests). */
class EvaluateCommandTest {
    private final PrintStream out = new PrintStream(new ByteArrayOutputStream());

    @Test
    void isRegistered() {
        assertTrue(Commands.all().stream().anyMatch(c -> c instanceof EvaluateCommand));
    }

    @Test
    void requiresModelDataAndOut(@TempDir Path dir) {
        EvaluateCommand c = new EvaluateCommand();
        UsageException e = assertThrows(UsageException.class, () -> c.run(new String[] {"--model", "m"}, out));
        assertTrue(e.getMessage().contains("--model, --out and --data (or --challenging)"), e.getMessage());
        e = assertThrows(UsageException.class, () -> c.run(new String[] {"--bogus"}, out));
        assertTrue(e.getMessage().contains("--bogus"));
        e = assertThrows(UsageException.class, () -> c.run(new String[] {"--model"}, out));
        assertTrue(e.getMessage().contains("needs a value"));
        e = assertThrows(UsageException.class, () -> c.run(new String[] {"--model", "m", "--data",
                dir.resolve("none").toString(), "--out", "r"}, out));
        assertTrue(e.getMessage().contains("no such folder"), e.getMessage());
        e = assertThrows(UsageException.class, () -> c.run(new String[] {"--train-sample", "-3"}, out));
        assertTrue(e.getMessage().contains("--train-sample"));
        e = assertThrows(UsageException.class, () -> c.run(new String[] {"--model", "m", "--challenging", "--out",
                "r", "--figure-format", "png,gif"}, out));
        assertTrue(e.getMessage().contains("figure format 'gif'"), e.getMessage());
        e = assertThrows(UsageException.class, () -> c.run(new String[] {"--model", "m", "--challenging", "--out",
                "r", "--dpi", "0"}, out));
        assertTrue(e.getMessage().contains("dpi"), e.getMessage());
        assertEquals("evaluate", c.name());
    }
}
