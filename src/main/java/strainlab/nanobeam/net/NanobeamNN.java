package strainlab.nanobeam.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.util.Pair;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;

/**
 * The NanobeamNN architecture: six 3×3 convolutions (no padding, stride 1) with 1→2→4 channels, 2×2 max-pool,
 * →8→16, pool, →32→64, pool, each convolution followed by ReLU, then flatten (64·4·4 = 1024) and Linear(1024→3).
 * Input (n, 1, 64, 64) counts; output the scaled labels {100·e, 10·ω[°], 5·χ[°]} (see {@link #LABEL_SCALE}).
 * Spatial sizes: 64→62→60→30→28→26→13→11→9→4.
 */
public final class NanobeamNN {
    /** Side of the input image. */
    public static final int IMAGE_SIZE = 64;
    /** Label scaling of the paper: strain ×100, ω ×10, χ ×5 (all O(0.5) over the library range). */
    public static final float[] LABEL_SCALE = {100f, 10f, 5f};
    /**
     * Trainable parameters: convolutions 20 + 76 + 296 + 1168 + 4640 + 18 496, linear 3075; total 27 771.
     */
    public static final long PARAMETER_COUNT = 27_771;

    private NanobeamNN() {
    }

    /** A fresh (uninitialised) block. */
    public static SequentialBlock build() {
        SequentialBlock b = new SequentialBlock();
        int[] channels = {2, 4, 8, 16, 32, 64};
        for (int i = 0; i < channels.length; i++) {
            b.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(channels[i]).build());
            b.add(Activation.reluBlock());
            if (i % 2 == 1) {
                b.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            }
        }
        b.add(Blocks.batchFlattenBlock());
        b.add(Linear.builder().setUnits(3).build());
        return b;
    }

    /** Input shape of a batch of n images. */
    public static Shape inputShape(int n) {
        return new Shape(n, 1, IMAGE_SIZE, IMAGE_SIZE);
    }

    /** Number of scalar parameters of an initialised block. */
    public static long countParameters(SequentialBlock block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            n += p.getValue().getArray().getShape().size();
        }
        return n;
    }

    /**
     * Re-initialises weights and biases as PyTorch does by default for Conv2d and Linear (Kaiming-uniform with
     * a = √5, i.e. U(−1/√fan_in, 1/√fan_in), for weights and biases), from a seeded stream so that the initial
     * network depends only on {@code seed}.
     */
    public static void initialiseLikePyTorch(SequentialBlock block, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double bound = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter param = p.getValue();
            NDArray arr = param.getArray();
            Shape shape = arr.getShape();
            if (param.getType() == Parameter.Type.WEIGHT) {
                long fanIn = shape.size() / shape.get(0);
                bound = 1 / Math.sqrt(fanIn);
            } else if (param.getType() != Parameter.Type.BIAS) {
                continue;
            }
            float[] v = new float[Math.toIntExact(shape.size())];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
            }
            arr.set(FloatBuffer.wrap(v));
        }
    }
}
