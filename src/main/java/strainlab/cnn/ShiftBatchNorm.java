package strainlab.cnn;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Batch normalisation over axis 1 of an (N, C) or (N, C, L) array with a learned shift β and no scale (Keras
 * {@code scale=False}): {@code y = (x − mean) / sqrt(var + ε) + β}, the mean and the biased variance taken over
 * every axis but 1 in training, the running statistics in inference. Momentum has the Keras meaning
 * ({@code running = m·running + (1 − m)·batch}); the running variance takes the unbiased batch variance, as
 * PyTorch's kernel does.
 *
 * <p>Its parameters, their order and its saved bytes are those of DJL's {@link BatchNorm} built with
 * {@code optScale(false)} (γ stored, fixed at 1), so a network file written with either loads into the other.
 *
 * <p>Training on a GPU computes the statistics of a layer with many values per channel (at least
 * {@link #REDUCTIONS_FROM}: the first two blocks of the paper's network, e.g. 16 channels of 2096 × 501 values) with
 * the engine's general reductions and element-wise operations instead of its fused batch-normalisation kernel, which
 * spreads such a layer over too few threads (cuDNN's backward kernel took about 0.6 ms a layer on an H100). The
 * reductions cost about ten more engine operations a layer in each direction, which the host must issue, so layers
 * with fewer values keep the fused kernel. The paper's training step on an H100 ({@code bench train --placement
 * device}): 170 889 curves/s with the fused kernel in every layer, 211 635 with the reductions from 250 000 values
 * per channel, 196 110 with them in every layer. Elsewhere (CPU, inference) the fused kernel runs, and on the CPU the
 * results are those of DJL's block bit for bit.
 */
public final class ShiftBatchNorm extends AbstractBlock {
    /**
     * Values per channel (batch × length) from which training on a GPU takes the reductions; the system property
     * {@code strainlab.batchNormReductionsFrom} overrides it (for benchmarks).
     */
    public static final long REDUCTIONS_FROM = 250_000L;
    private static final byte VERSION = 2;
    private final float momentum;
    private final float epsilon;
    private final boolean reductionsOnCpu;
    private final long reductionsFrom;
    private long channels;
    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private final Map<Device, Constants> constants = new HashMap<>();

    /**
     * Batch normalisation with momentum {@code momentum} (Keras convention) and {@code epsilon}.
     *
     * @throws IllegalArgumentException for a momentum outside [0, 1), a non-positive epsilon, or a system property
     *     {@code strainlab.batchNormReductionsFrom} that is not a whole number >= 1
     */
    public ShiftBatchNorm(float momentum, float epsilon) {
        this(momentum, epsilon, false);
    }

    /** With {@code reductionsOnCpu}, training on the CPU takes the GPU's formulation too (for tests). */
    ShiftBatchNorm(float momentum, float epsilon, boolean reductionsOnCpu) {
        super(VERSION);
        if (!(momentum >= 0f && momentum < 1f)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(epsilon > 0f)) {
            throw new IllegalArgumentException("epsilon must be > 0, got " + epsilon);
        }
        this.momentum = momentum;
        this.epsilon = epsilon;
        this.reductionsOnCpu = reductionsOnCpu;
        this.reductionsFrom = reductionsFrom(System.getProperty("strainlab.batchNormReductionsFrom"));
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA)
                .optRequiresGrad(false).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA)
                .optRequiresGrad(true).build());
        runningMean = addParameter(Parameter.builder().setName("runningMean").setType(Parameter.Type.RUNNING_MEAN)
                .optRequiresGrad(false).build());
        runningVar = addParameter(Parameter.builder().setName("runningVar").setType(Parameter.Type.RUNNING_VAR)
                .optRequiresGrad(false).build());
    }

    /** The threshold set by {@code value} (the system property's text; null: {@link #REDUCTIONS_FROM}). */
    static long reductionsFrom(String value) {
        if (value == null) {
            return REDUCTIONS_FROM;
        }
        long from;
        try {
            from = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            from = 0;
        }
        if (from < 1) {
            throw new IllegalArgumentException("system property strainlab.batchNormReductionsFrom must be a whole"
                    + " number of values per channel >= 1, got '" + value + "'");
        }
        return from;
    }

    /** Momentum, Keras convention. */
    public float momentum() {
        return momentum;
    }

    /** ε added to the variance. */
    public float epsilon() {
        return epsilon;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        NDArray shift = store.getValue(beta, device, training);
        NDArray mean = store.getValue(runningMean, device, training);
        NDArray variance = store.getValue(runningVar, device, training);
        long perChannel = x.size() / x.getShape().get(1);
        boolean reductions = reductionsOnCpu || device.isGpu() && perChannel >= reductionsFrom;
        if (!training || !reductions) {
            NDArray scale = store.getValue(gamma, device, training);
            return BatchNorm.batchNorm(x, mean, variance, scale, shift, 1, momentum, epsilon, training);
        }
        return new NDList(byReductions(x, perChannel, shift, mean, variance));
    }

    /**
     * Training pass with the statistics as reductions over {@code perChannel} values a channel; updates the running
     * statistics in place.
     */
    private NDArray byReductions(NDArray x, long perChannel, NDArray shift, NDArray runningMeanArray,
            NDArray runningVarArray) {
        int[] axes = x.getShape().dimension() == 3 ? new int[] {0, 2} : new int[] {0};
        Constants c = constants.get(x.getDevice());
        if (c == null || c.epsilon.isReleased()) {
            c = new Constants(runningMeanArray.getManager());
            constants.put(x.getDevice(), c);
        }
        NDArray perCount = c.reciprocal(perChannel);
        NDArray mean = x.sum(axes, true).mul(perCount);
        NDArray centred = x.sub(mean);
        NDArray variance = centred.square().sum(axes, true).mul(perCount);
        NDArray y = centred.div(variance.add(c.epsilon).sqrt());
        y = y.add(axes.length == 2 ? shift.reshape(1, -1, 1) : shift);
        Shape flat = runningMeanArray.getShape();
        runningMeanArray.muli(c.keep).addi(mean.stopGradient().reshape(flat).mul(c.take));
        runningVarArray.muli(c.keep).addi(variance.stopGradient().reshape(flat).mul(c.unbiasedTake(perChannel)));
        return y;
    }

    /** Scalars on one device, made once: an operation with a host number copies it to the device each time. */
    private final class Constants {
        private final NDManager manager;
        private final NDArray epsilon;
        private final NDArray keep;
        private final NDArray take;
        private final Map<Long, NDArray> unbiasedTake = new HashMap<>();
        private final Map<Long, NDArray> reciprocal = new HashMap<>();

        Constants(NDManager manager) {
            this.manager = manager;
            this.epsilon = manager.create(ShiftBatchNorm.this.epsilon);
            this.keep = manager.create(momentum);
            this.take = manager.create(1f - momentum);
        }

        /** 1/n, for means of n samples (the engine's mean takes one axis only). */
        NDArray reciprocal(long n) {
            return reciprocal.computeIfAbsent(n, k -> manager.create((float) (1.0 / k)));
        }

        /** (1 − m)·n/(n − 1): the batch variance's share of the running one, made unbiased, for n samples. */
        NDArray unbiasedTake(long n) {
            return unbiasedTake.computeIfAbsent(n,
                    k -> manager.create((float) ((1.0 - momentum) * k / Math.max(1, k - 1))));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        channels = inputShapes[0].get(1);
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        for (Parameter p : new Parameter[] {gamma, beta, runningMean, runningVar}) {
            p.setShape(new Shape(channels));
        }
    }

    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeLong(channels);
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException("Unsupported encoding version of a batch normalisation: " + loadVersion);
        }
        readInputShapes(is);
        channels = is.readLong();
    }

    @Override
    public String toString() {
        return "ShiftBatchNorm(momentum=" + momentum + ", epsilon=" + epsilon + ")";
    }
}
