package strainlab.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import strainlab.RunInterruptedException;

class DatasetWriterTest {
    @TempDir
    Path tmp;

    private static DatasetWriter writer(int threads) {
        return DatasetWriter.of(new FixtureSource(101, 3)).seed(7).count(2_345).shardSize(500).threads(threads);
    }

    /** All files of a folder, sorted by name. */
    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static void assertSameFiles(Path expected, Path actual) throws IOException {
        List<Path> a = files(expected);
        List<Path> b = files(actual);
        assertEquals(a.stream().map(p -> p.getFileName().toString()).toList(),
                b.stream().map(p -> p.getFileName().toString()).toList());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(Files.readAllBytes(a.get(i)), Files.readAllBytes(b.get(i)),
                    "bytes of " + a.get(i).getFileName());
        }
    }

    @Test
    void shardsAreByteIdenticalWhateverTheThreadCount() throws IOException {
        DatasetWriter.Report one = writer(1).write(tmp.resolve("t1"));
        writer(2).write(tmp.resolve("t2"));
        writer(3).write(tmp.resolve("t3"));
        assertEquals(5, one.shardsWritten());
        assertEquals(2_345, one.examplesGenerated());
        assertSameFiles(tmp.resolve("t1"), tmp.resolve("t2"));
        assertSameFiles(tmp.resolve("t1"), tmp.resolve("t3"));
        assertEquals(List.of(strainlab.io.FolderLock.FILE_NAME, "manifest.json", "shard-00000.bin", "shard-00001.bin", "shard-00002.bin",
                "shard-00003.bin", "shard-00004.bin"),
                files(tmp.resolve("t1")).stream().map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void anotherSeedGivesOtherBytes() throws IOException {
        writer(2).write(tmp.resolve("a"));
        writer(2).seed(8).write(tmp.resolve("b"));
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(tmp.resolve("a/shard-00000.bin")),
                Files.readAllBytes(tmp.resolve("b/shard-00000.bin"))));
    }

    @Test
    void shardLayoutFollowsTheDocumentedFormat() throws IOException {
        FixtureSource source = new FixtureSource(101, 3);
        writer(2).write(tmp);
        // last shard: examples 2000..2344
        byte[] bytes = Files.readAllBytes(tmp.resolve("shard-00004.bin"));
        assertEquals(64 + 4L * 345 * (101 + 3), bytes.length);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("SLDSHARD", new String(bytes, 0, 8, StandardCharsets.US_ASCII));
        assertEquals(1, b.getInt(8));
        assertEquals(64, b.getInt(12));
        assertEquals(7L, b.getLong(16));
        assertEquals(2_000L, b.getLong(24));
        assertEquals(345, b.getInt(32));
        assertEquals(101, b.getInt(36));
        assertEquals(3, b.getInt(40));
        for (int i = 44; i < 64; i++) {
            assertEquals(0, bytes[i]);
        }
        float[] in = new float[101];
        float[] lab = new float[3];
        source.generate(7, 2_010, in, lab);
        for (int k = 0; k < 101; k++) {
            assertEquals(in[k], b.getFloat(64 + 4 * (10 * 101 + k)));
        }
        int labelBase = 64 + 4 * 345 * 101;
        for (int j = 0; j < 3; j++) {
            assertEquals(lab[j], b.getFloat(labelBase + 4 * (10 * 3 + j)));
        }
        Manifest m = Manifest.read(tmp);
        assertTrue(m.complete());
        assertEquals(5, m.shardCount());
        assertEquals(345, m.shards().get(4).count());
        assertEquals(bytes.length, m.shards().get(4).bytes());
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes);
        assertEquals(String.format("%08x", crc.getValue()), m.shards().get(4).crc32c());
        assertEquals(List.of("label0", "label1", "label2"), m.labelNames());
        assertEquals(101, m.inputGrid().length);
        assertEquals("fixture", m.source().get("name").getAsString());
    }

    @Test
    void rerunOfAFinishedSetKeepsEveryShard() throws IOException {
        writer(2).write(tmp);
        byte[] manifest = Files.readAllBytes(tmp.resolve("manifest.json"));
        DatasetWriter.Report again = writer(1).write(tmp);
        assertEquals(0, again.shardsWritten());
        assertEquals(5, again.shardsKept());
        assertArrayEquals(manifest, Files.readAllBytes(tmp.resolve("manifest.json")));
    }

    @Test
    void damagedOrMissingShardsAreRegeneratedOnRerun() throws IOException {
        writer(2).write(tmp.resolve("ref"));
        Path dir = tmp.resolve("work");
        writer(2).write(dir);
        flipByte(dir.resolve("shard-00001.bin"), 1_000);
        Files.delete(dir.resolve("shard-00003.bin"));
        Files.writeString(dir.resolve("shard-00004.bin.tmp"), "partial write of a killed run");
        DatasetWriter.Report r = writer(2).write(dir);
        assertEquals(2, r.shardsWritten());
        assertEquals(3, r.shardsKept());
        assertSameFiles(tmp.resolve("ref"), dir);
    }

    static void flipByte(Path file, long position) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) position] ^= 0x10;
        Files.write(file, bytes);
    }

    @Test
    void resumeAfterARealKillGivesTheUninterruptedBytes() throws Exception {
        Path reference = tmp.resolve("reference");
        Path killed = tmp.resolve("killed");
        int count = 12_000;
        int shard = 400;
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", cp, FixtureSource.class.getName(),
                killed.toString(), Integer.toString(count), Integer.toString(shard), "2", "250")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int finished = 0;
        while (System.nanoTime() < deadline && p.isAlive()) {
            Path m = killed.resolve(Manifest.FILE_NAME);
            if (Files.exists(m)) {
                try {
                    finished = Manifest.read(killed).shards().size();
                } catch (IOException e) {
                    finished = 0;
                }
                if (finished >= 3) {
                    break;
                }
            }
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the generator finished before it could be killed; log: "
                + Files.readString(tmp.resolve("child.log")));
        Thread.sleep(37);
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue(), "killed with SIGKILL");
        Manifest partial = Manifest.read(killed);
        assertFalse(partial.complete(), "the killed run must be incomplete");
        assertTrue(partial.shards().size() >= 3 && partial.shards().size() < count / shard);

        DatasetWriter resumed = DatasetWriter.of(new FixtureSource(101, 3)).seed(7).count(count).shardSize(shard)
                .threads(2);
        DatasetWriter.Report r = resumed.write(killed);
        assertEquals(partial.shards().size(), r.shardsKept(), "every finished shard of the killed run is kept");
        assertEquals(count / shard, r.shardsKept() + r.shardsWritten());
        resumed.threads(1).write(reference);
        assertSameFiles(reference, killed);
    }

    @Test
    void interruptStopsTheWorkersKeepsFinishedShardsAndResumesToTheSameBytes() throws Exception {
        Path reference = tmp.resolve("reference");
        Path interrupted = tmp.resolve("interrupted");
        int count = 8_000;
        int shard = 400;
        DatasetWriter slow = DatasetWriter.of(new FixtureSource(101, 3, 250)).seed(7).count(count).shardSize(shard)
                .threads(2);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread run = new Thread(() -> {
            try {
                slow.write(interrupted);
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "interrupted-generation");
        run.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && run.isAlive() && finishedShards(interrupted) < 2) {
            Thread.sleep(20);
        }
        assertTrue(run.isAlive(), "the generation finished before it could be interrupted");
        long t0 = System.nanoTime();
        run.interrupt();
        run.join(10_000);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertFalse(run.isAlive(), "generation still running 10 s after the interrupt");
        System.out.printf("generation stopped %.3f s after the interrupt%n", seconds);
        assertTrue(seconds < 3, "generation stopped " + seconds + " s after the interrupt");
        assertTrue(thrown.get() instanceof RunInterruptedException, "thrown: " + thrown.get());
        assertTrue(thrown.get().getMessage().matches("generation interrupted after \\d+ of 20 shards; run again to "
                + "resume .*"), thrown.get().getMessage());
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("strainlab-generate") && t.isAlive()), "a worker still runs");
        Manifest partial = Manifest.read(interrupted);
        assertFalse(partial.complete(), "the interrupted run must be incomplete");
        assertTrue(partial.shards().size() >= 2, "finished shards: " + partial.shards().size());

        DatasetWriter fast = DatasetWriter.of(new FixtureSource(101, 3)).seed(7).count(count).shardSize(shard)
                .threads(2);
        DatasetWriter.Report r = fast.write(interrupted);
        assertEquals(partial.shards().size(), r.shardsKept(), "every finished shard of the interrupted run is kept");
        fast.threads(1).write(reference);
        assertSameFiles(reference, interrupted);
    }

    private static int finishedShards(Path dir) {
        try {
            return Files.exists(dir.resolve(Manifest.FILE_NAME)) ? Manifest.read(dir).shards().size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    @Test
    void aSetLargerThanTheHeapIsWrittenAndStreamed() throws Exception {
        // 60 000 x (1001 + 14) floats = 244 MB on disk, generated and read back in one epoch under -Xmx96m
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx96m", "-XX:MaxDirectMemorySize=128m",
                "-Dai.djl.offline=true", "-cp", cp, HeapCheckMain.class.getName(), tmp.resolve("big").toString(),
                "60000", "1001").redirectErrorStream(true).redirectOutput(tmp.resolve("heap.log").toFile()).start();
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), "heap check timed out");
        String log = Files.readString(tmp.resolve("heap.log"));
        assertEquals(0, p.exitValue(), log);
        assertTrue(log.contains("examples 60000 read 60000"), log);
        assertTrue(Files.size(tmp.resolve("big/shard-00000.bin")) > 40_000_000L);
    }

    @Test
    void folderHoldingADifferentSetIsRejectedUntouched() throws IOException {
        writer(2).write(tmp);
        byte[] before = Files.readAllBytes(tmp.resolve("manifest.json"));
        DatasetMismatchException seed = assertThrows(DatasetMismatchException.class, () -> writer(2).seed(8).write(tmp));
        assertTrue(seed.getMessage().contains("seed: folder has 7, requested 8"), seed.getMessage());
        assertTrue(seed.getMessage().contains(tmp.toString()), seed.getMessage());
        DatasetMismatchException count = assertThrows(DatasetMismatchException.class,
                () -> writer(2).count(3_000).write(tmp));
        assertTrue(count.getMessage().contains("count: folder has 2345, requested 3000"), count.getMessage());
        DatasetMismatchException grid = assertThrows(DatasetMismatchException.class, () ->
                DatasetWriter.of(new FixtureSource(51, 3)).seed(7).count(2_345).shardSize(500).write(tmp));
        assertTrue(grid.getMessage().contains("input length: folder has 101, requested 51"), grid.getMessage());
        assertTrue(grid.getMessage().contains("input grid"), grid.getMessage());
        assertTrue(grid.getMessage().contains("source"), grid.getMessage());
        DatasetMismatchException noise = assertThrows(DatasetMismatchException.class,
                () -> writer(2).noise("published").write(tmp));
        assertTrue(noise.getMessage().contains("noise: folder has null, requested published"), noise.getMessage());
        assertThrows(DatasetMismatchException.class, () -> writer(2).shardSize(600).write(tmp));
        assertArrayEquals(before, Files.readAllBytes(tmp.resolve("manifest.json")));
    }

    @Test
    void folderWithForeignFilesIsRejected() throws IOException {
        Files.writeString(tmp.resolve("notes.txt"), "mine");
        DatasetMismatchException e = assertThrows(DatasetMismatchException.class, () -> writer(1).write(tmp));
        assertTrue(e.getMessage().contains("holds no manifest.json"), e.getMessage());
        assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());
        assertEquals(List.of(tmp.resolve("notes.txt")), files(tmp));
    }

    @Test
    void badArgumentsAreRejectedWithClearMessages() throws IOException {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> writer(1).count(0));
        assertEquals("count must be ≥ 1, got 0", zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> writer(1).count(-5));
        assertThrows(IllegalArgumentException.class, () -> writer(1).threads(0));
        assertThrows(IllegalArgumentException.class, () -> writer(1).shardSize(0));
        IllegalArgumentException huge = assertThrows(IllegalArgumentException.class, () ->
                DatasetWriter.of(new FixtureSource(100_000, 3)).count(10_000).shardSize(10_000).write(tmp));
        assertTrue(huge.getMessage().contains("exceeds 2 GiB"), huge.getMessage());
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "x");
        IOException notDir = assertThrows(IOException.class, () -> writer(1).write(file));
        assertTrue(notDir.getMessage().contains("exists and is not a folder"), notDir.getMessage());
        IOException under = assertThrows(IOException.class, () -> writer(1).write(file.resolve("sub")));
        assertTrue(under.getMessage().contains("cannot create output folder"), under.getMessage());
    }

    @Test
    void sourceFailureNamesTheExample() {
        CurveSource failing = new FixtureSource(11, 1) {
            @Override
            public void generate(long seed, long index, float[] input, float[] labels) {
                if (index == 123) {
                    throw new IllegalStateException("boom");
                }
                super.generate(seed, index, input, labels);
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DatasetWriter.of(failing).count(500).shardSize(100).threads(2).write(tmp));
        assertTrue(e.getMessage().contains("example 123"), e.getMessage());
        assertTrue(e.getMessage().contains("boom"), e.getMessage());
    }

    @Test
    void progressBarShowsCountsRateAndEta() throws IOException {
        String line = GenerationProgress.Console.line(450_000, 1_500_000, 450_000, 1_000_000_000_000L);
        assertTrue(line.contains("450000/1500000"), line);
        assertTrue(line.contains(" 30.0%"), line);
        assertTrue(line.contains("450 curves/s"), line);
        assertTrue(line.contains("ETA 38m53s"), line);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> lines = new ArrayList<>();
        writer(2).progress(new GenerationProgress.Console(new PrintStream(err, true, StandardCharsets.UTF_8), false))
                .write(tmp);
        lines.addAll(err.toString(StandardCharsets.UTF_8).lines().toList());
        assertTrue(lines.size() >= 2, lines.toString());
        assertTrue(lines.get(lines.size() - 1).contains("2345/2345 100.0%"), lines.toString());
        assertNotEquals(lines.get(0), lines.get(lines.size() - 1));
    }
}
