package strainlab.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BenchTableTest {
    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, BenchTable.median(new double[] {3, 1, 2}));
        assertEquals(2.5, BenchTable.median(new double[] {4, 1, 3, 2}));
        assertEquals(7.0, BenchTable.median(new double[] {7}));
        assertThrows(IllegalArgumentException.class, () -> BenchTable.median(new double[0]));
    }

    @Test
    void medianDoesNotReorderTheInput() {
        double[] v = {3, 1, 2};
        BenchTable.median(v);
        assertArrayEquals(new double[] {3, 1, 2}, v);
    }

    @Test
    void timeRunsWarmupsThenRepeats() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        BenchTable.Timing t = BenchTable.time(2, 3, calls::incrementAndGet);
        assertEquals(5, calls.get());
        assertEquals(3, t.repeats());
        assertTrue(t.minS() >= 0 && t.minS() <= t.medianS() && t.medianS() <= t.maxS());
        assertEquals(1e3 * t.medianS(), t.medianMs(), 1e-12);
    }

    @Test
    void timeMeasuresSleeps() throws Exception {
        BenchTable.Timing t = BenchTable.time(0, 3, () -> Thread.sleep(20));
        assertTrue(t.minS() >= 0.019, "slept 20 ms, measured " + t.minS() + " s");
    }

    @Test
    void timeRejectsBadCounts() {
        assertThrows(IllegalArgumentException.class, () -> BenchTable.time(-1, 1, () -> { }));
        assertThrows(IllegalArgumentException.class, () -> BenchTable.time(0, 0, () -> { }));
    }

    @Test
    void formatsNumbersWithFourSignificantDigits() {
        assertEquals("1235", BenchTable.format(1234.5));
        assertEquals("3.142", BenchTable.format(Math.PI));
        assertEquals("0.01230", BenchTable.format(0.0123));
        assertEquals("1.235e+07", BenchTable.format(12_345_678.0));
        assertEquals("0", BenchTable.format(0.0));
        assertEquals("42", BenchTable.format(42));
        assertEquals("NaN", BenchTable.format(Double.NaN));
    }

    @Test
    void printsRightAlignedColumns() {
        BenchTable table = new BenchTable("title", "n", "median ms").row(8, 1.5).row(1024, 12.25);
        List<String> lines = table.toString().lines().toList();
        assertEquals(List.of("title", "   n  median ms", "---------------", "   8      1.500", "1024      12.25"), lines);
        assertEquals("12.25", table.cell(1, 1));
        assertEquals(2, table.size());
    }

    @Test
    void printsMarkdown() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new BenchTable("", "a", "b").row("x", 2).printMarkdown(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals("| a | b |\n| --- | --- |\n| x | 2 |\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void rowMustMatchTheColumns() {
        BenchTable table = new BenchTable("t", "a", "b");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.row(1));
        assertTrue(e.getMessage().contains("expected 2 cells"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BenchTable("t"));
    }
}
