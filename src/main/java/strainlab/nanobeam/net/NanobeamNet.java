package strainlab.nanobeam.net;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import strainlab.io.AtomicFiles;
import strainlab.nanobeam.sim.ParameterEstimates;
import strainlab.nanobeam.sim.ParameterGrid;
import strainlab.nanobeam.sim.Patterns;
import strainlab.training.NoGradient;

/**
 * One NanobeamNN on a device, with its own {@link NDManager}: prediction from 64×64 count images, parameter
 * files and the model folder ({@code nanobeamnn.json} + {@code nanobeamnn.params}). Not thread-safe.
 */
public final class NanobeamNet implements AutoCloseable {
    /** File of the weights inside a model folder. */
    public static final String PARAMS_FILE = "nanobeamnn.params";
    /** Files of a model folder covered by its {@code checksums.json}. */
    public static final java.util.List<String> CHECKSUMMED = java.util.List.of(NanobeamModelInfo.FILE_NAME,
            PARAMS_FILE);
    private static final int PIXELS = NanobeamNN.IMAGE_SIZE * NanobeamNN.IMAGE_SIZE;
    private static final int CHUNK = 2048;

    private final NDManager manager;
    private final SequentialBlock block;
    private ParameterStore store;
    private NanobeamModelInfo info;

    private NanobeamNet(Device device, NanobeamModelInfo info) {
        this.manager = NDManager.newBaseManager(device, "PyTorch");
        this.block = NanobeamNN.build();
        this.block.initialize(manager, DataType.FLOAT32, NanobeamNN.inputShape(1));
        this.store = new ParameterStore(manager, false);
        this.info = info;
    }

    /** A fresh network with PyTorch-default initial weights drawn from {@code info.seed()}. */
    public static NanobeamNet create(Device device, NanobeamModelInfo info) {
        NanobeamNet net = new NanobeamNet(device, info);
        NanobeamNN.initialiseLikePyTorch(net.block, info.seed());
        return net;
    }

    /**
     * Loads a model folder written by {@link #save(Path)}; files that differ from its {@code checksums.json} are
     * errors naming them (a folder without one loads with a one-line warning).
     */
    public static NanobeamNet load(Path dir, Device device) throws IOException {
        NanobeamModelInfo info = NanobeamModelInfo.read(dir);
        Path params = dir.resolve(PARAMS_FILE);
        if (!Files.isRegularFile(params)) {
            throw new IOException(params + ": not found");
        }
        strainlab.io.Checksums.verify(dir, CHECKSUMMED);
        NanobeamNet net = new NanobeamNet(device, info);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(params))) {
            net.readParameters(new DataInputStream(in));
        } catch (IOException | RuntimeException e) {
            net.close();
            String why = e instanceof java.io.EOFException ? "ends early (truncated file)"
                    : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IOException(params + ": " + why, e);
        }
        return net;
    }

    public SequentialBlock block() {
        return block;
    }

    NDManager manager() {
        return manager;
    }

    ParameterStore store() {
        return store;
    }

    public NanobeamModelInfo info() {
        return info;
    }

    void setInfo(NanobeamModelInfo info) {
        this.info = info;
    }

    public Device device() {
        return manager.getDevice();
    }

    /** Number of scalar parameters (27 771). */
    public long parameterCount() {
        return NanobeamNN.countParameters(block);
    }

    /**
     * Forward pass on an (n,1,64,64) array; the result lives on the input's manager. Not for gradients on a CPU: the
     * block's Conv2d layers of 2, 4, 8 and 3 filters hit PyTorch's faulty CPU backward-data kernel
     * ({@link GroupedNanobeamNN#SAFE_OUTPUT_CHANNELS}); training runs through {@link NanobeamTrainer}.
     */
    NDArray forward(NDArray input, boolean training) {
        return block.forward(store, new NDList(input), training).singletonOrThrow();
    }

    /**
     * Raw network outputs (scaled labels) for n images packed row-major in {@code images}. On a CPU device the
     * forward pass runs in {@link NanobeamCpuInference} (Vector API, all cores, the current weights; ~5× less CPU time
     * than PyTorch's CPU kernels on this network); on a GPU it runs in DJL.
     */
    public float[] predictScaled(float[] images) {
        if (Device.Type.CPU.equals(device().getDeviceType())) {
            return NanobeamCpuInference.of(block).predictScaled(images, Runtime.getRuntime().availableProcessors());
        }
        return predictScaledWithDjl(images, CHUNK);
    }

    /** {@link #predictScaled} through DJL on this net's device, in chunks of {@code chunk} images. */
    float[] predictScaledWithDjl(float[] images, int chunk) {
        int n = Patterns.requireValid(images, NanobeamNN.IMAGE_SIZE);
        float[] out = new float[n * 3];
        for (int start = 0; start < n; start += chunk) {
            int m = Math.min(chunk, n - start);
            try (NoGradient off = NoGradient.open(); NDManager scope = manager.newSubManager()) {
                NDArray x = scope.create(FloatBuffer.wrap(images, start * PIXELS, m * PIXELS), NanobeamNN.inputShape(m));
                float[] y = forward(x, false).toFloatArray();
                System.arraycopy(y, 0, out, start * 3, m * 3);
            }
        }
        return out;
    }

    /** Physical estimates (strain fraction, ω and χ in degrees) for n images (counts, row-major 64×64 each). */
    public ParameterEstimates predict(float[] images) {
        float[] y = predictScaled(images);
        int n = y.length / 3;
        ParameterEstimates e = ParameterEstimates.zeros(n);
        float[] s = info.labelScale();
        for (int i = 0; i < n; i++) {
            e.strain()[i] = y[3 * i] / (double) s[0];
            e.tiltLrDeg()[i] = y[3 * i + 1] / (double) s[1];
            e.tiltUdDeg()[i] = y[3 * i + 2] / (double) s[2];
        }
        return e;
    }

    /** The trained range (the library grid). */
    public ParameterGrid trainedRange() {
        return info.trainedRange();
    }

    /** A copy of all parameter values, in block order (for best-epoch checkpoints in memory). */
    float[][] snapshot() {
        java.util.List<Pair<String, Parameter>> ps = block.getParameters().stream().toList();
        float[][] out = new float[ps.size()][];
        for (int i = 0; i < ps.size(); i++) {
            out[i] = ps.get(i).getValue().getArray().toFloatArray();
        }
        return out;
    }

    /** Restores values captured by {@link #snapshot()}. */
    void restore(float[][] values) {
        java.util.List<Pair<String, Parameter>> ps = block.getParameters().stream().toList();
        for (int i = 0; i < ps.size(); i++) {
            ps.get(i).getValue().getArray().set(FloatBuffer.wrap(values[i]));
        }
    }

    /**
     * Writes the model folder: {@code nanobeamnn.json} and {@code nanobeamnn.params}, each atomically, then their
     * {@code checksums.json}.
     */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        strainlab.io.Checksums.delete(dir);
        AtomicFiles.writeStream(dir.resolve(PARAMS_FILE), os -> {
            DataOutputStream out = new DataOutputStream(os);
            block.saveParameters(out);
            out.flush();
        });
        AtomicFiles.writeString(dir.resolve(NanobeamModelInfo.FILE_NAME), info.toJson());
        strainlab.io.Checksums.write(dir, CHECKSUMMED);
    }

    private void readParameters(DataInputStream in) throws IOException {
        try {
            block.loadParameters(manager, in);
        } catch (MalformedModelException e) {
            throw new IOException("parameters do not fit NanobeamNN: " + e.getMessage(), e);
        }
        for (Pair<String, Parameter> p : block.getParameters()) {
            p.getValue().getArray().setRequiresGradient(true);
        }
        store = new ParameterStore(manager, false);
    }

    @Override
    public void close() {
        manager.close();
    }
}
