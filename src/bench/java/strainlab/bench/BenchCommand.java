package strainlab.bench;

import java.io.PrintStream;
import java.util.Arrays;
import strainlab.cli.Command;
import strainlab.cli.UsageException;

/**
 * {@code bin/strainlab bench <target> [args]}: runs one benchmark of {@link BenchTargets}. A target
 * signals bad arguments with {@link UsageException} or {@link IllegalArgumentException}; both give
 * exit code 2 with the message.
 */
public final class BenchCommand implements Command {
    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "run a benchmark target (bin/strainlab bench --help lists them)";
    }

    @Override
    public String usage() {
        StringBuilder b = new StringBuilder("usage: bin/strainlab bench <target> [options]   "
                + "(bin/strainlab bench <target> --help for its options)\n\ntargets:\n");
        for (BenchTargets.Target t : BenchTargets.all()) {
            b.append(String.format("  %-14s %s%n", t.name(), t.summary()));
        }
        return b.toString().stripTrailing();
    }

    @Override
    public int run(String[] args, PrintStream out) throws Exception {
        if (args.length == 0) {
            throw new UsageException("missing target");
        }
        BenchTargets.Target target = BenchTargets.all().stream()
                .filter(t -> t.name().equals(args[0])).findFirst()
                .orElseThrow(() -> new UsageException("unknown target '" + args[0] + "'"));
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return target.runner().run(rest, out);
        } catch (IllegalArgumentException e) {
            throw new UsageException(target.name() + ": " + e.getMessage());
        }
    }
}
