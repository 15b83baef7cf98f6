package strainlab.cli;

import java.io.PrintStream;
import strainlab.Info;

/** {@code bin/strainlab info}: versions, DJL engine, device and scale. */
final class InfoCommand implements Command {
    @Override
    public String name() {
        return "info";
    }

    @Override
    public String summary() {
        return "print versions, the DJL engine, the compute device (CPU/GPU) and the scale setting";
    }

    @Override
    public String usage() {
        return "usage: bin/strainlab info";
    }

    @Override
    public int run(String[] args, PrintStream out) throws UsageException {
        if (args.length > 0) {
            throw new UsageException("unexpected argument '" + args[0] + "'");
        }
        out.println(Info.collect());
        return 0;
    }
}
