package strainlab.cnn;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import strainlab.RunInterruptedException;
import strainlab.dataset.ExpectedCounts;
import strainlab.dataset.ShardedDataset;
import strainlab.dataset.recipe.Recipe;
import strainlab.training.PoolSchedule;

/**
 * A training pool read while {@code generate} is still writing it: parts of stored sets (e.g. a set's training part,
 * then every curve of a further set of the same recipe and noise with another seed) one after the other, each opened
 * with {@link ShardedDataset#openGrowing}, and the {@link PoolSchedule} that says how much of it each epoch uses.
 * Example {@code i} is readable once the generator has finished the shards that hold the examples 0..i;
 * {@link #await} waits for that. Its identity ({@link #dataChecksum}) is that of the planned sets, so a run resumes
 * while they are still being written.
 */
public final class GrowingCurves implements LabelledCurves {
    /**
     * One part of the pool: {@code curves} (what the trainer reads, e.g. with reduced outputs) and where its examples
     * lie in {@code set}, ascending.
     */
    public record Part(LabelledCurves curves, ShardedDataset set, int[] setIndices) {
        public Part {
            Objects.requireNonNull(curves, "curves");
            Objects.requireNonNull(set, "set");
            setIndices = setIndices.clone();
            if (curves.size() != setIndices.length) {
                throw new IllegalArgumentException("part of " + set.dir() + ": " + curves.size()
                        + " curves but " + setIndices.length + " set indices");
            }
            for (int i = 1; i < setIndices.length; i++) {
                if (setIndices[i] <= setIndices[i - 1]) {
                    throw new IllegalArgumentException("part of " + set.dir() + ": set indices must ascend");
                }
            }
        }

        /** Examples of this part readable now (those before the set's first unfinished shard). */
        int readable() {
            int at = Arrays.binarySearch(setIndices, (int) Math.min(Integer.MAX_VALUE, set.finishedCount()));
            return at >= 0 ? at : -at - 1;
        }
    }

    private static final long WAIT_MILLIS = 250;
    private static final long WAIT_LOG_NANOS = 30_000_000_000L;

    private final List<Part> parts;
    private final int[] offsets;
    /** The parts' sets, each once, in the parts' order. */
    private final List<ShardedDataset> sets;
    private final int size;
    private final PoolSchedule schedule;

    private GrowingCurves(List<Part> parts, int[] offsets, int size, PoolSchedule schedule) {
        this.parts = parts;
        this.offsets = offsets;
        Set<ShardedDataset> distinct = new LinkedHashSet<>();
        for (Part p : parts) {
            distinct.add(p.set());
        }
        this.sets = List.copyOf(distinct);
        this.size = size;
        this.schedule = schedule;
    }

    /**
     * The pool made of {@code parts} in order, cut at the most that {@code schedule} uses in {@code epochs} epochs.
     *
     * @throws IllegalArgumentException when the parts differ in input length, grid, labels, recipe or noise (the
     *                                  message names both sets)
     */
    public static GrowingCurves of(List<Part> parts, PoolSchedule schedule, int epochs) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a training pool needs at least one part");
        }
        LabelledCurves first = parts.get(0).curves();
        for (Part p : parts.subList(1, parts.size())) {
            LabelledCurves c = p.curves();
            String what = c.inputLength() != first.inputLength() ? "input length"
                    : !c.labelNames().equals(first.labelNames()) ? "labels"
                    : !Arrays.equals(c.inputGrid(), first.inputGrid()) ? "input grid"
                    : !c.preset().equals(first.preset()) ? "preset"
                    : !c.noise().equals(first.noise()) ? "noise mode"
                    : !Objects.equals(recipeHash(c), recipeHash(first)) ? "recipe"
                    : c.expectedCounts() != null && first.expectedCounts() != null
                            && !c.expectedCounts().equals(first.expectedCounts()) ? "layout of expected counts" : null;
            if (what != null) {
                throw new IllegalArgumentException("data set " + p.set().dir() + " cannot extend the training pool of "
                        + parts.get(0).set().dir() + ": its " + what + " differs");
            }
        }
        int[] offsets = new int[parts.size() + 1];
        for (int i = 0; i < parts.size(); i++) {
            offsets[i + 1] = Math.addExact(offsets[i], parts.get(i).curves().size());
        }
        int size = schedule.poolSize(epochs, offsets[parts.size()]);
        return new GrowingCurves(List.copyOf(parts), offsets, size, schedule);
    }

    /**
     * The usual pool: the training part of a set, then every curve of {@code more} (null: none), either of which may
     * still be being written.
     */
    public static GrowingCurves of(DatasetCurves train, ShardedDataset more, PoolSchedule schedule, int epochs) {
        int[] trainIndices = new int[train.size()];
        for (int i = 0; i < trainIndices.length; i++) {
            trainIndices[i] = train.setIndex(i);
        }
        List<Part> parts = new ArrayList<>();
        parts.add(new Part(train, train.set(), trainIndices));
        if (more != null) {
            DatasetCurves all = DatasetCurves.all(more);
            parts.add(new Part(all, more, java.util.stream.IntStream.range(0, all.size()).toArray()));
        }
        return of(parts, schedule, epochs);
    }

    private static String recipeHash(LabelledCurves c) {
        Recipe r = c.recipe();
        return r == null ? null : r.sha256();
    }

    /** How the epochs use the pool. */
    public PoolSchedule schedule() {
        return schedule;
    }

    /** Curves in the pool during {@code epoch} (from 1). */
    public int poolSize(int epoch) {
        return schedule.poolSize(epoch, size);
    }

    /** Examples readable now, from the first on. */
    public int readable() {
        int total = 0;
        for (int i = 0; i < parts.size(); i++) {
            int r = parts.get(i).readable();
            total = offsets[i] + r;
            if (r < parts.get(i).curves().size()) {
                break;
            }
        }
        return Math.min(total, size);
    }

    /**
     * Waits until examples 0..rows−1 are readable, re-reading the sets' manifests every quarter second and saying on
     * {@code log} every half minute how far the generator is; returns the seconds waited.
     *
     * @throws IOException when a set's manifest now describes another set or a finished shard is missing
     * @throws RunInterruptedException when the calling thread is interrupted while waiting
     */
    public double await(int rows, PrintStream log) throws IOException {
        if (rows > size) {
            throw new IllegalArgumentException("the pool holds " + size + " curves, asked for " + rows);
        }
        long t0 = System.nanoTime();
        long nextLog = t0 + WAIT_LOG_NANOS;
        while (true) {
            for (ShardedDataset s : sets) {
                s.refresh();
            }
            int ready = readable();
            if (ready >= rows) {
                return (System.nanoTime() - t0) * 1e-9;
            }
            long now = System.nanoTime();
            if (log != null && now >= nextLog) {
                log.printf(Locale.ROOT, "waiting for the generator: %,d of the %,d curves this epoch needs are "
                        + "ready (%s)%n", ready, rows, dataName());
                nextLog = now + WAIT_LOG_NANOS;
            }
            try {
                Thread.sleep(WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RunInterruptedException("interrupted while waiting for the generator", e);
            }
        }
    }

    private int partOf(int index) {
        Objects.checkIndex(index, size);
        int p = 0;
        while (index >= offsets[p + 1]) {
            p++;
        }
        return p;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int inputLength() {
        return parts.get(0).curves().inputLength();
    }

    @Override
    public List<String> labelNames() {
        return parts.get(0).curves().labelNames();
    }

    @Override
    public void read(int index, float[] input, float[] labels) {
        int p = partOf(index);
        parts.get(p).curves().read(index - offsets[p], input, labels);
    }

    @Override
    public void readLabels(int index, float[] labels) {
        int p = partOf(index);
        parts.get(p).curves().readLabels(index - offsets[p], labels);
    }

    /** The layout of the expected counts every part stores; null when a part stores none. */
    @Override
    public ExpectedCounts expectedCounts() {
        for (Part p : parts) {
            if (p.curves().expectedCounts() == null) {
                return null;
            }
        }
        return parts.get(0).curves().expectedCounts();
    }

    @Override
    public void readExpected(int index, float[] row) {
        int p = partOf(index);
        parts.get(p).curves().readExpected(index - offsets[p], row);
    }

    @Override
    public List<String> labelUnits() {
        return parts.get(0).curves().labelUnits();
    }

    @Override
    public double[] inputGrid() {
        return parts.get(0).curves().inputGrid();
    }

    @Override
    public String preset() {
        return parts.get(0).curves().preset();
    }

    @Override
    public Recipe recipe() {
        return parts.get(0).curves().recipe();
    }

    @Override
    public String noise() {
        return parts.get(0).curves().noise();
    }

    /** The CRC-32C of the parts' planned sets, their part sizes and the pool's size. */
    @Override
    public String dataChecksum() {
        StringBuilder b = new StringBuilder();
        for (Part p : parts) {
            b.append(p.set().planChecksum()).append('/').append(p.curves().size()).append('/')
                    .append(Arrays.hashCode(p.setIndices())).append(';');
        }
        b.append(size);
        return strainlab.io.Checksums.crc32c(b.toString());
    }

    @Override
    public String dataName() {
        List<String> names = new ArrayList<>();
        for (ShardedDataset s : sets) {
            names.add(s.dir().toString());
        }
        return String.join(" + ", names);
    }
}
