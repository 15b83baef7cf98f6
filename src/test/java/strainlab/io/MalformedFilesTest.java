package strainlab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of {@code malformed/} must fail with a {@link ScanFormatException} whose message names the file,
 * the place and the problem listed in {@code malformed/EXPECTED.tsv}.
 */
class MalformedFilesTest {
    record Case(String path, String file, String expected) {
        @Override
        public String toString() {
            return path;
        }
    }

    static Path dir() {
        return ReadersTest.resource("malformed");
    }

    static List<Case> cases() throws IOException {
        List<Case> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir().resolve("EXPECTED.tsv"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            out.add(new Case(f[0], f[1], f[2]));
        }
        return out;
    }

    static void read(Path p) throws IOException {
        String n = p.getFileName().toString();
        if (n.endsWith(".xrdml")) {
            XrdmlReader.read(p);
        } else if (n.endsWith(".ini")) {
            RadmaxProject.read(p);
        } else {
            TextScanReader.read(p);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void failsWithFileLocationAndProblem(Case c) {
        ScanFormatException e = assertThrows(ScanFormatException.class, () -> read(dir().resolve(c.path())));
        String m = e.getMessage();
        assertTrue(m.startsWith(c.file()), "message must start with the file name " + c.file() + ": " + m);
        assertTrue(m.contains(c.expected()), "message must contain '" + c.expected() + "': " + m);
        assertFalse(m.contains("Exception"), "no Java exception names in the message: " + m);
        assertEquals(c.file(), e.file());
    }

    @Test
    void corpusIsCompleteAndLargeEnough() throws IOException {
        List<Case> cases = cases();
        assertTrue(cases.size() >= 15, "at least 15 malformed files, got " + cases.size());
        List<String> listed = cases.stream().map(Case::path).toList();
        try (Stream<Path> files = Files.walk(dir())) {
            List<String> unlisted = files.filter(Files::isRegularFile)
                    .map(p -> dir().relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.equals("EXPECTED.tsv") && (!p.contains("/") || p.endsWith(".ini")))
                    .filter(p -> !listed.contains(p)).toList();
            assertTrue(unlisted.isEmpty(), "malformed files without an expectation: " + unlisted);
        }
    }

    @Test
    void missingFileIsNamed() {
        ScanFormatException e = assertThrows(ScanFormatException.class,
                () -> TextScanReader.read(dir().resolve("does-not-exist.txt")));
        assertTrue(e.getMessage().contains("does-not-exist.txt") && e.getMessage().contains("no such file"));
    }
}
