package strainlab.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Record;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import strainlab.training.ShardedDjlDataset;

class ShardedDatasetTest {
    private static final int COUNT = 1_234;
    private static final FixtureSource SOURCE = new FixtureSource(101, 3);

    @TempDir
    static Path shared;
    @TempDir
    Path tmp;

    @BeforeAll
    static void writeSet() throws IOException {
        DatasetWriter.of(SOURCE).seed(7).count(COUNT).shardSize(300).threads(2).write(shared.resolve("set"));
    }

    private static ShardedDataset openShared() throws IOException {
        return ShardedDataset.open(shared.resolve("set"));
    }

    @Test
    void examplesReadBackExactly() throws IOException {
        try (ShardedDataset set = openShared()) {
            assertEquals(COUNT, set.size());
            assertEquals(5, set.shardCount());
            assertEquals(101, set.inputLength());
            assertEquals(List.of("label0", "label1", "label2"), set.labelNames());
            float[] in = new float[101];
            float[] lab = new float[3];
            for (long i : new long[] {0, 1, 299, 300, 601, COUNT - 1}) {
                SOURCE.generate(7, i, in, lab);
                ShardedDataset.Example e = set.example(i);
                assertArrayEquals(in, e.input(), "input of example " + i);
                assertArrayEquals(lab, e.labels(), "labels of example " + i);
            }
            assertThrows(IndexOutOfBoundsException.class, () -> set.input(COUNT));
            assertThrows(IndexOutOfBoundsException.class, () -> set.input(-1));
        }
    }

    @Test
    void labelStatisticsAreStreamedOverAllShards() throws IOException {
        try (ShardedDataset set = openShared()) {
            LabelStatistics s = set.labelStatistics();
            assertEquals(COUNT, s.count());
            for (int j = 0; j < 3; j++) {
                assertEquals(j / 10.0, s.min()[j], 1e-6);
                assertEquals(COUNT - 1 + j / 10.0, s.max()[j], 1e-3);
                assertEquals((COUNT - 1) / 2.0 + j / 10.0, s.mean()[j], 1e-3);
                // sample std of 0..n-1 = sqrt(n(n+1)/12)
                assertEquals(Math.sqrt(COUNT * (COUNT + 1) / 12.0), s.std()[j], 1e-3);
            }
            long[] seen = new long[1];
            set.forEachLabelBlock((first, count, labels) -> {
                assertEquals(seen[0], first);
                assertEquals(first, (long) labels.get(0));
                seen[0] += count;
            });
            assertEquals(COUNT, seen[0]);
            LabelStatistics sub = set.labelStatistics(new int[] {10, 20, 30});
            assertEquals(20.0, sub.mean()[0], 1e-6);
        }
    }

    @Test
    void aFlippedByteIsDetectedNamingTheShard() throws IOException {
        Path dir = tmp.resolve("set");
        DatasetWriter.of(SOURCE).seed(7).count(COUNT).shardSize(300).threads(2).write(dir);
        DatasetWriterTest.flipByte(dir.resolve("shard-00002.bin"), 64 + 4 * 5_000);
        // lazily: shards 0 and 1 read fine, shard 2 fails on first access
        try (ShardedDataset set = ShardedDataset.open(dir)) {
            set.example(0);
            set.example(450);
            CorruptShardException e = assertThrows(CorruptShardException.class, () -> set.example(700));
            assertTrue(e.getMessage().contains("shard-00002.bin"), e.getMessage());
            assertTrue(e.getMessage().contains("CRC-32C"), e.getMessage());
            assertEquals(dir.resolve("shard-00002.bin"), e.file());
            assertThrows(CorruptShardException.class, set::verifyAll);
            assertThrows(CorruptShardException.class, set::labelStatistics);
        }
        CorruptShardException eager = assertThrows(CorruptShardException.class,
                () -> ShardedDataset.open(dir, ShardedDataset.Verification.EAGER));
        assertTrue(eager.getMessage().contains("shard-00002.bin"), eager.getMessage());
    }

    @Test
    void truncatedMissingOrIncompleteSetsAreRejectedAtOpen() throws IOException {
        Path dir = tmp.resolve("set");
        DatasetWriter.of(SOURCE).seed(7).count(COUNT).shardSize(300).threads(2).write(dir);
        byte[] shard1 = Files.readAllBytes(dir.resolve("shard-00001.bin"));
        Files.write(dir.resolve("shard-00001.bin"), Arrays.copyOf(shard1, shard1.length - 4));
        CorruptShardException size = assertThrows(CorruptShardException.class, () -> ShardedDataset.open(dir));
        assertTrue(size.getMessage().contains("shard-00001.bin") && size.getMessage().contains("size"),
                size.getMessage());
        Files.delete(dir.resolve("shard-00001.bin"));
        IOException missing = assertThrows(IOException.class, () -> ShardedDataset.open(dir));
        assertTrue(missing.getMessage().contains("shard-00001.bin"), missing.getMessage());
        Manifest m = Manifest.read(dir);
        m.withShards(m.shards().subList(0, 2), false).write(dir);
        IOException incomplete = assertThrows(IOException.class, () -> ShardedDataset.open(dir));
        assertTrue(incomplete.getMessage().contains("incomplete: 2 of 5 shards"), incomplete.getMessage());
        IOException none = assertThrows(IOException.class, () -> ShardedDataset.open(tmp.resolve("nothing")));
        assertTrue(none.getMessage().contains("manifest.json"), none.getMessage());
        Files.writeString(dir.resolve("manifest.json"), "{ not json");
        IOException bad = assertThrows(IOException.class, () -> ShardedDataset.open(dir));
        assertTrue(bad.getMessage().contains("manifest " + dir.resolve("manifest.json")), bad.getMessage());
    }

    @Test
    void splitIsFixedBySeedDisjointAndComplete() throws IOException {
        try (ShardedDataset set = openShared()) {
            DatasetSplit a = set.split();
            DatasetSplit b = set.split();
            assertEquals(a, b);
            assertEquals(a, set.split(7, 0.1, 0.1));
            assertEquals(123, a.validation().length);
            assertEquals(123, a.test().length);
            assertEquals(COUNT - 246, a.train().length);
            BitSet seen = new BitSet();
            for (int[] part : List.of(a.train(), a.validation(), a.test())) {
                for (int i = 0; i < part.length; i++) {
                    assertTrue(!seen.get(part[i]), "index " + part[i] + " in two parts");
                    seen.set(part[i]);
                    assertTrue(i == 0 || part[i] > part[i - 1], "parts are sorted");
                }
            }
            assertEquals(COUNT, seen.cardinality());
            DatasetSplit other = set.split(8, 0.1, 0.1);
            assertNotEquals(a, other);
            assertEquals(a.test().length, other.test().length);
            DatasetSplit custom = set.split(7, 0.2, 0.05);
            assertEquals(247, custom.validation().length);
            assertEquals(62, custom.test().length);
            assertThrows(IllegalArgumentException.class, () -> set.split(7, 0.6, 0.5));
            assertThrows(IllegalArgumentException.class, () -> set.split(7, -0.1, 0.1));
        }
    }

    @Test
    void djlDatasetYieldsBatchesOfTheRightShapeAndContent() throws Exception {
        try (ShardedDataset set = openShared(); NDManager manager = NDManager.newBaseManager()) {
            int[] train = set.split().train();
            ShardedDjlDataset ds = ShardedDjlDataset.builder(set).optIndices(train).optInputShape(1, 101)
                    .optLabelTransform((labels, offset) -> labels[offset] = -labels[offset])
                    .setSampling(64, true, 3).build();
            assertEquals(train.length, ds.size());
            Set<Long> seen = new HashSet<>();
            int batches = 0;
            float[] in = new float[101];
            float[] lab = new float[3];
            for (Batch batch : ds.getData(manager)) {
                try (batch) {
                    NDArray x = batch.getData().singletonOrThrow();
                    NDArray y = batch.getLabels().singletonOrThrow();
                    int b = batch.getSize();
                    assertEquals(new Shape(b, 1, 101), x.getShape());
                    assertEquals(new Shape(b, 3), y.getShape());
                    assertTrue(b == 64 || batches == (train.length + 63) / 64 - 1);
                    float[] xs = x.toFloatArray();
                    float[] ys = y.toFloatArray();
                    for (int j = 0; j < b; j++) {
                        long index = (long) ys[3 * j + 1] - 0;
                        assertEquals(index + 0.1f, ys[3 * j + 1], 1e-3f);
                        assertEquals(-index, ys[3 * j], 1e-3f, "the transform negates label 0");
                        SOURCE.generate(7, index, in, lab);
                        assertArrayEquals(in, Arrays.copyOfRange(xs, 101 * j, 101 * j + 101));
                        assertTrue(seen.add(index), "example " + index + " twice in one epoch");
                        assertTrue(Arrays.binarySearch(train, (int) index) >= 0, "example " + index + " not in train");
                    }
                    batches++;
                }
            }
            assertEquals((train.length + 63) / 64, batches);
            assertEquals(train.length, seen.size());

            Record r = ds.get(manager, 5);
            assertEquals(new Shape(1, 101), r.getData().singletonOrThrow().getShape());
            assertEquals(-train[5], r.getLabels().singletonOrThrow().getFloat(0), 1e-3f);
        }
    }

    @Test
    void seededShuffleIsRepeatableAndChangesPerEpoch() throws Exception {
        try (ShardedDataset set = openShared(); NDManager manager = NDManager.newBaseManager()) {
            List<Long> a1 = firstBatchLabels(ShardedDjlDataset.builder(set).setSampling(16, true, 5).build(), manager, 2);
            List<Long> a2 = firstBatchLabels(ShardedDjlDataset.builder(set).setSampling(16, true, 5).build(), manager, 2);
            assertEquals(a1, a2, "same seed, same order");
            assertNotEquals(a1.subList(0, 16), a1.subList(16, 32), "epochs differ");
            List<Long> ordered = firstBatchLabels(ShardedDjlDataset.builder(set).setSampling(16, false, 5).build(),
                    manager, 1);
            assertEquals(0L, ordered.get(0));
            assertEquals(15L, ordered.get(15));
        }
    }

    /** Label-0 values (= example index) of the first batch of each of {@code epochs} epochs, concatenated. */
    private static List<Long> firstBatchLabels(ShardedDjlDataset ds, NDManager manager, int epochs) throws Exception {
        List<Long> out = new java.util.ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            try (Batch b = ds.getData(manager).iterator().next()) {
                float[] y = b.getLabels().singletonOrThrow().toFloatArray();
                for (int j = 0; j < b.getSize(); j++) {
                    out.add((long) y[3 * j]);
                }
            }
        }
        return out;
    }

    @Test
    void builderRejectsWrongShapesAndIndices() throws IOException {
        try (ShardedDataset set = openShared()) {
            assertThrows(IllegalArgumentException.class, () -> ShardedDjlDataset.builder(set).optInputShape(10, 10));
            assertThrows(IllegalArgumentException.class, () -> ShardedDjlDataset.builder(set).optIndices(new int[] {COUNT}));
            assertThrows(IllegalStateException.class, () -> ShardedDjlDataset.builder(set).build());
        }
    }

    @Test
    void manifestRoundTripsAndIsDeterministic() throws IOException {
        Manifest m = Manifest.read(shared.resolve("set"));
        Manifest again = Manifest.fromJson(m.toJson(), Path.of("x"));
        assertEquals(m, again);
        assertEquals(List.of(), m.differencesFrom(Manifest.plan(SOURCE, 7, COUNT, 300, null)));
        String json = Files.readString(shared.resolve("set/manifest.json"));
        assertTrue(json.indexOf("\"inputLength\": 101") > 0, json.substring(0, 400));
        // description keys are sorted, whatever the map's order
        assertTrue(json.indexOf("\"inputLength\"") < json.indexOf("\"labels\"")
                && json.indexOf("\"labels\"") < json.indexOf("\"name\""), json.substring(0, 400));
    }
}
