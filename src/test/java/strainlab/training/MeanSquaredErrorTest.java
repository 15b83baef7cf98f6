package strainlab.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.L2Loss;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.api.Test;

/** The mean squared error against DJL's {@code L2Loss} of weight 1: the same value and gradient, bit for bit. */
class MeanSquaredErrorTest {
    @Test
    void equalsL2LossOfWeightOneBitForBit() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(5);
            NDArray labels = m.randomNormal(new Shape(37, 14));
            float[] mine = valueAndGradient(m, new MeanSquaredError("mse"), labels);
            float[] djl = valueAndGradient(m, new L2Loss("mse", 1f), labels);
            assertArrayEquals(djl, mine);
            float[] halved = valueAndGradient(m, new L2Loss("mse"), labels);
            assertEquals(2 * halved[0], mine[0], 1e-6 * mine[0], "DJL's default halves the mean squared error");
        }
    }

    /** The loss of a fixed prediction against {@code labels}, then its gradient with respect to the prediction. */
    private static float[] valueAndGradient(NDManager m, Loss loss, NDArray labels) {
        Engine.getInstance().setRandomSeed(9);
        NDArray prediction = m.randomNormal(new Shape(37 * 14)).reshape(37, 14);
        prediction.setRequiresGradient(true);
        float value;
        try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
            NDArray l = loss.evaluate(new NDList(labels), new NDList(prediction));
            value = l.getFloat();
            c.backward(l);
        }
        float[] g = prediction.getGradient().toFloatArray();
        float[] out = new float[g.length + 1];
        out[0] = value;
        System.arraycopy(g, 0, out, 1, g.length);
        return out;
    }
}
