package strainlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import strainlab.Logging;
import strainlab.Workspace;

/**
 * {@code analyze} as a user runs it: a separate JVM, started in an unrelated working directory (which holds a
 * {@code models/} folder of its own) under umask 022. It must find the installation's shipped networks, print no
 * engine log lines, and write files readable by others.
 */
class AnalyzeInstallationTest {
    private static final Pattern ENGINE_LINE = Pattern.compile(
            "ai\\.djl|pytorch|cuda|PtEngine|^\\[\\S+\\] (INFO|WARN|DEBUG)", Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

    @Test
    void analyzeFromAnotherDirectoryIsQuietUsesTheShippedNetworksAndWrites0644(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
                "needs a POSIX file system");
        Path cwd = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createDirectories(cwd.resolve("models/toy-cnn2"));
        Files.writeString(cwd.resolve("models/toy-cnn2/model.json"), "{}");
        Path scan = Workspace.root().resolve("data/examples/ysz-400-simulated.txt");
        Path out = tmp.resolve("analysis");
        Path log = tmp.resolve("analyze.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "umask 022 && exec \"$0\" \"$@\"";
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command, java, "--add-modules", "jdk.incubator.vector",
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "analyze", scan.toString(), "--out", out.toString())
                .directory(cwd.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove(Logging.ENV);
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "analyze finishes");
        String text = Files.readString(log);
        assertEquals(0, p.exitValue(), text);

        String shipped = Workspace.root().resolve("data/models").toString();
        List<String> scanned = text.lines().filter(l -> l.startsWith("models    ")).toList();
        assertEquals(1, scanned.size(), text);
        assertTrue(scanned.get(0).startsWith("models    " + shipped + ": "), text);
        assertTrue(text.contains("network   " + shipped + "/cnn"), text);
        assertFalse(text.contains(cwd.toString()), "the working directory's models/ is not considered:\n" + text);
        Matcher m = Pattern.compile("truth     σe/emax ([0-9.]+)").matcher(text);
        assertTrue(m.find(), text);
        assertTrue(Double.parseDouble(m.group(1)) < 0.02, "CNN-started accuracy:\n" + text);

        String noise = text.lines().filter(l -> !l.startsWith("models ") && !l.startsWith("network ")
                && ENGINE_LINE.matcher(l).find()).reduce("", (a, b) -> a + b + "\n");
        assertEquals("", noise, "no engine log line in the output:\n" + text);

        for (String f : List.of("report.json", "curves.csv", "profiles.csv", "report.png")) {
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve(f))),
                    f + " under umask 022");
        }
        assertTrue(JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject()
                .get("model").getAsString().toLowerCase(Locale.ROOT).contains("cnn"));
    }

    @Test
    void explicitModelsFolderMustExist(@TempDir Path tmp) {
        CliRun r = CliRun.of("analyze", "data/examples/ysz-400-simulated.txt", "--models",
                tmp.resolve("none").toString(), "--out", tmp.resolve("o").toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(tmp.resolve("none") + ": no such folder of trained networks"), r.err());
        assertEquals(2, CliRun.of("analyze", "x.txt", "--models", "a", "--no-model").code());
    }
}
