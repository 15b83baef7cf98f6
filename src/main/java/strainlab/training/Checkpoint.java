package strainlab.training;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import strainlab.io.CrcTrailer;

/**
 * The layout of a resumable training state: a magic string (UTF), the length and bytes of a JSON header, the
 * trainer's binary body, then the CRC-32C trailer of {@link CrcTrailer}. Reading refuses a file of an older
 * format, of another kind or with a wrong trailer, naming the file.
 *
 * @param magic       the magic string of the current format
 * @param olderMagic  the magic string of the format before it
 * @param olderAdvice why a file of the older format is refused and what to do
 * @param kind        what the file is, for "not a ..." (e.g. "StrainLab checkpoint")
 * @param noun        what the file is called in "cannot resume from this ..." (e.g. "checkpoint")
 */
public record Checkpoint(String magic, String olderMagic, String olderAdvice, String kind, String noun) {

    /** Reads the body that follows the header. */
    @FunctionalInterface
    public interface BodyReader<T> {
        T read(String headerJson, DataInputStream in) throws IOException;
    }

    /** Writes the magic, the header and {@code body}, then the trailer, to {@code os}. */
    public void write(OutputStream os, String headerJson, CrcTrailer.Body body) throws IOException {
        byte[] header = headerJson.getBytes(StandardCharsets.UTF_8);
        CrcTrailer.write(os, out -> {
            out.writeUTF(magic);
            out.writeInt(header.length);
            out.write(header);
            body.write(out);
        });
    }

    /** Reads {@code file}; every failure is an IOException "FILE: cannot resume from this NOUN: why". */
    public <T> T read(Path file, BodyReader<T> reader) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < Long.BYTES) {
            throw new IOException(file + ": cannot resume from this " + noun + ": only " + bytes.length
                    + " bytes (truncated); delete it to start over");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0,
                CrcTrailer.bodyLength(bytes)))) {
            String found = in.readUTF();
            if (olderMagic.equals(found)) {
                throw new IOException(olderAdvice);
            }
            if (!magic.equals(found)) {
                throw new IOException("not a " + kind + " (header '" + found + "')");
            }
            CrcTrailer.verify(bytes, "delete it to start the training over");
            byte[] header = new byte[in.readInt()];
            in.readFully(header);
            return reader.read(new String(header, StandardCharsets.UTF_8), in);
        } catch (IOException | RuntimeException e) {
            String why = e instanceof EOFException ? "ends early (truncated)"
                    : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IOException(file + ": cannot resume from this " + noun + ": " + why, e);
        }
    }
}
