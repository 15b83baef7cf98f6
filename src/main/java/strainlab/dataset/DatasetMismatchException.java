package strainlab.dataset;

import java.nio.file.Path;
import java.util.List;

/**
 * The output folder of a generation already holds a different set (other source, seed, count, grid, shard
 * size or noise mode), or files that are not a StrainLab set. Nothing in the folder has been touched.
 */
public class DatasetMismatchException extends IllegalStateException {
    private final transient List<String> differences;

    public DatasetMismatchException(Path dir, List<String> differences) {
        super("folder " + dir + " holds a different set (" + String.join("; ", differences)
                + "); choose another --out folder or delete this one");
        this.differences = List.copyOf(differences);
    }

    public DatasetMismatchException(String message) {
        super(message);
        this.differences = List.of();
    }

    /** One line per differing manifest field, e.g. {@code seed: folder has 2, requested 1}. */
    public List<String> differences() {
        return differences;
    }
}
