package strainlab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import strainlab.io.RadmaxProject;
import strainlab.io.ScanFormatException;
import strainlab.io.TextScanReader;
import strainlab.io.TruthFile;
import strainlab.io.XrdmlReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import strainlab.io.SimulationRequestJson;
import strainlab.io.RequestFormatException;

/**
 * Seeded mutation fuzzing of every reader of user files: valid inputs get byte flips, truncation, duplicated and
 * deleted ranges, huge and non-finite numbers and deep nesting. The property: each mutant either reads or fails
 * with our own exception ({@link RequestFormatException} for requests, {@link ScanFormatException} for scans,
 * projects and truth files) whose message names the file; never another exception, an error (OutOfMemory,
 * StackOverflow) or a hang. Bounded for CI: each seed file gets {@link #BUDGET} (about 11 s in all); a
 * failure prints the seed and the mutant.
 */
class ReaderFuzzTest {
    /** Time per reader and seed file (longer runs: -Dstrainlab.fuzz.ms=60000). */
    static final Duration BUDGET = Duration.ofMillis(Long.getLong("strainlab.fuzz.ms", 1000));
    /** Most mutants per reader and seed file. */
    static final int MAX_CASES = Integer.getInteger("strainlab.fuzz.cases", 3000);
    /** A single read must finish within this (a hang fails the test). */
    static final Duration HANG = Duration.ofSeconds(20);

    private static final String[] TOKENS = {"1e999999", "-1e999999", "1e-999999", "99999999999999999999999",
        "100000000", "-0", "NaN", "Infinity", "0x10", "null", "true", "\"\"", "\u0000", "\uFFFD", "é", "\r\n", "#",
        "//", "/*", ";", ",", ",,", "[", "]", "{", "}", ":", "\"", "'", "<", ">", "&", "<!DOCTYPE x>", "=", "[Crystal]"};

    @TempDir
    Path dir;

    interface Reader {
        /** Reads the file; returns normally or throws. */
        void read(Path file) throws Exception;
    }

    /** Mutates {@code seed} into a new byte array (1 to 4 mutations). */
    static byte[] mutate(byte[] seed, Random rnd) {
        List<Byte> b = new ArrayList<>(seed.length + 64);
        for (byte x : seed) {
            b.add(x);
        }
        int n = 1 + rnd.nextInt(4);
        for (int m = 0; m < n; m++) {
            int at = b.isEmpty() ? 0 : rnd.nextInt(b.size());
            switch (rnd.nextInt(8)) {
                case 0 -> {
                    if (!b.isEmpty()) {
                        b.set(at, (byte) (b.get(at) ^ (1 << rnd.nextInt(8))));
                    }
                }
                case 1 -> {
                    if (!b.isEmpty()) {
                        b.set(at, (byte) rnd.nextInt(256));
                    }
                }
                case 2 -> b.subList(at, b.size()).clear();
                case 3 -> {
                    int len = Math.min(b.size() - at, 1 + rnd.nextInt(64));
                    List<Byte> copy = new ArrayList<>(b.subList(at, at + len));
                    int times = rnd.nextInt(10) == 0 ? 200 : 1;
                    for (int t = 0; t < times; t++) {
                        b.addAll(at, copy);
                    }
                }
                case 4 -> {
                    int len = Math.min(b.size() - at, 1 + rnd.nextInt(32));
                    b.subList(at, at + len).clear();
                }
                case 5 -> insert(b, at, TOKENS[rnd.nextInt(TOKENS.length)]);
                case 6 -> replaceNumber(b, rnd, TOKENS[rnd.nextInt(6)]);
                default -> insert(b, at, (rnd.nextBoolean() ? "[" : "{\"a\":").repeat(1 + rnd.nextInt(3000)));
            }
        }
        byte[] out = new byte[b.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(i);
        }
        return out;
    }

    private static void insert(List<Byte> b, int at, String s) {
        byte[] t = s.getBytes(StandardCharsets.UTF_8);
        List<Byte> l = new ArrayList<>(t.length);
        for (byte x : t) {
            l.add(x);
        }
        b.addAll(Math.min(at, b.size()), l);
    }

    /** Replaces the digits of a random number in the text by {@code token}. */
    private static void replaceNumber(List<Byte> b, Random rnd, String token) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < b.size(); i++) {
            if (Character.isDigit(b.get(i)) && (i == 0 || !Character.isDigit(b.get(i - 1)) && b.get(i - 1) != '.')) {
                starts.add(i);
            }
        }
        if (starts.isEmpty()) {
            return;
        }
        int s = starts.get(rnd.nextInt(starts.size()));
        int e = s;
        while (e < b.size() && (Character.isDigit(b.get(e)) || b.get(e) == '.')) {
            e++;
        }
        b.subList(s, e).clear();
        insert(b, s, token);
    }

    /**
     * Fuzzes one reader: {@code target} is rewritten with mutants of {@code seed}; {@code ours} tells whether an
     * exception is our own with a message naming one of {@code names}.
     */
    void fuzz(String what, byte[] seed, Path target, Reader reader, Class<? extends Exception> ours, String... names)
            throws Exception {
        Files.write(target, seed);
        reader.read(target); // the seed itself must read
        Random rnd = new Random(what.hashCode() + Long.getLong("strainlab.fuzz.seed", 0));
        long end = System.nanoTime() + BUDGET.toNanos();
        int cases = 0;
        while (cases < MAX_CASES && System.nanoTime() < end) {
            long caseSeed = rnd.nextLong();
            byte[] input = mutate(seed, new Random(caseSeed));
            Files.write(target, input);
            cases++;
            Throwable thrown = null;
            try {
                assertTimeoutPreemptively(HANG, () -> {
                    reader.read(target);
                    return null;
                });
            } catch (Throwable t) {
                thrown = t;
            }
            if (thrown == null) {
                continue;
            }
            String shown = new String(input, 0, Math.min(input.length, 300), StandardCharsets.ISO_8859_1);
            if (!ours.isInstance(thrown)) {
                fail(what + " case seed " + caseSeed + ": " + thrown + "\ninput: " + shown, thrown);
            }
            String m = thrown.getMessage();
            boolean named = false;
            for (String n : names) {
                named |= m != null && m.contains(n);
            }
            if (!named) {
                fail(what + " case seed " + caseSeed + ": message does not name the file: " + m + "\ninput: " + shown);
            }
        }
        assertTrue(cases >= 50, what + ": only " + cases + " cases in " + BUDGET);
        System.out.println("fuzz " + what + ": " + cases + " mutants");
    }

    static byte[] bytes(String path) throws IOException {
        return Files.readAllBytes(Path.of(path));
    }

    @Test
    void simulateRequests() throws Exception {
        Reader r = f -> {
            SimulationRequestJson.Parsed p = SimulationRequestJson.read(f);
            p.weakReflection();
            p.peakOutsideGrid();
        };
        fuzz("request", bytes("data/examples/zro2-004-request.json"), dir.resolve("request.json"), r,
                RequestFormatException.class, "request.json");
        fuzz("material request", bytes("data/examples/zro2-004-material-request.json"), dir.resolve("m.json"), r,
                RequestFormatException.class, "m.json");
    }

    @Test
    void textScans() throws Exception {
        fuzz("text scan", bytes("data/examples/ysz-400-simulated.txt"), dir.resolve("scan.txt"),
                TextScanReader::read, ScanFormatException.class, "scan.txt");
        fuzz("q scan", bytes("src/test/resources/strainlab/io/valid/q-with-wavelength.txt"), dir.resolve("q.txt"),
                TextScanReader::read, ScanFormatException.class, "q.txt");
    }

    @Test
    void xrdmlScans() throws Exception {
        fuzz("xrdml", bytes("src/test/resources/strainlab/io/valid/small-startend.xrdml"), dir.resolve("s.xrdml"),
                XrdmlReader::read, ScanFormatException.class, "s.xrdml");
        fuzz("xrdml list", bytes("src/test/resources/strainlab/io/valid/list-descending.xrdml"),
                dir.resolve("l.xrdml"), XrdmlReader::read, ScanFormatException.class, "l.xrdml");
    }

    @Test
    void radmaxProjects() throws Exception {
        Path src = Path.of("src/test/resources/strainlab/io/malformed/ini-weight-count");
        for (String f : new String[]{"test.ini", "input_strain_coeff.txt", "scan.txt"}) {
            Files.copy(src.resolve(f), dir.resolve(f));
        }
        Files.writeString(dir.resolve("input_DW_coeff.txt"), "1.0\n0.8\n0.7\n0.9\n");
        Path ini = dir.resolve("test.ini");
        String[] names = {"test.ini", "input_DW_coeff.txt", "input_strain_coeff.txt", "scan.txt"};
        for (String f : names) {
            byte[] seed = Files.readAllBytes(dir.resolve(f));
            fuzz("radmax " + f, seed, dir.resolve(f), p -> RadmaxProject.read(ini), ScanFormatException.class, names);
            Files.write(dir.resolve(f), seed);
        }
    }

    @Test
    void truthFiles() throws Exception {
        fuzz("truth", bytes("data/examples/ysz-400-simulated.truth.json"), dir.resolve("t.truth.json"),
                TruthFile::read, ScanFormatException.class, "t.truth.json");
    }
}
