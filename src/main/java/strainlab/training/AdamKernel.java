package strainlab.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * The engine's fused Adam update (DJL's {@code NDArrayEx.adamUpdate}), the one native call behind the optimizers of
 * this package ({@link KerasRmsProp}, {@link AdamW}, {@link FlatAdam}). On the PyTorch engine it computes, element
 * by element and in place:
 *
 * <pre>
 *   g ← rescale · grad, then min(g, clip) when clip ≥ 0     (from above only)
 *   g ← g + wd · w                                          (the coupled weight decay)
 *   m ← β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²
 *   w ← w − α · m / (√v + ε)
 * </pre>
 *
 * and then zeroes {@code w}'s gradient. {@code α} is the step size as given: the caller folds any bias correction
 * into it (and into ε).
 */
final class AdamKernel {
    private AdamKernel() {
    }

    /** One update of {@code weight} from {@code grad}, moments {@code m} and {@code v} updated in place. */
    static void update(NDArray weight, NDArray grad, NDArray m, NDArray v, float stepSize, float weightDecay,
            float rescale, float clip, float beta1, float beta2, float epsilon) {
        weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, m, v), new NDList(weight), stepSize, stepSize,
                weightDecay, rescale, clip, beta1, beta2, epsilon, false, false);
    }
}
