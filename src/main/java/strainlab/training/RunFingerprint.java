package strainlab.training;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What identifies a training run, as a record its checkpoint stores: a run resumes from a checkpoint only when no
 * component differs. Each trainer has its own record; this compares two and words the differences.
 *
 * @param <F> the implementing record
 */
public interface RunFingerprint<F extends Record & RunFingerprint<F>> {

    /**
     * How component {@code name} ({@code checkpoint} here, {@code current} in {@code run}) differs, or null when it
     * does not; by default "name: checkpoint X, this run Y" for unequal values.
     */
    default String difference(String name, Object checkpoint, Object current, F run) {
        return Objects.equals(checkpoint, current) ? null : name + ": checkpoint " + checkpoint + ", this run " + current;
    }

    /**
     * Throws an IllegalStateException naming {@code file}, the differences in component order and the way out
     * unless {@code saved} (read from {@code file}; null: none recorded) lets {@code run} resume.
     */
    static <F extends Record & RunFingerprint<F>> void requireResumable(Path file, F saved, F run) {
        List<String> d = new ArrayList<>(saved == null ? List.of("it records no run") : List.of());
        for (RecordComponent c : saved == null ? new RecordComponent[0] : run.getClass().getRecordComponents()) {
            try {
                c.getAccessor().setAccessible(true);
                d.add(saved.difference(c.getName(), c.getAccessor().invoke(saved), c.getAccessor().invoke(run), run));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        d.removeIf(Objects::isNull);
        if (!d.isEmpty()) {
            throw new IllegalStateException(file + " holds a checkpoint of a different run: " + String.join("; ", d)
                    + ". Use another output folder or delete " + file);
        }
    }
}
