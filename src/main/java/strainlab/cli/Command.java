package strainlab.cli;

import java.io.PrintStream;

/** One {@code bin/strainlab} subcommand: a thin class that parses its arguments and composes library calls. */
public interface Command {
    /** The word typed after {@code bin/strainlab}, e.g. {@code simulate}. */
    String name();

    /** One line for {@code --help}. */
    String summary();

    /** Full usage text printed for {@code bin/strainlab NAME --help} and on a {@link UsageException}. */
    String usage();

    /**
     * Runs the subcommand.
     *
     * @return the process exit code (0 on success)
     * @throws UsageException for bad arguments: the message is printed with the usage, exit code 2
     * @throws Exception anything else: the message is printed (no stack trace), exit code 1
     */
    int run(String[] args, PrintStream out) throws Exception;
}
