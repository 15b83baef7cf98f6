package strainlab.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.nn.Parameter;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import strainlab.cnn.CnnTrainer;
import strainlab.cnn.Network;
import strainlab.cnn.StrainNet;
import strainlab.training.Devices;
import strainlab.training.KerasRmsProp;

/**
 * {@code bin/strainlab bench train}: training and inference throughput (curves per second) of {@link StrainNet}
 * on synthetic input tensors of the right shape, at mini-batches 256 and 2096 by default, median of repeats.
 * Runs on the GPU when one is visible (or {@code --device}). The paper reports 11 s per epoch of 1.215 M curves
 * on an RTX A6000 (≈ 110,000 curves/s training) and 22 µs per curve inference.
 */
public final class TrainBench {
    private TrainBench() {
    }

    /** Options of the target. */
    @Command(customSynopsis = {
        "usage: bin/strainlab bench train [--batch 256,2096] [--steps N] [--repeats R] [--input 1001|401]",
        "                                 [--outputs 14] [--device auto|cpu|gpu]"}, description = {
        "Times N training steps and N inference passes per repeat (after one warm-up step) and prints the",
        "median curves/s of R repeats for each batch size. Defaults: --steps 3 --repeats 3 on CPU,",
        "--steps 20 --repeats 5 on GPU."})
    static final class Options {
        @Option(names = "--batch", paramLabel = "B", split = ",", description = "mini-batch sizes")
        int[] batches = {256, 2096};
        @Option(names = "--steps", paramLabel = "N", description = "steps per repeat")
        Integer steps;
        @Option(names = "--repeats", paramLabel = "R", description = "repeats (median)")
        Integer repeats;
        @Option(names = "--input", paramLabel = "N", description = "input points (1001 or 401)")
        int input = 1001;
        @Option(names = "--outputs", paramLabel = "N", description = "network outputs")
        int outputs = 14;
        @Option(names = "--device", paramLabel = "D", description = "auto (default), cpu or gpu")
        String device = "auto";
    }

    /** One measured configuration. */
    public record Result(int batch, double trainCurvesPerSecond, double inferenceCurvesPerSecond) {
    }

    /** Entry point for {@code bench train}; returns the exit code. */
    public static int run(String[] args, PrintStream out) {
        Options o = BenchArgs.parse(new Options(), args, out);
        if (o == null) {
            return 0;
        }
        int[] batches = o.batches;
        BenchArgs.positive("--batch", batches);
        Integer steps = o.steps == null ? null : BenchArgs.positive("--steps", o.steps);
        Integer repeats = o.repeats == null ? null : BenchArgs.positive("--repeats", o.repeats);
        int input = BenchArgs.positive("--input", o.input);
        int outputs = BenchArgs.positive("--outputs", o.outputs);
        String device = o.device;
        Device d = Devices.select(device);
        boolean gpu = d.isGpu();
        int s = steps != null ? steps : gpu ? 20 : 3;
        int r = repeats != null ? repeats : gpu ? 5 : 3;
        out.printf(Locale.ROOT, "bench train: StrainNet %d -> %d, device %s, engine %s %s, %d threads, %d steps x %d "
                        + "repeats%n", input, outputs, d, Engine.getInstance().getEngineName(),
                Engine.getInstance().getVersion(), Runtime.getRuntime().availableProcessors(), s, r);
        out.println("batch   train curves/s   inference curves/s   inference us/curve");
        for (int b : batches) {
            Result res = measure(input, outputs, b, s, r, d);
            out.printf(Locale.ROOT, "%5d   %14.0f   %18.0f   %18.1f%n", b, res.trainCurvesPerSecond(),
                    res.inferenceCurvesPerSecond(), 1e6 / res.inferenceCurvesPerSecond());
        }
        return 0;
    }

    /** Median throughput over {@code repeats} of {@code steps} training steps and inference passes. */
    public static Result measure(int input, int outputs, int batch, int steps, int repeats, Device device) {
        SplittableRandom random = new SplittableRandom(1);
        float[] x = new float[batch * input];
        float[] y = new float[batch * outputs];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (-6 * random.nextDouble());
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) random.nextDouble();
        }
        double[] train = new double[repeats];
        double[] infer = new double[repeats];
        try (Network net = new Network(input, outputs, device, 1)) {
            KerasRmsProp optimizer = KerasRmsProp.builder().build();
            List<Pair<String, Parameter>> trainable = new ArrayList<>();
            for (Pair<String, Parameter> p : net.block().getParameters()) {
                if (p.getValue().requiresGradient()) {
                    trainable.add(p);
                }
            }
            Loss loss = CnnTrainer.mseLoss();
            float[] out = new float[batch * outputs];
            CnnTrainer.benchStep(net, optimizer, trainable, loss, x, y, batch);
            net.predict(x, batch, out);
            for (int rep = 0; rep < repeats; rep++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    CnnTrainer.benchStep(net, optimizer, trainable, loss, x, y, batch);
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    net.predict(x, batch, out);
                }
                long t2 = System.nanoTime();
                train[rep] = (double) steps * batch / ((t1 - t0) * 1e-9);
                infer[rep] = (double) steps * batch / ((t2 - t1) * 1e-9);
            }
        }
        return new Result(batch, median(train), median(infer));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
