package strainlab.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One optimizer accumulator per parameter (RMSprop's mean square, Adam's first or second moment), keyed by DJL
 * parameter id and device. Once the parameters are packed into a {@link FlatParameters} buffer, {@link #flat} makes
 * one accumulator laid out like the buffer and the per-parameter ones become views of it, so that a fused update
 * of the buffer updates them too. {@link #write} and {@link #read} save and restore them by parameter
 * <em>name</em> (ids are random per process, names are stable): the count, then per name in name order its UTF
 * name, the length and the bytes of {@code NDArray.encode()}.
 */
final class ParameterMoments {
    private final Map<String, Map<Device, NDArray>> byId = new ConcurrentHashMap<>();

    /** The map DJL's {@code Optimizer.withDefaultState} fills for per-parameter updates. */
    Map<String, Map<Device, NDArray>> byId() {
        return byId;
    }

    /** The accumulator of one parameter on any device, or null before it has one. */
    NDArray any(String parameterId) {
        Map<Device, NDArray> byDevice = byId.get(parameterId);
        return byDevice == null || byDevice.isEmpty() ? null : byDevice.values().iterator().next();
    }

    /**
     * A new accumulator laid out like {@code parameters}' buffer, on its manager, holding each parameter's
     * accumulator where it has one on the buffer's device (restored, or from per-parameter updates) and zeros
     * elsewhere; the parameters' accumulators become views of it.
     */
    NDArray flat(FlatParameters parameters) {
        NDArray weight = parameters.values();
        Device device = weight.getDevice();
        List<Parameter> list = parameters.parameters();
        NDArray[] previous = new NDArray[list.size()];
        for (int i = 0; i < previous.length; i++) {
            Map<Device, NDArray> byDevice = byId.get(list.get(i).getId());
            previous[i] = byDevice == null ? null : byDevice.get(device);
        }
        NDArray flat = parameters.gather(previous, weight.getManager());
        NDArray[] views = parameters.viewsOf(flat);
        for (int i = 0; i < views.length; i++) {
            byId.computeIfAbsent(list.get(i).getId(), k -> new ConcurrentHashMap<>()).put(device, views[i]);
            if (previous[i] != null) {
                previous[i].close();
            }
        }
        return flat;
    }

    /** Writes the accumulators by name; {@code idToName} maps parameter ids to names. */
    void write(DataOutputStream out, Map<String, String> idToName) throws IOException {
        Map<String, NDArray> byName = new TreeMap<>();
        for (Map.Entry<String, Map<Device, NDArray>> e : byId.entrySet()) {
            String name = idToName.get(e.getKey());
            if (name == null) {
                throw new IllegalStateException("optimizer state for unknown parameter id " + e.getKey());
            }
            byName.put(name, e.getValue().values().iterator().next());
        }
        out.writeInt(byName.size());
        for (Map.Entry<String, NDArray> e : byName.entrySet()) {
            out.writeUTF(e.getKey());
            byte[] bytes = e.getValue().encode();
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    /**
     * Reads what {@link #write} wrote, keyed by the ids {@code nameToId} gives the names, the arrays on
     * {@code manager} (which must outlive training); {@link #replace} installs them.
     */
    static Map<String, Map<Device, NDArray>> read(DataInputStream in, Map<String, String> nameToId,
            NDManager manager) throws IOException {
        int n = in.readInt();
        Map<String, Map<Device, NDArray>> restored = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            String id = nameToId.get(name);
            if (id == null) {
                throw new IOException("optimizer state names parameter '" + name + "' that the network lacks");
            }
            NDArray v = manager.decode(bytes);
            Map<Device, NDArray> byDevice = new ConcurrentHashMap<>();
            byDevice.put(v.getDevice(), v);
            restored.put(id, byDevice);
        }
        return restored;
    }

    /** Replaces every accumulator by those {@link #read} returned. */
    void replace(Map<String, Map<Device, NDArray>> restored) {
        byId.clear();
        byId.putAll(restored);
    }
}
