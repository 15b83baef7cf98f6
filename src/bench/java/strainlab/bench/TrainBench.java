package strainlab.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import strainlab.cnn.CnnTrainer;
import strainlab.cnn.LabelledCurves;
import strainlab.cnn.Network;
import strainlab.cnn.StrainNet;
import strainlab.dataset.ExpectedCounts;
import strainlab.dataset.recipe.PaperRecipe;
import strainlab.dataset.recipe.Recipe;
import strainlab.training.Devices;
import strainlab.training.DataPlacement;
import strainlab.training.EpochRecord;
import strainlab.training.KerasRmsProp;
import strainlab.training.TrainingOptions;

/**
 * {@code bin/strainlab bench train}: training and inference throughput (curves per second) of {@link StrainNet}
 * on synthetic input tensors of the right shape, at mini-batches 256 and 2096 by default, median of repeats.
 * Runs on the GPU when one is visible (or {@code --device}). The paper reports 11 s per epoch of 1.215 M curves
 * on an RTX A6000 (≈ 110,000 curves/s training) and 22 µs per curve inference. With {@code --placement device}
 * it times whole epochs of {@code train --data-placement device} instead (the set copied to the device once,
 * shuffled batches gathered there, losses read once per epoch), optionally tracing the last one with PyTorch's
 * profiler. Adding {@code --noise-on-the-fly} times the same epochs twice on curves of the paper's CNN2 recipe,
 * reading stored inputs and drawing fresh noise from their expected counts on the device, and prints the cost.
 */
public final class TrainBench {
    private TrainBench() {
    }

    /** Options of the target. */
    @Command(customSynopsis = {
        "usage: bin/strainlab bench train [--batch 256,2096] [--steps N] [--repeats R] [--input 1001|401]",
        "                                 [--outputs 14] [--device auto|cpu|gpu]",
        "       bin/strainlab bench train --placement device [--batch 2096] [--curves N] [--epochs E]",
        "                                 [--noise-on-the-fly [--noise honest|published] [--repeats R]]",
        "       bin/strainlab bench train --placement host --noise-on-the-fly [options as above]",
        "                                 [--trace FILE] [--device auto|cpu|gpu]"}, description = {
        "Times N training steps and N inference passes per repeat (after one warm-up step) and prints the",
        "median curves/s of R repeats for each batch size. Inference is timed twice: from a Java array",
        "(copied into off-heap memory for the engine) and from off-heap memory read as it is.",
        "Defaults: --steps 3 --repeats 3 on CPU, --steps 20 --repeats 5 on GPU.",
        "With --placement device: E epochs (default 4) of the real training loop on N random curves",
        "(default 300000 on GPU, 2000 on CPU) copied to the device once; prints each epoch's training",
        "curves/s and the median of epochs 2..E; --trace writes PyTorch's profiler trace of the last epoch",
        "(Chrome trace JSON). With --noise-on-the-fly the N curves cycle through " + NOISE_POOL + " CNN2 curves",
        "(expected counts and stored noisy inputs); R times (--repeats, default 3) the E epochs run on the",
        "stored inputs, then drawing fresh noise on the device; prints the median curves/s of epochs 2..E",
        "of each and the step-time ratio (--trace: the last fresh-noise epoch). --placement host does the",
        "same with batches read on the host (noise drawn there by the loader thread)."})
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
        @Option(names = "--placement", paramLabel = "P", description = "step (default: single steps on host "
                + "batches) or device (whole epochs, data on the device)")
        String placement = "step";
        @Option(names = "--curves", paramLabel = "N", description = "training curves (--placement device)")
        Integer curves;
        @Option(names = "--epochs", paramLabel = "E", description = "epochs (--placement device)")
        Integer epochs;
        @Option(names = "--trace", paramLabel = "FILE", description = "profiler trace of the last epoch")
        Path trace;
        @Option(names = "--noise-on-the-fly", description = "compare stored inputs with fresh noise every epoch "
                + "(--placement device)")
        boolean noiseOnTheFly;
        @Option(names = "--noise", paramLabel = "MODE", description = "noise drawn with --noise-on-the-fly: honest "
                + "(default) or published")
        String noise;

        /** The options that only whole-epoch runs (--placement device, or host with fresh noise) read. */
        List<String> epochOptionsGiven() {
            List<String> given = new ArrayList<>();
            if (curves != null) {
                given.add("--curves");
            }
            if (epochs != null) {
                given.add("--epochs");
            }
            if (trace != null) {
                given.add("--trace");
            }
            if (noiseOnTheFly) {
                given.add("--noise-on-the-fly");
            }
            if (noise != null) {
                given.add("--noise");
            }
            return given;
        }
    }

    /**
     * One measured configuration: training steps, inference from a Java array (copied into off-heap memory for the
     * engine) and inference from off-heap memory read as it is (as native PyTorch reads a NumPy array).
     */
    public record Result(int batch, double trainCurvesPerSecond, double inferenceCurvesPerSecond,
                         double offHeapInferenceCurvesPerSecond) {
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
        if ("device".equals(o.placement) || ("host".equals(o.placement) && o.noiseOnTheFly)) {
            return epochs(o, input, outputs, d, out);
        } else if (!"step".equals(o.placement)) {
            throw new IllegalArgumentException("--placement must be step or device (or host with --noise-on-the-fly), "
                    + "got " + o.placement);
        } else if (!o.epochOptionsGiven().isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", o.epochOptionsGiven()) + " time whole epochs and "
                    + "need --placement device (or host with --noise-on-the-fly); --placement step times single steps");
        }
        int s = steps != null ? steps : gpu ? 20 : 3;
        int r = repeats != null ? repeats : gpu ? 5 : 3;
        out.printf(Locale.ROOT, "bench train: StrainNet %d -> %d, device %s, engine %s %s, %d threads, %d steps x %d "
                        + "repeats%n", input, outputs, d, Engine.getInstance().getEngineName(),
                Engine.getInstance().getVersion(), Runtime.getRuntime().availableProcessors(), s, r);
        out.println("batch   train curves/s   inference curves/s   inference us/curve   off-heap inference curves/s");
        for (int b : batches) {
            Result res = measure(input, outputs, b, s, r, d);
            out.printf(Locale.ROOT, "%5d   %14.0f   %18.0f   %18.1f   %27.0f%n", b, res.trainCurvesPerSecond(),
                    res.inferenceCurvesPerSecond(), 1e6 / res.inferenceCurvesPerSecond(),
                    res.offHeapInferenceCurvesPerSecond());
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
        double[] offHeap = new double[repeats];
        ByteBuffer direct = ByteBuffer.allocateDirect(x.length * Float.BYTES).order(ByteOrder.nativeOrder());
        direct.asFloatBuffer().put(x);
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
            net.predict(direct, batch, out);
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
                for (int i = 0; i < steps; i++) {
                    net.predict(direct, batch, out);
                }
                long t3 = System.nanoTime();
                train[rep] = (double) steps * batch / ((t1 - t0) * 1e-9);
                infer[rep] = (double) steps * batch / ((t2 - t1) * 1e-9);
                offHeap[rep] = (double) steps * batch / ((t3 - t2) * 1e-9);
            }
        }
        return new Result(batch, BenchTable.median(train), BenchTable.median(infer), BenchTable.median(offHeap));
    }

    private static int epochs(Options o, int input, int outputs, Device d, PrintStream out) {
        BenchArgs.positive("--batch", o.batches);
        int batch = o.batches.length == 1 ? o.batches[0] : 2096;
        int curves = BenchArgs.positive("--curves", o.curves != null ? o.curves : d.isGpu() ? 300_000 : 2_000);
        int epochs = o.epochs == null ? 4 : BenchArgs.positive("--epochs", o.epochs);
        if (o.noiseOnTheFly) {
            return noiseEpochs(o, batch, curves, epochs, d, out);
        }
        out.printf(Locale.ROOT, "bench train --placement device: StrainNet %d -> %d, device %s, engine %s %s, %d "
                        + "random training curves, batch %d, %d epochs%n", input, outputs, d,
                Engine.getInstance().getEngineName(), Engine.getInstance().getVersion(), curves, batch, epochs);
        double[] rates = measureEpochs(input, outputs, batch, curves, epochs, d, o.trace);
        for (int e = 0; e < rates.length; e++) {
            out.printf(Locale.ROOT, "epoch %d   %10.0f training curves/s%n", e + 1, rates[e]);
        }
        out.printf(Locale.ROOT, "median of epochs 2..%d: %.0f training curves/s%n", epochs,
                BenchTable.median(rates.length > 1 ? Arrays.copyOfRange(rates, 1, rates.length) : rates));
        if (o.trace != null) {
            out.println("profiler trace of epoch " + epochs + ": " + o.trace);
        }
        return 0;
    }

    /** Curves in the pool that {@code --noise-on-the-fly} cycles through. */
    static final int NOISE_POOL = 256;

    private static int noiseEpochs(Options o, int batch, int curves, int epochs, Device d, PrintStream out) {
        int repeats = o.repeats == null ? 3 : BenchArgs.positive("--repeats", o.repeats);
        String noise = o.noise == null ? "honest" : o.noise;
        PaperRecipe recipe = new PaperRecipe(Recipe.preset("cnn2").withNoise(PaperRecipe.Noise.ofMode(noise)));
        DataPlacement placement = "host".equals(o.placement) ? DataPlacement.HOST : DataPlacement.DEVICE;
        out.printf(Locale.ROOT, "bench train --placement %s --noise-on-the-fly: StrainNet %d -> %d, device %s, "
                        + "engine %s %s, %d training curves (cycling %d CNN2 curves, %s noise, %d expected counts "
                        + "per curve), batch %d, %d epochs x %d repeats, load average %.2f%n",
                placement.name().toLowerCase(Locale.ROOT), recipe.inputLength(),
                recipe.labelNames().size(), d, Engine.getInstance().getEngineName(), Engine.getInstance().getVersion(),
                curves, NOISE_POOL, recipe.noise().mode(), recipe.expectedCounts().width(), batch, epochs, repeats,
                loadAverage());
        PooledCurves train = PooledCurves.of(recipe, curves, 1);
        PooledCurves validation = PooledCurves.of(recipe, batch, 2);
        List<List<Double>> rates = List.of(new ArrayList<>(), new ArrayList<>());
        for (int r = 0; r < repeats; r++) {
            for (int v = 0; v < 2; v++) {
                Path trace = v == 1 && r == repeats - 1 ? o.trace : null;
                double[] e = measureEpochs(train, validation, batch, epochs, d, trace, v == 1, placement);
                out.printf(Locale.ROOT, "repeat %d, %s: %s training curves/s (load average %.2f)%n", r + 1,
                        v == 0 ? "stored inputs" : "fresh noise  ", Arrays.toString(Arrays.stream(e)
                                .map(Math::rint).toArray()), loadAverage());
                for (int k = e.length > 1 ? 1 : 0; k < e.length; k++) {
                    rates.get(v).add(e[k]);
                }
            }
        }
        double stored = BenchTable.median(rates.get(0).stream().mapToDouble(Double::doubleValue).toArray());
        double fresh = BenchTable.median(rates.get(1).stream().mapToDouble(Double::doubleValue).toArray());
        out.printf(Locale.ROOT, "median over epochs 2..%d of %d repeats: stored inputs %.0f, fresh noise %.0f training "
                + "curves/s; step time x %.3f (%+.1f %%)%n", epochs, repeats, stored, fresh, stored / fresh,
                100 * (stored / fresh - 1));
        if (o.trace != null) {
            out.println("profiler trace of the last fresh-noise epoch: " + o.trace);
        }
        return 0;
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /**
     * Training curves/s of each of {@code epochs} epochs of {@link CnnTrainer#train} with the data on the device,
     * on {@code curves} random curves (values do not change a step's cost) and a validation set of one batch; the
     * model folder is temporary. With {@code trace}, PyTorch's profiler records the last epoch into that file.
     */
    public static double[] measureEpochs(int input, int outputs, int batch, int curves, int epochs, Device device,
            Path trace) {
        return measureEpochs(new RandomCurves(curves, input, outputs, 1), new RandomCurves(batch, input, outputs, 2),
                batch, epochs, device, trace, false, DataPlacement.DEVICE);
    }

    /**
     * As {@link #measureEpochs(int, int, int, int, int, Device, Path)} on given curves, optionally with fresh noise, with
     * batches from {@code placement}.
     */
    static double[] measureEpochs(LabelledCurves train, LabelledCurves validation, int batch, int epochs,
            Device device, Path trace, boolean noiseOnTheFly, DataPlacement placement) {
        TrainingOptions options = TrainingOptions.paper().withEpochs(epochs).withBatchSize(batch)
                .withDevice(device.isGpu() ? "gpu" : "cpu").withProgressSeconds(0)
                .withDataPlacement(placement).withNoiseOnTheFly(noiseOnTheFly);
        Path dir = null;
        try {
            dir = Files.createTempDirectory("strainlab-bench-train");
            if (trace != null && epochs == 1) {
                JniUtils.startProfile(device.isGpu(), false, false);
            }
            List<EpochRecord> history = CnnTrainer.train(train, validation, options, dir, null,
                    (record, improved, all) -> {
                        if (trace != null && record.epoch() == epochs - 1) {
                            JniUtils.startProfile(device.isGpu(), false, false);
                        }
                    }).history();
            if (trace != null) {
                JniUtils.stopProfile(trace.toAbsolutePath().toString());
            }
            return history.stream().mapToDouble(EpochRecord::samplesPerSecond).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (dir != null) {
                strainlab.io.StagedFolder.deleteTree(dir);
            }
        }
    }

    /** Pseudo-random curves computed from their index: log10-like inputs in [−6, 0), labels in [0, 1). */
    private record RandomCurves(int size, int inputLength, int labelCount, long seed) implements LabelledCurves {
        @Override
        public List<String> labelNames() {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < labelCount; i++) {
                names.add("y" + i);
            }
            return names;
        }

        @Override
        public void read(int index, float[] input, float[] labels) {
            SplittableRandom r = new SplittableRandom(seed * 1_000_003L + index);
            for (int i = 0; i < inputLength; i++) {
                input[i] = (float) (-6 * r.nextDouble());
            }
            for (int i = 0; i < labelCount; i++) {
                labels[i] = (float) r.nextDouble();
            }
        }

        @Override
        public String dataChecksum() {
            return "random-" + seed + "-" + size;
        }
    }

    /**
     * {@code size} curves that cycle through {@value #NOISE_POOL} curves of a recipe (inputs, labels and expected
     * counts generated once), named by {@code seed} for the checkpoint.
     */
    private record PooledCurves(int size, float[][] inputs, float[][] labels, float[][] expected, PaperRecipe source,
            long seed) implements LabelledCurves {
        static PooledCurves of(PaperRecipe recipe, int size, long seed) {
            int n = Math.min(size, NOISE_POOL);
            float[][] in = new float[n][recipe.inputLength()];
            float[][] lab = new float[n][recipe.labelNames().size()];
            float[][] exp = new float[n][recipe.expectedCounts().width()];
            java.util.stream.IntStream.range(0, n).parallel().forEach(i -> recipe.generate(seed, i, in[i], lab[i],
                    exp[i]));
            return new PooledCurves(size, in, lab, exp, recipe, seed);
        }

        @Override
        public int inputLength() {
            return source.inputLength();
        }

        @Override
        public List<String> labelNames() {
            return source.labelNames();
        }

        @Override
        public void read(int index, float[] input, float[] labels) {
            System.arraycopy(inputs[index % inputs.length], 0, input, 0, input.length);
            System.arraycopy(this.labels[index % inputs.length], 0, labels, 0, labels.length);
        }

        @Override
        public double[] inputGrid() {
            return source.inputGrid();
        }

        @Override
        public String noise() {
            return source.noise().mode();
        }

        @Override
        public ExpectedCounts expectedCounts() {
            return source.expectedCounts();
        }

        @Override
        public void readExpected(int index, float[] row) {
            System.arraycopy(expected[index % expected.length], 0, row, 0, row.length);
        }

        @Override
        public String dataChecksum() {
            return "pooled-" + seed + "-" + size;
        }
    }
}
