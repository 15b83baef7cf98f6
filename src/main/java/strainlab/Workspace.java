package strainlab;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * Where the project and the shared reference material are, whatever the working directory: the
 * repository root of this installation (its shipped networks in {@code data/models/}, its examples) and
 * {@code ../shared} beside it.
 */
public final class Workspace {
    /** Environment variable that overrides the location of the shared reference folder. */
    public static final String SHARED_ENV = "STRAINLAB_SHARED";
    /** System property naming the repository root explicitly ({@code bin/strainlab} sets it). */
    public static final String ROOT_PROPERTY = "strainlab.root";

    private Workspace() {
    }

    /**
     * The repository root, in this order: the system property {@value #ROOT_PROPERTY}; the repository that
     * holds StrainLab's classes or jar (the build is {@code target/} inside it); the nearest directory from the
     * working directory upwards that is a StrainLab repository; the working directory itself.
     *
     * @throws IllegalStateException when {@value #ROOT_PROPERTY} names a folder that is not a StrainLab repository
     */
    public static Path root() {
        String explicit = System.getProperty(ROOT_PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit).toAbsolutePath().normalize();
            if (!isRepository(p)) {
                throw new IllegalStateException("-D" + ROOT_PROPERTY + "=" + explicit
                        + ": not a StrainLab repository (no pom.xml and src/main/java/strainlab there)");
            }
            return p;
        }
        Path installed = upwards(codeLocation());
        if (installed != null) {
            return installed;
        }
        Path cwd = Path.of("").toAbsolutePath();
        Path found = upwards(cwd);
        return found != null ? found : cwd;
    }

    /** Where StrainLab's classes were loaded from (a folder or a jar), or null when unknown. */
    static Path codeLocation() {
        CodeSource source = Workspace.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null || !"file".equals(source.getLocation().getProtocol())) {
            return null;
        }
        try {
            return Path.of(source.getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static Path upwards(Path start) {
        for (Path p = start; p != null; p = p.getParent()) {
            if (isRepository(p)) {
                return p;
            }
        }
        return null;
    }

    private static boolean isRepository(Path p) {
        return Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("src/main/java/strainlab"));
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
