package strainlab.dataset;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A finished sharded data set opened for reading (format: {@code docs/dataset-format.md}). Every shard file
 * is memory-mapped read-only, so the set is never copied into the heap: 1.5 M curves of 1001 floats (6 GB)
 * are read through the page cache.
 *
 * <p><b>Checks.</b> {@link #open(Path)} checks the manifest and each shard's size and header at once; the
 * CRC-32C of a shard is verified lazily, the first time any example of that shard is read (so the first
 * epoch pays the checksum cost once, and a damaged shard fails with a {@link CorruptShardException} naming
 * the file). {@link #open(Path, Verification)} with {@link Verification#EAGER} verifies every checksum at
 * open time instead; {@link #verifyAll()} does it on demand.
 *
 * <p>All read methods are thread-safe; do not close the set while other threads read it. Closing drops the
 * mappings (the JVM unmaps them when they are collected).
 */
public final class ShardedDataset implements AutoCloseable {
    /** When shard checksums are verified. */
    public enum Verification {
        /** All checksums at {@link #open(Path, Verification)}. */
        EAGER,
        /** Each shard's checksum when it is first read (default). */
        LAZY
    }

    /** One example: index, inputs and labels (copies). */
    public record Example(long index, float[] input, float[] labels) {
    }

    /** Receives the label block of one shard: row-major {@code count × labelCount} floats. */
    @FunctionalInterface
    public interface LabelBlockConsumer {
        /**
         * @param first  global index of the block's first example
         * @param count  examples in the block
         * @param labels {@code count × labelCount} floats, example-major, starting at position 0 (read-only)
         */
        void accept(long first, int count, FloatBuffer labels);
    }

    private final Path dir;
    private volatile Manifest manifest;
    private final int labelCount;
    private final MappedByteBuffer[] maps;
    private final Manifest.ShardEntry[] entries;
    private final FloatBuffer[] inputs;
    private final FloatBuffer[] labels;
    private final FloatBuffer[] expected;
    private final AtomicIntegerArray verified;
    /** Shards 0 .. mappedShards-1 are mapped (all of them for a finished set). */
    private volatile int mappedShards;
    private volatile boolean closed;

    private ShardedDataset(Path dir, Manifest manifest) {
        this.dir = dir;
        this.manifest = manifest;
        this.labelCount = manifest.labelNames().size();
        int n = manifest.shardCount();
        this.maps = new MappedByteBuffer[n];
        this.entries = new Manifest.ShardEntry[n];
        this.inputs = new FloatBuffer[n];
        this.labels = new FloatBuffer[n];
        this.expected = new FloatBuffer[n];
        this.verified = new AtomicIntegerArray(n);
    }

    /** Maps shard {@code s} (listed as {@code e}) after checking its name, size and header. */
    private void map(int s, Manifest.ShardEntry e) throws IOException {
        Manifest m = manifest;
        if (e.index() != s || !e.file().equals(Manifest.shardFileName(s))) {
            throw new IOException("manifest " + dir.resolve(Manifest.FILE_NAME) + ": shard entry " + s
                    + " is " + e.file() + " (index " + e.index() + "), expected " + Manifest.shardFileName(s));
        }
        Path file = dir.resolve(e.file());
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "shard listed in the manifest is missing");
        }
        long size = Files.size(file);
        if (size != e.bytes()) {
            throw new CorruptShardException(file, "size " + size + " bytes, manifest says " + e.bytes());
        }
        MappedByteBuffer map;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
        }
        ShardHeader h = m.shardHeader(s);
        ShardHeader actual = ShardHeader.readFrom(map, file);
        if (!actual.equals(h)) {
            throw new CorruptShardException(file, "header " + actual + ", expected " + h);
        }
        inputs[s] = map.slice(ShardHeader.BYTES, 4 * h.count() * h.inputLength())
                .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().asReadOnlyBuffer();
        labels[s] = map.slice((int) h.labelOffset(), 4 * h.count() * labelCount)
                .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().asReadOnlyBuffer();
        if (h.expectedWidth() > 0) {
            expected[s] = map.slice((int) h.expectedOffset(), 4 * h.count() * h.expectedWidth())
                    .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().asReadOnlyBuffer();
        }
        entries[s] = e;
        maps[s] = map;
    }

    /** Opens the set in {@code dir}, verifying checksums lazily. */
    public static ShardedDataset open(Path dir) throws IOException {
        return open(dir, Verification.LAZY);
    }

    /**
     * Opens the set in {@code dir}.
     *
     * @throws IOException           when the manifest is missing or invalid, the set is incomplete, or a shard is
     *                               missing (the message names the file)
     * @throws CorruptShardException when a shard's size, header or (EAGER) checksum is wrong
     */
    public static ShardedDataset open(Path dir, Verification verification) throws IOException {
        Manifest m = Manifest.read(dir);
        if (!m.complete() || m.shards().size() != m.shardCount()) {
            throw new IOException("data set " + dir + " is incomplete: " + m.shards().size() + " of "
                    + m.shardCount() + " shards finished; run generate again with the same arguments to finish it");
        }
        ShardedDataset set = new ShardedDataset(dir, m);
        for (int s = 0; s < m.shardCount(); s++) {
            set.map(s, m.shards().get(s));
        }
        set.mappedShards = m.shardCount();
        if (verification == Verification.EAGER) {
            set.verifyAll();
        }
        return set;
    }

    /**
     * Opens the set in {@code dir} while {@code generate} may still be writing it: the shards finished so far from
     * the first on are mapped, {@link #refresh} maps those finished since, and reading an example of a shard not yet
     * mapped throws. Its size, split and identity ({@link #planChecksum}) are those of the whole planned set.
     *
     * @throws IOException when the manifest is missing or invalid, or a listed shard is missing
     * @throws CorruptShardException when a listed shard's size or header is wrong
     */
    public static ShardedDataset openGrowing(Path dir) throws IOException {
        ShardedDataset set = new ShardedDataset(dir, Manifest.read(dir));
        set.refresh();
        return set;
    }

    /**
     * Re-reads the manifest of a set opened with {@link #openGrowing} and maps the shards finished since, as far as
     * they follow one another from the first; returns {@link #finishedCount}.
     *
     * @throws IOException when the manifest now describes another set (the folder was regenerated) or a shard is
     *                     missing
     */
    public synchronized long refresh() throws IOException {
        checkOpen();
        if (mappedShards < maps.length) {
            Manifest now = Manifest.read(dir);
            List<String> differences = now.differencesFrom(manifest);
            if (!differences.isEmpty()) {
                throw new DatasetMismatchException(dir, differences);
            }
            Manifest.ShardEntry[] listed = new Manifest.ShardEntry[maps.length];
            for (Manifest.ShardEntry e : now.shards()) {
                if (e.index() >= 0 && e.index() < listed.length) {
                    listed[e.index()] = e;
                }
            }
            manifest = now;
            int s = mappedShards;
            while (s < maps.length && listed[s] != null) {
                map(s, listed[s]);
                s++;
            }
            mappedShards = s;
        }
        return finishedCount();
    }

    /** Examples readable now: those of the shards mapped from the first on (all of them for a finished set). */
    public long finishedCount() {
        int s = mappedShards;
        return s == maps.length ? size() : manifest.shardFirst(s);
    }

    /**
     * The CRC-32C of the set's plan (its manifest without the shard list): the same while the set is being generated
     * and after, different for another recipe, seed, count, noise or layout.
     */
    public String planChecksum() {
        return strainlab.io.Checksums.crc32c(manifest.withShards(List.of(), false).toJson());
    }

    /** The set's folder. */
    public Path dir() {
        return dir;
    }

    /** The set's manifest. */
    public Manifest manifest() {
        return manifest;
    }

    /** Number of examples. */
    public long size() {
        return manifest.count();
    }

    /** Float32 inputs per example. */
    public int inputLength() {
        return manifest.inputLength();
    }

    /** Labels per example. */
    public int labelCount() {
        return labelCount;
    }

    /** Label names in storage order. */
    public List<String> labelNames() {
        return manifest.labelNames();
    }

    /** The network-input grid recorded by the source (may be empty); a copy. */
    public double[] inputGrid() {
        return manifest.inputGrid().clone();
    }

    /** The layout of the expected counts stored with every example, or null when the set stores none. */
    public ExpectedCounts expectedCounts() {
        return manifest.expectedCounts();
    }

    /**
     * Copies the expected-count row of example {@code index} into {@code dst[0..width)} and checks its header.
     *
     * @throws IllegalStateException when the set stores no expected counts (the message names the folder)
     * @throws CorruptShardException naming the shard when the row's header is invalid
     */
    public void expectedRow(long index, float[] dst) {
        ExpectedCounts layout = manifest.expectedCounts();
        if (layout == null) {
            throw new IllegalStateException("data set " + dir + " stores no expected counts (generate it with "
                    + "--store-expected-counts)");
        }
        int s = shardOf(index);
        int width = layout.width();
        expected[s].get(local(index, s) * width, dst, 0, width);
        layout.checkRow(dst, shardFile(s), index, inputLength());
    }

    /** Number of shards. */
    public int shardCount() {
        return maps.length;
    }

    /** Path of shard {@code s}. */
    public Path shardFile(int s) {
        return dir.resolve(Manifest.shardFileName(s));
    }

    /**
     * Verifies the checksum of shard {@code s} (once; later calls return at once).
     *
     * @throws CorruptShardException naming the shard when its CRC-32C differs from the manifest
     */
    public void verifyShard(int s) {
        checkOpen();
        if (verified.get(s) == 1) {
            return;
        }
        synchronized (maps[s]) {
            if (verified.get(s) == 0) {
                ShardFiles.check(shardFile(s), maps[s].duplicate().clear(), manifest.shardHeader(s), entries[s]);
                verified.set(s, 1);
            }
        }
    }

    /** Verifies every shard's checksum; throws at the first corrupt one. */
    public void verifyAll() {
        for (int s = 0; s < maps.length; s++) {
            verifyShard(s);
        }
    }

    /**
     * The result of checking one shard file.
     *
     * @param file    the shard's file name
     * @param ok      true when size, header and CRC-32C match the manifest
     * @param problem what is wrong (empty when ok)
     */
    public record ShardCheck(String file, boolean ok, String problem) {
    }

    /**
     * Checks every shard of the set in {@code dir} against the manifest (size, header and CRC-32C) without
     * stopping at the first problem; shards not yet finished by the generator are reported as such.
     *
     * @throws IOException when the manifest itself is missing or invalid
     */
    public static List<ShardCheck> checkFolder(Path dir) throws IOException {
        Manifest m = Manifest.read(dir);
        Manifest.ShardEntry[] listed = new Manifest.ShardEntry[m.shardCount()];
        for (Manifest.ShardEntry e : m.shards()) {
            if (e.index() >= 0 && e.index() < listed.length) {
                listed[e.index()] = e;
            }
        }
        List<ShardCheck> out = new java.util.ArrayList<>();
        for (int s = 0; s < listed.length; s++) {
            String name = Manifest.shardFileName(s);
            Manifest.ShardEntry e = listed[s];
            if (e == null) {
                out.add(new ShardCheck(name, false, "not finished (not listed in the manifest)"));
                continue;
            }
            Path file = dir.resolve(e.file());
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
                ShardFiles.check(file, map, m.shardHeader(s), e);
                out.add(new ShardCheck(e.file(), true, ""));
            } catch (NoSuchFileException ex) {
                out.add(new ShardCheck(e.file(), false, "missing"));
            } catch (IOException ex) {
                out.add(new ShardCheck(e.file(), false, "unreadable: " + ex.getMessage()));
            } catch (CorruptShardException ex) {
                out.add(new ShardCheck(e.file(), false, ex.problem()));
            }
        }
        return out;
    }

    /** Copies the inputs of example {@code index} into {@code dst[0..inputLength)}. */
    public void input(long index, float[] dst) {
        int s = shardOf(index);
        inputs[s].get(local(index, s) * inputLength(), dst, 0, inputLength());
    }

    /** Copies the labels of example {@code index} into {@code dst[offset..offset+labelCount)}. */
    public void labels(long index, float[] dst, int offset) {
        int s = shardOf(index);
        labels[s].get(local(index, s) * labelCount, dst, offset, labelCount);
    }

    /** The inputs of example {@code index} (a new array). */
    public float[] input(long index) {
        float[] a = new float[inputLength()];
        input(index, a);
        return a;
    }

    /** The labels of example {@code index} (a new array). */
    public float[] labels(long index) {
        float[] a = new float[labelCount];
        labels(index, a, 0);
        return a;
    }

    /** Example {@code index} (copies of its inputs and labels). */
    public Example example(long index) {
        return new Example(index, input(index), labels(index));
    }

    /**
     * Copies the inputs of example {@code index} into {@code dst} at absolute float position {@code dstOffset}
     * (a bulk buffer-to-buffer copy; {@code dst}'s position is unchanged).
     */
    public void copyInput(long index, FloatBuffer dst, int dstOffset) {
        int s = shardOf(index);
        dst.put(dstOffset, inputs[s], local(index, s) * inputLength(), inputLength());
    }

    /**
     * Streams the label matrix shard by shard (in index order), verifying each shard's checksum first;
     * nothing is copied into the heap.
     */
    public void forEachLabelBlock(LabelBlockConsumer consumer) {
        for (int s = 0; s < maps.length; s++) {
            verifyShard(s);
            consumer.accept(manifest.shardFirst(s), manifest.shardLength(s), labels[s].duplicate().clear());
        }
    }

    /** All values of the label called {@code name}, in example order (8 bytes per example in the heap). */
    public double[] labelColumn(String name) {
        int j = labelNames().indexOf(name);
        if (j < 0) {
            throw new IllegalArgumentException("no label '" + name + "' among " + labelNames());
        }
        double[] out = new double[Math.toIntExact(size())];
        forEachLabelBlock((first, count, block) -> {
            for (int i = 0; i < count; i++) {
                out[(int) first + i] = block.get(i * labelCount + j);
            }
        });
        return out;
    }

    /** Per-label statistics over the whole set (streamed). */
    public LabelStatistics labelStatistics() {
        LabelStatistics.Accumulator acc = new LabelStatistics.Accumulator(labelNames());
        float[] row = new float[labelCount];
        forEachLabelBlock((first, count, block) -> {
            for (int i = 0; i < count; i++) {
                block.get(i * labelCount, row);
                acc.add(row);
            }
        });
        return acc.build();
    }

    /** Per-label statistics over the examples {@code indices} (e.g. a split's training part). */
    public LabelStatistics labelStatistics(int[] indices) {
        LabelStatistics.Accumulator acc = new LabelStatistics.Accumulator(labelNames());
        float[] row = new float[labelCount];
        for (int i : indices) {
            labels(i, row, 0);
            acc.add(row);
        }
        return acc.build();
    }

    /** The default split: 10 % validation, 10 % test, fixed by the set's seed. */
    public DatasetSplit split() {
        return DatasetSplit.of(size(), manifest.seed(), DatasetSplit.DEFAULT_FRACTION, DatasetSplit.DEFAULT_FRACTION);
    }

    /** A split of this set fixed by {@code seed}, see {@link DatasetSplit#of}. */
    public DatasetSplit split(long seed, double validationFraction, double testFraction) {
        return DatasetSplit.of(size(), seed, validationFraction, testFraction);
    }

    private int shardOf(long index) {
        checkOpen();
        Objects.checkIndex(index, manifest.count());
        int s = (int) (index / manifest.shardSize());
        if (s >= mappedShards) {
            throw new IllegalStateException("example " + index + " of data set " + dir + " is not generated yet ("
                    + mappedShards + " of " + maps.length + " shards finished from the first on)");
        }
        if (verified.get(s) == 0) {
            verifyShard(s);
        }
        return s;
    }

    private int local(long index, int shard) {
        return (int) (index - manifest.shardFirst(shard));
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("data set " + dir + " is closed");
        }
    }

    @Override
    public void close() {
        closed = true;
        java.util.Arrays.fill(inputs, null);
        java.util.Arrays.fill(labels, null);
        java.util.Arrays.fill(expected, null);
        java.util.Arrays.fill(maps, null);
    }

    @Override
    public String toString() {
        return "ShardedDataset[" + dir + ", " + manifest + "]";
    }
}
