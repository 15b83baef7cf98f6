package strainlab.cli;

import java.io.PrintStream;
import picocli.CommandLine.Command;
import strainlab.Info;

/** {@code bin/strainlab info}: versions, DJL engine, device and scale. */
@Command(name = "info", customSynopsis = "usage: bin/strainlab info",
        header = "print versions, the DJL engine, the compute device (CPU/GPU) and the scale setting")
final class InfoCommand extends Picocli {
    @Override
    protected int call(PrintStream out) {
        out.println(Info.collect());
        return 0;
    }
}
