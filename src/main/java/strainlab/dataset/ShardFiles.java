package strainlab.dataset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/** Checks of a shard file against its manifest entry, shared by the writer (resume) and the reader. */
final class ShardFiles {
    private ShardFiles() {
    }

    /**
     * Checks that {@code data} (the whole file, position 0) has the expected header, size and checksum.
     *
     * @throws CorruptShardException naming the file and the first mismatch
     */
    static void check(Path file, ByteBuffer data, ShardHeader expected, Manifest.ShardEntry entry) {
        if (data.limit() != entry.bytes()) {
            throw new CorruptShardException(file, "size " + data.limit() + " bytes, manifest says " + entry.bytes());
        }
        if (entry.bytes() != expected.fileBytes()) {
            throw new CorruptShardException(file, "manifest size " + entry.bytes() + " bytes, the set's shape needs "
                    + expected.fileBytes());
        }
        ShardHeader actual = ShardHeader.readFrom(data, file);
        if (!actual.equals(expected)) {
            throw new CorruptShardException(file, "header " + actual + ", expected " + expected);
        }
        String crc = crc32c(data.duplicate().position(0));
        if (!crc.equals(entry.crc32c())) {
            throw new CorruptShardException(file, "CRC-32C " + crc + ", manifest says " + entry.crc32c()
                    + " (the file was modified or damaged; regenerate the set or run generate again)");
        }
    }

    /**
     * Reads {@code file} into {@code scratch} (cleared first; must be large enough for the expected size)
     * and checks it; returns false instead of throwing when the file is missing, unreadable or corrupt.
     */
    static boolean isIntact(Path file, ShardHeader expected, Manifest.ShardEntry entry, ByteBuffer scratch) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) != entry.bytes() || entry.bytes() > scratch.capacity()) {
                return false;
            }
            scratch.clear();
            scratch.limit((int) entry.bytes());
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                while (scratch.hasRemaining()) {
                    if (ch.read(scratch) < 0) {
                        return false;
                    }
                }
            }
            scratch.flip();
            check(file, scratch, expected, entry);
            return true;
        } catch (IOException | CorruptShardException e) {
            return false;
        }
    }

    /** CRC-32C of the remaining bytes of {@code data} (position unchanged) as 8 lower-case hex digits. */
    static String crc32c(ByteBuffer data) {
        CRC32C crc = new CRC32C();
        crc.update(data.duplicate());
        return String.format("%08x", crc.getValue());
    }
}
