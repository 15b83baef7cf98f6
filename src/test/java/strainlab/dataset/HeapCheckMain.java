package strainlab.dataset;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import strainlab.training.ShardedDjlDataset;

/**
 * Subprocess entry of the heap test: {@code OUT COUNT INPUT_LENGTH} writes a fixture set with 10 000-example
 * shards, streams one epoch of it through {@link ShardedDjlDataset}, and prints the peak heap in MB.
 * Run under a small {@code -Xmx}, it fails with OutOfMemoryError if either side held the set in the heap.
 */
public final class HeapCheckMain {
    private HeapCheckMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long count = Long.parseLong(args[1]);
        int inputLength = Integer.parseInt(args[2]);
        DatasetWriter.of(new FixtureSource(inputLength, 14)).seed(3).count(count).threads(2).write(dir);
        double checksum = 0;
        long seen = 0;
        try (ShardedDataset set = ShardedDataset.open(dir); NDManager manager = NDManager.newBaseManager()) {
            ShardedDjlDataset ds = ShardedDjlDataset.builder(set).setSampling(256, true, 1).build();
            for (Batch b : ds.getData(manager)) {
                try (b) {
                    checksum += b.getLabels().singletonOrThrow().sum().getFloat();
                    seen += b.getSize();
                }
            }
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("examples %d read %d labelsum %.6g peakHeapMB %d maxHeapMB %d%n", count, seen, checksum,
                peak >> 20, Runtime.getRuntime().maxMemory() >> 20);
    }
}
