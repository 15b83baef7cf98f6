package strainlab.dataset;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import strainlab.io.AtomicFiles;

/**
 * The {@value #FILE_NAME} of a sharded data set (see {@code docs/dataset-format.md}): what the set is
 * (source description, grid, labels, seed, counts) and which shards are finished, with their checksums.
 * Written with Gson, keys of the source description sorted, no time stamps: identical generations give
 * identical manifests.
 *
 * @param format         always {@value #FORMAT}
 * @param formatVersion  {@link ShardHeader#FORMAT_VERSION}, or {@link ShardHeader#EXPECTED_COUNTS_VERSION} when the
 *                       set stores expected counts
 * @param source         {@link CurveSource#describe()} as canonical JSON (object keys sorted)
 * @param inputLength    float32 inputs per example
 * @param inputGrid      {@link CurveSource#inputGrid()} (may be empty)
 * @param labelNames     label names in storage order
 * @param seed           the seed of the set: example i depends only on (seed, i)
 * @param count          total number of examples
 * @param shardSize      examples per shard (the last shard may hold fewer)
 * @param noise          noise mode of XRD sets ({@code honest} or {@code published}); null when not applicable
 * @param shardCount     number of shards, {@code ceil(count / shardSize)}
 * @param complete       true once every shard is written and listed
 * @param shards         finished shards sorted by index
 * @param expectedCounts layout of the expected-count rows stored with every example, or null (the field is then
 *                       absent from the file): sets written without {@code --store-expected-counts}
 */
public record Manifest(String format, int formatVersion, JsonObject source, int inputLength, double[] inputGrid,
                       List<String> labelNames, long seed, long count, int shardSize, String noise,
                       int shardCount, boolean complete, List<ShardEntry> shards, ExpectedCounts expectedCounts) {
    /** The manifest's file name inside the set's folder. */
    public static final String FILE_NAME = "manifest.json";
    /** Value of the {@code format} field. */
    public static final String FORMAT = "strainlab-dataset";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls()
            .serializeSpecialFloatingPointValues().disableHtmlEscaping().create();

    /**
     * One finished shard.
     *
     * @param index   shard number (0-based)
     * @param file    file name inside the set's folder, e.g. {@code shard-00000.bin}
     * @param first   global index of its first example
     * @param count   examples in the shard
     * @param bytes   file size in bytes
     * @param crc32c  CRC-32C of the whole file, 8 lower-case hex digits
     */
    public record ShardEntry(int index, String file, long first, int count, long bytes, String crc32c) {
        public ShardEntry {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(crc32c, "crc32c");
        }
    }

    public Manifest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(inputGrid, "inputGrid");
        inputGrid = inputGrid.clone();
        labelNames = List.copyOf(labelNames);
        shards = List.copyOf(shards);
    }

    /** The input grid (a copy). */
    @Override
    public double[] inputGrid() {
        return inputGrid.clone();
    }

    /** The source description (a copy). */
    @Override
    public JsonObject source() {
        return source.deepCopy();
    }

    /** The plan of a new set drawn from {@code source}: no shards finished yet. */
    public static Manifest plan(CurveSource source, long seed, long count, int shardSize, String noise) {
        return plan(source, seed, count, shardSize, noise, null);
    }

    /** The plan of a new set drawn from {@code source} that stores expected counts of the given layout (or none). */
    public static Manifest plan(CurveSource source, long seed, long count, int shardSize, String noise,
                                ExpectedCounts expectedCounts) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be ≥ 1, got " + count);
        }
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("count must be ≤ " + Integer.MAX_VALUE + ", got " + count);
        }
        if (shardSize < 1) {
            throw new IllegalArgumentException("shard size must be ≥ 1, got " + shardSize);
        }
        List<String> labels = source.labelNames();
        new ShardHeader(seed, 0, (int) Math.min(shardSize, count), source.inputLength(), labels.size(),
                expectedCounts == null ? 0 : expectedCounts.width());
        int shardCount = Math.toIntExact((count + shardSize - 1) / shardSize);
        return new Manifest(FORMAT, expectedCounts == null ? ShardHeader.FORMAT_VERSION
                : ShardHeader.EXPECTED_COUNTS_VERSION, canonicalDescription(source.describe()),
                source.inputLength(), source.inputGrid().clone(), labels, seed, count, shardSize, noise,
                shardCount, false, List.of(), expectedCounts);
    }

    /** File name of shard {@code index}: {@code shard-00000.bin}, {@code shard-00001.bin}, ... */
    public static String shardFileName(int index) {
        return String.format("shard-%05d.bin", index);
    }

    /** Global index of the first example of shard {@code index}. */
    public long shardFirst(int index) {
        return (long) index * shardSize;
    }

    /** Number of examples in shard {@code index} (the last one may be short). */
    public int shardLength(int index) {
        return (int) Math.min(shardSize, count - shardFirst(index));
    }

    /** The header every shard {@code index} of this set must carry. */
    public ShardHeader shardHeader(int index) {
        return new ShardHeader(seed, shardFirst(index), shardLength(index), inputLength, labelNames.size(),
                expectedWidth());
    }

    /** Float32 expected-count values per example (0 when the set stores none). */
    public int expectedWidth() {
        return expectedCounts == null ? 0 : expectedCounts.width();
    }

    /** Number of examples in finished shards. */
    public long finishedCount() {
        return shards.stream().mapToLong(ShardEntry::count).sum();
    }

    /** A copy with the given finished shards (sorted by index) and completeness flag. */
    public Manifest withShards(List<ShardEntry> finished, boolean isComplete) {
        List<ShardEntry> sorted = new ArrayList<>(finished);
        sorted.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return new Manifest(format, formatVersion, source, inputLength, inputGrid, labelNames, seed, count,
                shardSize, noise, shardCount, isComplete, sorted, expectedCounts);
    }

    /**
     * The fields that make two manifests describe different sets (everything but the shard list), one line
     * each, e.g. {@code seed: folder has 2, requested 1}; empty when both describe the same set.
     */
    public List<String> differencesFrom(Manifest requested) {
        List<String> d = new ArrayList<>();
        diff(d, "format version", formatVersion, requested.formatVersion);
        jsonDiff(d, "source", source, requested.source);
        diff(d, "input length", inputLength, requested.inputLength);
        if (!Arrays.equals(inputGrid, requested.inputGrid)) {
            d.add("input grid: folder has " + gridText(inputGrid) + ", requested " + gridText(requested.inputGrid));
        }
        diff(d, "labels", labelNames, requested.labelNames);
        diff(d, "seed", seed, requested.seed);
        diff(d, "count", count, requested.count);
        diff(d, "shard size", shardSize, requested.shardSize);
        diff(d, "noise", noise, requested.noise);
        if (!Objects.equals(expectedCounts, requested.expectedCounts)) {
            d.add("expected counts: folder has " + (expectedCounts == null ? "none" : expectedCounts) + ", requested "
                    + (requested.expectedCounts == null ? "none (no --store-expected-counts)" : requested.expectedCounts));
        }
        return d;
    }

    /** Adds one line per differing leaf of two JSON trees (at most 8 lines in all). */
    private static void jsonDiff(List<String> d, String path, JsonElement have, JsonElement want) {
        if (Objects.equals(have, want) || d.size() >= 8) {
            return;
        }
        if (have != null && want != null && have.isJsonObject() && want.isJsonObject()) {
            java.util.TreeSet<String> keys = new java.util.TreeSet<>(have.getAsJsonObject().keySet());
            keys.addAll(want.getAsJsonObject().keySet());
            for (String k : keys) {
                jsonDiff(d, path + "." + k, have.getAsJsonObject().get(k), want.getAsJsonObject().get(k));
            }
            return;
        }
        d.add(path + ": folder has " + (have == null ? "nothing" : have) + ", requested "
                + (want == null ? "nothing" : want));
    }

    private static void diff(List<String> d, String field, Object have, Object want) {
        if (!Objects.equals(have, want)) {
            d.add(field + ": folder has " + have + ", requested " + want);
        }
    }

    private static String gridText(double[] g) {
        return g.length == 0 ? "none" : g.length + " points " + g[0] + " .. " + g[g.length - 1];
    }

    /** The manifest as pretty-printed JSON (deterministic); {@code expectedCounts} only when present. */
    public String toJson() {
        JsonObject tree = GSON.toJsonTree(this).getAsJsonObject();
        if (expectedCounts == null) {
            tree.remove("expectedCounts");
        }
        return GSON.toJson(tree) + "\n";
    }

    /** Parses a manifest; {@code file} is named in error messages. */
    public static Manifest fromJson(String json, Path file) throws IOException {
        Manifest m;
        try {
            m = GSON.fromJson(json, Manifest.class);
        } catch (JsonParseException | IllegalArgumentException | NullPointerException e) {
            throw new IOException("manifest " + file + ": invalid: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Gson wraps what a record's constructor throws (an invalid expectedCounts entry)
            if (e.getCause() instanceof IllegalArgumentException cause) {
                throw new IOException("manifest " + file + ": invalid: " + cause.getMessage(), e);
            }
            throw e;
        }
        if (m == null || !FORMAT.equals(m.format())) {
            throw new IOException("manifest " + file + ": not a StrainLab data set (field 'format' must be '"
                    + FORMAT + "')");
        }
        if (m.formatVersion() != ShardHeader.FORMAT_VERSION && m.formatVersion() != ShardHeader.EXPECTED_COUNTS_VERSION) {
            throw new IOException("manifest " + file + ": format version " + m.formatVersion()
                    + ", this reader knows " + ShardHeader.FORMAT_VERSION + " and "
                    + ShardHeader.EXPECTED_COUNTS_VERSION);
        }
        if ((m.formatVersion() == ShardHeader.EXPECTED_COUNTS_VERSION) != (m.expectedCounts() != null)) {
            throw new IOException("manifest " + file + ": format version " + m.formatVersion() + (m.expectedCounts()
                    == null ? " without" : " with") + " an 'expectedCounts' entry (version "
                    + ShardHeader.EXPECTED_COUNTS_VERSION + " and the entry go together)");
        }
        if (m.count() < 1 || m.shardSize() < 1 || m.inputLength() < 1
                || m.shardCount() != (m.count() + m.shardSize() - 1) / m.shardSize()) {
            throw new IOException("manifest " + file + ": inconsistent count " + m.count() + ", shard size "
                    + m.shardSize() + ", shard count " + m.shardCount() + ", input length " + m.inputLength());
        }
        return m;
    }

    /** Reads {@code dir/manifest.json}. */
    public static Manifest read(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no " + FILE_NAME + ": not a StrainLab data set");
        }
        return fromJson(text, file);
    }

    /** Writes {@code dir/manifest.json} atomically (temp file, fsync, rename). */
    public void write(Path dir) throws IOException {
        AtomicFiles.write(dir.resolve(FILE_NAME), ByteBuffer.wrap(toJson().getBytes(StandardCharsets.UTF_8)));
    }

    /** A JSON object of a description map with keys sorted at every level, so equal maps give equal bytes. */
    public static JsonObject canonicalDescription(Map<String, Object> description) {
        return (JsonObject) canonical(GSON.toJsonTree(description == null ? Map.of() : description));
    }

    private static JsonElement canonical(JsonElement e) {
        if (e.isJsonObject()) {
            TreeMap<String, JsonElement> sorted = new TreeMap<>();
            e.getAsJsonObject().entrySet().forEach(x -> sorted.put(x.getKey(), canonical(x.getValue())));
            JsonObject o = new JsonObject();
            sorted.forEach(o::add);
            return o;
        }
        if (e.isJsonArray()) {
            JsonArray a = new JsonArray();
            e.getAsJsonArray().forEach(x -> a.add(canonical(x)));
            return a;
        }
        if (e.isJsonPrimitive()) {
            return JsonParser.parseString(GSON.toJson(e));
        }
        return e;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Manifest m && toJson().equals(m.toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return "Manifest[" + count + " examples x (" + inputLength + " inputs, " + labelNames.size()
                + " labels), seed " + seed + ", " + shards.size() + "/" + shardCount + " shards"
                + (complete ? ", complete" : "") + "]";
    }
}
