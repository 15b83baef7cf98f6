package strainlab.dataset;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The fixed 64-byte header at the start of every shard file: format version {@value #FORMAT_VERSION}, or
 * {@value #EXPECTED_COUNTS_VERSION} for a set that also stores expected counts ({@link ExpectedCounts}).
 * All numbers are little-endian:
 *
 * <pre>
 * offset size  field
 *   0     8    magic, ASCII "SLDSHARD"
 *   8     4    int32  format version (1, or 2 with expected counts)
 *  12     4    int32  header length in bytes (64)
 *  16     8    int64  seed of the set
 *  24     8    int64  global index of the first example in this shard
 *  32     4    int32  number of examples in this shard (count)
 *  36     4    int32  float32 inputs per example (inputLength)
 *  40     4    int32  float32 labels per example (labelCount)
 *  44     4    int32  float32 expected-count values per example (expectedWidth; version 2 only, else 0)
 *  48    16    zero
 *  64          count x inputLength float32 inputs, example-major (row i = example firstIndex + i)
 *  64 + 4*count*inputLength
 *              count x labelCount float32 labels, example-major
 *  64 + 4*count*(inputLength + labelCount)
 *              count x expectedWidth float32 expected-count rows, example-major (version 2)
 * </pre>
 *
 * The header is 64 bytes so the float blocks are aligned for memory mapping. A shard holds only data
 * derived from the generation arguments (no time stamps), so identical runs give identical bytes.
 *
 * @param seed          the seed of the set
 * @param firstIndex    global index of the shard's first example
 * @param count         number of examples in the shard (≥ 1)
 * @param inputLength   float32 inputs per example (≥ 1)
 * @param labelCount    float32 labels per example (≥ 0)
 * @param expectedWidth float32 expected-count values per example (0: none stored)
 */
public record ShardHeader(long seed, long firstIndex, int count, int inputLength, int labelCount, int expectedWidth) {
    /** Version of the shard and manifest format of a set without expected counts. */
    public static final int FORMAT_VERSION = 1;
    /** Version of the shard and manifest format of a set that stores expected counts. */
    public static final int EXPECTED_COUNTS_VERSION = 2;
    /** Length of the header in bytes; the inputs start at this offset. */
    public static final int BYTES = 64;
    /** The eight magic bytes at offset 0. */
    public static final String MAGIC = "SLDSHARD";

    private static final byte[] MAGIC_BYTES = MAGIC.getBytes(StandardCharsets.US_ASCII);

    public ShardHeader {
        if (firstIndex < 0) {
            throw new IllegalArgumentException("firstIndex must be ≥ 0, got " + firstIndex);
        }
        if (count < 1) {
            throw new IllegalArgumentException("count must be ≥ 1, got " + count);
        }
        if (inputLength < 1) {
            throw new IllegalArgumentException("inputLength must be ≥ 1, got " + inputLength);
        }
        if (labelCount < 0) {
            throw new IllegalArgumentException("labelCount must be ≥ 0, got " + labelCount);
        }
        if (expectedWidth < 0) {
            throw new IllegalArgumentException("expectedWidth must be ≥ 0, got " + expectedWidth);
        }
        if (fileBytes(count, inputLength, labelCount + expectedWidth) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a shard of " + count + " examples x (" + inputLength + " + "
                    + labelCount + (expectedWidth > 0 ? " + " + expectedWidth : "")
                    + ") floats exceeds 2 GiB; use a smaller shard size");
        }
    }

    /** A header of a set without expected counts. */
    public ShardHeader(long seed, long firstIndex, int count, int inputLength, int labelCount) {
        this(seed, firstIndex, count, inputLength, labelCount, 0);
    }

    /** Size in bytes of a shard file holding {@code count} examples (without expected counts). */
    public static long fileBytes(long count, int inputLength, int labelCount) {
        return BYTES + 4L * count * ((long) inputLength + labelCount);
    }

    /** Size in bytes of this shard's file. */
    public long fileBytes() {
        return fileBytes(count, inputLength, labelCount + expectedWidth);
    }

    /** The format version this header carries. */
    public int version() {
        return expectedWidth > 0 ? EXPECTED_COUNTS_VERSION : FORMAT_VERSION;
    }

    /** Byte offset of the expected-count block. */
    public long expectedOffset() {
        return labelOffset() + 4L * count * labelCount;
    }

    /** Byte offset of the label block. */
    public long labelOffset() {
        return BYTES + 4L * count * inputLength;
    }

    /** Writes the 64 header bytes at absolute positions 0..63 of {@code buffer}. */
    public void writeTo(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < BYTES; i++) {
            b.put(i, (byte) 0);
        }
        b.put(0, MAGIC_BYTES);
        b.putInt(8, version());
        b.putInt(12, BYTES);
        b.putLong(16, seed);
        b.putLong(24, firstIndex);
        b.putInt(32, count);
        b.putInt(36, inputLength);
        b.putInt(40, labelCount);
        b.putInt(44, expectedWidth);
    }

    /**
     * Reads and validates the header at positions 0..63 of {@code buffer}.
     *
     * @param file the shard's path, named in error messages
     * @throws CorruptShardException when the magic, version or header length is wrong
     */
    public static ShardHeader readFrom(ByteBuffer buffer, Path file) {
        if (buffer.limit() < BYTES) {
            throw new CorruptShardException(file, "file is " + buffer.limit() + " bytes, shorter than the "
                    + BYTES + "-byte header");
        }
        ByteBuffer b = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[MAGIC_BYTES.length];
        b.get(0, magic);
        if (!Arrays.equals(magic, MAGIC_BYTES)) {
            throw new CorruptShardException(file, "bad magic (not a StrainLab shard)");
        }
        int version = b.getInt(8);
        if (version != FORMAT_VERSION && version != EXPECTED_COUNTS_VERSION) {
            throw new CorruptShardException(file, "format version " + version + ", this reader knows "
                    + FORMAT_VERSION + " and " + EXPECTED_COUNTS_VERSION);
        }
        int expectedWidth = b.getInt(44);
        if ((version == EXPECTED_COUNTS_VERSION) != (expectedWidth > 0)) {
            throw new CorruptShardException(file, "format version " + version + " with " + expectedWidth
                    + " expected-count values per example");
        }
        if (b.getInt(12) != BYTES) {
            throw new CorruptShardException(file, "header length " + b.getInt(12) + ", expected " + BYTES);
        }
        try {
            return new ShardHeader(b.getLong(16), b.getLong(24), b.getInt(32), b.getInt(36), b.getInt(40),
                    expectedWidth);
        } catch (IllegalArgumentException e) {
            throw new CorruptShardException(file, "invalid header: " + e.getMessage());
        }
    }
}
