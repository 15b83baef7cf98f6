package strainlab.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * The mean of the squared differences over all elements of a batch: the same numbers, bit for bit, as DJL's
 * {@code L2Loss} with weight 1, without its multiplication by the weight. DJL turns every number in an operation
 * ({@code mul(1f)}) into an array on the operand's device; on a GPU that is a blocking host-to-device copy, which
 * makes the host wait for every kernel queued before it, once a training step.
 */
public final class MeanSquaredError extends Loss {
    /** A loss named {@code name}. */
    public MeanSquaredError(String name) {
        super(name);
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray prediction = predictions.singletonOrThrow();
        return labels.singletonOrThrow().reshape(prediction.getShape()).sub(prediction).square().mean();
    }
}
