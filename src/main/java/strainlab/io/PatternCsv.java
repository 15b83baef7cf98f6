package strainlab.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A 64x64 nanobeam detector pattern as CSV: 64 lines of 64 comma-separated numbers, line = detector row
 * (perpendicular to the scattering plane), column = detector column (2θ increasing with the column index).
 */
public final class PatternCsv {
    private PatternCsv() {
    }

    /** Writes a row-major 64x64 pattern atomically. */
    public static void write(Path file, double[] image) throws IOException {
        StringBuilder b = new StringBuilder(image.length * 12);
        for (int r = 0; r < 64; r++) {
            for (int c = 0; c < 64; c++) {
                if (c > 0) {
                    b.append(',');
                }
                b.append(image[r * 64 + c]);
            }
            b.append('\n');
        }
        AtomicFiles.writeText(file, w -> w.write(b.toString()));
    }

    /** Reads a 64-line × 64-number CSV image; errors name the file, line and field. */
    public static float[] read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": a folder, expected a CSV file of 64 lines of 64 numbers");
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": not found");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).toList();
        if (lines.size() != 64) {
            throw new IOException(file + ": expected 64 lines of 64 numbers (a 64x64 pattern), got " + lines.size() + " lines");
        }
        float[] img = new float[4096];
        for (int r = 0; r < 64; r++) {
            String[] f = lines.get(r).split(",");
            if (f.length != 64) {
                throw new IOException(file + ": line " + (r + 1) + " has " + f.length + " numbers, expected 64");
            }
            for (int c = 0; c < 64; c++) {
                try {
                    img[r * 64 + c] = Float.parseFloat(f[c].trim());
                } catch (NumberFormatException e) {
                    throw new IOException(file + ": line " + (r + 1) + ", field " + (c + 1) + ": not a number: '" + f[c] + "'");
                }
                if (!Float.isFinite(img[r * 64 + c])) {
                    throw new IOException(file + ": line " + (r + 1) + ", field " + (c + 1) + ": not a finite number: '" + f[c].trim() + "'");
                }
                if (img[r * 64 + c] < 0) {
                    throw new IOException(file + ": line " + (r + 1) + ", field " + (c + 1) + ": negative count " + f[c]);
                }
            }
        }
        return img;
    }
}
