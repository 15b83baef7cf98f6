package strainlab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies of model and ensemble folders for tests. */
final class ModelFolders {
    private ModelFolders() {
    }

    /** Copies the folder {@code from} with everything below it to {@code to}, without lock files; returns {@code to}. */
    static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else if (!p.getFileName().toString().equals(".strainlab.lock")) {
                    Files.copy(p, q);
                }
            }
        }
        return to;
    }
}
