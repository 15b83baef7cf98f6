package strainlab.training;

import ai.djl.ndarray.NDArray;
import java.nio.FloatBuffer;

/**
 * Adam on one flat parameter vector, through the engine's fused update ({@link AdamKernel}, the kernel behind DJL's
 * own {@code Optimizer.adam}), so a step is one native call whatever the number of members.
 * PyTorch's defaults: β1 = 0.9, β2 = 0.999, ε = 1e-8 (held as float32, as DJL does), no weight decay.
 *
 * <p>Bias correction as in DJL and in Kingma &amp; Ba (2015, §2, the "efficient" ordering): at step t,
 * α_t = lr·√(1−β2^t)/(1−β1^t) and θ ← θ − α_t·m/(√v + ε) with the uncorrected moments m, v. PyTorch's
 * {@code torch.optim.Adam} applies ε to the corrected √v̂ instead, i.e. its ε is this ε·√(1−β2^t); the two agree
 * whenever √v ≫ ε (differences only for gradients below ~1e-7). The update also zeroes θ's gradient. Step count,
 * m and v can be read and restored for a resumable checkpoint. For a network's parameters packed in a
 * {@link FlatParameters} buffer, with PyTorch's placement of ε and a decoupled weight decay, see {@link AdamW}.
 */
public final class FlatAdam {
    public static final float BETA1 = 0.9f;
    public static final float BETA2 = 0.999f;
    public static final float EPSILON = 1e-8f;

    private final float learningRate;
    private final NDArray mean;
    private final NDArray variance;
    private long step;

    /** Zero moments shaped like {@code theta}, on its manager. */
    public FlatAdam(NDArray theta, double learningRate) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be finite and > 0, got " + learningRate);
        }
        this.learningRate = (float) learningRate;
        this.mean = theta.zerosLike();
        this.variance = theta.zerosLike();
    }

    /** Bias-corrected step size α_t of step t (1-based), computed as DJL's Adam does. */
    public static float stepSize(float learningRate, long t) {
        double c1 = 1.0 - Math.pow(BETA1, t);
        double c2 = 1.0 - Math.pow(BETA2, t);
        return (float) (learningRate * Math.sqrt(c2) / c1);
    }

    /** One update of {@code theta} from its accumulated gradient; the gradient is zeroed. */
    public void step(NDArray theta) {
        step++;
        try (NDArray grad = theta.getGradient()) {
            AdamKernel.update(theta, grad, mean, variance, stepSize(learningRate, step), 0f, 1f, -1f, BETA1, BETA2,
                    EPSILON);
        }
    }

    public long stepCount() {
        return step;
    }

    public float[] meanValues() {
        return mean.toFloatArray();
    }

    public float[] varianceValues() {
        return variance.toFloatArray();
    }

    /** Restores a state captured with {@link #stepCount()}, {@link #meanValues()} and {@link #varianceValues()}. */
    public void restore(long stepCount, float[] m, float[] v) {
        if (stepCount < 0) {
            throw new IllegalArgumentException("step count must be >= 0, got " + stepCount);
        }
        if (m.length != mean.size() || v.length != variance.size()) {
            throw new IllegalArgumentException("Adam state has " + m.length + "/" + v.length + " values, expected "
                    + mean.size());
        }
        mean.set(FloatBuffer.wrap(m));
        variance.set(FloatBuffer.wrap(v));
        step = stepCount;
    }
}
