package strainlab.dataset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/** Files written whole or not at all: to {@code NAME.tmp}, flushed to disk, then atomically renamed. */
final class AtomicFiles {
    /** Suffix of the temporary files; leftovers of a killed run are deleted when it is resumed. */
    static final String TMP_SUFFIX = ".tmp";

    private AtomicFiles() {
    }

    static void write(Path target, byte[] bytes) throws IOException {
        write(target, ByteBuffer.wrap(bytes));
    }

    /** Writes the remaining bytes of {@code data} to {@code target} atomically; data's position is unchanged. */
    static void write(Path target, ByteBuffer data) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + TMP_SUFFIX);
        ByteBuffer b = data.duplicate();
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** CRC-32C of the remaining bytes of {@code data} (position unchanged) as 8 lower-case hex digits. */
    static String crc32c(ByteBuffer data) {
        CRC32C crc = new CRC32C();
        crc.update(data.duplicate());
        return String.format("%08x", crc.getValue());
    }
}
