package strainlab.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A small helper for {@code bin/strainlab bench} targets: times a piece of work over repeats (after
 * warm-up runs) and prints the results as an aligned text table or as a Markdown table for the README.
 *
 * <pre>{@code
 * BenchTable table = new BenchTable("Takagi-Taupin, 1 curve", "lamellae", "points", "median ms", "curves/s");
 * BenchTable.Timing t = BenchTable.time(2, 5, () -> simulator.simulate(request));
 * table.row(200, 1001, t.medianMs(), 1.0 / t.medianS());
 * table.print(out);
 * }</pre>
 */
public final class BenchTable {
    /** Work to time; may throw. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    /**
     * Wall-clock durations of the timed repeats.
     *
     * @param seconds one duration per repeat, in seconds, in the order run
     */
    public record Timing(double[] seconds) {
        public Timing {
            if (seconds == null || seconds.length == 0) {
                throw new IllegalArgumentException("seconds: at least one repeat is needed");
            }
            seconds = seconds.clone();
        }

        /** Median duration in seconds. */
        public double medianS() {
            return median(seconds);
        }

        /** Median duration in milliseconds. */
        public double medianMs() {
            return 1e3 * medianS();
        }

        /** Shortest duration in seconds. */
        public double minS() {
            return Arrays.stream(seconds).min().orElseThrow();
        }

        /** Longest duration in seconds. */
        public double maxS() {
            return Arrays.stream(seconds).max().orElseThrow();
        }

        /** Number of timed repeats. */
        public int repeats() {
            return seconds.length;
        }

        @Override
        public double[] seconds() {
            return seconds.clone();
        }
    }

    private final String title;
    private final List<String> columns;
    private final List<List<String>> rows = new ArrayList<>();

    /**
     * @param title   printed above the table (may be empty)
     * @param columns column headings; each row must have as many cells
     */
    public BenchTable(String title, String... columns) {
        if (columns.length == 0) {
            throw new IllegalArgumentException("columns: at least one column is needed");
        }
        this.title = title == null ? "" : title;
        this.columns = List.of(columns);
    }

    /**
     * Runs {@code work} {@code warmups} times untimed, then {@code repeats} times timed.
     *
     * @throws IllegalArgumentException if warmups &lt; 0 or repeats &lt; 1
     */
    public static Timing time(int warmups, int repeats, Work work) throws Exception {
        if (warmups < 0) {
            throw new IllegalArgumentException("warmups: must be >= 0, got " + warmups);
        }
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats: must be >= 1, got " + repeats);
        }
        for (int i = 0; i < warmups; i++) {
            work.run();
        }
        double[] s = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            work.run();
            s[i] = (System.nanoTime() - t0) * 1e-9;
        }
        return new Timing(s);
    }

    /** Median of the values (mean of the two middle ones for an even count). */
    public static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("values: median of an empty array");
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    }

    /**
     * Adds a row. Numbers are formatted with 4 significant digits (integers as they are); anything
     * else with {@code toString()}.
     *
     * @throws IllegalArgumentException if the number of cells differs from the number of columns
     */
    public BenchTable row(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("row: expected " + columns.size() + " cells " + columns
                    + ", got " + cells.length);
        }
        List<String> r = new ArrayList<>(cells.length);
        for (Object c : cells) {
            r.add(format(c));
        }
        rows.add(r);
        return this;
    }

    /** Number of rows added. */
    public int size() {
        return rows.size();
    }

    /** The cell text at (row, column), as printed. */
    public String cell(int row, int column) {
        return rows.get(row).get(column);
    }

    static String format(Object c) {
        if (c == null) {
            return "";
        }
        if (c instanceof Double || c instanceof Float) {
            double d = ((Number) c).doubleValue();
            if (!Double.isFinite(d)) {
                return Double.toString(d);
            }
            if (d == 0) {
                return "0";
            }
            double a = Math.abs(d);
            if (a >= 1e-3 && a < 1e6) {
                int decimals = Math.max(0, 3 - (int) Math.floor(Math.log10(a)));
                return String.format(Locale.ROOT, "%." + decimals + "f", d);
            }
            return String.format(Locale.ROOT, "%.3e", d);
        }
        return c.toString();
    }

    /** Prints the title and the table with right-aligned columns. */
    public void print(PrintStream out) {
        out.print(toString());
    }

    /** Prints the table in Markdown (title as a bold line), ready to paste into the README. */
    public void printMarkdown(PrintStream out) {
        StringBuilder b = new StringBuilder();
        if (!title.isEmpty()) {
            b.append("**").append(title).append("**\n\n");
        }
        b.append("| ").append(String.join(" | ", columns)).append(" |\n|");
        b.append(" --- |".repeat(columns.size())).append('\n');
        for (List<String> r : rows) {
            b.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        out.print(b);
    }

    @Override
    public String toString() {
        int[] w = new int[columns.size()];
        for (int j = 0; j < w.length; j++) {
            w[j] = columns.get(j).length();
            for (List<String> r : rows) {
                w[j] = Math.max(w[j], r.get(j).length());
            }
        }
        StringBuilder b = new StringBuilder();
        if (!title.isEmpty()) {
            b.append(title).append('\n');
        }
        appendLine(b, columns, w);
        int total = Arrays.stream(w).sum() + 2 * (w.length - 1);
        b.append("-".repeat(total)).append('\n');
        for (List<String> r : rows) {
            appendLine(b, r, w);
        }
        return b.toString();
    }

    private static void appendLine(StringBuilder b, List<String> cells, int[] w) {
        for (int j = 0; j < w.length; j++) {
            if (j > 0) {
                b.append("  ");
            }
            String c = cells.get(j);
            b.append(" ".repeat(w[j] - c.length())).append(c);
        }
        b.append('\n');
    }
}
