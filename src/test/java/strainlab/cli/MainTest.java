package strainlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import strainlab.bench.BenchTargets;

class MainTest {
    /** Exit code, stdout and stderr of one command line. */
    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(args, o, e);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEverySubcommandWithItsSummary() {
        Result r = run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("usage: bin/strainlab"), r.out());
        for (Command c : Commands.all()) {
            assertTrue(r.out().contains("  " + c.name() + " "), "help lacks " + c.name() + ":\n" + r.out());
            assertTrue(r.out().contains(c.summary()), "help lacks the summary of " + c.name());
        }
        assertTrue(r.out().contains("--version"));
        assertEquals(r.out(), run("-h").out());
    }

    @Test
    void subcommandNamesAreUnique() {
        long distinct = Commands.all().stream().map(Command::name).distinct().count();
        assertEquals(Commands.all().size(), distinct);
    }

    @Test
    void versionPrintsTheVersion() {
        Result r = run("--version");
        assertEquals(0, r.code());
        assertEquals("strainlab " + Version.STRAINLAB, r.out().strip());
    }

    @Test
    void noArgumentsPrintsUsageAndExits2() {
        Result r = run();
        assertEquals(2, r.code());
        assertTrue(r.err().contains("usage: bin/strainlab"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void unknownSubcommandPrintsUsageAndExits2() {
        Result r = run("frobnicate");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown subcommand or option 'frobnicate'"), r.err());
        assertTrue(r.err().contains("usage: bin/strainlab"), r.err());
    }

    @Test
    void unknownOptionPrintsUsageAndExits2() {
        Result r = run("--frobnicate");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("'--frobnicate'"), r.err());
        assertTrue(r.err().contains("usage: bin/strainlab"), r.err());
    }

    @Test
    void badArgumentOfASubcommandPrintsItsUsageAndExits2() {
        Result r = run("info", "--frobnicate");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("strainlab info: unexpected argument '--frobnicate'"), r.err());
        assertTrue(r.err().contains("usage: bin/strainlab info"), r.err());
    }

    @Test
    void subcommandHelpPrintsItsUsage() {
        Result r = run("info", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("usage: bin/strainlab info"), r.out());
    }

    @Test
    void infoReportsVersionsEngineAndScale() {
        Result r = run("info");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("StrainLab      " + Version.STRAINLAB), r.out());
        assertTrue(r.out().contains("engine         PyTorch " + Version.PYTORCH), r.out());
        assertTrue(r.out().contains("device         "), r.out());
        assertTrue(r.out().matches("(?s).*scale          (quick|paper) .*"), r.out());
    }

    @Test
    void benchListsTargetsAndRejectsMissingOrUnknownTarget() {
        Result missing = run("bench");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("missing target"), missing.err());
        for (BenchTargets.Target t : BenchTargets.all()) {
            assertTrue(missing.err().contains("  " + t.name() + " "), "usage lacks target " + t.name());
        }
        Result unknown = run("bench", "nothing-like-this");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown target 'nothing-like-this'"), unknown.err());
    }

    @Test
    void benchEngineRunsAndReportsThroughput() {
        Result r = run("bench", "engine", "--sizes", "16,32", "--repeats", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("GFLOP/s"), r.out());
        assertEquals(2 + 2 + 1, r.out().strip().lines().count(), r.out());
    }

    @Test
    void benchTargetBadOptionExits2WithTheOptionNamed() {
        Result r = run("bench", "engine", "--sizes", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--sizes: expected a positive integer, got '0'"), r.err());
        Result unknown = run("bench", "engine", "--colour", "red");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown option '--colour'"), unknown.err());
    }

    @Test
    void benchTrainRejectsEpochOptionsWithSingleSteps() {
        Result r = run("bench", "train", "--noise-on-the-fly", "--noise", "published");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("--noise-on-the-fly, --noise time whole epochs and need --placement device"),
                r.err());
    }
}
