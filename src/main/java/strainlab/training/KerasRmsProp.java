package strainlab.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * RMSprop with Keras semantics (DJL's own {@code RmsProp} relies on an engine kernel that the PyTorch engine does
 * not provide):
 *
 * <pre>
 *   v ← ρ·v + (1 − ρ)·g²          (v starts at 0, one accumulator per parameter value)
 *   w ← w − lr · g / (√v + ε)
 * </pre>
 *
 * with ρ = 0.9, ε = 1e-7 and lr = 1e-3 by default (Keras 2.11+ / Keras 3; older tf.keras put ε inside the
 * square root, a difference of order ε that does not matter at these magnitudes). {@code g} is the gradient times
 * {@code rescaleGrad}, plus {@code weightDecay·w} when a weight decay is set, clipped to ±{@code clipGrad} when
 * one is set. The learning rate is mutable so that a schedule such as {@link LearningRateSchedule} can lower it.
 * The accumulators can be saved and restored by parameter name ({@link #saveState}, {@link #loadState}).
 *
 * <p>An update is one call of the engine's fused Adam kernel: Adam with β1 = 0 (its first moment is then the
 * gradient itself), β2 = ρ and no bias correction is exactly the recursion above, element by element. Training
 * packs the parameters into one buffer ({@link #pack}, {@link FlatParameters}) and updates them all with one call
 * ({@link #update(FlatParameters)}), so the optimizer's part of a step costs the same few native operations
 * whatever the number of parameter tensors; this matters on a GPU, where a training step of the paper's network
 * is bound by the host's per-operation work. {@link #update(String, NDArray, NDArray)} updates one parameter the
 * same way (same numbers, bit for bit). The kernel also zeroes the weight's gradient, so an update leaves it
 * zeroed for the next step.
 */
public final class KerasRmsProp extends Optimizer implements FlatOptimizer {
    /** Keras default learning rate. */
    public static final float DEFAULT_LEARNING_RATE = 1e-3f;
    /** Keras default decay of the squared-gradient average. */
    public static final float DEFAULT_RHO = 0.9f;
    /** Keras default epsilon, added outside the square root. */
    public static final float DEFAULT_EPSILON = 1e-7f;

    private final float rho;
    private final float epsilon;
    private volatile float learningRate;
    private final ParameterMoments velocity = new ParameterMoments();
    /** The fused kernel's first moment, which with β1 = 0 holds the last gradient (not part of the state). */
    private final ParameterMoments gradientCopy = new ParameterMoments();
    private final List<FlatParameters> packed = new CopyOnWriteArrayList<>();
    private final Map<FlatParameters, Flat> flat = new ConcurrentHashMap<>();

    /** Flat first moment and accumulator of one buffer, laid out like it. */
    private record Flat(NDArray firstMoment, NDArray velocity) {
    }

    private KerasRmsProp(Builder builder) {
        super(builder);
        this.rho = builder.rho;
        this.epsilon = builder.epsilon;
        this.learningRate = builder.learningRate;
    }

    /** A builder with the Keras defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Kind kind() {
        return Kind.RMSPROP;
    }

    @Override
    public float learningRate() {
        return learningRate;
    }

    @Override
    public void setLearningRate(float lr) {
        this.learningRate = FlatOptimizer.checkedLearningRate(lr);
    }

    /** ρ, the decay of the running average of squared gradients. */
    public float rho() {
        return rho;
    }

    /** ε, added to √v. */
    public float epsilon() {
        return epsilon;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        NDArray v = withDefaultState(velocity.byId(), parameterId, weight.getDevice(), k -> weight.zerosLike());
        NDArray m = withDefaultState(gradientCopy.byId(), parameterId, weight.getDevice(), k -> weight.zerosLike());
        apply(weight, grad, m, v);
    }

    @Override
    public FlatParameters pack(List<Parameter> parameters) {
        for (FlatParameters p : packed) {
            if (p.packs(parameters)) {
                return p;
            }
        }
        FlatParameters p = FlatParameters.pack(parameters);
        packed.add(p);
        return p;
    }

    /**
     * Updates every parameter of {@code parameters} from the buffer's gradient with one call of the fused kernel
     * (the element-wise recursion of {@link #update(String, NDArray, NDArray)} on the whole buffer) and zeroes that
     * gradient. The accumulators stay per parameter for {@link #saveState}: views of one flat accumulator, which
     * starts from the parameters' accumulators where they have one (restored or from per-parameter updates).
     */
    @Override
    public void update(FlatParameters parameters) {
        Flat state = flat.computeIfAbsent(parameters, this::flatState);
        NDArray weight = parameters.values();
        NDArray grad = weight.getGradient();
        try {
            apply(weight, grad, state.firstMoment(), state.velocity());
        } finally {
            grad.close();
        }
    }

    /** The flat first moment and accumulator of a buffer; the parameters' accumulators become views of the latter. */
    private Flat flatState(FlatParameters parameters) {
        return new Flat(parameters.values().zerosLike(), velocity.flat(parameters));
    }

    private void apply(NDArray weight, NDArray grad, NDArray m, NDArray v) {
        if (clipGrad > 0) {
            // the fused kernel clips from above only: rescale, decay and clip symmetrically here instead
            try (NDManager scope = weight.getManager().newSubManager()) {
                NDArray g = grad.mul(rescaleGrad);
                g.attach(scope);
                if (getWeightDecay() != 0f) {
                    NDArray decay = weight.mul(getWeightDecay());
                    decay.attach(scope);
                    g.addi(decay);
                }
                NDArray clipped = g.clip(-clipGrad, clipGrad);
                clipped.attach(scope);
                fusedUpdate(weight, clipped, m, v, 0f, 1f);
            }
        } else {
            fusedUpdate(weight, grad, m, v, getWeightDecay(), rescaleGrad);
        }
    }

    /**
     * Adam with β1 = 0, β2 = ρ and the learning rate not scaled by a bias correction: the RMSprop step. Zeroes
     * the weight's gradient.
     */
    private void fusedUpdate(NDArray weight, NDArray grad, NDArray firstMoment, NDArray v, float weightDecay,
            float rescale) {
        AdamKernel.update(weight, grad, firstMoment, v, learningRate, weightDecay, rescale, -1f, 0f, rho, epsilon);
    }

    /** The accumulator of one parameter (for tests and diagnostics), or null before its first update. */
    public NDArray velocityOf(String parameterId) {
        return velocity.any(parameterId);
    }

    /**
     * Writes the learning rate, ρ, ε and the accumulators, keyed by parameter <em>name</em> (DJL parameter ids are
     * random per process, names are stable). {@code idToName} maps the ids used in {@link #update} to names.
     */
    @Override
    public void saveState(DataOutputStream out, Map<String, String> idToName) throws IOException {
        out.writeFloat(learningRate);
        out.writeFloat(rho);
        out.writeFloat(epsilon);
        velocity.write(out, idToName);
    }

    /**
     * Restores what {@link #saveState} wrote; {@code nameToId} maps parameter names to the ids of the current
     * block, and the accumulators are created on {@code manager} (which must outlive training).
     */
    @Override
    public void loadState(DataInputStream in, Map<String, String> nameToId, NDManager manager) throws IOException {
        float lr = in.readFloat();
        float savedRho = in.readFloat();
        float savedEps = in.readFloat();
        if (savedRho != rho || savedEps != epsilon) {
            throw new IOException("optimizer state was saved with rho=" + savedRho + ", epsilon=" + savedEps
                    + " but this optimizer has rho=" + rho + ", epsilon=" + epsilon);
        }
        velocity.replace(ParameterMoments.read(in, nameToId, manager));
        flat.clear();
        setLearningRate(lr);
    }

    /** Builder with Keras defaults: lr 1e-3, ρ 0.9, ε 1e-7. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private float learningRate = DEFAULT_LEARNING_RATE;
        private float rho = DEFAULT_RHO;
        private float epsilon = DEFAULT_EPSILON;

        private Builder() {
        }

        /** Initial learning rate. */
        public Builder optLearningRate(float lr) {
            this.learningRate = lr;
            return this;
        }

        /** Decay ρ of the squared-gradient average, in [0, 1). */
        public Builder optRho(float rho) {
            this.rho = rho;
            return this;
        }

        /** Epsilon added outside the square root, &gt;= 0. */
        public Builder optEpsilon(float epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Validates and builds. */
        public KerasRmsProp build() {
            FlatOptimizer.checkedLearningRate(learningRate);
            if (!(rho >= 0 && rho < 1)) {
                throw new IllegalArgumentException("rho must be in [0, 1), got " + rho);
            }
            if (!(epsilon >= 0)) {
                throw new IllegalArgumentException("epsilon must be >= 0, got " + epsilon);
            }
            return new KerasRmsProp(this);
        }
    }
}
