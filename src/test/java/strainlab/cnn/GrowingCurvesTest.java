package strainlab.cnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import strainlab.RunInterruptedException;
import strainlab.dataset.DatasetWriter;
import strainlab.dataset.FixtureSource;
import strainlab.dataset.Manifest;
import strainlab.dataset.ShardedDataset;
import strainlab.training.PoolSchedule;

/** {@link GrowingCurves}: a training pool over sets that are still being written. */
class GrowingCurvesTest {
    private static final FixtureSource SOURCE = new FixtureSource(11, 2);

    @TempDir
    Path tmp;

    /** A finished set whose manifest is put back to list only its first {@code shards} shards of 10. */
    private Manifest cut(Path dir, long seed, int count, int shards) throws Exception {
        Manifest full = DatasetWriter.of(SOURCE).seed(seed).count(count).shardSize(10).threads(1).write(dir).manifest();
        full.withShards(full.shards().subList(0, shards), false).write(dir);
        return full;
    }

    @Test
    void thePoolIsTheTrainingPartThenTheFurtherSetAndWaitsForWhatIsNotWrittenYet() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Manifest fullA = cut(a, 1, 50, 5);
        Manifest fullB = cut(b, 2, 40, 1);
        try (ShardedDataset setA = ShardedDataset.openGrowing(a); ShardedDataset setB = ShardedDataset.openGrowing(b)) {
            DatasetCurves train = DatasetCurves.split(setA).train();
            GrowingCurves pool = GrowingCurves.of(train, setB, new PoolSchedule(20, 15, 30), 4);
            assertEquals(Math.min(train.size() + 40, 20 + 3 * 15), pool.size());
            assertEquals(train.size() + 10, pool.readable(), "A's training part, then B's first shard");

            float[] in = new float[11];
            float[] lab = new float[2];
            float[] expected = new float[11];
            SOURCE.generate(2, 3, expected, lab);
            pool.read(train.size() + 3, in, lab);
            assertArrayEquals(expected, in, "pool position |train| + 3 is example 3 of B");

            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(300);
                    fullB.write(b);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            double waited = pool.await(pool.size(), null);
            writer.get();
            assertTrue(waited >= 0.2, "waited " + waited + " s for B's shards");
            assertEquals(pool.size(), pool.readable());
            assertEquals(fullA.count(), setA.finishedCount());
        }
    }

    @Test
    void anInterruptStopsTheWait() throws Exception {
        Path a = tmp.resolve("a");
        cut(a, 1, 50, 1);
        try (ShardedDataset setA = ShardedDataset.openGrowing(a)) {
            GrowingCurves pool = GrowingCurves.of(DatasetCurves.split(setA).train(), null,
                    new PoolSchedule(30, 0, 30), 1);
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            Thread.currentThread().interrupt();
            assertThrows(RunInterruptedException.class,
                    () -> pool.await(30, new PrintStream(log, true, StandardCharsets.UTF_8)));
            assertTrue(Thread.interrupted(), "the interrupt stays set");
        }
    }
}
