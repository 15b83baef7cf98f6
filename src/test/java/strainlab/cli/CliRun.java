package strainlab.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One in-process run of the command line for tests: exit code, standard output and standard error.
 *
 * @param code exit status {@link Main#run} returned
 * @param out  what went to standard output
 * @param err  what went to standard error
 */
record CliRun(int code, String out, String err) {
    /** Runs {@code bin/strainlab ARGS} in this JVM. */
    static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
