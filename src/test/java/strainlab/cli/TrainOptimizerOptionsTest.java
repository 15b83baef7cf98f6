package strainlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train's --optimizer, --weight-decay, --schedule one-cycle and --warmup-epochs on the command line. */
class TrainOptimizerOptionsTest {
    @TempDir
    Path tmp;

    /** train with {@code extra} on a set that does not exist: the options are checked before the data is read. */
    private CliRun train(String... extra) {
        String[] args = new String[5 + extra.length];
        args[0] = "train";
        args[1] = "--data";
        args[2] = tmp.resolve("no-such-set").toString();
        args[3] = "--out";
        args[4] = tmp.resolve("model").toString();
        System.arraycopy(extra, 0, args, 5, extra.length);
        return CliRun.of(args);
    }

    private void refused(String message, String... extra) {
        CliRun r = train(extra);
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(message), r.err());
    }

    @Test
    void helpDescribesTheOptions() {
        CliRun r = CliRun.of("train", "--help");
        assertEquals(0, r.code(), r.err());
        for (String s : new String[] {"--optimizer O", "rmsprop (default", "adamw (PyTorch's AdamW",
            "--weight-decay WD", "(default 0.01; --optimizer adamw only)", "one-cycle (linear from lr/25",
            "--warmup-epochs W", "5 % of"}) {
            assertTrue(r.out().contains(s), s + " missing from:\n" + r.out());
        }
    }

    @Test
    void badValuesAreUsageErrorsNamingTheOption() {
        refused("--weight-decay must be finite and ≥ 0, got '-1.0'", "--optimizer", "adamw", "--weight-decay", "-1");
        refused("--weight-decay must be finite and ≥ 0, got '-1.0'", "--weight-decay", "-1");
        refused("--weight-decay is AdamW's decoupled weight decay: it needs --optimizer adamw (the optimizer is "
                + "rmsprop)", "--weight-decay", "0.1");
        refused("--optimizer: optimizer must be rmsprop or adamw, got 'sgd'", "--optimizer", "sgd");
        refused("--schedule: schedule must be plateau, cosine or one-cycle, got step", "--schedule", "step");
        refused("--warmup-epochs must be less than --epochs (4), got 4", "--schedule", "one-cycle", "--epochs", "4",
                "--warmup-epochs", "4");
        refused("--warmup-epochs must be ≥ 1, got 0", "--schedule", "one-cycle", "--epochs", "4",
                "--warmup-epochs", "0");
        refused("--warmup-epochs needs --schedule one-cycle (the schedule is cosine)", "--schedule", "cosine",
                "--warmup-epochs", "2");
        refused("--schedule one-cycle needs --epochs ≥ 2", "--schedule", "one-cycle", "--epochs", "1");
    }
}
