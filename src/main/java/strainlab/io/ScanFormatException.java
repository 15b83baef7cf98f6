package strainlab.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A scan, project or weight file that cannot be read as what it claims to be. The message always names
 * the file, the place in it (line, XML element or ini key) and the problem, e.g.
 * {@code YSZ-XRD.txt line 12: negative intensity -3.0}, so that a user can fix the file without a stack trace.
 */
public class ScanFormatException extends IOException {
    private final String file;
    private final String location;
    private final String problem;

    /**
     * @param file the file name (or path) as the user gave it
     * @param location where in the file: {@code "line 12"}, {@code "element <intensities>"}, {@code "[Experiment] wavelength"}
     * @param problem what is wrong, in words
     */
    public ScanFormatException(String file, String location, String problem) {
        super(file + (location == null || location.isEmpty() ? "" : " " + location) + ": " + problem);
        this.file = file;
        this.location = location;
        this.problem = problem;
    }

    /** Same, keeping the low-level cause for debugging (it is not part of the message). */
    public ScanFormatException(String file, String location, String problem, Throwable cause) {
        this(file, location, problem);
        initCause(cause);
    }

    static ScanFormatException at(String file, int line, String problem) {
        return new ScanFormatException(file, "line " + line, problem);
    }

    static String name(Path path) {
        Path f = path.getFileName();
        return f == null ? path.toString() : f.toString();
    }

    /** The file name. */
    public String file() {
        return file;
    }

    /** The place in the file ({@code "line 12"}, {@code "element <counts>"}, ...), may be empty. */
    public String location() {
        return location;
    }

    /** The problem, in words. */
    public String problem() {
        return problem;
    }
}
