package strainlab.cnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Zero padding along the last axis of an (N, C, L) tensor that reproduces Keras/TensorFlow {@code padding='same'}
 * for a following <em>valid</em> convolution of kernel {@code k} and stride {@code s}: the output length is
 * {@code ceil(L/s)}, the total padding {@code max((ceil(L/s) − 1)·s + k − L, 0)} and, as in TensorFlow, the
 * smaller half goes on the left. For k = 15: stride 1 pads 7/7; stride 2 pads 7/7 on odd lengths and 6/7 on
 * even lengths (PyTorch's symmetric {@code padding=7} would shift the stride-2 sampling grid by one sample).
 */
public final class KerasSamePadding1d extends AbstractBlock {
    private static final byte VERSION = 1;
    private final int kernel;
    private final int stride;
    private final boolean byTheConvolution;

    /** Padding for a valid convolution of {@code kernel} samples and {@code stride}. */
    public KerasSamePadding1d(int kernel, int stride) {
        this(kernel, stride, false);
    }

    /**
     * The place of this padding in front of a convolution that pads symmetrically itself: it passes its input on and
     * saves the bytes of a padding block, so that a network file has the same layout either way.
     */
    public static KerasSamePadding1d inTheConvolution(int kernel, int stride) {
        return new KerasSamePadding1d(kernel, stride, true);
    }

    private KerasSamePadding1d(int kernel, int stride, boolean byTheConvolution) {
        super(VERSION);
        if (kernel < 1) {
            throw new IllegalArgumentException("kernel must be >= 1, got " + kernel);
        }
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be >= 1, got " + stride);
        }
        this.kernel = kernel;
        this.stride = stride;
        this.byTheConvolution = byTheConvolution;
    }

    /** Whether the following convolution pads itself and this block passes its input on. */
    public boolean byTheConvolution() {
        return byTheConvolution;
    }

    /** {left, right} zero padding for an input of {@code length} samples. */
    public static int[] padding(int length, int kernel, int stride) {
        int out = (length + stride - 1) / stride;
        int total = Math.max((out - 1) * stride + kernel - length, 0);
        return new int[] {total / 2, total - total / 2};
    }

    /** Output length of a Keras 'same' convolution: {@code ceil(length/stride)}. */
    public static int outputLength(int length, int stride) {
        return (length + stride - 1) / stride;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long length = x.getShape().get(x.getShape().dimension() - 1);
        int[] pad = padding((int) length, kernel, stride);
        if (byTheConvolution || pad[0] == 0 && pad[1] == 0) {
            return new NDList(x);
        }
        return new NDList(x.pad(new Shape(pad[0], pad[1]), 0));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        if (byTheConvolution) {
            return new Shape[] {in};
        }
        int last = in.dimension() - 1;
        int[] pad = padding((int) in.get(last), kernel, stride);
        long[] dims = in.getShape().clone();
        dims[last] += pad[0] + pad[1];
        return new Shape[] {new Shape(dims)};
    }

    @Override
    public String toString() {
        return "KerasSamePadding1d(k=" + kernel + ", s=" + stride + (byTheConvolution ? ", in the convolution)" : ")");
    }
}
