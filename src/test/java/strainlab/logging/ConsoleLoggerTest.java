package strainlab.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import strainlab.Logging;

class ConsoleLoggerTest {
    @Test
    void librariesAreQuietUnlessVerbose() {
        assertSame(ConsoleLogger.class, LoggerFactory.getLogger("ai.djl.test").getClass(), "StrainLab's binding");
        Logger log = LoggerFactory.getLogger("ai.djl.test");
        PrintStream saved = System.err;
        boolean was = Logging.isVerbose();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
            Logging.verbose(false);
            log.info("quiet info");
            log.warn("quiet warn {}", 1);
            log.debug("never");
            assertEquals("", buf.toString(StandardCharsets.UTF_8));
            log.error("shown error {}", 2);
            Logging.verbose(true);
            log.warn("loud warn {}", 3);
            log.info("loud info");
            log.debug("never");
        } finally {
            System.setErr(saved);
            Logging.verbose(was);
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        String thread = Thread.currentThread().getName();
        assertEquals(String.join(System.lineSeparator(), "[" + thread + "] ERROR ai.djl.test - shown error 2",
                "[" + thread + "] WARN ai.djl.test - loud warn 3", "[" + thread + "] INFO ai.djl.test - loud info", ""),
                text);
        assertTrue(!text.contains("never"));
    }
}
