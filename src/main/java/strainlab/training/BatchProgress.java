package strainlab.training;

import java.io.PrintStream;
import java.util.Locale;

/** The within-epoch progress lines of a training pass: one every {@code everySeconds} (0: none). */
public final class BatchProgress {
    private final PrintStream log;
    private final int epoch;
    private final int usable;
    private final int everySeconds;
    private final long start = System.nanoTime();
    private long lastReport = start;

    /** A pass of 1-based {@code epoch} over {@code usable} examples. */
    public BatchProgress(PrintStream log, int epoch, int usable, int everySeconds) {
        this.log = log;
        this.epoch = epoch;
        this.usable = usable;
        this.everySeconds = everySeconds;
    }

    /** Whether a line is due now (then the next one is due {@code everySeconds} later). */
    public boolean due() {
        long now = System.nanoTime();
        if (everySeconds > 0 && (now - lastReport) * 1e-9 >= everySeconds) {
            lastReport = now;
            return true;
        }
        return false;
    }

    /** The line after {@code seen} examples with running mean loss {@code meanLoss}. */
    public void print(long seen, double meanLoss) {
        log.printf(Locale.ROOT, "  epoch %d: %3.0f%%  loss %.6f  %,.0f samples/s%n", epoch, 100.0 * seen / usable,
                meanLoss, seen / ((lastReport - start) * 1e-9));
    }
}
