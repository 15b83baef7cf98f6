package strainlab.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive lock of an output folder (a data set or a model), held by one writer at a time: the empty file
 * {@value #FILE_NAME} in the folder, locked with {@link FileChannel#tryLock()}. The operating system releases the
 * lock when the holding process dies (kill -9 included), so the file of a killed run is simply locked again; it is
 * never deleted (deleting a lock file lets two writers lock two different files). Writers of this JVM are kept
 * apart before any file is opened, since closing a second channel on the file would release the first one's lock.
 * A second writer fails at once with {@link Busy}.
 */
public final class FolderLock implements AutoCloseable {
    /** Name of the lock file. */
    public static final String FILE_NAME = ".strainlab.lock";
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    /** Thrown when another process (or another writer of this one) holds the folder. */
    public static final class Busy extends IOException {
        public Busy(String message) {
            super(message);
        }
    }

    private FolderLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dir} (which must exist) for writing.
     *
     * @param what what the folder is, for the message ("data set folder", "model folder")
     * @throws Busy when another writer holds it: the message names the folder
     */
    public static FolderLock acquire(Path dir, String what) throws IOException {
        Path file;
        try {
            file = dir.toRealPath().resolve(FILE_NAME);
        } catch (IOException e) {
            throw new IOException(what + " " + dir + ": cannot be opened (" + e.getClass().getSimpleName() + ")", e);
        }
        return lock(file, what, dir);
    }

    /** Locks the file {@code name} in {@code dir} (both created when missing); null when another writer holds it. */
    public static FolderLock tryAcquire(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        try {
            return lock(dir.toRealPath().resolve(name), "folder", dir);
        } catch (Busy e) {
            return null;
        }
    }

    private static FolderLock lock(Path file, String what, Path dir) throws IOException {
        if (!HELD.add(file)) {
            throw busy(what, dir);
        }
        FileChannel ch = null;
        try {
            try {
                ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new IOException(what + " " + dir + ": cannot create the lock file " + file + " ("
                        + e.getClass().getSimpleName() + ")", e);
            }
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                throw busy(what, dir);
            }
            return new FolderLock(file, ch, l);
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                ch.close();
            }
            HELD.remove(file);
            throw e;
        }
    }

    private static Busy busy(String what, Path dir) {
        return new Busy(what + " " + dir + " is being written by another process (it holds " + dir.resolve(FILE_NAME)
                + "); wait for it to finish or choose another folder");
    }

    /** Releases the lock (the file stays). */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            try {
                channel.close();
            } finally {
                HELD.remove(key);
            }
        }
    }
}
