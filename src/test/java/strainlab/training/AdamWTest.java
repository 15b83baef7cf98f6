package strainlab.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamWTest {
    private static final float LR = 0.1f;
    private static final float[] X = {1f, -2f};
    /** The loss of step s is Σ c_s·y: its gradient is c_s ⊗ x for the weight, c_s for the bias, whatever θ. */
    private static final float[][] C = {{0.5f, -1f}, {-0.3f, 0.8f}};

    /** Dense 2 → 2: a 2 × 2 weight (decayed) and a bias of 2 (not decayed). */
    private static Linear block(NDManager m) {
        Linear b = Linear.builder().setUnits(2).build();
        Engine.getInstance().setRandomSeed(3);
        b.initialize(m, DataType.FLOAT32, new Shape(1, 2));
        return b;
    }

    private static List<Parameter> trainable(Linear b) {
        return b.getParameters().values().stream().filter(Parameter::requiresGradient).toList();
    }

    private static void step(AdamW opt, FlatParameters buffer, Linear block, NDManager m, float[] c) {
        try (NDManager scope = m.newSubManager()) {
            try (GradientCollector g = Engine.getInstance().newGradientCollector()) {
                NDArray y = buffer.forward(block, new NDList(scope.create(X, new Shape(1, 2)))).head();
                g.backward(y.mul(scope.create(c, new Shape(1, 2))).sum());
            }
            opt.update(buffer);
        }
    }

    /** The gradient of element {@code i} of the weight (row-major, units × inputs) in step {@code s}. */
    private static double weightGradient(int s, int i) {
        return C[s][i / 2] * X[i % 2];
    }

    /**
     * PyTorch's AdamW on one value, in double: θ ← θ − lr·wd·θ, then θ ← θ − lr·m̂/(√v̂ + ε); {@code coupled} adds
     * wd·θ to the gradient instead (Adam with L2 regularisation), for contrast.
     */
    private static double reference(double theta, double[] grads, double wd, boolean coupled) {
        double m = 0;
        double v = 0;
        for (int t = 1; t <= grads.length; t++) {
            double g = grads[t - 1];
            if (coupled) {
                g += wd * theta;
            } else {
                theta -= LR * wd * theta;
            }
            m = 0.9 * m + 0.1 * g;
            v = 0.999 * v + 0.001 * g * g;
            double mHat = m / (1 - Math.pow(0.9, t));
            double vHat = v / (1 - Math.pow(0.999, t));
            theta -= LR * mHat / (Math.sqrt(vHat) + 1e-8);
        }
        return theta;
    }

    /** Trains two steps with weight decay {@code wd}; returns {weight, bias} before and after. */
    private static float[][] twoSteps(float wd) {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Linear block = block(m);
            List<Parameter> list = trainable(block);
            assertEquals(List.of("weight", "bias"), list.stream().map(Parameter::getName).toList());
            float[] w0 = list.get(0).getArray().toFloatArray();
            float[] b0 = list.get(1).getArray().toFloatArray();
            AdamW opt = AdamW.builder().optLearningRate(LR).optWeightDecay(wd).build();
            FlatParameters buffer = opt.pack(list);
            for (float[] c : C) {
                step(opt, buffer, block, m, c);
            }
            assertEquals(2, opt.stepCount());
            return new float[][] {w0, b0, list.get(0).getArray().toFloatArray(), list.get(1).getArray().toFloatArray()};
        }
    }

    @Test
    void twoStepsDecayTheWeightsApartFromTheMomentsAndLeaveTheBiasUndecayed() {
        float wd = 0.2f;
        float[][] r = twoSteps(wd);
        float[] w0 = r[0];
        float[] w2 = r[2];
        // weight[0][0] by hand: g = 0.5 then −0.3; step 1 moves it by 0.1·0.5/0.5 = 0.1, step 2 by
        // 0.1·(0.015/0.19)/√(0.00033975/0.001999) = 0.0191498 (m̂ = 0.0789474, √v̂ = 0.4122620); each step first
        // shrinks it by lr·wd = 2 %
        assertEquals((w0[0] * 0.98 - 0.1) * 0.98 - 0.0191498, w2[0], 1e-6);
        for (int i = 0; i < 4; i++) {
            double[] g = {weightGradient(0, i), weightGradient(1, i)};
            assertEquals(reference(w0[i], g, wd, false), w2[i], 1e-6, "weight " + i);
            assertTrue(Math.abs(reference(w0[i], g, 0, false) - w2[i]) > 1e-3, "weight " + i + " is decayed");
            assertTrue(Math.abs(reference(w0[i], g, wd, true) - w2[i]) > 1e-3,
                    "weight " + i + ": the decay is not added to the gradient");
        }
        for (int i = 0; i < 2; i++) {
            assertEquals(reference(r[1][i], new double[] {C[0][i], C[1][i]}, 0, false), r[3][i], 1e-6, "bias " + i);
        }
    }

    @Test
    void withoutDecayTwoStepsArePyTorchsAdam() {
        float[][] r = twoSteps(0f);
        for (int i = 0; i < 4; i++) {
            assertEquals(reference(r[0][i], new double[] {weightGradient(0, i), weightGradient(1, i)}, 0, false),
                    r[2][i], 1e-6, "weight " + i);
        }
        for (int i = 0; i < 2; i++) {
            assertEquals(reference(r[1][i], new double[] {C[0][i], C[1][i]}, 0, false), r[3][i], 1e-6, "bias " + i);
        }
    }

    @Test
    void theStateRoundTripsByNameWithItsStepCount() throws IOException {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Linear straight = block(m);
            AdamW a = AdamW.builder().optLearningRate(LR).build();
            FlatParameters bufferA = a.pack(trainable(straight));
            step(a, bufferA, straight, m, C[0]);
            Map<String, String> idToName = new HashMap<>();
            for (Parameter p : trainable(straight)) {
                idToName.put(p.getId(), p.getName());
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            a.saveState(new DataOutputStream(bytes), idToName);

            Linear resumed = block(m);
            List<Parameter> list = trainable(resumed);
            for (int i = 0; i < list.size(); i++) {
                list.get(i).getArray().set(trainable(straight).get(i).getArray().toFloatArray());
            }
            Map<String, String> nameToId = new HashMap<>();
            for (Parameter p : list) {
                nameToId.put(p.getName(), p.getId());
            }
            AdamW b = AdamW.builder().optLearningRate(1e-3f).build();
            b.loadState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), nameToId, m);
            assertEquals(1, b.stepCount());
            assertEquals(LR, b.learningRate());
            FlatParameters bufferB = b.pack(list);
            step(a, bufferA, straight, m, C[1]);
            step(b, bufferB, resumed, m, C[1]);
            for (int i = 0; i < list.size(); i++) {
                Parameter p = trainable(straight).get(i);
                assertArrayEquals(p.getArray().toFloatArray(), list.get(i).getArray().toFloatArray(), 0f, p.getName());
                assertArrayEquals(a.meanOf(p.getId()).toFloatArray(), b.meanOf(list.get(i).getId()).toFloatArray(), 0f);
                assertArrayEquals(a.varianceOf(p.getId()).toFloatArray(),
                        b.varianceOf(list.get(i).getId()).toFloatArray(), 0f);
            }

            AdamW otherDecay = AdamW.builder().optWeightDecay(0.1f).build();
            IOException e = assertThrows(IOException.class, () -> otherDecay.loadState(
                    new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), nameToId, m));
            assertTrue(e.getMessage().contains("weight decay=0.01") && e.getMessage().contains("weight decay=0.1"),
                    e.getMessage());
            ByteArrayOutputStream rms = new ByteArrayOutputStream();
            KerasRmsProp.builder().build().saveState(new DataOutputStream(rms), Map.of());
            e = assertThrows(IOException.class, () -> AdamW.builder().build().loadState(
                    new DataInputStream(new ByteArrayInputStream(rms.toByteArray())), nameToId, m));
            assertTrue(e.getMessage().contains("not AdamW's"), e.getMessage());
        }
    }

    @Test
    void onlyParametersOfTwoOrMoreDimensionsDecay() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            List<Parameter> list = trainable(block(m));
            assertTrue(AdamW.decays(list.get(0)));
            assertFalse(AdamW.decays(list.get(1)));
        }
    }

    @Test
    void invalidSettingsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AdamW.builder().optWeightDecay(-0.01f).build());
        assertTrue(e.getMessage().contains("weight decay must be >= 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AdamW.builder().optBetas(1f, 0.999f).build());
        assertThrows(IllegalArgumentException.class, () -> AdamW.builder().optLearningRate(0f).build());
        assertEquals(FlatOptimizer.Kind.ADAMW, FlatOptimizer.Kind.parse(" AdamW "));
        e = assertThrows(IllegalArgumentException.class, () -> FlatOptimizer.Kind.parse("sgd"));
        assertTrue(e.getMessage().contains("rmsprop or adamw"), e.getMessage());
    }
}
