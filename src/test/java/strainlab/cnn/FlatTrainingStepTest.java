package strainlab.cnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import strainlab.training.KerasRmsProp;

/**
 * The training step with all parameters in one buffer and one optimizer call against the per-parameter update it
 * replaces: the paper's network (1001 → 14, 31 trainable tensors) from the same weights on the same batches must
 * end with the same bits in every parameter, batch-normalisation statistic and accumulator.
 */
class FlatTrainingStepTest {
    private static final int INPUT = 1001;
    private static final int OUTPUTS = 14;
    private static final int BATCH = 8;
    private static final int STEPS = 5;

    /** The training step as it was before the buffer: Network's own forward, one fused update per parameter. */
    private static void perParameterStep(Network net, KerasRmsProp optimizer, List<Pair<String, Parameter>> trainable,
            float[] x, float[] y) {
        Loss loss = CnnTrainer.mseLoss();
        try (NDManager scope = net.manager().newSubManager()) {
            NDArray input = net.input(scope, x, BATCH);
            NDArray labels = net.labels(scope, y, BATCH);
            try (GradientCollector collector = scope.getEngine().newGradientCollector()) {
                NDArray prediction = net.forward(input, true);
                collector.backward(loss.evaluate(new NDList(labels), new NDList(prediction)));
            }
            for (Pair<String, Parameter> p : trainable) {
                NDArray weight = p.getValue().getArray();
                try (NDArray grad = weight.getGradient()) {
                    optimizer.update(p.getValue().getId(), weight, grad);
                }
            }
        }
    }

    private static List<Pair<String, Parameter>> trainable(Network net) {
        return net.block().getParameters().stream().filter(p -> p.getValue().requiresGradient()).toList();
    }

    private static float[][] batch(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[BATCH * INPUT];
        float[] y = new float[BATCH * OUTPUTS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (-6 * random.nextDouble());
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) random.nextDouble();
        }
        return new float[][] {x, y};
    }

    private static byte[] parameterBytes(Network net) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            net.saveParameters(out);
        }
        return bytes.toByteArray();
    }

    private static byte[] stateBytes(Network net, KerasRmsProp optimizer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            optimizer.saveState(out, net.idToName());
        }
        return bytes.toByteArray();
    }

    /** Every parameter (trainable or not) of both networks holds the same bits; returns how many values. */
    private static long assertSameBits(Network expected, Network actual, String when) {
        List<Pair<String, Parameter>> a = expected.block().getParameters().values().stream()
                .map(p -> new Pair<>(p.getName(), p)).toList();
        List<Pair<String, Parameter>> b = actual.block().getParameters().values().stream()
                .map(p -> new Pair<>(p.getName(), p)).toList();
        assertEquals(a.size(), b.size());
        long values = 0;
        for (int i = 0; i < a.size(); i++) {
            float[] u = a.get(i).getValue().getArray().toFloatArray();
            float[] v = b.get(i).getValue().getArray().toFloatArray();
            assertEquals(u.length, v.length, a.get(i).getKey());
            for (int k = 0; k < u.length; k++) {
                if (Float.floatToRawIntBits(u[k]) != Float.floatToRawIntBits(v[k])) {
                    throw new AssertionError(when + ": parameter " + a.get(i).getKey() + "[" + k + "] is " + v[k]
                            + " after the flat step, " + u[k] + " after the per-parameter step");
                }
            }
            values += u.length;
        }
        return values;
    }

    @Test
    void oneUpdateOfTheBufferGivesTheBitsOfOneUpdatePerParameter() throws IOException {
        try (Network reference = new Network(INPUT, OUTPUTS, Device.cpu(), 3);
             Network flat = new Network(INPUT, OUTPUTS, Device.cpu(), 3)) {
            assertEquals(31, trainable(flat).size());
            byte[] initial = parameterBytes(flat);
            assertArrayEquals(parameterBytes(reference), initial, "both networks start from the same weights");
            KerasRmsProp perParameter = KerasRmsProp.builder().build();
            KerasRmsProp packed = KerasRmsProp.builder().build();
            for (int s = 0; s < STEPS; s++) {
                float[][] b = batch(100 + s);
                perParameterStep(reference, perParameter, trainable(reference), b[0], b[1]);
                CnnTrainer.benchStep(flat, packed, trainable(flat), CnnTrainer.mseLoss(), b[0], b[1], BATCH);
                assertSameBits(reference, flat, "step " + (s + 1));
            }
            assertFalse(java.util.Arrays.equals(initial, parameterBytes(flat)), "the steps changed the weights");
            for (Pair<String, Parameter> p : trainable(flat)) {
                String id = p.getValue().getId();
                String referenceId = reference.nameToId().get(p.getKey());
                NDArray v = packed.velocityOf(id);
                assertNotNull(v, p.getKey());
                assertEquals(p.getValue().getArray().getShape(), v.getShape(), p.getKey());
                assertArrayEquals(perParameter.velocityOf(referenceId).toFloatArray(), v.toFloatArray(), 0f,
                        p.getKey());
            }
            assertArrayEquals(parameterBytes(reference), parameterBytes(flat), "network.params bytes");
            assertArrayEquals(stateBytes(reference, perParameter), stateBytes(flat, packed),
                    "optimizer state bytes (checkpoint format)");
        }
    }

    @Test
    void aCheckpointOfPerParameterUpdatesResumesIntoTheBuffer() throws IOException {
        try (Network reference = new Network(INPUT, OUTPUTS, Device.cpu(), 4)) {
            KerasRmsProp perParameter = KerasRmsProp.builder().build();
            for (int s = 0; s < 2; s++) {
                float[][] b = batch(200 + s);
                perParameterStep(reference, perParameter, trainable(reference), b[0], b[1]);
            }
            byte[] params = parameterBytes(reference);
            byte[] state = stateBytes(reference, perParameter);
            try (Network resumed = new Network(INPUT, OUTPUTS, Device.cpu(), 99)) {
                resumed.loadParameters(new DataInputStream(new ByteArrayInputStream(params)));
                KerasRmsProp packed = KerasRmsProp.builder().build();
                packed.loadState(new DataInputStream(new ByteArrayInputStream(state)), resumed.nameToId(),
                        resumed.manager());
                for (int s = 2; s < 4; s++) {
                    float[][] b = batch(200 + s);
                    perParameterStep(reference, perParameter, trainable(reference), b[0], b[1]);
                    CnnTrainer.benchStep(resumed, packed, trainable(resumed), CnnTrainer.mseLoss(), b[0], b[1],
                            BATCH);
                }
                assertTrue(assertSameBits(reference, resumed, "after resuming") > 1_104_478L);
                assertArrayEquals(stateBytes(reference, perParameter), stateBytes(resumed, packed));
            }
        }
    }
}
