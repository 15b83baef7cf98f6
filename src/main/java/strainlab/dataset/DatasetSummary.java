package strainlab.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * What is in a data set: its manifest and the statistics of its labels, as text and a Tablesaw table.
 *
 * @param dir      the set's folder
 * @param manifest the manifest
 * @param labels   per-label statistics over the whole set (every shard's checksum was verified on the way)
 */
public record DatasetSummary(Path dir, Manifest manifest, LabelStatistics labels) {
    /** Summarises an open set (streams its labels; verifies every checksum). */
    public static DatasetSummary of(ShardedDataset set) {
        return new DatasetSummary(set.dir(), set.manifest(), set.labelStatistics());
    }

    /** Opens, summarises and closes the set in {@code dir}. */
    public static DatasetSummary of(Path dir) throws IOException {
        try (ShardedDataset set = ShardedDataset.open(dir)) {
            return of(set);
        }
    }

    /** One row per label: label, min, max, mean, std, count. */
    public Table table() {
        return table(labels);
    }

    /** The statistics as a table: label, min, max, mean, std, count. */
    public static Table table(LabelStatistics s) {
        NumberColumnFormatter fmt = new NumberColumnFormatter(
                new DecimalFormat("0.#####", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        DoubleColumn min = DoubleColumn.create("min", s.min());
        DoubleColumn max = DoubleColumn.create("max", s.max());
        DoubleColumn mean = DoubleColumn.create("mean", s.mean());
        DoubleColumn std = DoubleColumn.create("std", s.std());
        for (DoubleColumn c : List.of(min, max, mean, std)) {
            c.setPrintFormatter(fmt);
        }
        long[] counts = new long[s.labelNames().size()];
        java.util.Arrays.fill(counts, s.count());
        return Table.create("label statistics", StringColumn.create("label", s.labelNames()), min, max, mean, std,
                LongColumn.create("count", counts));
    }

    /** The manifest's facts, one {@code key: value} line each. */
    public List<String> info() {
        Manifest m = manifest;
        List<String> lines = new ArrayList<>();
        lines.add("folder       " + dir);
        lines.add("source       " + m.source());
        lines.add("examples     " + m.count() + " (seed " + m.seed() + ")");
        long bytes = m.shards().stream().mapToLong(Manifest.ShardEntry::bytes).sum();
        lines.add("shards       " + m.shards().size() + "/" + m.shardCount() + " of " + m.shardSize() + " examples, "
                + String.format(Locale.ROOT, "%.1f MB", bytes / 1e6) + (m.complete() ? ", complete" : ", INCOMPLETE"));
        double[] g = m.inputGrid();
        lines.add("input        " + m.inputLength() + " float32"
                + (g.length == 0 ? "" : ", grid " + g[0] + " .. " + g[g.length - 1]));
        lines.add("labels       " + String.join(", ", m.labelNames()));
        lines.add("noise        " + (m.noise() == null ? "n/a" : m.noise()));
        lines.add("format       " + m.format() + " v" + m.formatVersion());
        return lines;
    }

    /** The info lines followed by the printed table. */
    @Override
    public String toString() {
        return String.join("\n", info()) + "\n\n" + table().printAll();
    }
}
