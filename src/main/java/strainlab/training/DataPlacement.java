package strainlab.training;

import ai.djl.Device;
import java.util.Locale;

/**
 * Where training reads its mini-batches from.
 *
 * <ul>
 *   <li>{@link #HOST}: a loader thread fills each batch from the data set in host memory and copies it to the
 *       device; the step's loss is read back at once. Each step therefore waits for the previous one.</li>
 *   <li>{@link #DEVICE}: the training and validation sets (inputs and normalised labels, float32) are copied to
 *       the device once; each batch is gathered there from the epoch's shuffled indices and losses are summed
 *       there and read once per epoch (and at progress lines), so the host queues steps ahead of a GPU.
 *       Same batches, same arithmetic, same results as {@code HOST}.</li>
 *   <li>{@link #AUTO}: {@code DEVICE} on a GPU when the sets take at most {@link #AUTO_DEVICE_LIMIT_BYTES},
 *       else {@code HOST}.</li>
 * </ul>
 */
public enum DataPlacement {
    AUTO, HOST, DEVICE;

    /** Largest training + validation sets (bytes on the device) that {@link #AUTO} keeps on a GPU: 16 GiB. */
    public static final long AUTO_DEVICE_LIMIT_BYTES = 16L << 30;

    /** Parses {@code auto}, {@code host} or {@code device} (any case). */
    public static DataPlacement parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("data placement '" + s + "': use auto, host or device");
        }
    }

    /** {@code HOST} or {@code DEVICE} for sets of {@code bytes} on {@code device}. */
    public DataPlacement resolve(Device device, long bytes) {
        if (this != AUTO) {
            return this;
        }
        boolean gpu = Device.Type.GPU.equals(device.getDeviceType());
        return gpu && bytes <= AUTO_DEVICE_LIMIT_BYTES ? DEVICE : HOST;
    }

    /** The option's spelling ({@code auto}, {@code host}, {@code device}). */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
