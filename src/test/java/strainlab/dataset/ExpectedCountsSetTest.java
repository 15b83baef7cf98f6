package strainlab.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import strainlab.dataset.recipe.PaperRecipe;
import strainlab.dataset.recipe.Recipe;

/** Sets with expected counts (format version 2): layout, compatibility with version 1, resume and clear errors. */
class ExpectedCountsSetTest {
    private static final PaperRecipe CNN2 = new PaperRecipe(Recipe.preset("cnn2"));

    @TempDir
    Path tmp;

    private Path write(String name, boolean expected, int count) throws IOException {
        Path dir = tmp.resolve(name);
        DatasetWriter.of(CNN2).seed(3).count(count).shardSize(4).threads(2).storeExpectedCounts(expected).write(dir);
        return dir;
    }

    @Test
    void aVersion2SetHasTheSameCurvesAndLabelsAsAVersion1Set() throws IOException {
        Path v1 = write("v1", false, 6);
        Path v2 = write("v2", true, 6);
        assertFalse(Files.readString(v1.resolve(Manifest.FILE_NAME)).contains("expectedCounts"));
        try (ShardedDataset a = ShardedDataset.open(v1, ShardedDataset.Verification.EAGER);
             ShardedDataset b = ShardedDataset.open(v2, ShardedDataset.Verification.EAGER)) {
            assertEquals(1, a.manifest().formatVersion());
            assertEquals(2, b.manifest().formatVersion());
            assertNull(a.expectedCounts());
            assertEquals(CNN2.expectedCounts(), b.expectedCounts());
            assertEquals(1121, b.expectedCounts().width(), "CNN2: 4 + 1117 θ points");
            float[] row = new float[b.expectedCounts().width()];
            for (int i = 0; i < 6; i++) {
                assertArrayEquals(a.input(i), b.input(i));
                assertArrayEquals(a.labels(i), b.labels(i));
                b.expectedRow(i, row);
                int m = ExpectedCounts.scanPoints(row);
                assertTrue(m > 1 && m <= b.expectedCounts().thetaPoints());
                assertTrue(row[ExpectedCounts.HEADER] > 0 && row[ExpectedCounts.HEADER + m - 1] > 0);
                assertTrue(ExpectedCounts.firstGridIndex(row) <= ExpectedCounts.lastGridIndex(row));
            }
            assertTrue(b.manifest().differencesFrom(a.manifest()).contains("expected counts: folder has "
                    + b.expectedCounts() + ", requested none (no --store-expected-counts)"));
        }
    }

    @Test
    void aVersion2SetResumesToTheSameBytes(@TempDir Path other) throws IOException {
        Path dir = write("v2", true, 10);
        byte[] shard1 = Files.readAllBytes(dir.resolve("shard-00001.bin"));
        Files.delete(dir.resolve("shard-00001.bin"));
        DatasetWriter.Report r = DatasetWriter.of(CNN2).seed(3).count(10).shardSize(4).threads(1)
                .storeExpectedCounts(true).write(dir);
        assertEquals(1, r.shardsWritten());
        assertEquals(2, r.shardsKept());
        assertArrayEquals(shard1, Files.readAllBytes(dir.resolve("shard-00001.bin")));
    }

    @Test
    void aFolderOfTheOtherKindIsRefused() throws IOException {
        write("set", false, 4);
        DatasetMismatchException e = assertThrows(DatasetMismatchException.class, () -> DatasetWriter.of(CNN2)
                .seed(3).count(4).shardSize(4).storeExpectedCounts(true).write(tmp.resolve("set")));
        assertTrue(e.getMessage().contains("expected counts: folder has none"), e.getMessage());
        IllegalArgumentException source = assertThrows(IllegalArgumentException.class,
                () -> DatasetWriter.of(new FixtureSource(8, 2)).storeExpectedCounts(true));
        assertTrue(source.getMessage().contains("cannot give expected counts"), source.getMessage());
    }

    @Test
    void damagedFilesGiveErrorsNamingThem() throws IOException {
        Path dir = write("v2", true, 4);
        Path manifest = dir.resolve(Manifest.FILE_NAME);
        String json = Files.readString(manifest);
        Files.writeString(manifest, json.replace("\"formatVersion\": 2", "\"formatVersion\": 1"));
        IOException v = assertThrows(IOException.class, () -> ShardedDataset.open(dir));
        assertTrue(v.getMessage().contains(manifest.toString()) && v.getMessage().contains("expectedCounts"),
                v.getMessage());
        Files.writeString(manifest, json.replace("\"thetaPoints\": 1117", "\"thetaPoints\": 1"));
        IOException layout = assertThrows(IOException.class, () -> ShardedDataset.open(dir));
        assertTrue(layout.getMessage().contains(manifest.toString())
                && layout.getMessage().contains("thetaPoints must be ≥ 2"), layout.getMessage());
        Files.writeString(manifest, json);

        // a row whose scan length exceeds the layout, with a checksum that matches the damaged file
        Path shard = dir.resolve("shard-00000.bin");
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(shard)).order(ByteOrder.LITTLE_ENDIAN);
        Manifest m = Manifest.read(dir);
        ShardHeader h = m.shardHeader(0);
        b.putFloat((int) h.expectedOffset() + 4, 99_999f);
        Files.write(shard, b.array());
        List<Manifest.ShardEntry> entries = new ArrayList<>(m.shards());
        Manifest.ShardEntry e0 = entries.get(0);
        entries.set(0, new Manifest.ShardEntry(0, e0.file(), e0.first(), e0.count(), e0.bytes(),
                ShardFiles.crc32c(ByteBuffer.wrap(b.array()))));
        m.withShards(entries, true).write(dir);
        try (ShardedDataset set = ShardedDataset.open(dir)) {
            CorruptShardException row = assertThrows(CorruptShardException.class,
                    () -> set.expectedRow(0, new float[set.expectedCounts().width()]));
            assertTrue(row.getMessage().contains(shard.toString())
                    && row.getMessage().contains("expected-counts row of example 0"), row.getMessage());
        }

        // a version-2 header that says it holds no expected counts
        b.putInt(44, 0);
        Files.write(shard, b.array());
        CorruptShardException header = assertThrows(CorruptShardException.class, () -> ShardedDataset.open(dir));
        assertTrue(header.getMessage().contains(shard.toString())
                && header.getMessage().contains("format version 2 with 0 expected-count values"), header.getMessage());
    }
}
