package strainlab.cnn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.XavierInitializer;

/**
 * The 1-D CNN of Boulle &amp; Debelle (2023), fig. 2, as in the authors' Keras code.
 *
 * <p>Input (N, 1, L) with L = 1001 (or 401). Four blocks of
 * [Conv1d k=15 stride 2 'same' → BN → ReLU → Conv1d k=15 stride 1 'same' → BN → ReLU → MaxPool 2] with 16, 32, 64,
 * 128 filters, Flatten (4×128 = 512 for L = 1001), Dense 1000 → BN → ReLU, Dense 100 → BN → ReLU, Dense
 * {@code outputs} (linear). The first convolution has no bias; every other convolution and dense layer has one.
 * Batch normalisation ({@link ShiftBatchNorm}) learns a shift β but no scale γ (Keras {@code scale=False}),
 * momentum 0.99 in the Keras sense (running = 0.99·running + 0.01·batch), ε = 1e-3.
 * Keras 'same' padding is reproduced exactly: by the convolution where it is symmetric, otherwise by
 * {@link KerasSamePadding1d} in front of a valid convolution.
 * Kernels start Glorot-uniform and biases at zero (Keras defaults). One difference is left: the running variance
 * takes the unbiased batch variance (×n/(n−1), n = batch × length), as PyTorch does, Keras the biased one, a
 * relative difference below 0.05 % at the paper's batch of 2096.
 *
 * <p>For 1001 inputs and 14 outputs: 1,104,478 trainable parameters and 3,160 BN running statistics.
 */
public final class StrainNet {
    /** Convolution kernel size in samples. */
    public static final int KERNEL = 15;
    /** Filters of the four convolution blocks. */
    public static final int[] FILTERS = {16, 32, 64, 128};
    /** Widths of the two hidden dense layers. */
    public static final int[] DENSE = {1000, 100};
    /** Batch-normalisation momentum (Keras convention: running = m·running + (1 − m)·batch). */
    public static final float BN_MOMENTUM = 0.99f;
    /** Batch-normalisation epsilon. */
    public static final float BN_EPSILON = 1e-3f;

    private StrainNet() {
    }

    /** The network for curves of {@code inputLength} samples and {@code outputs} labels (uninitialised). */
    public static SequentialBlock build(int inputLength, int outputs) {
        return build(inputLength, outputs, true);
    }

    /** With {@code padInConvolutions} false, every padding is a {@link KerasSamePadding1d} pass (for tests). */
    static SequentialBlock build(int inputLength, int outputs, boolean padInConvolutions) {
        flattenedSize(inputLength);
        if (outputs < 1) {
            throw new IllegalArgumentException("outputs must be >= 1, got " + outputs);
        }
        SequentialBlock net = new SequentialBlock();
        boolean first = true;
        int length = inputLength;
        for (int filters : FILTERS) {
            length = addSameConvolution(net, length, filters, 2, !first, padInConvolutions);
            net.add(batchNorm());
            net.add(Activation.reluBlock());
            length = addSameConvolution(net, length, filters, 1, true, padInConvolutions);
            net.add(batchNorm());
            net.add(Activation.reluBlock());
            net.add(Pool.maxPool1dBlock(new Shape(2), new Shape(2)));
            length /= 2;
            first = false;
        }
        net.add(Blocks.batchFlattenBlock());
        for (int units : DENSE) {
            net.add(Linear.builder().setUnits(units).optBias(true).build());
            net.add(batchNorm());
            net.add(Activation.reluBlock());
        }
        net.add(Linear.builder().setUnits(outputs).optBias(true).build());
        net.setInitializer(new XavierInitializer(XavierInitializer.RandomType.UNIFORM,
                XavierInitializer.FactorType.AVG, 3f), Parameter.Type.WEIGHT);
        return net;
    }

    /** One block of the network with its output shape (batch 1) and trainable parameter count. */
    private record BlockShape(Block block, Shape output, long trainable) {
    }

    /**
     * Builds and initialises a throw-away network on the CPU for curves of {@code inputLength} samples and
     * {@code outputs} labels, and hands {@code use} the network and each of its blocks with the shapes propagated
     * through it.
     */
    private static <T> T walk(int inputLength, int outputs,
            java.util.function.BiFunction<SequentialBlock, java.util.List<BlockShape>, T> use) {
        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager(ai.djl.Device.cpu())) {
            SequentialBlock net = build(inputLength, outputs);
            Shape[] shape = {inputShape(1, inputLength)};
            net.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, shape);
            java.util.List<BlockShape> blocks = new java.util.ArrayList<>();
            for (ai.djl.util.Pair<String, Block> child : net.getChildren()) {
                Block b = child.getValue();
                shape = b.getOutputShapes(shape);
                long params = b.getParameters().values().stream().filter(Parameter::requiresGradient)
                        .mapToLong(p -> p.getArray().size()).sum();
                blocks.add(new BlockShape(b, shape[0], params));
            }
            return use.apply(net, blocks);
        }
    }

    /**
     * A printable layer table: one line per layer with its output shape (batch 1) and trainable parameter count,
     * then the totals. Builds and initialises a throw-away network on the CPU.
     */
    public static java.util.List<String> summary(int inputLength, int outputs) {
        return walk(inputLength, outputs, (net, blocks) -> {
            java.util.List<String> lines = new java.util.ArrayList<>();
            lines.add(String.format("%-30s %-16s %10s", "layer", "output shape", "trainable"));
            lines.add(String.format("%-30s %-16s %10s", "input", inputShape(1, inputLength), ""));
            for (BlockShape b : blocks) {
                lines.add(String.format("%-30s %-16s %10s", layerName(b.block()), b.output(),
                        b.trainable() == 0 ? "" : String.format("%,d", b.trainable())));
            }
            lines.add(String.format("trainable parameters %,d; batch-norm running statistics %,d",
                    trainableParameterCount(net), runningStatisticCount(net)));
            return lines;
        });
    }

    /**
     * The layers of the network for curves of {@code inputLength} samples and {@code outputs} labels, read from the
     * DJL block itself (kernel and stride of each Conv1d, output shapes propagated through the block): input,
     * convolutions, pooling, flatten and dense layers; padding, batch normalisation and ReLU are counted with the
     * layer before them and not listed.
     */
    public static java.util.List<NetworkLayer> layers(int inputLength, int outputs) {
        return walk(inputLength, outputs, (net, blocks) -> {
            java.util.List<NetworkLayer> out = new java.util.ArrayList<>();
            out.add(new NetworkLayer("input", 0, 0, 1, inputLength, 0));
            for (BlockShape bs : blocks) {
                Block b = bs.block();
                long params = bs.trainable();
                Shape s = bs.output();
                long channels = s.dimension() > 1 ? s.get(1) : 1;
                long length = s.dimension() > 2 ? s.get(2) : 1;
                if (b instanceof Conv1d conv) {
                    out.add(new NetworkLayer("conv", (int) conv.getKernelShape().get(0), (int) conv.getStride().get(0),
                            channels, length, params));
                } else if (b instanceof Linear) {
                    out.add(new NetworkLayer("dense", 0, 0, channels, 1, params));
                } else if (b instanceof ShiftBatchNorm && !out.isEmpty()) {
                    NetworkLayer last = out.remove(out.size() - 1);
                    out.add(new NetworkLayer(last.kind(), last.kernel(), last.stride(), last.channels(), last.length(),
                            last.parameters() + params));
                } else if (b instanceof KerasSamePadding1d) {
                    continue;
                } else if (s.dimension() == 3 && length < out.get(out.size() - 1).length()) {
                    long factor = out.get(out.size() - 1).length() / length;
                    out.add(new NetworkLayer("pool", (int) factor, (int) factor, channels, length, 0));
                } else if (s.dimension() == 2 && out.get(out.size() - 1).length() > 1) {
                    out.add(new NetworkLayer("flatten", 0, 0, channels, 1, 0));
                }
            }
            return out;
        });
    }

    private static String layerName(Block block) {
        if (block instanceof Conv1d conv) {
            return "Conv1d k=" + KERNEL + " s=" + conv.getStride().get(0) + (conv.getParameters().contains("bias")
                    ? "" : " (no bias)");
        }
        if (block instanceof Linear) {
            return "Dense";
        }
        if (block instanceof ShiftBatchNorm) {
            return "BatchNorm (β only)";
        }
        if (block instanceof KerasSamePadding1d) {
            return block.toString();
        }
        String name = block.toString();
        int paren = name.indexOf('(');
        return paren > 0 ? name.substring(0, paren) : name;
    }

    /** Input shape for a batch: (batch, 1, inputLength). */
    public static Shape inputShape(int batch, int inputLength) {
        return new Shape(batch, 1, inputLength);
    }

    /**
     * Length of the flattened feature vector: 4 blocks of ceil(L/2) then floor(/2) pooling, times 128 filters
     * (512 for L = 1001, 128 for L = 401).
     */
    public static int flattenedSize(int inputLength) {
        int length = inputLength;
        for (int ignored : FILTERS) {
            length = KerasSamePadding1d.outputLength(length, 2) / 2;
        }
        if (length < 1) {
            throw new IllegalArgumentException("inputLength " + inputLength
                    + " is too short for four stride-2 + pool-2 blocks (need at least 16 samples)");
        }
        return length * FILTERS[FILTERS.length - 1];
    }

    /** Number of trainable scalars (parameters that require a gradient) of an initialised block. */
    public static long trainableParameterCount(Block block) {
        return block.getParameters().values().stream()
                .filter(Parameter::requiresGradient)
                .mapToLong(p -> p.getArray().size())
                .sum();
    }

    /** Number of batch-normalisation running statistics (means and variances) of an initialised block. */
    public static long runningStatisticCount(Block block) {
        return block.getParameters().values().stream()
                .filter(p -> p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR)
                .mapToLong(p -> p.getArray().size())
                .sum();
    }

    /**
     * A Keras 'same' convolution of an input of {@code length} samples: its padding block, then the convolution.
     * Where the padding is symmetric the convolution pads itself (one pass fewer over the activations) and the padding
     * block passes its input on, kept so that network files keep their layout. Returns the output length.
     */
    private static int addSameConvolution(SequentialBlock net, int length, int filters, int stride, boolean bias,
            boolean padInConvolution) {
        int[] pad = KerasSamePadding1d.padding(length, KERNEL, stride);
        boolean symmetric = padInConvolution && pad[0] == pad[1];
        net.add(symmetric ? KerasSamePadding1d.inTheConvolution(KERNEL, stride) : new KerasSamePadding1d(KERNEL, stride));
        net.add(conv(filters, stride, bias, symmetric ? pad[0] : 0));
        return KerasSamePadding1d.outputLength(length, stride);
    }

    private static Conv1d conv(int filters, int stride, boolean bias, int padding) {
        return Conv1d.builder()
                .setKernelShape(new Shape(KERNEL))
                .optStride(new Shape(stride))
                .optPadding(new Shape(padding))
                .setFilters(filters)
                .optBias(bias)
                .build();
    }

    private static ShiftBatchNorm batchNorm() {
        return new ShiftBatchNorm(BN_MOMENTUM, BN_EPSILON);
    }
}
