package strainlab.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The {@value #FILE_NAME} of a model folder: the CRC-32C (as in the data set shards) of each file a load reads,
 * keyed by its path relative to the folder ({@code network.params}, {@code member-03/nanobeamnn.params}).
 * It is written last and atomically, so a folder whose files changed after it was written fails {@link #verify}.
 *
 * <p>A folder without the file (written before checksums existed) is accepted with a one-line warning on standard
 * error; {@code bin/strainlab models checksum DIR} adds it.
 */
public final class Checksums {
    /** Name of the checksum file inside a model folder. */
    public static final String FILE_NAME = "checksums.json";
    /** Value of its {@code format} field. */
    public static final String FORMAT = "strainlab-checksums/1";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    private static final Set<Path> WARNED = ConcurrentHashMap.newKeySet();
    private static volatile Consumer<String> warnings = System.err::println;

    private Checksums() {
    }

    /** Where the one-line warnings of unchecked folders go (standard error by default). */
    public static void warnings(Consumer<String> sink) {
        warnings = sink == null ? System.err::println : sink;
    }

    /** CRC-32C of a file's bytes as 8 lower-case hex digits; errors name the file. */
    public static String crc32c(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                crc.update(buf, 0, n);
            }
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": missing", e);
        }
        return String.format("%08x", crc.getValue());
    }

    /** CRC-32C of a text's UTF-8 bytes as 8 lower-case hex digits (e.g. of a manifest, as a data set's identity). */
    public static String crc32c(String text) {
        CRC32C crc = new CRC32C();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }

    /** Writes {@code dir/checksums.json} for {@code files} (paths relative to {@code dir}) atomically. */
    public static void write(Path dir, List<String> files) throws IOException {
        Map<String, String> sums = new TreeMap<>();
        for (String f : files) {
            sums.put(f, crc32c(dir.resolve(f)));
        }
        JsonObject root = new JsonObject();
        root.addProperty("format", FORMAT);
        root.addProperty("algorithm", "CRC-32C");
        root.add("files", GSON.toJsonTree(sums));
        AtomicFiles.writeText(dir.resolve(FILE_NAME), w -> w.write(GSON.toJson(root) + "\n"));
    }

    /** Deletes {@code dir/checksums.json} (before the files it covers are rewritten). */
    public static void delete(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(FILE_NAME));
    }

    /** Whether {@code dir} holds a checksum file. */
    public static boolean present(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE_NAME));
    }

    /**
     * The checksums listed in {@code dir/checksums.json} (relative path → CRC-32C), or null when the folder has
     * none; a damaged file is an error naming it.
     */
    public static Map<String, String> read(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        JsonObject root;
        try {
            JsonElement e = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            root = e.isJsonObject() ? e.getAsJsonObject() : null;
        } catch (JsonParseException | IOException e) {
            throw new IOException(file + ": not a readable checksum file (" + e.getClass().getSimpleName()
                    + "); run 'bin/strainlab models checksum " + dir + "' if the model files are intact", e);
        }
        if (root == null || !root.has("format") || !FORMAT.equals(root.get("format").getAsString())
                || !root.has("files") || !root.get("files").isJsonObject()) {
            throw new IOException(file + ": not a StrainLab checksum file (field 'format' must be '" + FORMAT
                    + "' and 'files' an object)");
        }
        Map<String, String> sums = new TreeMap<>();
        for (var en : root.getAsJsonObject("files").entrySet()) {
            if (!en.getValue().isJsonPrimitive() || !en.getValue().getAsString().matches("[0-9a-f]{8}")) {
                throw new IOException(file + ": files." + en.getKey() + " must be 8 lower-case hex digits");
            }
            sums.put(en.getKey(), en.getValue().getAsString());
        }
        return sums;
    }

    /**
     * Checks every file of {@code dir/checksums.json} and that each of {@code required} is listed. A folder without
     * the file is accepted with a one-line warning (once per folder). Returns the listed paths (empty when none).
     *
     * @throws IOException naming the first missing or damaged file
     */
    public static Set<String> verify(Path dir, List<String> required) throws IOException {
        Map<String, String> sums = read(dir);
        if (sums == null) {
            if (WARNED.add(dir.toAbsolutePath().normalize())) {
                warnings.accept("warning: " + dir + " has no " + FILE_NAME + " (written before checksums existed): "
                        + "its files are not verified; 'bin/strainlab models checksum " + dir + "' adds them");
            }
            return Set.of();
        }
        Path listing = dir.resolve(FILE_NAME);
        for (String r : required) {
            if (!sums.containsKey(r)) {
                throw new IOException(listing + ": does not list " + r + " (the folder was changed after it was "
                        + "written)");
            }
        }
        for (var e : sums.entrySet()) {
            Path f = dir.resolve(e.getKey());
            if (!Files.isRegularFile(f)) {
                throw new IOException(f + ": missing (listed in " + listing + "); the model is incomplete");
            }
            String actual = crc32c(f);
            if (!actual.equals(e.getValue())) {
                throw new IOException(f + ": damaged or modified (CRC-32C " + actual + ", " + listing + " says "
                        + e.getValue() + "); restore the file or retrain the model");
            }
        }
        return sums.keySet();
    }
}
