package strainlab.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import strainlab.Logging;

/** Entry point of {@code bin/strainlab}: dispatches to a {@link Command}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> System.err.println("strainlab: "
                + ErrorText.describe(e, args) + " (in background thread " + thread.getName() + ")"));
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command line and returns the exit code (testable without exiting the JVM). The global option
     * {@code --verbose}, anywhere on the line, shows the libraries' INFO and WARN log messages and the stack trace of
     * an error. Any error, out of memory and stack overflow included, is one line naming the subcommand (exit 1).
     */
    public static int run(String[] line, PrintStream out, PrintStream err) {
        return run(line, out, err, Commands.all());
    }

    /** {@link #run(String[], PrintStream, PrintStream)} with the given subcommands (tests add failing ones). */
    static int run(String[] line, PrintStream out, PrintStream err, List<Command> commands) {
        if (Arrays.asList(line).contains("--verbose")) {
            Logging.verbose(true);
        }
        String[] args = Arrays.stream(line).filter(a -> !a.equals("--verbose")).toArray(String[]::new);
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            printHelp(args.length == 0 ? err : out);
            return args.length == 0 ? 2 : 0;
        }
        if (args[0].equals("--version")) {
            out.println("strainlab " + Version.STRAINLAB);
            return 0;
        }
        Command command = commands.stream().filter(c -> c.name().equals(args[0])).findFirst().orElse(null);
        if (command == null) {
            err.println("strainlab: unknown subcommand or option '" + args[0] + "'");
            printHelp(err);
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (rest.length > 0 && (rest[0].equals("--help") || rest[0].equals("-h"))) {
            out.println(command.usage());
            return 0;
        }
        boolean verbose = line.length != args.length;
        try {
            return command.run(rest, out);
        } catch (UsageException e) {
            err.println("strainlab " + command.name() + ": " + e.getMessage());
            err.println(command.usage());
            return 2;
        } catch (Exception | Error e) {
            err.println("strainlab " + command.name() + ": " + ErrorText.describe(e, rest)
                    + (verbose ? "" : ErrorText.isInternal(e) ? " (run with --verbose for the stack trace)" : ""));
            if (verbose) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    static void printHelp(PrintStream ps) {
        ps.println("StrainLab " + Version.STRAINLAB + " - machine-learning analysis of X-ray diffraction");
        ps.println();
        ps.println("usage: bin/strainlab [--verbose] <subcommand> [options]   (bin/strainlab <subcommand> --help for details)");
        ps.println();
        ps.println("subcommands:");
        for (Command c : Commands.all()) {
            ps.printf("  %-12s %s%n", c.name(), c.summary());
        }
        ps.println();
        ps.println("  --verbose    show the libraries' log messages (DJL and PyTorch engine INFO and WARN lines)"
                + " and the stack trace of an error");
        ps.println("  --version    print the version");
        ps.println("  --help       this text");
    }
}
