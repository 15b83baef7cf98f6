package strainlab.io;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.zip.CheckedOutputStream;
import java.util.zip.CRC32C;

/**
 * Binary files (training checkpoints) whose last 8 bytes are the CRC-32C of everything before them, so that a
 * flipped or truncated file is refused instead of restored.
 */
public final class CrcTrailer {
    /** Writes the body of a file. */
    @FunctionalInterface
    public interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private CrcTrailer() {
    }

    /** Writes {@code body} to {@code os}, then its CRC-32C as a big-endian long. */
    public static void write(OutputStream os, Body body) throws IOException {
        CheckedOutputStream checked = new CheckedOutputStream(os, new CRC32C());
        DataOutputStream out = new DataOutputStream(checked);
        body.write(out);
        out.flush();
        new DataOutputStream(os).writeLong(checked.getChecksum().getValue());
    }

    /** The length of the body of a file of {@code bytes} (all but the trailer; 0 when shorter than one). */
    public static int bodyLength(byte[] bytes) {
        return Math.max(0, bytes.length - Long.BYTES);
    }

    /**
     * Checks the trailer of a whole file's {@code bytes}.
     *
     * @throws IOException "damaged or modified (CRC-32C …, the file records …)" followed by {@code advice}
     */
    public static void verify(byte[] bytes, String advice) throws IOException {
        int body = bodyLength(bytes);
        if (bytes.length < Long.BYTES) {
            throw new IOException("only " + bytes.length + " bytes (truncated); " + advice);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, body);
        long stored = ByteBuffer.wrap(bytes, body, Long.BYTES).getLong();
        if (crc.getValue() != stored) {
            throw new IOException(String.format(Locale.ROOT, "damaged or modified (CRC-32C %08x, the file records "
                    + "%08x); %s", crc.getValue(), stored, advice));
        }
    }
}
