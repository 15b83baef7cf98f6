package strainlab.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files through a temporary file in the same folder and an atomic rename, so readers never see half a file.
 * The files get the usual permissions of new files (0666 less the umask, e.g. {@code rw-r--r--} under 022), unlike
 * {@link Files#createTempFile}, which makes them private ({@code rw-------}).
 */
public final class AtomicFiles {
    /** Body of a write: receives a UTF-8 writer. */
    @FunctionalInterface
    public interface WriterBody {
        void write(Writer w) throws IOException;
    }

    /** Body of a binary write: receives a buffered stream to the temporary file. */
    @FunctionalInterface
    public interface StreamBody {
        void write(OutputStream out) throws IOException;
    }

    /** Body of a binary write: receives the temporary path to fill. */
    @FunctionalInterface
    public interface PathBody {
        void write(Path temp) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes text to {@code target} atomically (creating the parent folders). */
    public static void writeText(Path target, WriterBody body) throws IOException {
        writeWith(target, temp -> {
            try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                body.write(w);
            }
        });
    }

    /** Writes the remaining bytes of {@code data} (its position unchanged) to {@code target} atomically, synced to disk. */
    public static void write(Path target, ByteBuffer data) throws IOException {
        writeWith(target, temp -> {
            ByteBuffer b = data.duplicate();
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
        });
    }

    /** Writes UTF-8 {@code text} to {@code target} atomically, synced to disk. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes the bytes {@code body} streams to {@code target} atomically, synced to disk. */
    public static void writeStream(Path target, StreamBody body) throws IOException {
        writeWith(target, temp -> {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE);
                 OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
                body.write(out);
                out.flush();
                ch.force(true);
            }
        });
    }

    /** Lets {@code body} fill a temporary file, then renames it onto {@code target}. */
    public static void writeWith(Path target, PathBody body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path temp = createTemp(dir, "." + abs.getFileName() + ".", ".tmp");
        try {
            body.write(temp);
            try {
                Files.move(temp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Several files written all or nothing: each is written to a temporary sibling, and {@link #commit()} renames them
     * all once every one is complete; closing an uncommitted group deletes its temporary files.
     */
    public static final class Group implements AutoCloseable {
        private final java.util.List<Path[]> staged = new java.util.ArrayList<>();
        private boolean committed;

        /** Writes UTF-8 text for {@code target} into a temporary sibling. */
        public void writeText(Path target, WriterBody body) throws IOException {
            writeWith(target, temp -> {
                try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                    body.write(w);
                }
            });
        }

        /** Lets {@code body} fill a temporary sibling of {@code target}. */
        public void writeWith(Path target, PathBody body) throws IOException {
            Path abs = target.toAbsolutePath();
            Files.createDirectories(abs.getParent());
            Path temp = createTemp(abs.getParent(), "." + abs.getFileName() + ".", ".tmp");
            staged.add(new Path[] {temp, abs});
            body.write(temp);
        }

        /** Renames every temporary file onto its target. */
        public void commit() throws IOException {
            for (Path[] p : staged) {
                try {
                    Files.move(p[0], p[1], StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(p[0], p[1], StandardCopyOption.REPLACE_EXISTING);
                }
            }
            committed = true;
        }

        @Override
        public void close() throws IOException {
            if (!committed) {
                for (Path[] p : staged) {
                    Files.deleteIfExists(p[0]);
                }
            }
        }
    }

    /**
     * Creates a new empty file {@code prefix + random + suffix} in {@code dir} with the permissions of any new file
     * (0666 less the umask), for content that is renamed into place afterwards.
     */
    public static Path createTemp(Path dir, String prefix, String suffix) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path p = dir.resolve(prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + suffix);
            try {
                return Files.createFile(p);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }
}
