package strainlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Main's last line of defence: every failure is one line naming the subcommand (and the file), never a stack trace. */
class MainErrorTest {
    /** A subcommand that fails the way {@code body} does. */
    private record Failing(String name, Body body) implements Command {
        interface Body {
            int run(String[] args) throws Exception;
        }

        @Override
        public String summary() {
            return "fails";
        }

        @Override
        public String usage() {
            return "usage: bin/strainlab " + name;
        }

        @Override
        public int run(String[] args, PrintStream out) throws Exception {
            return body.run(args);
        }
    }

    private static CliRun run(Command command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), List.of(command));
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    @Test
    void outOfMemoryInsideACommandIsOneLineNamingTheCommandAndTheFile(@TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("request.json"), "{}");
        CliRun r = run(new Failing("grow", args -> new long[Integer.MAX_VALUE - 2].length), "grow", input.toString());
        assertEquals(1, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("strainlab grow: out of memory while working on " + input + ": "), r.err());
        assertTrue(r.err().contains("JAVA_OPTS=-Xmx"), r.err());
        assertFalse(r.err().contains("OutOfMemoryError") || r.err().contains("\tat "), r.err());
    }

    @Test
    void outOfMemoryInAWorkerThreadIsOneLineToo() {
        CliRun r = run(new Failing("pool", args -> {
            strainlab.nanobeam.sim.NanobeamLibrary.parallelFor(4, 2, i -> {
                throw new OutOfMemoryError("Java heap space");
            }, null);
            return 0;
        }), "pool");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("strainlab pool: out of memory: the request needs more than"), r.err());
        assertFalse(r.err().contains("java.lang"), r.err());
    }

    @Test
    void stackOverflowIsOneLine() {
        CliRun r = run(new Failing("deep", args -> recurse(0)), "deep");
        assertEquals(1, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("strainlab deep: stack overflow: "), r.err());
    }

    @Test
    void anUnexpectedRuntimeExceptionIsOneLineAndVerboseShowsTheStackTrace() {
        Failing npe = new Failing("buggy", args -> args[0].substring(((String) null).length()).length());
        CliRun quiet = run(npe, "buggy", "x");
        assertEquals(1, quiet.code());
        assertEquals("strainlab buggy: internal error (NullPointerException) (run with --verbose for the stack trace)",
                quiet.err().strip());
        boolean wasVerbose = strainlab.Logging.isVerbose();
        CliRun verbose;
        try {
            verbose = run(npe, "--verbose", "buggy", "x");
        } finally {
            strainlab.Logging.verbose(wasVerbose);
        }
        assertEquals(1, verbose.code());
        assertTrue(verbose.err().startsWith("strainlab buggy: internal error (NullPointerException)\n"), verbose.err());
        assertTrue(verbose.err().contains("\tat strainlab.cli.MainErrorTest"), verbose.err());
    }

    @Test
    void outPointingAtAnExistingFileSaysSo(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        CliRun r = CliRun.of("nanobeam", "simulate", "--strain", "0", "--tilt-lr", "0", "--tilt-ud", "0",
                "--out", file.resolve("image.csv").toString());
        assertEquals(1, r.code(), r.err());
        assertEquals("strainlab nanobeam: " + file + ": exists and is a file, where a folder (or a new name) is needed",
                r.err().strip());
    }

    @Test
    void outPointingAtAFolderWhereAFileIsNeededSaysSo(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectory(dir.resolve("images"));
        CliRun r = CliRun.of("nanobeam", "simulate", "--strain", "0", "--tilt-lr", "0", "--tilt-ud", "0",
                "--out", folder.toString());
        assertEquals(1, r.code(), r.err());
        assertEquals("strainlab nanobeam: " + folder + ": a folder; --out needs a file name such as image.csv",
                r.err().strip());
        assertTrue(Files.isDirectory(folder));
    }

    @Test
    void javaTextWithoutThePathGetsThePathFromTheCommandLine(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectory(dir.resolve("scans"));
        CliRun isDir = run(new Failing("read", args -> {
            throw new IOException("Is a directory");
        }), "read", folder.toString());
        assertEquals(1, isDir.code());
        assertEquals("strainlab read: " + folder + ": a folder, where a file is needed", isDir.err().strip());

        Path out = dir.resolve("out");
        CliRun full = run(new Failing("write", args -> {
            throw new IOException("No space left on device");
        }), "write", "--out", out.toString());
        assertEquals(1, full.code());
        assertEquals("strainlab write: " + out + ": no space left on the device (disk full); nothing was completed",
                full.err().strip());

        CliRun missing = run(new Failing("open", args -> {
            throw new FileNotFoundException(out + " (No such file or directory)");
        }), "open");
        assertEquals("strainlab open: " + out + ": no such file or folder", missing.err().strip());

        CliRun binary = run(new Failing("parse", args -> {
            throw new java.nio.charset.MalformedInputException(1);
        }), "parse", folder.toString());
        assertEquals("strainlab parse: not readable as UTF-8 text (a binary file?) while working on " + folder,
                binary.err().strip());
    }
}
