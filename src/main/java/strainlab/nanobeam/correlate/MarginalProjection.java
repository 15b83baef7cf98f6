package strainlab.nanobeam.correlate;

import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import strainlab.nanobeam.sim.ParameterGrid;

/**
 * The three correlation marginals of the paper's estimator as one linear map from a pattern to ni + nj + nk numbers.
 *
 * <p>With L̂ₗ the library pattern l = (i, j, k) normalised to unit sum, the correlation of a pattern m is
 * C(l) = Σₚ L̂ₗ[p]·m[p] and the strain marginal is S(i) = Σ_{j,k} C(i, j, k) = Σₚ (Σ_{j,k} L̂_{ijk}[p])·m[p]; likewise
 * for the two tilt marginals. The sums over the library are taken once, in float64, when the projection is built:
 * a pattern then costs (non-zero pixels) × (ni + nj + nk) multiply-adds instead of pixels × ni·nj·nk, and the
 * library occupies pixels × (ni + nj + nk) doubles (4 MB for the 41³ grid) instead of the whole cube. This is an exact
 * rewriting of the same estimator: only the order of the float64 additions differs.
 *
 * <p>Column layout: column i is strain index i, column ni + j tilt-ω index j, column ni + nj + k tilt-χ index k;
 * columns are padded with zeros to a whole number of SIMD chunks. The table is stored chunk-major
 * ({@code [chunk][pixel][column in chunk]}) so that the kernel keeps one chunk of a pattern's marginals in
 * registers while it runs over the pattern's non-zero pixels, in increasing pixel order. Every marginal value is
 * therefore the same chain of fused multiply-adds whatever the SIMD width, block size or thread count: the results
 * are reproducible to the bit.
 */
final class MarginalProjection {
    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    /** SIMD vectors per chunk of columns: the kernel's register accumulators. */
    private static final int CHUNK_VECTORS = 4;

    private final int pixels;
    private final int[] counts;      // ni, nj, nk
    private final int width;         // ni + nj + nk
    private final int chunk;         // columns per chunk
    private final int chunks;
    private final double[] table;    // [chunk][pixel][chunk column]
    private final double libraryMaximum;

    private MarginalProjection(int pixels, int[] counts, double[] columnMajor, double libraryMaximum) {
        this.pixels = pixels;
        this.counts = counts.clone();
        this.width = counts[0] + counts[1] + counts[2];
        this.chunk = CHUNK_VECTORS * SPECIES.length();
        this.chunks = (width + chunk - 1) / chunk;
        this.table = new double[chunks * pixels * chunk];
        for (int p = 0; p < pixels; p++) {
            for (int col = 0; col < width; col++) {
                table[((col / chunk) * pixels + p) * chunk + col % chunk] = columnMajor[col * pixels + p];
            }
        }
        this.libraryMaximum = libraryMaximum;
    }

    /**
     * Builds the projection of the library {@code pattern.apply(l)} (raw, non-negative, {@code pixels} values, grid
     * point l in strain-major order) with {@code threads} threads; {@code progress} (may be null) receives the number
     * of library patterns summed so far, in increasing order, from the worker threads. The result does not depend on
     * the thread count.
     */
    static MarginalProjection build(IntFunction<double[]> pattern, int pixels, ParameterGrid grid, int threads,
                                    IntConsumer progress) {
        if (pixels < 1) {
            throw new IllegalArgumentException("pixels must be >= 1, got " + pixels);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Builder b = new Builder(pattern, pixels, grid, threads, progress);
        b.run();
        return new MarginalProjection(pixels, new int[] {b.ni, b.nj, b.nk}, b.sums, b.maximum);
    }

    /**
     * The library pass: tasks of whole grid rows (i, j, all k), fixed by the grid alone, are simulated in parallel
     * without barriers; each sums its normalised patterns into a private column-major partial (per pattern two adds
     * per pixel: the χ column k and the row sum, which then goes to the ω column j and the strain column i), and the
     * partials are added to the total strictly in task order. The additions are thus the same for any thread count.
     */
    private static final class Builder {
        private static final int TASKS = 64;

        final int pixels;
        final int ni;
        final int nj;
        final int nk;
        final double[] sums;
        double maximum;
        private final IntFunction<double[]> pattern;
        private final ParameterGrid grid;
        private final int threads;
        private final IntConsumer progress;
        private final int rowsPerTask;
        private final int tasks;
        private final double[][] done;
        private final double[] doneMaximum;
        private final java.util.ArrayDeque<double[]> free = new java.util.ArrayDeque<>();
        private int claimed;
        private int merged;
        private Throwable failure;

        Builder(IntFunction<double[]> pattern, int pixels, ParameterGrid grid, int threads, IntConsumer progress) {
            this.pattern = pattern;
            this.pixels = pixels;
            this.grid = grid;
            this.threads = threads;
            this.progress = progress;
            this.ni = grid.strain().count();
            this.nj = grid.tiltLrDeg().count();
            this.nk = grid.tiltUdDeg().count();
            this.sums = new double[Math.multiplyExact(pixels, ni + nj + nk)];
            int rows = ni * nj;
            this.rowsPerTask = (rows + TASKS - 1) / TASKS;
            this.tasks = (rows + rowsPerTask - 1) / rowsPerTask;
            this.done = new double[tasks][];
            this.doneMaximum = new double[tasks];
        }

        void run() {
            int workers = Math.min(threads, tasks);
            if (workers == 1) {
                work();
            } else {
                Thread[] pool = new Thread[workers];
                for (int t = 0; t < workers; t++) {
                    pool[t] = new Thread(this::work, "correlation-library-" + t);
                    pool[t].start();
                }
                for (Thread t : pool) {
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("library build interrupted", e);
                    }
                }
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
        }

        /** Claims tasks in order (at most 2·threads ahead of the merge, bounding the partials held) until done. */
        private void work() {
            try {
                while (true) {
                    int task;
                    double[] partial;
                    synchronized (this) {
                        while (failure == null && claimed < tasks && claimed - merged >= 2 * threads) {
                            wait();
                        }
                        if (failure != null || claimed >= tasks) {
                            return;
                        }
                        task = claimed++;
                        partial = free.isEmpty() ? new double[sums.length] : free.pop();
                    }
                    double max = sumTask(task, partial);
                    synchronized (this) {
                        done[task] = partial;
                        doneMaximum[task] = max;
                        mergeReady();
                        notifyAll();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(new IllegalStateException("library build interrupted", e));
            } catch (RuntimeException | Error e) {
                fail(e);
            }
        }

        private synchronized void fail(Throwable e) {
            if (failure == null) {
                failure = e;
            }
            notifyAll();
        }

        /** Adds the finished partials that are next in task order to the total (holding the lock). */
        private void mergeReady() {
            while (merged < tasks && done[merged] != null) {
                double[] p = done[merged];
                for (int q = 0; q < sums.length; q++) {
                    sums[q] += p[q];
                }
                maximum = Math.max(maximum, doneMaximum[merged]);
                done[merged] = null;
                free.push(p);
                merged++;
                if (progress != null) {
                    progress.accept((int) Math.min((long) merged * rowsPerTask * nk, (long) ni * nj * nk));
                }
            }
        }

        /** Sums the normalised patterns of the task's rows into {@code partial} (overwritten); returns their maximum. */
        private double sumTask(int task, double[] partial) {
            java.util.Arrays.fill(partial, 0);
            double[] row = new double[pixels];
            double max = 0;
            int firstRow = task * rowsPerTask;
            int lastRow = Math.min(ni * nj, firstRow + rowsPerTask);
            for (int r = firstRow; r < lastRow; r++) {
                int i = r / nj;
                int j = r % nj;
                java.util.Arrays.fill(row, 0);
                for (int k = 0; k < nk; k++) {
                    int l = r * nk + k;
                    double[] img = pattern.apply(l);
                    double sum = checkedSum(img, l);
                    int uk = (ni + nj + k) * pixels;
                    for (int p = 0; p < pixels; p++) {
                        double v = img[p] / sum;
                        partial[uk + p] += v;
                        row[p] += v;
                        max = Math.max(max, img[p]);
                    }
                }
                int si = i * pixels;
                int lj = (ni + j) * pixels;
                for (int p = 0; p < pixels; p++) {
                    partial[si + p] += row[p];
                    partial[lj + p] += row[p];
                }
            }
            return max;
        }

        /** The sum of library pattern l after checking its length and values. */
        private double checkedSum(double[] img, int l) {
            if (img == null || img.length != pixels) {
                throw new IllegalArgumentException("library pattern " + l + " has " + (img == null ? 0 : img.length)
                        + " values, expected " + pixels);
            }
            double sum = 0;
            for (int p = 0; p < pixels; p++) {
                double v = img[p];
                if (!(v >= 0) || Double.isInfinite(v)) {
                    throw new IllegalArgumentException("library pattern " + l + " (" + grid.state(l) + "), pixel " + p
                            + ": value " + v + "; library intensities must be finite and >= 0");
                }
                sum += v;
            }
            if (!(sum > 0)) {
                throw new IllegalStateException("library pattern " + l + " (" + grid.state(l)
                        + ") is empty (zero sum): it cannot be normalised; narrow the grid");
            }
            return sum;
        }
    }

    int pixels() {
        return pixels;
    }

    /** Number of marginal values per pattern, ni + nj + nk. */
    int width() {
        return width;
    }

    /** Grid points per axis {ni, nj, nk}; a copy. */
    int[] counts() {
        return counts.clone();
    }

    /** Maximum noise-free library intensity seen while building (the simulator's units). */
    double libraryMaximum() {
        return libraryMaximum;
    }

    /** The projection as a row-major (pixels × width) matrix: entry (p, col) = Σ of L̂[p] over column col's slice. */
    double[] pixelMajor() {
        double[] out = new double[pixels * width];
        for (int p = 0; p < pixels; p++) {
            for (int col = 0; col < width; col++) {
                out[p * width + col] = table[((col / chunk) * pixels + p) * chunk + col % chunk];
            }
        }
        return out;
    }

    /** Per-thread work arrays of the kernel for blocks of up to {@code block} patterns. */
    Scratch scratch(int block) {
        return new Scratch(block, pixels, chunks * chunk);
    }

    static final class Scratch {
        final int[][] offsets;   // per pattern: pixel index × chunk of each non-zero pixel
        final double[][] values; // per pattern: the counts there
        final int[] nonZero;
        final double[] padded;   // [pattern][padded width]

        private Scratch(int block, int pixels, int paddedWidth) {
            offsets = new int[block][pixels + 1];
            values = new double[block][pixels + 1];
            nonZero = new int[block];
            padded = new double[block * paddedWidth];
        }
    }

    /**
     * The marginals of {@code count} patterns starting at pattern {@code first} of {@code patterns} (already
     * validated), written to {@code out} as {@code [pattern][width]} from {@code outOffset}. Only non-zero pixels
     * cost work, so sparse (low-count) and dense patterns both work.
     */
    void marginals(float[] patterns, int first, int count, Scratch s, double[] out, int outOffset) {
        int lanes = SPECIES.length();
        int paddedWidth = chunks * chunk;
        for (int m = 0; m < count; m++) {
            int[] off = s.offsets[m];
            double[] val = s.values[m];
            int src = (first + m) * pixels;
            int nz = 0;
            for (int p = 0; p < pixels; p++) {
                float c = patterns[src + p];
                off[nz] = p * chunk;
                val[nz] = c;
                nz += c != 0 ? 1 : 0;
            }
            s.nonZero[m] = nz;
        }
        for (int c = 0; c < chunks; c++) {
            int base = c * pixels * chunk;
            for (int m = 0; m < count; m++) {
                int[] off = s.offsets[m];
                double[] val = s.values[m];
                int nz = s.nonZero[m];
                DoubleVector a0 = DoubleVector.zero(SPECIES);
                DoubleVector a1 = a0;
                DoubleVector a2 = a0;
                DoubleVector a3 = a0;
                for (int t = 0; t < nz; t++) {
                    DoubleVector v = DoubleVector.broadcast(SPECIES, val[t]);
                    int b = base + off[t];
                    a0 = DoubleVector.fromArray(SPECIES, table, b).fma(v, a0);
                    a1 = DoubleVector.fromArray(SPECIES, table, b + lanes).fma(v, a1);
                    a2 = DoubleVector.fromArray(SPECIES, table, b + 2 * lanes).fma(v, a2);
                    a3 = DoubleVector.fromArray(SPECIES, table, b + 3 * lanes).fma(v, a3);
                }
                int dst = m * paddedWidth + c * chunk;
                a0.intoArray(s.padded, dst);
                a1.intoArray(s.padded, dst + lanes);
                a2.intoArray(s.padded, dst + 2 * lanes);
                a3.intoArray(s.padded, dst + 3 * lanes);
            }
        }
        for (int m = 0; m < count; m++) {
            System.arraycopy(s.padded, m * paddedWidth, out, outOffset + m * width, width);
        }
    }
}
