package strainlab.cli;

import ai.djl.engine.Engine;
import ai.djl.util.cuda.CudaUtils;
import java.io.PrintStream;
import strainlab.Scale;

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
        Engine engine = Engine.getInstance();
        out.println("StrainLab      " + Version.STRAINLAB);
        out.println("Java           " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        out.println("DJL            " + Version.DJL);
        out.println("engine         " + engine.getEngineName() + " " + engine.getVersion());
        out.println("device         " + (engine.getGpuCount() > 0
                ? "GPU x" + engine.getGpuCount() + " (CUDA " + CudaUtils.getCudaVersionString() + ")"
                : "CPU") + ", default " + engine.defaultDevice());
        out.println("cores          " + Runtime.getRuntime().availableProcessors());
        out.println("scale          " + Scale.current().name().toLowerCase() + " (" + Scale.ENV + ")");
        return 0;
    }
}
