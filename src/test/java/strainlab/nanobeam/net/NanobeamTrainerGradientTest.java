package strainlab.nanobeam.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import strainlab.nanobeam.sim.LibraryData;
import strainlab.nanobeam.sim.NanobeamLibrary;
import strainlab.nanobeam.sim.NanobeamSimulator;
import strainlab.nanobeam.sim.ParameterGrid;
import strainlab.training.FlatAdam;

/**
 * {@link NanobeamTrainer}'s gradients in float32 on the CPU against the same sums in float64 (PyTorch's float64
 * convolutions do not use the oneDNN backward-data kernel that gives wrong input gradients for filter counts that
 * are not a multiple of 16, {@link GroupedNanobeamNN#SAFE_OUTPUT_CHANNELS}; NanobeamNN has 2, 4, 8 and 3 of them).
 * One batch of 64 noisy library images; the loss is the trainer's: MSE of the scaled labels.
 */
class NanobeamTrainerGradientTest {
    private static final int BATCH = 64;
    private static final double LEARNING_RATE = 1e-3;
    /** One member as the trainer lays it out on the CPU. */
    private static final GroupedNanobeamNN LAYOUT = new GroupedNanobeamNN(1, ConvLayout.AUTO.resolve(Device.cpu()));
    private static LibraryData batch;
    private static LibraryData validation;

    @BeforeAll
    static void data() {
        NanobeamLibrary library = NanobeamLibrary.create(NanobeamSimulator.paper(), ParameterGrid.cube(5), 7, 2);
        LibraryData all = library.materialise(3, true, 2, null);
        batch = all.subset(IntStream.range(0, BATCH).toArray());
        validation = all.subset(IntStream.range(BATCH, BATCH + 8).toArray());
    }

    private static NanobeamNet net() {
        return NanobeamNet.create(Device.cpu(), NanobeamModelInfo.untrained(ParameterGrid.cube(5), 7, 5, 3));
    }

    /**
     * The gradient of the trainer's loss on {@link #batch} with respect to one member's θ ({@link GroupedNanobeamNN}
     * layout, the trainer's CPU conv layout), computed in {@code type}; per parameter tensor in block order.
     */
    private static double[][] gradient(float[] theta, DataType type) {
        float[] labels = new float[BATCH * 3];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = batch.labels()[i] * NanobeamNN.LABEL_SCALE[i % 3];
        }
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray th = m.create(theta).toType(type, false);
            th.setRequiresGradient(true);
            NDArray x = m.create(batch.images(), new Shape(BATCH, 1, NanobeamNN.IMAGE_SIZE, NanobeamNN.IMAGE_SIZE))
                    .toType(type, false);
            NDArray y = m.create(labels, new Shape(BATCH, 1, 3)).toType(type, false);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(LAYOUT.forward(th, x, m).sub(y).square().mean());
            }
            double[] flat = th.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
            float[][] shapes = LAYOUT.memberValues(theta, 0);
            double[][] out = new double[shapes.length][];
            int o = 0;
            for (int p = 0; p < shapes.length; p++) {
                out[p] = Arrays.copyOfRange(flat, o, o + shapes[p].length);
                o += shapes[p].length;
            }
            return out;
        }
    }

    private static String tensor(int p) {
        return "layer " + (p / 2 + 1) + (p % 2 == 0 ? " weight" : " bias");
    }

    private static double maxAbs(double[] a) {
        return Arrays.stream(a).map(Math::abs).max().orElse(0);
    }

    /** The trainer's float32 gradient: each tensor within 1e-4 of its largest float64 value (measured ≤ 5e-6). */
    @Test
    void float32GradientOfATrainingStepEqualsFloat64() {
        float[] theta;
        try (NanobeamNet net = net()) {
            theta = LAYOUT.flatten(List.of(net));
        }
        double[][] g64 = gradient(theta, DataType.FLOAT64);
        // relative error per tensor, the largest over 3 calls (the faulty kernel is nondeterministic); NaN stays NaN
        double[] rel = new double[g64.length];
        for (int call = 0; call < 3; call++) {
            double[][] g32 = gradient(theta, DataType.FLOAT32);
            for (int p = 0; p < g64.length; p++) {
                for (int i = 0; i < g64[p].length; i++) {
                    double e = Math.abs(g32[p][i] - g64[p][i]) / maxAbs(g64[p]);
                    rel[p] = Double.isNaN(e) || Double.isNaN(rel[p]) ? Double.NaN : Math.max(rel[p], e);
                }
            }
        }
        StringBuilder report = new StringBuilder("float32 vs float64 gradient of one training step (batch " + BATCH
                + "), max |g32 - g64| / max |g64| per tensor over 3 calls:");
        for (int p = 0; p < rel.length; p++) {
            report.append(String.format(Locale.ROOT, "%n  %-15s %.2e", tensor(p), rel[p]));
        }
        System.out.println(report);
        for (double r : rel) {
            assertTrue(r < 1e-4, report.toString());
        }
    }

    /**
     * Through the public API: one epoch of one batch is one Adam step, which moves each weight by ≈ −lr·sign(g); checked
     * where |g| ≥ 1e-3 of its tensor's largest (smaller ones carry float32 rounding noise of either sign).
     */
    @Test
    void oneTrainerStepMovesEveryWeightAsAdamOnTheFloat64Gradient() throws IOException {
        NanobeamTrainingOptions o = NanobeamTrainingOptions.paper(1, 0).withLearningRate(LEARNING_RATE);
        try (NanobeamNet net = net()) {
            float[] before = LAYOUT.flatten(List.of(net));
            double[][] g = gradient(before, DataType.FLOAT64);
            NanobeamTrainer.Result r = NanobeamTrainer.train(net, batch, validation, o, null);
            assertEquals(1, r.bestEpoch(), "the step is kept (validation MSE " + r.history().get(0).valLoss() + ")");
            float[][] start = LAYOUT.memberValues(before, 0);
            float[][] after = net.snapshot();
            // Adam's first step: −α₁·m/(√v + ε) with m = (1−β1)·g, v = (1−β2)·g²
            double alpha = FlatAdam.stepSize((float) LEARNING_RATE, 1);
            int checked = 0;
            for (int p = 0; p < g.length; p++) {
                double floor = 1e-3 * maxAbs(g[p]);
                for (int i = 0; i < g[p].length; i++) {
                    if (Math.abs(g[p][i]) < floor) {
                        continue;
                    }
                    double expected = -alpha * (1 - FlatAdam.BETA1) * g[p][i]
                            / (Math.sqrt((1 - FlatAdam.BETA2) * g[p][i] * g[p][i]) + FlatAdam.EPSILON);
                    assertEquals(expected, after[p][i] - start[p][i], 1e-2 * LEARNING_RATE,
                            tensor(p) + "[" + i + "]: step of the trainer vs Adam on the float64 gradient "
                                    + g[p][i]);
                    checked++;
                }
            }
            assertTrue(checked > 10_000, checked + " weights checked");
        }
    }
}
