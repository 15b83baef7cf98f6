package strainlab.bench;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import strainlab.crystal.DiffractionSetup;
import strainlab.diffraction.DynamicalDiffraction;
import strainlab.profile.DepthProfiles;

/**
 * {@code bin/strainlab bench recursion-jmh}: the microbenchmark of the recursion kernels under JMH, the case of
 * {@code bench recursion} (N = 500 lamellae, 570 angles): average time per (angle, lamella) pair in ns, one
 * forked JVM per kernel.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RecursionJmh {
    private static final int PAIRS = RecursionCase.LAMELLAE * RecursionCase.ANGLES;

    /** The kernel, by {@link DynamicalDiffraction.Kernel} name. */
    @Param({"SCALAR", "VECTOR", "VECTOR_FLOAT"})
    public String kernel;

    private DiffractionSetup setup;
    private DepthProfiles profiles;
    private double[] theta;
    private double[] reflectivity;
    private DynamicalDiffraction.Kernel k;

    /** Builds the case once per trial. */
    @Setup
    public void setUp() {
        RecursionCase c = new RecursionCase(RecursionCase.LAMELLAE, RecursionCase.ANGLES);
        setup = c.setup();
        profiles = c.profiles();
        theta = c.thetaRad();
        reflectivity = new double[theta.length];
        k = DynamicalDiffraction.Kernel.valueOf(kernel);
    }

    /** One curve; JMH divides its time by the (angle, lamella) pairs. */
    @Benchmark
    @OperationsPerInvocation(PAIRS)
    public double[] curve() {
        DynamicalDiffraction.reflectivity(setup, profiles, theta, k, reflectivity);
        return reflectivity;
    }

    /** Options of the target. */
    @Command(customSynopsis = "usage: bin/strainlab bench recursion-jmh [--forks 1] [--warmups 3] [--iterations 5] "
            + "[--seconds 1]")
    static final class Options {
        @Option(names = "--forks", paramLabel = "N", description = "forked JVMs per kernel")
        int forks = 1;
        @Option(names = "--warmups", paramLabel = "N", description = "warm-up iterations")
        int warmups = 3;
        @Option(names = "--iterations", paramLabel = "N", description = "measured iterations")
        int iterations = 5;
        @Option(names = "--seconds", paramLabel = "S", description = "seconds per iteration")
        int seconds = 1;
    }

    /** Runs the JMH benchmark with the options given; returns 0. */
    public static int run(String[] args, PrintStream out) throws Exception {
        Options o = BenchArgs.parse(new Options(), args, out);
        if (o == null) {
            return 0;
        }
        TimeValue time = TimeValue.seconds(BenchArgs.positive("--seconds", o.seconds));
        new Runner(new OptionsBuilder().include(RecursionJmh.class.getName() + ".curve")
                .forks(BenchArgs.positive("--forks", o.forks))
                .warmupIterations(o.warmups).warmupTime(time)
                .measurementIterations(BenchArgs.positive("--iterations", o.iterations)).measurementTime(time)
                .jvmArgsAppend("--add-modules", "jdk.incubator.vector")
                .build()).run();
        return 0;
    }
}
