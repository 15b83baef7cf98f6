package strainlab.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunFingerprintTest {
    /** A run named by {@code label}, which is no difference. */
    record Run(int batch, List<Long> seeds, double rate, String label) implements RunFingerprint<Run> {
        @Override
        public String difference(String name, Object checkpoint, Object current, Run run) {
            return name.equals("label") ? null : RunFingerprint.super.difference(name, checkpoint, current, run);
        }
    }

    private static final Path FILE = Path.of("model", "state.bin");

    @Test
    void equalRunsResumeWhateverTheirNames() {
        RunFingerprint.requireResumable(FILE, new Run(8, List.of(1L, 2L), 1e-3, "a"), new Run(8, List.of(1L, 2L),
                1e-3, "b"));
    }

    @Test
    void eachDifferingComponentIsNamedInOrderWithTheFileAndTheWayOut() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RunFingerprint.requireResumable(
                FILE, new Run(8, List.of(1L, 2L), 1e-3, "a"), new Run(16, List.of(1L, 3L), 1e-3, "a")));
        assertEquals(FILE + " holds a checkpoint of a different run: batch: checkpoint 8, this run 16; "
                + "seeds: checkpoint [1, 2], this run [1, 3]. Use another output folder or delete " + FILE,
                e.getMessage());
    }

    @Test
    void aCheckpointWithoutFingerprintIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RunFingerprint.requireResumable(FILE, null, new Run(8, List.of(), 1e-3, "a")));
        assertEquals(FILE + " holds a checkpoint of a different run: it records no run. Use another "
                + "output folder or delete " + FILE, e.getMessage());
    }
}
