package strainlab.dataset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import strainlab.RunInterruptedException;
import strainlab.WorkerThreads;
import strainlab.io.AtomicFiles;

/**
 * Generates a sharded data set from a {@link CurveSource} into a folder (format: {@code docs/dataset-format.md}).
 *
 * <ul>
 *   <li><b>Deterministic:</b> example i is {@code source.generate(seed, i, ...)}; the threads only share out
 *       the indices, so any thread count gives byte-identical shards.</li>
 *   <li><b>Streaming:</b> one shard at a time is filled in an off-heap buffer
 *       ({@code shardSize × (inputLength + labelCount) × 4} bytes) and written; the heap holds only one
 *       input and one label row per thread, whatever the total count.</li>
 *   <li><b>Atomic and resumable:</b> each shard is written to {@code NAME.tmp}, flushed and renamed; the
 *       manifest is rewritten the same way after every shard. Re-running with the same arguments keeps
 *       the shards listed in the manifest whose size, header and CRC-32C check out and regenerates the
 *       rest, so a run killed at any moment resumes without redoing or corrupting finished shards.</li>
 *   <li><b>Safe:</b> a folder holding a different set, or files that are not a set, is refused before
 *       anything in it is touched.</li>
 *   <li><b>Interruptible:</b> interrupting the calling thread stops the workers within one chunk of at most 64
 *       examples, keeps the finished shards and throws {@link RunInterruptedException}; running again resumes.</li>
 * </ul>
 *
 * Usage: {@code DatasetWriter.of(source).seed(1).count(5000).write(Path.of("data/sets/quick"))}.
 *
 * @param source    the example generator
 * @param seed      the seed of the set
 * @param count     number of examples (1 .. 2^31−1)
 * @param shardSize examples per shard (default {@value #DEFAULT_SHARD_SIZE})
 * @param threads   worker threads (default: all cores); does not change the bytes written
 * @param noise     noise mode recorded in the manifest; null (default) takes the {@code "noise"} entry of
 *                  {@link CurveSource#describe()} when it is a string (e.g. {@code poisson}), else none
 * @param progress  progress receiver (default {@link GenerationProgress#SILENT})
 * @param storeExpectedCounts also store each example's noise-free expected counts ({@link ExpectedCounts}; the
 *                  source must be an {@link ExpectedCountsSource}), so that noise can be drawn at training time
 */
public record DatasetWriter(CurveSource source, long seed, long count, int shardSize, int threads, String noise,
                            GenerationProgress progress, boolean storeExpectedCounts) {
    /** Default number of examples per shard (40 MB shards for 1001-point curves). */
    public static final int DEFAULT_SHARD_SIZE = 10_000;

    public DatasetWriter {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(progress, "progress");
        if (count < 1) {
            throw new IllegalArgumentException("count must be ≥ 1, got " + count);
        }
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("count must be ≤ " + Integer.MAX_VALUE + ", got " + count);
        }
        if (shardSize < 1) {
            throw new IllegalArgumentException("shard size must be ≥ 1, got " + shardSize);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        }
        if (storeExpectedCounts && !(source instanceof ExpectedCountsSource)) {
            throw new IllegalArgumentException("the source " + source.getClass().getSimpleName()
                    + " cannot give expected counts; only XRD recipes can store them");
        }
    }

    /** A writer for {@code source} with seed 0, one shard's worth of examples, all cores, no progress. */
    public static DatasetWriter of(CurveSource source) {
        return new DatasetWriter(source, 0, DEFAULT_SHARD_SIZE, DEFAULT_SHARD_SIZE,
                Runtime.getRuntime().availableProcessors(), null, GenerationProgress.SILENT, false);
    }

    public DatasetWriter seed(long s) {
        return new DatasetWriter(source, s, count, shardSize, threads, noise, progress, storeExpectedCounts);
    }

    public DatasetWriter count(long n) {
        return new DatasetWriter(source, seed, n, shardSize, threads, noise, progress, storeExpectedCounts);
    }

    public DatasetWriter shardSize(int n) {
        return new DatasetWriter(source, seed, count, n, threads, noise, progress, storeExpectedCounts);
    }

    public DatasetWriter threads(int n) {
        return new DatasetWriter(source, seed, count, shardSize, n, noise, progress, storeExpectedCounts);
    }

    public DatasetWriter noise(String mode) {
        return new DatasetWriter(source, seed, count, shardSize, threads, mode, progress, storeExpectedCounts);
    }

    public DatasetWriter progress(GenerationProgress p) {
        return new DatasetWriter(source, seed, count, shardSize, threads, noise, p, storeExpectedCounts);
    }

    /** A writer that also stores (true) or does not store the examples' expected counts. */
    public DatasetWriter storeExpectedCounts(boolean store) {
        return new DatasetWriter(source, seed, count, shardSize, threads, noise, progress, store);
    }

    /**
     * What a {@link #write} run did.
     *
     * @param manifest           the final (complete) manifest
     * @param shardsWritten      shards generated by this run
     * @param shardsKept         shards kept from an earlier run after their checksum was verified
     * @param examplesGenerated  examples generated by this run
     * @param seconds            wall time of the run
     */
    public record Report(Path dir, Manifest manifest, int shardsWritten, int shardsKept, long examplesGenerated,
                         double seconds) {
        /** Examples generated per second of wall time (0 when nothing was generated). */
        public double curvesPerSecond() {
            return examplesGenerated == 0 || seconds <= 0 ? 0 : examplesGenerated / seconds;
        }
    }

    /**
     * Generates the set into {@code dir} (created if needed), resuming a previous run of the same set.
     *
     * @throws DatasetMismatchException when {@code dir} holds a different set or unrelated files
     * @throws IOException when the folder cannot be created or written (the message names it)
     * @throws RunInterruptedException when the calling thread is interrupted (finished shards are kept)
     * @throws strainlab.io.FolderLock.Busy when another process writes into {@code dir}
     */
    public Report write(Path dir) throws IOException {
        return write(dir, true);
    }

    /**
     * Writes only the set's manifest (its plan, with the shards already there that check out) into {@code dir} and
     * generates nothing: a reader that opens sets while they are written ({@link ShardedDataset#openGrowing}) can then
     * open it before its generation starts; a later {@link #write} generates it.
     *
     * @throws DatasetMismatchException when {@code dir} holds a different set or unrelated files
     */
    public Report writePlan(Path dir) throws IOException {
        return write(dir, false);
    }

    private Report write(Path dir, boolean generate) throws IOException {
        long t0 = System.nanoTime();
        Manifest plan = Manifest.plan(source, seed, count, shardSize, noiseMode(),
                storeExpectedCounts ? ((ExpectedCountsSource) source).expectedCounts() : null);
        prepareFolder(dir);
        if (!Files.exists(dir.resolve(Manifest.FILE_NAME))) {
            rejectForeignFiles(dir);
        }
        try (strainlab.io.FolderLock lock = strainlab.io.FolderLock.acquire(dir, "data set folder")) {
            return writeLocked(dir, plan, t0, generate);
        }
    }

    private Report writeLocked(Path dir, Manifest plan, long t0, boolean generate) throws IOException {
        Manifest existing = Files.exists(dir.resolve(Manifest.FILE_NAME)) ? Manifest.read(dir) : null;
        if (existing != null) {
            List<String> diff = existing.differencesFrom(plan);
            if (!diff.isEmpty()) {
                throw new DatasetMismatchException(dir, diff);
            }
        } else {
            rejectForeignFiles(dir);
        }
        deleteTempFiles(dir);

        ByteBuffer buffer = ByteBuffer.allocateDirect((int) plan.shardHeader(0).fileBytes())
                .order(ByteOrder.LITTLE_ENDIAN);
        List<Manifest.ShardEntry> finished = new ArrayList<>();
        boolean[] have = new boolean[plan.shardCount()];
        if (existing != null) {
            for (Manifest.ShardEntry e : existing.shards()) {
                if (e.index() >= 0 && e.index() < plan.shardCount() && !have[e.index()]
                        && e.file().equals(Manifest.shardFileName(e.index()))
                        && ShardFiles.isIntact(dir.resolve(e.file()), plan.shardHeader(e.index()), e, buffer)) {
                    have[e.index()] = true;
                    finished.add(e);
                }
            }
        }
        int kept = finished.size();
        Manifest manifest = plan.withShards(finished, kept == plan.shardCount());
        manifest.write(dir);
        if (!generate) {
            return new Report(dir, manifest, 0, kept, 0, (System.nanoTime() - t0) / 1e9);
        }

        long keptExamples = manifest.finishedCount();
        AtomicLong generated = new AtomicLong();
        int written = 0;
        if (kept < plan.shardCount()) {
            progress.update(keptExamples, count, 0, System.nanoTime() - t0, false);
            WorkerThreads workers = new WorkerThreads("strainlab-generate");
            ExecutorService pool = Executors.newFixedThreadPool(threads, workers);
            try {
                for (int s = 0; s < plan.shardCount(); s++) {
                    if (have[s]) {
                        continue;
                    }
                    if (Thread.currentThread().isInterrupted()) {
                        throw interrupted(dir, finished.size(), plan.shardCount(), null);
                    }
                    ShardHeader header = plan.shardHeader(s);
                    try {
                        fill(pool, header, buffer, generated, keptExamples, t0);
                        Path file = dir.resolve(Manifest.shardFileName(s));
                        String crc = ShardFiles.crc32c(buffer);
                        AtomicFiles.write(file, buffer);
                        finished.add(new Manifest.ShardEntry(s, file.getFileName().toString(),
                                header.firstIndex(), header.count(), header.fileBytes(), crc));
                        written++;
                        manifest = plan.withShards(finished, finished.size() == plan.shardCount());
                        manifest.write(dir);
                    } catch (InterruptedException | ClosedByInterruptException e) {
                        throw interrupted(dir, finished.size(), plan.shardCount(), e);
                    }
                }
            } finally {
                RunInterruptedException.stopPool(pool, workers);
            }
            progress.update(count, count, generated.get(), System.nanoTime() - t0, true);
        }
        long elapsed = System.nanoTime() - t0;
        return new Report(dir, manifest, written, kept, generated.get(), elapsed / 1e9);
    }

    /**
     * The exception of an interrupted run. A shard whose write was cut off is either complete and listed in the
     * manifest, or left as a temp file that the next run deletes; the manifest stays the last one written.
     */
    private static RunInterruptedException interrupted(Path dir, int done, int total, Exception cause) {
        Thread.currentThread().interrupt();
        return new RunInterruptedException("generation interrupted after " + done + " of " + total
                + " shards; run again to resume (" + dir + ")", cause);
    }

    /** Fills {@code buffer} with the header and examples of one shard, using all workers. */
    private void fill(ExecutorService pool, ShardHeader header, ByteBuffer buffer, AtomicLong generated,
                      long keptExamples, long t0) throws IOException, InterruptedException {
        buffer.clear();
        buffer.limit((int) header.fileBytes());
        header.writeTo(buffer);
        int n = header.count();
        int inputLength = header.inputLength();
        int labelCount = header.labelCount();
        int labelOffset = (int) header.labelOffset();
        int width = header.expectedWidth();
        int expectedOffset = (int) header.expectedOffset();
        int chunk = Math.max(1, Math.min(64, n / (threads * 8)));
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                FloatBuffer inputs = buffer.slice(ShardHeader.BYTES, 4 * n * inputLength)
                        .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                FloatBuffer labels = buffer.slice(labelOffset, 4 * n * labelCount)
                        .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                FloatBuffer expected = width == 0 ? null : buffer.slice(expectedOffset, 4 * n * width)
                        .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                float[] in = new float[inputLength];
                float[] lab = new float[labelCount];
                float[] exp = new float[width];
                while (!failed.get() && !Thread.currentThread().isInterrupted()) {
                    int start = next.getAndAdd(chunk);
                    if (start >= n) {
                        return null;
                    }
                    int end = Math.min(n, start + chunk);
                    for (int i = start; i < end; i++) {
                        long index = header.firstIndex() + i;
                        Arrays.fill(in, 0f);
                        Arrays.fill(lab, 0f);
                        try {
                            if (width == 0) {
                                source.generate(header.seed(), index, in, lab);
                            } else {
                                ((ExpectedCountsSource) source).generate(header.seed(), index, in, lab, exp);
                            }
                        } catch (RuntimeException e) {
                            failed.set(true);
                            throw new IllegalStateException("generating example " + index + " of seed "
                                    + header.seed() + " failed: " + e.getMessage(), e);
                        }
                        inputs.put(i * inputLength, in);
                        labels.put(i * labelCount, lab);
                        if (width > 0) {
                            expected.put(i * width, exp);
                        }
                    }
                    generated.addAndGet(end - start);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            while (true) {
                try {
                    f.get(200, TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException e) {
                    long g = generated.get();
                    progress.update(keptExamples + g, count, g, System.nanoTime() - t0, false);
                } catch (InterruptedException e) {
                    failed.set(true);
                    throw e;
                } catch (ExecutionException e) {
                    failed.set(true);
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IOException(e.getCause());
                }
            }
        }
        long g = generated.get();
        progress.update(keptExamples + g, count, g, System.nanoTime() - t0, false);
    }

    /** The noise mode recorded in the manifest: {@link #noise()}, else the source description's "noise". */
    public String noiseMode() {
        if (noise != null) {
            return noise;
        }
        return source.describe().get("noise") instanceof String s ? s : null;
    }

    /** Creates {@code dir} if needed and checks that it is a writable folder. */
    private static void prepareFolder(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException("output folder " + dir + " exists and is not a folder");
        }
        try {
            Files.createDirectories(dir);
        } catch (AccessDeniedException e) {
            throw new IOException("cannot create output folder " + dir + ": permission denied", e);
        } catch (FileAlreadyExistsException | NotDirectoryException e) {
            throw new IOException("cannot create output folder " + dir + ": " + e.getFile()
                    + " exists and is not a folder", e);
        } catch (FileSystemException e) {
            throw new IOException("cannot create output folder " + dir + ": "
                    + (e.getReason() != null ? e.getReason() : "the file system refused (" + e.getClass().getSimpleName()
                    + " on " + e.getFile() + ")"), e);
        }
        if (!Files.isWritable(dir)) {
            throw new IOException("output folder " + dir + " is not writable");
        }
        Path probe = dir.resolve(".write-test.tmp");
        try {
            Files.deleteIfExists(probe);
            Files.createFile(probe);
            Files.delete(probe);
        } catch (IOException e) {
            throw new IOException("output folder " + dir + " is not writable: " + e.getMessage(), e);
        }
    }

    /** A folder without a manifest may hold only temp files of a killed run. */
    private static void rejectForeignFiles(Path dir) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (!isOwnTempFile(p) && !p.getFileName().toString().equals(strainlab.io.FolderLock.FILE_NAME)) {
                    throw new DatasetMismatchException("folder " + dir + " is not empty and holds no "
                            + Manifest.FILE_NAME + " (found " + p.getFileName()
                            + "); choose an empty or new --out folder");
                }
            }
        }
    }

    private static void deleteTempFiles(Path dir) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, DatasetWriter::isOwnTempFile)) {
            for (Path p : ds) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Temp files of this writer: {@code .shard-NNNNN.bin.*.tmp}, {@code .manifest.json.*.tmp}, the write probe, and
     * {@code shard-NNNNN.bin.tmp} or {@code manifest.json.tmp} of earlier versions.
     */
    private static boolean isOwnTempFile(Path p) {
        return p.getFileName().toString().matches("\\.?(shard-\\d+\\.bin|manifest\\.json)(\\.[0-9a-z]+)?\\.tmp"
                + "|\\.write-test\\.tmp");
    }
}
