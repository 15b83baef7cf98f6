package strainlab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import strainlab.nanobeam.net.NanobeamEnsemble;
import strainlab.nanobeam.sim.FilmSample;
import strainlab.nanobeam.sim.NanobeamInstrument;
import strainlab.nanobeam.sim.NanobeamSimulator;
import strainlab.nanobeam.sim.TiltConvention;
import strainlab.training.Devices;

/** Option values of the nanobeam subcommands that need checking beyond their type: usage errors name the option. */
final class NanobeamArgs {
    private NanobeamArgs() {
    }

    /** The paper's instrument on {@code film}, with the corrected or the published library's tilt term. */
    static NanobeamSimulator simulator(FilmSample film, boolean corrected) {
        return new NanobeamSimulator(NanobeamInstrument.paper(), film,
                corrected ? TiltConvention.CORRECTED : TiltConvention.PUBLISHED_LIBRARY);
    }

    /** Loads a model or ensemble folder; a missing or invalid folder is a usage error naming the option. */
    static NanobeamEnsemble loadModel(String option, Path dir, String device) throws UsageException {
        if (!Files.isDirectory(dir)) {
            throw new UsageException(option + ": " + dir + " is not a folder (give a model folder written by "
                    + "bin/strainlab nanobeam train)");
        }
        try {
            return NanobeamEnsemble.load(dir, device);
        } catch (IOException | RuntimeException e) {
            throw new UsageException(option + ": " + dir + ": not a usable NanobeamNN model: " + e.getMessage());
        }
    }

    /** Checks a device name ({@code auto}, {@code cpu}, {@code gpu}, {@code gpu:N}); returns the device it picks. */
    static String device(String name) throws UsageException {
        try {
            return Devices.selectName(name);
        } catch (RuntimeException e) {
            throw new UsageException("--device: " + e.getMessage());
        }
    }

    static void outDir(Path dir) throws UsageException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException("--out: " + dir + " exists and is not a folder");
        }
    }

    /** {@code NAME=DIR} entries (a bare DIR is named after its folder); names must be unique. */
    static Map<String, Path> named(List<String> entries) throws UsageException {
        Map<String, Path> out = new LinkedHashMap<>();
        for (String item : entries) {
            String s = item.trim();
            int eq = s.indexOf('=');
            String name = s.isEmpty() ? "" : eq < 0 ? Path.of(s).getFileName().toString() : s.substring(0, eq).trim();
            String dir = eq < 0 ? s : s.substring(eq + 1).trim();
            if (name.isEmpty() || dir.isEmpty()) {
                throw new UsageException("--models: entry '" + s + "' needs a name and a folder (NAME=DIR)");
            }
            if (out.put(name, Path.of(dir)) != null) {
                throw new UsageException("--models: the name '" + name + "' is given twice");
            }
        }
        return out;
    }

    /** Distinct finite positive count levels, in the given order. */
    static double[] levels(String option, List<Double> values) throws UsageException {
        LinkedHashSet<Double> seen = new LinkedHashSet<>();
        for (double v : values) {
            Picocli.positive(option, v);
            if (!seen.add(v)) {
                throw new UsageException(option + ": " + v + " is listed twice");
            }
        }
        return seen.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
