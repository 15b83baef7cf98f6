package strainlab.bench;

import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine;
import strainlab.cli.Picocli;
import strainlab.cli.UsageException;

/**
 * The options of a {@code bin/strainlab bench} target: picocli annotations on an options object, parsed and worded
 * as the subcommands' ({@link Picocli}); bad arguments are an {@link IllegalArgumentException} naming the option.
 */
public final class BenchArgs {
    private BenchArgs() {
    }

    /**
     * Parses {@code args} into {@code options}; returns null after printing the usage when {@code --help} or
     * {@code -h} is given.
     */
    public static <T> T parse(T options, String[] args, PrintStream out) {
        CommandLine line = Picocli.line(options);
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            out.println(Picocli.usage(line));
            return null;
        }
        try {
            Picocli.parse(line, args);
        } catch (UsageException e) {
            throw new IllegalArgumentException(e.getMessage() + "\n" + Picocli.usage(line));
        }
        return options;
    }

    /**
     * Checks counts ({@code --repeats 5}, {@code --sizes 256,512}).
     *
     * @throws IllegalArgumentException naming the option when a value is below 1
     */
    public static int positive(String option, int... values) {
        for (int n : values) {
            if (n < 1) {
                throw new IllegalArgumentException(option + ": expected a positive integer, got '" + n + "'");
            }
        }
        return values.length == 0 ? 0 : values[0];
    }
}
