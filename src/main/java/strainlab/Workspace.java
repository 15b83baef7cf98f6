package strainlab;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the project and the shared reference material are, whatever the working directory: the
 * repository root (run from the root, from {@code notebooks/} in an interactive Jupyter, or from a
 * sub-folder) and {@code ../shared} beside it.
 */
public final class Workspace {
    /** Environment variable that overrides the location of the shared reference folder. */
    public static final String SHARED_ENV = "STRAINLAB_SHARED";

    private Workspace() {
    }

    /**
     * The repository root: the nearest directory, from the working directory upwards, holding both
     * {@code pom.xml} and {@code src/main/java/strainlab}; the working directory itself if none does.
     */
    public static Path root() {
        Path cwd = Path.of("").toAbsolutePath();
        for (Path p = cwd; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("src/main/java/strainlab"))) {
                return p;
            }
        }
        return cwd;
    }

    /**
     * The shared reference folder: {@value #SHARED_ENV} if set, else {@code shared} beside the
     * repository root ({@code <root>/../shared}). It may not exist; see {@link #hasShared()}.
     */
    public static Path shared() {
        String env = System.getenv(SHARED_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        return root().resolve("..").resolve("shared").normalize();
    }

    /** A path inside the shared folder, e.g. {@code Workspace.shared("data/measured/ysz-400")}. */
    public static Path shared(String relative) {
        return shared().resolve(relative);
    }

    /** Whether the shared reference folder is present. */
    public static boolean hasShared() {
        return Files.isDirectory(shared());
    }
}
