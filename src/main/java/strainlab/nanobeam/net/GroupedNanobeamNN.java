package strainlab.nanobeam.net;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.util.Pair;
import java.util.List;

/**
 * G independent NanobeamNNs evaluated as one network: every convolution is a grouped convolution (groups = G, member
 * g owns output channels [g·C, (g+1)·C) and reads only its own input channels), and the final Linear(1024→3) of each
 * member is a 4×4 grouped convolution over the (64, 4, 4) feature map, which is the same sum as Linear on the
 * (C, H, W) row-major flatten. Input (n, G, 64, 64): channel g is member g's image; output (n, G, 3).
 *
 * <p>All parameters live in one flat float32 vector θ of length G·27 771 so that a single optimizer call updates
 * the whole ensemble. Layout: the 14 parameter tensors of {@link NanobeamNN#build()} in block order (weight, bias of
 * each layer); tensor p occupies a segment of G·size(p) values in which member g's copy is the contiguous range
 * [g·size(p), (g+1)·size(p)) in the same row-major order as the single network's tensor. Pure layout and forward
 * maths; it owns no NDArrays.
 *
 * <p>How each convolution runs is a {@link ConvLayout}: one grouped convolution, or G ordinary convolutions on the
 * members' channel slices (the same sums; some engines' grouped kernels are very slow when a member has only 1–4
 * input channels, e.g. PyTorch 2.5's CPU backward pass, ~40× slower than G separate convolutions). In training on a
 * CPU an ordinary convolution whose input needs a gradient runs with its filters padded to a multiple of 16
 * ({@link #SAFE_OUTPUT_CHANNELS}: PyTorch's CPU backward-data kernel is wrong otherwise).
 */
final class GroupedNanobeamNN {
    /** Per layer: input channels, output channels and kernel side of one member (the last is the linear layer). */
    private static final int[][] LAYERS = {
        {1, 2, 3}, {2, 4, 3}, {4, 8, 3}, {8, 16, 3}, {16, 32, 3}, {32, 64, 3}, {64, 3, 4}};
    private static final Shape ONE = new Shape(1, 1);
    private static final Shape ZERO = new Shape(0, 0);
    private static final Shape TWO = new Shape(2, 2);
    /**
     * Output channels that an ordinary (groups = 1) CPU convolution is padded to, with zero filters, when its input
     * needs a gradient ({@link #plainConv}). Why: PyTorch 2.5.1's CPU convolution backward-data pass (oneDNN 3.5.3's
     * blocked direct kernel, {@code jit:avx512_core}, and {@code jit:avx2} under DNNL_MAX_CPU_ISA=AVX2; diff_dst as
     * nChw16c padded to 16 channels) gives a wrong input gradient when the output channels are not a multiple of 16
     * and the batch holds more than one image. Measured on a 2-core AMD EPYC VM (family 26, AVX-512; its CPUID cache
     * leaves read as zeros) against float64 (PyTorch's non-oneDNN kernel) on the same sums: the input gradient of a
     * 2→4 convolution on 62×62 images, batch 64, was off by 20–70 % of its largest value or NaN, and changed from call
     * to call with 2 threads (wrong but repeatable with OMP_NUM_THREADS=1; all NaN when freed native memory had been
     * filled with NaN, so the kernel reads memory that was never written). Wrong with 2, 3, 4, 8 and 24 output
     * channels; right to 5e-7 with 16, 32 and 64, with DNNL_MAX_CPU_ISA=SSE41 (oneDNN's gemm kernel), for the forward
     * pass, for the weight and bias gradients, and for every grouped (groups &gt; 1) convolution of this network. In
     * training this made the gradients of a member's first two layers wrong (layers 2 and 3 have 4 and 8 filters;
     * with one member also the 3-output last layer, and then every layer): NaN or wrong training losses that differed
     * from run to run. The padded filters are zeros and their outputs are dropped, so the sums are unchanged; the cost
     * is the padded layers' extra output channels (layer 2: 4 → 16, layer 3: 8 → 16, one member's last layer 3 → 16).
     * GPUs (cuDNN) are not padded.
     */
    static final int SAFE_OUTPUT_CHANNELS = 16;

    private final int members;
    private final ConvLayout convLayout;
    private final long[] memberSizes;
    private final long[] splitPoints;
    private final Shape[] groupedShapes;

    GroupedNanobeamNN(int members, ConvLayout convLayout) {
        if (members < 1) {
            throw new IllegalArgumentException("members must be >= 1, got " + members);
        }
        if (convLayout == null || convLayout == ConvLayout.AUTO) {
            throw new IllegalArgumentException("convLayout must be GROUPED, MIXED or PER_MEMBER, got " + convLayout);
        }
        this.members = members;
        this.convLayout = convLayout;
        int n = 2 * LAYERS.length;
        memberSizes = new long[n];
        splitPoints = new long[n - 1];
        groupedShapes = new Shape[n];
        long offset = 0;
        for (int l = 0; l < LAYERS.length; l++) {
            int in = LAYERS[l][0];
            int out = LAYERS[l][1];
            int k = LAYERS[l][2];
            memberSizes[2 * l] = (long) out * in * k * k;
            memberSizes[2 * l + 1] = out;
            groupedShapes[2 * l] = new Shape((long) members * out, in, k, k);
            groupedShapes[2 * l + 1] = new Shape((long) members * out);
        }
        for (int p = 0; p < n; p++) {
            offset += members * memberSizes[p];
            if (p < n - 1) {
                splitPoints[p] = offset;
            }
        }
    }

    int members() {
        return members;
    }

    ConvLayout convLayout() {
        return convLayout;
    }

    /** Length of θ: G · 27 771. */
    long flatSize() {
        return members * NanobeamNN.PARAMETER_COUNT;
    }

    /** Start of member g's copy of parameter tensor p inside θ. */
    private long offset(int p, int g) {
        return (p == 0 ? 0 : splitPoints[p - 1]) + g * memberSizes[p];
    }

    /**
     * Forward pass with parameters θ: (n, G, 64, 64) float32 → (n, G, 3) scaled labels. Records autograd history
     * when θ requires a gradient and a gradient collector is open; every array it creates lives on
     * {@code scope}.
     */
    NDArray forward(NDArray theta, NDArray input, NDManager scope) {
        NDList params = theta.split(splitPoints);
        params.attach(scope);
        boolean gradient = theta.hasGradient();
        NDArray h = input;
        for (int l = 0; l < LAYERS.length; l++) {
            // layer 0 reads the images, whose gradient is never needed
            h = layerConv(l, h, params, false, gradient && l > 0);
            if (l == LAYERS.length - 1) {
                break;
            }
            h = Activation.relu(h);
            if (l % 2 == 1) {
                h = Pool.maxPool2d(h, TWO, TWO, ZERO, false);
            }
        }
        return h.reshape(input.getShape().get(0), members, 3);
    }

    /**
     * Inference forward pass in which every member reads the same image: {@code images} (n, 1, 64, 64) float32 →
     * (n, G, 3) scaled labels, the same sums as {@link #forward} on an input holding G copies of each image. The first
     * layer is one ordinary convolution 1 → 2G (member g's filters are output channels [2g, 2g+2), exactly θ's
     * layout), so the copies are never made; the other layers run as {@link #convLayout()} says. Records no autograd
     * history (θ must not require a gradient). Every intermediate is closed as soon as the next one exists, so at most
     * two consecutive activations are alive besides the input: the peak is the second convolution's output and its
     * ReLU, 2 · 4 · 60 · 60 floats = 115.2 kB per member and pattern. Weights are views of θ on {@code scope}; the
     * result lives on the input's manager.
     */
    NDArray forwardShared(NDArray theta, NDArray images, NDManager scope) {
        Shape in = images.getShape();
        if (in.dimension() != 4 || in.get(1) != 1 || in.get(2) != NanobeamNN.IMAGE_SIZE
                || in.get(3) != NanobeamNN.IMAGE_SIZE) {
            throw new IllegalArgumentException("images must be (n, 1, " + NanobeamNN.IMAGE_SIZE + ", "
                    + NanobeamNN.IMAGE_SIZE + "), got " + in);
        }
        if (theta.hasGradient()) {
            throw new IllegalArgumentException("forwardShared is for inference: theta must not require a gradient");
        }
        NDList params = theta.split(splitPoints);
        params.attach(scope);
        NDArray h = images;
        for (int l = 0; l < LAYERS.length; l++) {
            NDArray next = l == 0
                    ? Conv2d.conv2d(h, params.get(0).reshape(groupedShapes[0]), params.get(1), ONE, ZERO, ONE, 1)
                            .singletonOrThrow()
                    : layerConv(l, h, params, true, false);
            h = replace(h, next, images);
            if (l == LAYERS.length - 1) {
                break;
            }
            h = replace(h, Activation.relu(h), images);
            if (l % 2 == 1) {
                h = replace(h, Pool.maxPool2d(h, TWO, TWO, ZERO, false), images);
            }
        }
        NDArray out = h.reshape(in.get(0), members, 3);
        h.close();
        return out;
    }

    /**
     * Layer l's convolution of the grouped activations {@code h} with its weights and bias from {@code params} (θ
     * split per tensor), run as {@link #convLayout()} says; {@code closeParts}: close the per-member slices at once;
     * {@code inputGradient}: the backward pass will need the gradient with respect to {@code h}.
     */
    private NDArray layerConv(int l, NDArray h, NDList params, boolean closeParts, boolean inputGradient) {
        NDArray w = params.get(2 * l).reshape(groupedShapes[2 * l]);
        NDArray b = params.get(2 * l + 1);
        if (members == 1) {
            return plainConv(h, w, b, inputGradient);
        }
        return convLayout.perMember(LAYERS[l][0]) ? perMemberConv(h, w, b, closeParts, inputGradient)
                : Conv2d.conv2d(h, w, b, ONE, ZERO, ONE, members).singletonOrThrow();
    }

    /**
     * An ordinary (groups = 1) 3×3 or 4×4 convolution, stride 1, no padding. On a CPU, when {@code inputGradient} (the
     * backward pass will need the gradient with respect to {@code x}) and the filters are not a multiple of
     * {@value #SAFE_OUTPUT_CHANNELS}, they are padded with zero filters to the next multiple and the extra output
     * channels are dropped, so that the backward pass avoids PyTorch's CPU backward-data kernel that gives wrong input
     * gradients for such channel counts ({@link #SAFE_OUTPUT_CHANNELS}). The padding lives on {@code x}'s manager.
     */
    static NDArray plainConv(NDArray x, NDArray w, NDArray b, boolean inputGradient) {
        Shape ws = w.getShape();
        long out = ws.get(0);
        if (!inputGradient || out % SAFE_OUTPUT_CHANNELS == 0 || x.getDevice().isGpu()) {
            return Conv2d.conv2d(x, w, b, ONE, ZERO, ONE, 1).singletonOrThrow();
        }
        long pad = SAFE_OUTPUT_CHANNELS - out % SAFE_OUTPUT_CHANNELS;
        NDManager m = x.getManager();
        NDArray wp = w.concat(m.zeros(new Shape(pad, ws.get(1), ws.get(2), ws.get(3)), w.getDataType()), 0);
        NDArray bp = b.concat(m.zeros(new Shape(pad), b.getDataType()), 0);
        return Conv2d.conv2d(x, wp, bp, ONE, ZERO, ONE, 1).singletonOrThrow().get(new NDIndex(":, :{}", out));
    }

    /** Closes {@code previous} (unless it is the caller's input) and returns {@code next}. */
    private static NDArray replace(NDArray previous, NDArray next, NDArray input) {
        if (previous != input) {
            previous.close();
        }
        return next;
    }

    /**
     * The grouped convolution as G ordinary ones on the members' channel slices, concatenated; with {@code closeParts}
     * (inference) the slices and per-member outputs are closed once concatenated.
     */
    private NDArray perMemberConv(NDArray h, NDArray w, NDArray b, boolean closeParts, boolean inputGradient) {
        NDList xs = h.split(members, 1);
        NDList ws = w.split(members, 0);
        NDList bs = b.split(members, 0);
        NDList out = new NDList(members);
        for (int g = 0; g < members; g++) {
            out.add(plainConv(xs.get(g), ws.get(g), bs.get(g), inputGradient));
        }
        NDArray all = NDArrays.concat(out, 1);
        if (closeParts) {
            for (NDList l : List.of(xs, ws, bs, out)) {
                l.close();
            }
        }
        return all;
    }

    /**
     * The members' weights as one host copy of θ in this layout: member g is {@code nets.get(g)}. The G nets must be
     * on one device and have NanobeamNN's parameter layout ({@link #checkBlockLayout}).
     */
    float[] flatten(List<NanobeamNet> nets) {
        if (nets.size() != members) {
            throw new IllegalArgumentException(nets.size() + " nets for a layout of " + members + " members");
        }
        Device device = nets.get(0).device();
        float[] flat = new float[Math.toIntExact(flatSize())];
        for (int g = 0; g < members; g++) {
            NanobeamNet net = nets.get(g);
            if (!net.device().equals(device)) {
                throw new IllegalArgumentException("all members must be on one device: member 0 is on " + device
                        + ", member " + g + " on " + net.device());
            }
            checkBlockLayout(net.block().getParameters().stream().toList());
            setMember(flat, g, net.snapshot());
        }
        return flat;
    }

    /** Copies member g's parameter values (block order, as from {@link #memberValues}) into θ (host arrays). */
    void setMember(float[] theta, int g, float[][] values) {
        checkMember(g);
        if (values.length != memberSizes.length) {
            throw new IllegalArgumentException("expected " + memberSizes.length + " parameter tensors, got " + values.length);
        }
        for (int p = 0; p < values.length; p++) {
            if (values[p].length != memberSizes[p]) {
                throw new IllegalArgumentException("parameter tensor " + p + " must have " + memberSizes[p]
                        + " values, got " + values[p].length);
            }
            System.arraycopy(values[p], 0, theta, Math.toIntExact(offset(p, g)), values[p].length);
        }
    }

    /** Member g's parameter values in block order, from a host copy of θ. */
    float[][] memberValues(float[] theta, int g) {
        checkMember(g);
        float[][] out = new float[memberSizes.length][];
        for (int p = 0; p < out.length; p++) {
            out[p] = new float[Math.toIntExact(memberSizes[p])];
            System.arraycopy(theta, Math.toIntExact(offset(p, g)), out[p], 0, out[p].length);
        }
        return out;
    }

    /** Copies member g's values from {@code source} into {@code target} (both host copies of θ). */
    void copyMember(float[] source, float[] target, int g) {
        checkMember(g);
        for (int p = 0; p < memberSizes.length; p++) {
            int o = Math.toIntExact(offset(p, g));
            System.arraycopy(source, o, target, o, Math.toIntExact(memberSizes[p]));
        }
    }

    /** Checks that a NanobeamNN block's parameters have the sizes and order this layout assumes. */
    static void checkBlockLayout(List<Pair<String, Parameter>> params) {
        if (params.size() != 2 * LAYERS.length) {
            throw new IllegalStateException("NanobeamNN has " + params.size() + " parameter tensors, the grouped "
                    + "layout expects " + 2 * LAYERS.length);
        }
        for (int l = 0; l < LAYERS.length; l++) {
            long w = (long) LAYERS[l][1] * LAYERS[l][0] * LAYERS[l][2] * LAYERS[l][2];
            Parameter weight = params.get(2 * l).getValue();
            Parameter bias = params.get(2 * l + 1).getValue();
            if (weight.getType() != Parameter.Type.WEIGHT || weight.getArray().size() != w
                    || bias.getType() != Parameter.Type.BIAS || bias.getArray().size() != LAYERS[l][1]) {
                throw new IllegalStateException("NanobeamNN layer " + l + " does not match the grouped layout ("
                        + params.get(2 * l).getKey() + " " + weight.getArray().getShape() + ", "
                        + params.get(2 * l + 1).getKey() + " " + bias.getArray().getShape() + ")");
            }
        }
    }

    private void checkMember(int g) {
        if (g < 0 || g >= members) {
            throw new IndexOutOfBoundsException("member " + g + " of " + members);
        }
    }
}
