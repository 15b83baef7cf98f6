package strainlab.nanobeam.store;

import java.io.IOException;
import java.nio.file.Path;
import strainlab.dataset.DatasetWriter;
import strainlab.dataset.GenerationProgress;
import strainlab.dataset.ShardedDataset;
import strainlab.nanobeam.sim.LibraryData;
import strainlab.nanobeam.sim.NanobeamLibrary;
import strainlab.nanobeam.sim.ParameterGrid;

/**
 * The nanobeam library in the XRD data-set format ({@code strainlab.dataset}: float32 shards + manifest): written
 * with the data-set writer (parallel, resumable, byte-identical for any thread count) and read back into memory.
 */
public final class LibraryStore {
    private LibraryStore() {
    }

    /** Writes the noisy library (seed {@code seed}) to {@code dir}; re-running resumes. */
    public static DatasetWriter.Report write(NanobeamLibrary library, long seed, Path dir, int threads, int shardSize,
                                             GenerationProgress progress) throws IOException {
        return DatasetWriter.of(library).seed(seed).count(library.size()).threads(threads).shardSize(shardSize)
                .noise("poisson").progress(progress).write(dir);
    }

    /** Reads a stored nanobeam library into memory; the folder must hold a 4096-input, 3-label set. */
    public static LibraryData read(Path dir) throws IOException {
        try (ShardedDataset ds = ShardedDataset.open(dir)) {
            if (ds.inputLength() != 4096 || !ds.labelNames().equals(ParameterGrid.LABELS)) {
                throw new IOException(dir + ": not a nanobeam library (inputs " + ds.inputLength() + ", labels "
                        + ds.labelNames() + "; expected 4096 and " + ParameterGrid.LABELS + ")");
            }
            int n = Math.toIntExact(ds.size());
            float[] images = new float[Math.multiplyExact(n, 4096)];
            float[] labels = new float[n * 3];
            float[] in = new float[4096];
            for (int i = 0; i < n; i++) {
                ds.input(i, in);
                System.arraycopy(in, 0, images, i * 4096, 4096);
                ds.labels(i, labels, 3 * i);
            }
            return new LibraryData(images, labels, n, 4096);
        }
    }
}
