package strainlab.dataset;

import java.nio.file.Path;

/** A shard file whose header, size or checksum does not match the manifest; the message names the file. */
public class CorruptShardException extends RuntimeException {
    private final transient Path file;
    private final String problem;

    public CorruptShardException(Path file, String problem) {
        super("corrupt shard " + file + ": " + problem);
        this.file = file;
        this.problem = problem;
    }

    /** What is wrong, without the file name. */
    public String problem() {
        return problem;
    }

    /** The offending shard file. */
    public Path file() {
        return file;
    }
}
