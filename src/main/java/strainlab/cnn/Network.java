package strainlab.cnn;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import strainlab.io.AtomicFiles;
import strainlab.training.NoGradient;

/**
 * An initialised {@link StrainNet} on one device with its own {@link NDManager}: forward passes from float
 * buffers (each in its own sub-manager, so memory stays flat), and parameter files. Not thread-safe.
 */
public final class Network implements AutoCloseable {
    private final NDManager manager;
    private final SequentialBlock block;
    private final int inputLength;
    private final int outputs;
    private final Map<String, String> idToName = new HashMap<>();
    private final Map<String, String> nameToId = new HashMap<>();
    /**
     * Each thread's direct buffer for inputs: DJL copies a heap buffer into a freshly allocated (and zeroed) direct
     * one on every {@code create}, 8 MB for a batch of 2096 curves; a direct buffer of native order is used as is.
     */
    private final ThreadLocal<ByteBuffer> staging = new ThreadLocal<>();
    private ParameterStore store;

    /** A freshly initialised network; weights depend only on {@code seed} (for a given engine and device). */
    public Network(int inputLength, int outputs, Device device, long seed) {
        this.inputLength = inputLength;
        this.outputs = outputs;
        this.manager = NDManager.newBaseManager(device);
        this.block = StrainNet.build(inputLength, outputs);
        synchronized (Network.class) {
            Engine.getInstance().setRandomSeed(Long.hashCode(seed));
            block.initialize(manager, DataType.FLOAT32, StrainNet.inputShape(2, inputLength));
        }
        for (Pair<String, Parameter> p : block.getParameters()) {
            idToName.put(p.getValue().getId(), p.getKey());
            nameToId.put(p.getKey(), p.getValue().getId());
        }
        this.store = new ParameterStore(manager, false);
    }

    public SequentialBlock block() {
        return block;
    }

    NDManager manager() {
        return manager;
    }

    Device device() {
        return manager.getDevice();
    }

    int inputLength() {
        return inputLength;
    }

    int outputs() {
        return outputs;
    }

    Map<String, String> idToName() {
        return idToName;
    }

    Map<String, String> nameToId() {
        return nameToId;
    }

    ParameterStore store() {
        return store;
    }

    /**
     * Creates a (n, 1, inputLength) input on {@code scope} from the first n·inputLength values of buffer, through
     * the thread's staging buffer. On a CPU the array shares that buffer's memory, so it must be closed (with its
     * scope) before the thread's next call.
     */
    NDArray input(NDManager scope, float[] buffer, int n) {
        int values = n * inputLength;
        ByteBuffer b = staging.get();
        if (b == null || b.capacity() < values * Float.BYTES) {
            b = ByteBuffer.allocateDirect(values * Float.BYTES).order(ByteOrder.nativeOrder());
            staging.set(b);
        }
        b.clear();
        b.asFloatBuffer().put(buffer, 0, values);
        b.limit(values * Float.BYTES);
        return scope.create(b, StrainNet.inputShape(n, inputLength), DataType.FLOAT32);
    }

    /** Creates a (n, outputs) label array on {@code scope}. */
    NDArray labels(NDManager scope, float[] buffer, int n) {
        return scope.create(FloatBuffer.wrap(buffer, 0, n * outputs), new Shape(n, outputs));
    }

    /** Forward pass; the result lives on the input's manager. */
    NDArray forward(NDArray input, boolean training) {
        return block.forward(store, new NDList(input), training).singletonOrThrow();
    }

    /**
     * Inference on n inputs packed in {@code buffer}; writes n·outputs values to {@code out}. The inputs are first
     * copied into the thread's off-heap staging buffer, which the engine reads.
     */
    public void predict(float[] buffer, int n, float[] out) {
        try (NoGradient off = NoGradient.open(); NDManager scope = manager.newSubManager()) {
            read(forward(input(scope, buffer, n), false), n, out);
        }
    }

    /**
     * Inference on n inputs held off the Java heap: the n·inputLength float32 values of {@code inputs} from its
     * position, which must be a direct buffer of native byte order (e.g. from {@code ByteBuffer.allocateDirect});
     * the engine reads it as it is, without the copy that a Java array needs. Writes n·outputs values to {@code out}.
     *
     * @throws IllegalArgumentException when the buffer is not direct, not in native order or too short
     */
    public void predict(ByteBuffer inputs, int n, float[] out) {
        long bytes = (long) n * inputLength * Float.BYTES;
        if (!inputs.isDirect() || inputs.order() != ByteOrder.nativeOrder()) {
            throw new IllegalArgumentException("inputs must be a direct buffer in native byte order");
        }
        if (n < 1 || inputs.remaining() < bytes) {
            throw new IllegalArgumentException("inputs hold " + inputs.remaining() + " bytes from their position, "
                    + n + " curves of " + inputLength + " points need " + bytes);
        }
        ByteBuffer batch = inputs.slice().order(ByteOrder.nativeOrder()).limit((int) bytes);
        try (NoGradient off = NoGradient.open(); NDManager scope = manager.newSubManager()) {
            read(forward(scope.create(batch, StrainNet.inputShape(n, inputLength), DataType.FLOAT32), false), n, out);
        }
    }

    private void read(NDArray y, int n, float[] out) {
        float[] values = y.toFloatArray();
        System.arraycopy(values, 0, out, 0, n * outputs);
    }

    /** Writes all parameters (weights, biases, BN shifts and running statistics) to an open stream. */
    void saveParameters(DataOutputStream out) throws IOException {
        block.saveParameters(out);
    }

    /** Writes all parameters to a file atomically. */
    void saveParameters(Path file) throws IOException {
        AtomicFiles.writeStream(file, os -> {
            DataOutputStream out = new DataOutputStream(os);
            saveParameters(out);
            out.flush();
        });
    }

    /** Reads parameters written by {@link #saveParameters}; trainable ones keep requiring gradients. */
    void loadParameters(DataInputStream in) throws IOException {
        try {
            block.loadParameters(manager, in);
        } catch (MalformedModelException e) {
            throw new IOException("parameters do not fit this network: " + e.getMessage(), e);
        }
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter param = p.getValue();
            if (param.requiresGradient()) {
                param.getArray().setRequiresGradient(true);
            }
        }
        store = new ParameterStore(manager, false);
    }

    /**
     * The first bytes of a parameter file in half precision ({@link #saveHalfParameters}); DJL's own parameter files
     * start otherwise (with a version number, 3).
     */
    private static final byte[] HALF_MAGIC = "strainlab-params-f16/1\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * Whether a parameter stream starts with {@link #HALF_MAGIC} (a file of {@link #saveHalfParameters}); reads as
     * many bytes.
     */
    static boolean startsHalf(InputStream in) throws IOException {
        return Arrays.equals(in.readNBytes(HALF_MAGIC.length), HALF_MAGIC);
    }

    /**
     * Writes the parameters, those that {@code half} names as IEEE float16 (rounded to nearest by the engine) and the
     * others as float32, atomically. The file: the bytes of {@link #HALF_MAGIC}, the number of parameters, then per
     * parameter in the block's order its name, rank, dimensions, 16 or 32 (bits a value) and its values,
     * little-endian. {@link #loadParameters(Path)} reads either format back into float32.
     */
    void saveHalfParameters(Path file, Predicate<String> half) throws IOException {
        AtomicFiles.writeStream(file, os -> {
            DataOutputStream out = new DataOutputStream(os);
            out.write(HALF_MAGIC);
            out.writeInt(block.getParameters().size());
            try (NDManager scope = manager.newSubManager()) {
                for (Pair<String, Parameter> p : block.getParameters()) {
                    NDArray a = p.getValue().getArray();
                    out.writeUTF(p.getKey());
                    long[] dims = a.getShape().getShape();
                    out.writeInt(dims.length);
                    for (long d : dims) {
                        out.writeLong(d);
                    }
                    boolean f16 = half.test(p.getKey());
                    out.writeByte(f16 ? 16 : 32);
                    NDArray stored = a.toType(f16 ? DataType.FLOAT16 : DataType.FLOAT32, true);
                    stored.attach(scope);
                    out.write(reordered(stored.toByteBuffer().order(ByteOrder.nativeOrder()), ByteOrder.LITTLE_ENDIAN,
                            f16 ? 2 : 4));
                }
            }
            out.flush();
        });
    }

    /** The remaining {@code width}-byte values (2 or 4) of {@code values}, as bytes in the byte order {@code order}. */
    private static byte[] reordered(ByteBuffer values, ByteOrder order, int width) {
        ByteBuffer to = ByteBuffer.allocate(values.remaining()).order(order);
        while (values.hasRemaining()) {
            if (width == 2) {
                to.putShort(values.getShort());
            } else {
                to.putInt(values.getInt());
            }
        }
        return to.array();
    }

    /**
     * Reads a half-precision parameter file ({@link #saveHalfParameters}) after its magic bytes into this network's
     * float32 arrays: names and shapes must be this network's, in its order.
     */
    private void loadHalfParameters(DataInputStream in) throws IOException {
        int count = in.readInt();
        var params = block.getParameters();
        if (count != params.size()) {
            throw new IOException("holds " + count + " parameters, this network has " + params.size());
        }
        try (NDManager scope = manager.newSubManager()) {
            for (Pair<String, Parameter> p : params) {
                String name = in.readUTF();
                int rank = in.readInt();
                if (!name.equals(p.getKey()) || rank < 0 || rank > 8) {
                    throw new IOException("parameter '" + name + "' (rank " + rank + ") where this network has '"
                            + p.getKey() + "'");
                }
                long[] dims = new long[rank];
                for (int i = 0; i < rank; i++) {
                    dims[i] = in.readLong();
                }
                NDArray target = p.getValue().getArray();
                Shape shape = new Shape(dims);
                if (!shape.equals(target.getShape())) {
                    throw new IOException("parameter '" + name + "' has shape " + shape + ", this network "
                            + target.getShape());
                }
                int bits = in.readUnsignedByte();
                if (bits != 16 && bits != 32) {
                    throw new IOException("parameter '" + name + "' has " + bits + "-bit values (16 or 32 expected)");
                }
                byte[] raw = new byte[Math.toIntExact(bits / 8 * shape.size())];
                in.readFully(raw);
                ByteBuffer values = ByteBuffer.allocateDirect(raw.length).order(ByteOrder.nativeOrder());
                values.put(reordered(ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN), ByteOrder.nativeOrder(),
                        bits / 8)).flip();
                float[] floats = scope.create(values, shape, bits == 16 ? DataType.FLOAT16 : DataType.FLOAT32)
                        .toType(DataType.FLOAT32, false).toFloatArray();
                target.set(FloatBuffer.wrap(floats));
            }
        }
        if (in.read() != -1) {
            throw new IOException("has bytes after its last parameter");
        }
    }

    /**
     * Reads a parameter file, in DJL's format ({@link #saveParameters}) or in half precision
     * ({@link #saveHalfParameters}); errors name the file.
     */
    void loadParameters(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            in.mark(HALF_MAGIC.length);
            if (startsHalf(in)) {
                loadHalfParameters(in);
                store = new ParameterStore(manager, false);
                return;
            }
            in.reset();
            loadParameters(in);
        } catch (IOException | RuntimeException e) {
            String why = e instanceof java.io.EOFException ? "ends early (truncated file)"
                    : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IOException(file + ": cannot read the network parameters: " + why, e);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
