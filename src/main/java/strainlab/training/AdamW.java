package strainlab.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter 2019), as PyTorch's {@code torch.optim.AdamW} computes
 * it: at step t (1-based), with gradient g,
 *
 * <pre>
 *   m ← β1·m + (1 − β1)·g            m̂ = m / (1 − β1^t)
 *   v ← β2·v + (1 − β2)·g²           v̂ = v / (1 − β2^t)
 *   θ ← θ − lr·(m̂ / (√v̂ + ε) + wd·θ)     (θ on the right: the weights before the step)
 * </pre>
 *
 * with PyTorch's defaults β1 = 0.9, β2 = 0.999, ε = 1e-8 and weight decay wd = 0.01. The decay is
 * <em>decoupled</em>: it shrinks θ directly instead of being added to g, so it does not pass through the moments
 * and the division by √v̂. It applies to the parameters of two or more dimensions (the convolution kernels and
 * the dense layers' weight matrices); the one-dimensional ones (biases, batch normalisation's γ and β) are not
 * decayed.
 *
 * <p>A step is the decay (one multiplication and one in-place subtraction over the whole buffer, by lr·wd on the
 * decayed parameters' elements and 0 elsewhere) and one call of {@link AdamKernel} on the whole
 * {@link FlatParameters} buffer; the kernel's form α·m/(√v + ε') is PyTorch's with α = lr·√(1 − β2^t)/(1 − β1^t)
 * and ε' = ε·√(1 − β2^t), set per step. The state (step count, m and v, by parameter name) goes into a checkpoint
 * ({@link #saveState}). One optimizer updates one buffer.
 */
public final class AdamW implements FlatOptimizer {
    /** PyTorch's default decay of the first moment. */
    public static final float DEFAULT_BETA1 = 0.9f;
    /** PyTorch's default decay of the second moment. */
    public static final float DEFAULT_BETA2 = 0.999f;
    /** PyTorch's default ε, added to √v̂. */
    public static final float DEFAULT_EPSILON = 1e-8f;
    /** PyTorch's default decoupled weight decay. */
    public static final double DEFAULT_WEIGHT_DECAY = 0.01;
    /** Tag that starts the saved state. */
    static final String STATE_TAG = "adamw/1";

    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float weightDecay;
    private volatile float learningRate;
    private final ParameterMoments mean = new ParameterMoments();
    private final ParameterMoments variance = new ParameterMoments();
    private long step;
    private FlatParameters buffer;
    private Flat flat;

    /**
     * The flat moments of the buffer; {@code decayed} is 1 on the elements of decayed parameters and 0 elsewhere
     * (null without weight decay), {@code decayRates} it times lr·wd for the learning rate {@code ratesFor}, and
     * {@code alias} the buffer without its gradient, which the decay changes in place.
     */
    private static final class Flat {
        final NDArray mean;
        final NDArray variance;
        final NDArray decayed;
        final NDArray alias;
        NDArray decayRates;
        float ratesFor = Float.NaN;

        Flat(NDArray mean, NDArray variance, NDArray decayed, NDArray alias) {
            this.mean = mean;
            this.variance = variance;
            this.decayed = decayed;
            this.alias = alias;
        }
    }

    private AdamW(Builder b) {
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.epsilon = b.epsilon;
        this.weightDecay = b.weightDecay;
        this.learningRate = b.learningRate;
    }

    /** A builder with PyTorch's defaults (lr 1e-3). */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Kind kind() {
        return Kind.ADAMW;
    }

    @Override
    public float learningRate() {
        return learningRate;
    }

    @Override
    public void setLearningRate(float lr) {
        this.learningRate = FlatOptimizer.checkedLearningRate(lr);
    }

    /** The decoupled weight decay wd. */
    public float weightDecay() {
        return weightDecay;
    }

    /** Updates applied so far (t of the last step). */
    public long stepCount() {
        return step;
    }

    /** True for a parameter that the weight decay shrinks: one of two or more dimensions. */
    public static boolean decays(Parameter parameter) {
        return parameter.getArray().getShape().dimension() >= 2;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException for a list other than the one packed first (one optimizer, one buffer)
     */
    @Override
    public FlatParameters pack(List<Parameter> parameters) {
        if (buffer == null) {
            buffer = FlatParameters.pack(parameters);
        } else if (!buffer.packs(parameters)) {
            throw new IllegalStateException("this AdamW already updates another list of parameters");
        }
        return buffer;
    }

    @Override
    public void update(FlatParameters parameters) {
        if (parameters != buffer) {
            throw new IllegalStateException("AdamW updates only the buffer it packed (pack)");
        }
        if (flat == null) {
            flat = flatState(parameters);
        }
        NDArray weight = parameters.values();
        NDArray grad = weight.getGradient();
        try {
            if (flat.decayed != null) {
                decay(flat);
            }
            step++;
            double c1 = 1 - Math.pow(beta1, step);
            double c2 = 1 - Math.pow(beta2, step);
            float stepSize = (float) (learningRate * Math.sqrt(c2) / c1);
            float eps = (float) (epsilon * Math.sqrt(c2));
            AdamKernel.update(weight, grad, flat.mean, flat.variance, stepSize, 0f, 1f, -1f, beta1, beta2, eps);
        } finally {
            grad.close();
        }
    }

    /** θ ← θ − θ·(lr·wd) on the decayed elements, before the Adam step. */
    private void decay(Flat f) {
        float lr = learningRate;
        if (lr != f.ratesFor) {
            if (f.decayRates != null) {
                f.decayRates.close();
            }
            f.decayRates = f.decayed.mul(lr * weightDecay);
            f.ratesFor = lr;
        }
        try (NDArray shrink = f.alias.mul(f.decayRates)) {
            f.alias.subi(shrink);
        }
    }

    private Flat flatState(FlatParameters parameters) {
        NDArray weight = parameters.values();
        NDManager manager = weight.getManager();
        NDArray decayed = null;
        NDArray alias = null;
        if (weightDecay != 0f) {
            float[] ones = new float[Math.toIntExact(weight.size())];
            List<Parameter> list = parameters.parameters();
            for (int i = 0; i < list.size(); i++) {
                if (decays(list.get(i))) {
                    int from = Math.toIntExact(parameters.offset(i));
                    java.util.Arrays.fill(ones, from, from + Math.toIntExact(list.get(i).getArray().size()), 1f);
                }
            }
            decayed = manager.create(ones);
            alias = weight.stopGradient();
            alias.attach(manager);
        }
        return new Flat(mean.flat(parameters), variance.flat(parameters), decayed, alias);
    }

    /** The first moment of one parameter (for tests and diagnostics), or null before the first update. */
    public NDArray meanOf(String parameterId) {
        return mean.any(parameterId);
    }

    /** The second moment of one parameter (for tests and diagnostics), or null before the first update. */
    public NDArray varianceOf(String parameterId) {
        return variance.any(parameterId);
    }

    /**
     * Writes {@value #STATE_TAG}, the learning rate, β1, β2, ε, wd, the step count, then m and v by parameter name.
     */
    @Override
    public void saveState(DataOutputStream out, Map<String, String> idToName) throws IOException {
        out.writeUTF(STATE_TAG);
        out.writeFloat(learningRate);
        out.writeFloat(beta1);
        out.writeFloat(beta2);
        out.writeFloat(epsilon);
        out.writeFloat(weightDecay);
        out.writeLong(step);
        mean.write(out, idToName);
        variance.write(out, idToName);
    }

    @Override
    public void loadState(DataInputStream in, Map<String, String> nameToId, NDManager manager) throws IOException {
        byte[] tag = new byte[STATE_TAG.length()];
        if (in.readUnsignedShort() != tag.length || in.read(tag) != tag.length
                || !STATE_TAG.equals(new String(tag, java.nio.charset.StandardCharsets.US_ASCII))) {
            throw new IOException("optimizer state is not AdamW's (it does not start with " + STATE_TAG + ")");
        }
        float lr = in.readFloat();
        float b1 = in.readFloat();
        float b2 = in.readFloat();
        float eps = in.readFloat();
        float wd = in.readFloat();
        if (b1 != beta1 || b2 != beta2 || eps != epsilon || wd != weightDecay) {
            throw new IOException("AdamW state was saved with beta1=" + b1 + ", beta2=" + b2 + ", epsilon=" + eps
                    + ", weight decay=" + wd + " but this optimizer has beta1=" + beta1 + ", beta2=" + beta2
                    + ", epsilon=" + epsilon + ", weight decay=" + weightDecay);
        }
        long steps = in.readLong();
        if (steps < 0) {
            throw new IOException("AdamW state has a negative step count " + steps);
        }
        var m = ParameterMoments.read(in, nameToId, manager);
        var v = ParameterMoments.read(in, nameToId, manager);
        if (!m.keySet().equals(v.keySet())) {
            throw new IOException("AdamW state has first moments of " + m.size() + " parameters and second moments of "
                    + v.size() + ", or of other parameters");
        }
        if (buffer != null) {
            throw new IllegalStateException("load the AdamW state before packing the parameters");
        }
        mean.replace(m);
        variance.replace(v);
        step = steps;
        setLearningRate(lr);
    }

    /** Builder with PyTorch's defaults: lr 1e-3, β1 0.9, β2 0.999, ε 1e-8, weight decay 0.01. */
    public static final class Builder {
        private float learningRate = 1e-3f;
        private float beta1 = DEFAULT_BETA1;
        private float beta2 = DEFAULT_BETA2;
        private float epsilon = DEFAULT_EPSILON;
        private float weightDecay = (float) DEFAULT_WEIGHT_DECAY;

        private Builder() {
        }

        /** Initial learning rate. */
        public Builder optLearningRate(float lr) {
            this.learningRate = lr;
            return this;
        }

        /** Decays of the first and second moments, each in [0, 1). */
        public Builder optBetas(float beta1, float beta2) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        /** ε added to √v̂, &gt;= 0. */
        public Builder optEpsilon(float epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /** Decoupled weight decay wd, &gt;= 0 (0: plain Adam with PyTorch's ε). */
        public Builder optWeightDecay(float weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** Validates and builds. */
        public AdamW build() {
            FlatOptimizer.checkedLearningRate(learningRate);
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("betas must be in [0, 1), got " + beta1 + ", " + beta2);
            }
            if (!(epsilon >= 0)) {
                throw new IllegalArgumentException("epsilon must be >= 0, got " + epsilon);
            }
            if (!(weightDecay >= 0) || Float.isInfinite(weightDecay)) {
                throw new IllegalArgumentException("weight decay must be >= 0 and finite, got " + weightDecay);
            }
            return new AdamW(this);
        }
    }
}
