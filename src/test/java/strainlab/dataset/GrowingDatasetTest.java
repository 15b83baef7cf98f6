package strainlab.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ShardedDataset#openGrowing}: reading a set while the generator is still writing it. */
class GrowingDatasetTest {
    private static final FixtureSource SOURCE = new FixtureSource(11, 2);

    @TempDir
    Path tmp;

    /** Writes the whole set, then puts back a manifest that lists only its first {@code shards} shards. */
    private static Manifest writeThenCut(Path dir, long seed, int shards) throws IOException {
        Manifest full = DatasetWriter.of(SOURCE).seed(seed).count(50).shardSize(10).threads(1).write(dir).manifest();
        full.withShards(full.shards().subList(0, shards), false).write(dir);
        return full;
    }

    @Test
    void onlyTheFinishedShardsFromTheFirstOnAreReadUntilARefreshSeesMore() throws IOException {
        Path dir = tmp.resolve("set");
        Manifest full = writeThenCut(dir, 3, 2);
        try (ShardedDataset set = ShardedDataset.openGrowing(dir)) {
            assertEquals(50, set.size(), "the planned size");
            assertEquals(20, set.finishedCount());
            float[] in = new float[11];
            float[] lab = new float[2];
            SOURCE.generate(3, 19, in, lab);
            assertArrayEquals(in, set.input(19));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> set.input(20));
            assertTrue(e.getMessage().contains("not generated yet") && e.getMessage().contains(dir.toString()),
                    e.getMessage());
            String plan = set.planChecksum();

            // shard 3 finished before shard 2 (a resumed generator): still only the first two are readable
            List<Manifest.ShardEntry> gap = List.of(full.shards().get(0), full.shards().get(1), full.shards().get(3));
            full.withShards(gap, false).write(dir);
            assertEquals(20, set.refresh());

            full.write(dir);
            assertEquals(50, set.refresh());
            SOURCE.generate(3, 49, in, lab);
            assertArrayEquals(in, set.input(49));
            assertEquals(plan, set.planChecksum(), "the plan's identity does not change as shards finish");
        }
        try (ShardedDataset finished = ShardedDataset.open(dir)) {
            assertEquals(50, finished.finishedCount());
        }
    }

    @Test
    void aFolderRegeneratedAsAnotherSetIsRefusedOnRefresh() throws IOException {
        Path dir = tmp.resolve("set");
        writeThenCut(dir, 3, 1);
        try (ShardedDataset set = ShardedDataset.openGrowing(dir)) {
            Manifest other = DatasetWriter.of(SOURCE).seed(4).count(50).shardSize(10).threads(1)
                    .write(tmp.resolve("other")).manifest();
            other.withShards(other.shards().subList(0, 2), false).write(dir);
            DatasetMismatchException e = assertThrows(DatasetMismatchException.class, set::refresh);
            assertTrue(e.getMessage().contains("seed"), e.getMessage());
        }
    }

    @Test
    void setsOfDifferentPlansHaveDifferentPlanChecksums() throws IOException {
        writeThenCut(tmp.resolve("a"), 3, 5);
        writeThenCut(tmp.resolve("b"), 4, 5);
        try (ShardedDataset a = ShardedDataset.openGrowing(tmp.resolve("a"));
             ShardedDataset b = ShardedDataset.openGrowing(tmp.resolve("b"))) {
            assertTrue(!a.planChecksum().equals(b.planChecksum()));
        }
    }
}
