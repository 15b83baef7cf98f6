package strainlab.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Poisson variates drawn by the engine's own sampler, libtorch's {@code torch.poisson}: one operation per call on the
 * arrays' device, exact (Hörmann's transformed rejection for means ≥ 10, products of uniforms below), drawing from
 * the engine's generator ({@link #seed}).
 *
 * <p>DJL 0.32's PyTorch binding has no Poisson operator ({@code NDManager.samplePoisson} throws
 * {@code UnsupportedOperationException}), but it runs TorchScript modules. This class writes, in memory, a TorchScript
 * archive of one module without weights whose {@code forward(rates)} returns {@code torch.poisson(rates)} (the
 * archive's version, its module's pickled state, an empty constants table and the module's TorchScript source) and
 * loads it once per device. The engine compiles the source when it loads the archive.
 */
public final class EnginePoisson implements AutoCloseable {
    /** The module's TorchScript source: one class, {@code __torch__.Poisson}. */
    static final String SOURCE = """
            class Poisson(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self: __torch__.Poisson,
                rates: Tensor) -> Tensor:
                return torch.poisson(rates)
            """;

    private final NDManager manager;
    private final PtSymbolBlock module;

    private EnginePoisson(NDManager manager, PtSymbolBlock module) {
        this.manager = manager;
        this.module = module;
    }

    /** The sampler on the device of {@code parent} (a PyTorch manager), in a sub-manager of it. */
    public static EnginePoisson on(NDManager parent) {
        NDManager m = parent.newSubManager();
        try {
            PtSymbolBlock module = JniUtils.loadModule((PtNDManager) m, new ByteArrayInputStream(archive()), true,
                    false);
            return new EnginePoisson(m, module);
        } catch (IOException e) {
            m.close();
            throw new UncheckedIOException("the Poisson module could not be loaded", e);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /** Seeds the engine's generator (CPU and GPUs): what {@link #sample} draws next depends only on the seed. */
    public static void seed(long seed) {
        JniUtils.setSeed(seed);
    }

    /**
     * Poisson(mean) variates, float64, the shape of {@code mean}, on its manager. Means must be finite and ≥ 0 (0
     * gives 0); any float type (converted to float64 first).
     */
    public NDArray sample(NDArray mean) {
        NDArray rates = mean.getDataType() == DataType.FLOAT64 ? mean : mean.toType(DataType.FLOAT64, false);
        return module.forward(null, new NDList(rates), false).singletonOrThrow();
    }

    /** The TorchScript archive of the module: a zip of stored (uncompressed) entries under {@code poisson/}. */
    static byte[] archive() {
        ByteArrayOutputStream state = new ByteArrayOutputStream();
        // pickle protocol 2: GLOBAL __torch__.Poisson, EMPTY_TUPLE, NEWOBJ, EMPTY_DICT,
        // 'training': True (SETITEM), BUILD, STOP; BINPUT memoises each object
        state.writeBytes(new byte[] {(byte) 0x80, 2});
        state.writeBytes("c__torch__\nPoisson\n".getBytes(StandardCharsets.US_ASCII));
        state.writeBytes(new byte[] {'q', 0, ')', (byte) 0x81, 'q', 1, '}', 'q', 2});
        byte[] training = "training".getBytes(StandardCharsets.US_ASCII);
        state.write('X');
        state.writeBytes(new byte[] {(byte) training.length, 0, 0, 0});
        state.writeBytes(training);
        state.writeBytes(new byte[] {'q', 3, (byte) 0x88, 's', 'b', '.'});
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            stored(z, "poisson/version", "3\n".getBytes(StandardCharsets.US_ASCII));
            stored(z, "poisson/data.pkl", state.toByteArray());
            stored(z, "poisson/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
            stored(z, "poisson/code/__torch__.py", SOURCE.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return zip.toByteArray();
    }

    private static void stored(ZipOutputStream z, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        z.putNextEntry(e);
        z.write(data);
        z.closeEntry();
    }

    @Override
    public void close() {
        module.close();
        manager.close();
    }
}
