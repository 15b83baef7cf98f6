package strainlab;

import ai.djl.engine.Engine;
import ai.djl.util.cuda.CudaUtils;
import java.util.Locale;

/**
 * What StrainLab runs on: versions, the DJL engine, the compute device and the scale in force.
 * The same report is printed by {@code bin/strainlab info} and by the first notebook.
 *
 * @param strainlabVersion StrainLab's version
 * @param javaVersion      the running JVM's version and name
 * @param djlVersion       the DJL version StrainLab is built against
 * @param engineName       the default DJL engine (PyTorch)
 * @param engineVersion    the engine's native library version
 * @param gpuCount         number of GPUs the engine sees (0 on a CPU host)
 * @param cudaVersion      CUDA version string, empty when no GPU is visible
 * @param defaultDevice    the engine's default device, e.g. {@code cpu()} or {@code gpu(0)}
 * @param cores            processors available to the JVM
 * @param scale            the notebook/CLI size setting ({@link Scale#current()})
 */
public record Info(String strainlabVersion, String javaVersion, String djlVersion, String engineName,
                   String engineVersion, int gpuCount, String cudaVersion, String defaultDevice, int cores,
                   Scale scale) {

    /** StrainLab's version. */
    public static final String STRAINLAB_VERSION = "0.1.0";
    /** DJL version in the pom. */
    public static final String DJL_VERSION = "0.32.0";
    /** PyTorch (libtorch) version in the pom. */
    public static final String PYTORCH_VERSION = "2.5.1";

    /** Collects the report; loads the DJL engine (offline, from the Maven Central native jar) if needed. */
    public static Info collect() {
        Engine engine = Engine.getInstance();
        int gpus = engine.getGpuCount();
        return new Info(STRAINLAB_VERSION,
                System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
                DJL_VERSION, engine.getEngineName(), engine.getVersion(), gpus,
                gpus > 0 ? CudaUtils.getCudaVersionString() : "",
                engine.defaultDevice().toString(), Runtime.getRuntime().availableProcessors(), Scale.current());
    }

    /** "CPU" or "GPU xN (CUDA v)". */
    public String device() {
        return gpuCount > 0 ? "GPU x" + gpuCount + " (CUDA " + cudaVersion + ")" : "CPU";
    }

    /** The aligned multi-line report. */
    @Override
    public String toString() {
        return String.join(System.lineSeparator(),
                "StrainLab      " + strainlabVersion,
                "Java           " + javaVersion,
                "DJL            " + djlVersion,
                "engine         " + engineName + " " + engineVersion,
                "device         " + device() + ", default " + defaultDevice,
                "cores          " + cores,
                "scale          " + scale.name().toLowerCase(Locale.ROOT) + " (" + Scale.ENV + ")");
    }
}
