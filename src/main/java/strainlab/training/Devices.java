package strainlab.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/** Chooses the compute device: {@code auto} takes the first GPU when the engine sees one, else the CPU. */
public final class Devices {
    private Devices() {
    }

    /** Checks the syntax of a device setting ({@code auto}, {@code cpu}, {@code gpu}, {@code gpu:N}). */
    static String parse(String setting) {
        if (setting == null) {
            throw new IllegalArgumentException("device must be auto, cpu, gpu or gpu:N, got null");
        }
        String s = setting.trim().toLowerCase(Locale.ROOT);
        if (s.equals("auto") || s.equals("cpu") || s.equals("gpu") || s.matches("gpu:\\d+")) {
            return s;
        }
        throw new IllegalArgumentException("device must be auto, cpu, gpu or gpu:N, got '" + setting + "'");
    }

    /**
     * The device for a setting. {@code gpu} when the engine sees no GPU is an error that says how to get one
     * (the CUDA build of PyTorch: {@code mvn -Pcuda}).
     */
    public static Device select(String setting) {
        String s = parse(setting);
        int gpus = Engine.getInstance().getGpuCount();
        if (s.equals("auto")) {
            return gpus > 0 ? Device.gpu() : Device.cpu();
        }
        if (s.equals("cpu")) {
            return Device.cpu();
        }
        int index = s.equals("gpu") ? 0 : Integer.parseInt(s.substring(4));
        if (index >= gpus) {
            throw new IllegalStateException("device '" + setting + "': the " + Engine.getInstance().getEngineName()
                    + " engine sees " + gpus + " GPU(s); on a CUDA host build with the CUDA native library "
                    + "(mvn -Pcuda) or use --device cpu");
        }
        return Device.gpu(index);
    }

    /**
     * The device a setting picks, by name ({@code cpu()}, {@code gpu(0)}): {@link #select} for callers that hold no
     * engine objects.
     */
    public static String selectName(String setting) {
        return select(setting).toString();
    }

    /** A short description such as {@code cpu()} or {@code gpu(0)}. */
    public static String describe(Device device) {
        return device.toString();
    }
}
