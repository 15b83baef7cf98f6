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
 * Writes a command's output folder (or folders) all or nothing: the files go into a new hidden sibling folder
 * ({@code .NAME.partial-…}), which is then renamed to the output folder, or, when that folder exists, each file is
 * renamed into it (renames need no space). On failure the staging folders are removed and the message names the file
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

    /** Files written into one staging folder per output folder (in their order); returns each one's files. */
    @FunctionalInterface
    public interface MultiBody {
        List<List<Path>> write(List<Path> staging) throws IOException;
    }

    /** Fills a staging folder with {@code body}, then moves its files into {@code outDir}; returns their names. */
    public static List<String> writeAll(Path outDir, Body body) throws IOException {
        return writeAll(List.of(outDir), staging -> List.of(body.write(staging.get(0)))).get(0);
    }

    /**
     * Fills one staging folder per output folder with {@code body}, then publishes them all: every output folder
     * is checked before the first file moves (a file that would replace a folder stops all of them), so a failure
     * while writing or checking leaves every output folder as it was. Returns each folder's file names.
     */
    public static List<List<String>> writeAll(List<Path> outDirs, MultiBody body) throws IOException {
        List<Path> targets = new ArrayList<>();
        List<Path> staging = new ArrayList<>();
        for (Path outDir : outDirs) {
            Path target = outDir.toAbsolutePath().normalize();
            Path parent = target.getParent();
            try {
                Files.createDirectories(parent);
                staging.add(createStaging(parent, "." + target.getFileName() + ".partial-"));
            } catch (IOException e) {
                staging.forEach(StagedFolder::deleteTree);
                throw new IOException("cannot create the output folder next to " + target + ": " + reason(e), e);
            }
            targets.add(target);
        }
        try {
            List<List<String>> names = new ArrayList<>();
            for (List<Path> files : body.write(List.copyOf(staging))) {
                names.add(files.stream().map(f -> f.getFileName().toString()).toList());
            }
            List<List<Path>> staged = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                staged.add(checked(staging.get(i), targets.get(i)));
            }
            for (int i = 0; i < targets.size(); i++) {
                publish(staging.get(i), targets.get(i), staged.get(i));
            }
            return names;
        } catch (IOException e) {
            String reason = reason(e);
            for (int i = 0; i < targets.size(); i++) {
                reason = reason.replace(staging.get(i).toString(), targets.get(i).toString());
            }
            String msg = reason;
            String all = String.join(" or ", targets.stream().map(Path::toString).toList());
            boolean named = targets.stream().anyMatch(t -> msg.contains(t.toString()));
            throw new IOException((named ? msg : "writing " + all + ": " + msg) + "; nothing was written to " + all, e);
        } finally {
            for (Path st : staging) {
                if (Files.exists(st)) {
                    deleteTree(st);
                }
            }
        }
    }

    /** The staged files bound for an existing {@code target} (null when it does not exist yet), checked. */
    private static List<Path> checked(Path staging, Path target) throws IOException {
        if (!Files.exists(target)) {
            return null;
        }
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
        return staged;
    }

    /** Renames the staging folder to {@code target}, or its files into an existing {@code target}. */
    private static void publish(Path staging, Path target, List<Path> staged) throws IOException {
        if (staged == null) {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        for (Path f : staged) {
            Files.move(f, target.resolve(f.getFileName()), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        }
        Files.delete(staging);
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
