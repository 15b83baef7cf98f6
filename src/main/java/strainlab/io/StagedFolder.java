package strainlab.io;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a command's output folder all or nothing: the files go into a new hidden sibling folder
 * ({@code .NAME.partial-…}), which is then renamed to the output folder, or, when that folder exists, each file is
 * renamed into it (renames need no space). On failure the staging folder is removed and the message names the file
 * or folder and says that nothing was written.
 */
public final class StagedFolder {
    /** Files written into the staging folder; returns the files written. */
    @FunctionalInterface
    public interface Body {
        List<Path> write(Path staging) throws IOException;
    }

    private StagedFolder() {
    }

    /** Fills a staging folder with {@code body}, then moves its files into {@code outDir}; returns their names. */
    public static List<String> writeAll(Path outDir, Body body) throws IOException {
        Path target = outDir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        Path staging;
        try {
            Files.createDirectories(parent);
            staging = createStaging(parent, "." + target.getFileName() + ".partial-");
        } catch (IOException e) {
            throw new IOException("cannot create the output folder next to " + target + ": " + reason(e), e);
        }
        try {
            List<String> names = new ArrayList<>();
            for (Path f : body.write(staging)) {
                names.add(f.getFileName().toString());
            }
            if (!Files.exists(target)) {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } else {
                List<Path> staged;
                try (var files = Files.list(staging)) {
                    staged = files.toList();
                }
                for (Path f : staged) {
                    Path dest = target.resolve(f.getFileName());
                    if (Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
                        throw new IOException(dest + ": is a folder, cannot be replaced by the output file");
                    }
                }
                for (Path f : staged) {
                    Files.move(f, target.resolve(f.getFileName()), StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                }
                Files.delete(staging);
            }
            return names;
        } catch (IOException e) {
            deleteTree(staging);
            String msg = reason(e).replace(staging.toString(), target.toString());
            throw new IOException((msg.contains(target.toString()) ? msg : "writing " + target + ": " + msg)
                    + "; nothing was written to " + target, e);
        } finally {
            if (Files.exists(staging)) {
                deleteTree(staging);
            }
        }
    }

    /** A new empty folder {@code prefix + random} in {@code dir}, with the usual permissions of new folders. */
    private static Path createStaging(Path dir, String prefix) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path p = dir.resolve(prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
            try {
                return Files.createDirectory(p);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }

    /** The message of an I/O failure with the file it concerns. */
    public static String reason(IOException e) {
        if (e instanceof FileSystemException f && f.getFile() != null) {
            return f.getFile() + ": " + (f.getReason() == null ? e.getClass().getSimpleName() : f.getReason());
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Deletes {@code dir} and everything below it, as far as it can (what cannot be deleted stays). */
    public static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // best effort: what could not be deleted is left behind
        }
    }
}
