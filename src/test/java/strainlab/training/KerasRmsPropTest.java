package strainlab.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KerasRmsPropTest {

    private static final float[][] GRADS = {{0.5f, -1f}, {0.1f, 0.2f}, {-0.3f, 0.4f}};

    @Test
    void firstStepMatchesTheHandComputedUpdate() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            KerasRmsProp opt = KerasRmsProp.builder().optLearningRate(0.01f).build();
            NDArray w = m.create(new float[] {1f, -2f});
            opt.update("w", w, m.create(GRADS[0]));
            // v = 0.1·g² = [0.025, 0.1]; Δw = 0.01·g/(√v + 1e-7) = ±0.01·√10 = ±0.0316227766
            assertArrayEquals(new float[] {0.025f, 0.1f}, opt.velocityOf("w").toFloatArray(), 1e-7f);
            assertArrayEquals(new float[] {0.96837723f, -1.96837723f}, w.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void threeStepsFollowTheKerasRecursion() {
        double lr = 0.01;
        double rho = 0.9;
        double eps = 1e-7;
        double[] w = {1, -2};
        double[] v = {0, 0};
        for (float[] g : GRADS) {
            for (int i = 0; i < 2; i++) {
                v[i] = rho * v[i] + (1 - rho) * g[i] * g[i];
                w[i] -= lr * g[i] / (Math.sqrt(v[i]) + eps);
            }
        }
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            KerasRmsProp opt = KerasRmsProp.builder().optLearningRate((float) lr).build();
            NDArray weight = m.create(new float[] {1f, -2f});
            for (float[] g : GRADS) {
                opt.update("w", weight, m.create(g));
            }
            assertArrayEquals(new float[] {(float) w[0], (float) w[1]}, weight.toFloatArray(), 1e-6f);
            // Step 3 by hand for w[0]: v = 0.9·(0.9·0.025 + 0.1·0.01) + 0.1·0.09 = 0.03015
            assertEquals(0.03015f, opt.velocityOf("w").getFloat(0), 1e-7f);
        }
    }

    @Test
    void learningRateChangeAppliesToTheNextStep() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            KerasRmsProp opt = KerasRmsProp.builder().build();
            assertEquals(1e-3f, opt.learningRate());
            opt.setLearningRate(1e-4f);
            NDArray w = m.create(new float[] {0f});
            opt.update("w", w, m.create(new float[] {2f}));
            // v = 0.4, Δw = 1e-4·2/√0.4
            assertEquals(-1e-4 * 2 / Math.sqrt(0.4), w.getFloat(0), 1e-9);
            assertThrows(IllegalArgumentException.class, () -> opt.setLearningRate(0f));
        }
    }

    @Test
    void stateRoundTripsByParameterName() throws Exception {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            KerasRmsProp opt = KerasRmsProp.builder().optLearningRate(0.01f).build();
            NDArray w = m.create(new float[] {1f, -2f});
            opt.update("id-1", w, m.create(GRADS[0]));
            opt.setLearningRate(0.001f);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            opt.saveState(new DataOutputStream(bytes), Map.of("id-1", "conv_weight"));

            KerasRmsProp restored = KerasRmsProp.builder().optLearningRate(0.01f).build();
            restored.loadState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())),
                    Map.of("conv_weight", "id-2"), m);
            assertEquals(0.001f, restored.learningRate());
            assertArrayEquals(opt.velocityOf("id-1").toFloatArray(), restored.velocityOf("id-2").toFloatArray());

            NDArray w1 = w.duplicate();
            NDArray w2 = w.duplicate();
            opt.update("id-1", w1, m.create(GRADS[1]));
            restored.update("id-2", w2, m.create(GRADS[1]));
            assertArrayEquals(w1.toFloatArray(), w2.toFloatArray());
        }
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> KerasRmsProp.builder().optRho(1f).build());
        assertThrows(IllegalArgumentException.class, () -> KerasRmsProp.builder().optEpsilon(-1f).build());
        assertThrows(IllegalArgumentException.class, () -> KerasRmsProp.builder().optLearningRate(-1f).build());
    }
}
