package strainlab.bench;

import java.io.PrintStream;
import java.util.List;

/**
 * The registry of {@code bin/strainlab bench} targets, in the order the usage lists them. Add one line
 * per target: {@code new BenchTargets.Target("name", "summary", SomeBench::run)}.
 */
public final class BenchTargets {
    private BenchTargets() {
    }

    /** A benchmark entry point: {@code public static int run(String[] args, PrintStream out)}. */
    @FunctionalInterface
    public interface Runner {
        int run(String[] args, PrintStream out) throws Exception;
    }

    /** One target: the word after {@code bench}, a one-line summary and its entry point. */
    public record Target(String name, String summary, Runner runner) {
    }

    public static List<Target> all() {
        return List.of(
                new Target("engine", "DJL matrix products on the default device (GFLOP/s)", EngineBench::run),
                new Target("generate", "training-set generation, curves/s with 1 and all threads", GenerateBench::run),
                new Target("train", "CNN training and inference curves/s at batch 256 and 2096 (CPU or GPU)", TrainBench::run),
                new Target("noise", "fresh-noise Poisson sampler on a batch of CNN2 expected counts, ms per part", NoiseBench::run),
                new Target("recursion", "the dynamical recursion alone per kernel, ns per (angle, lamella) pair", RecursionBenchmark::run),
                new Target("recursion-jmh", "the recursion kernels under JMH, ns per (angle, lamella) pair", RecursionJmh::run),
                new Target("simulate", "per-curve recipe generator, curves/s with 1 and all threads + stages", SimulateBenchmark::run),
                new Target("nanobeam", "nanobeam library, correlation fit and CNN on a 165x165 map, epoch time", NanobeamBench::run),
                new Target("analyze", "automatic analysis of the measured YSZ and 3C-SiC scans: σ_I, times, stages", AnalyzeBench::run)
        );
    }
}
