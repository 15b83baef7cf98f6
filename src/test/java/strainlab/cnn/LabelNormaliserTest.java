package strainlab.cnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelNormaliserTest {

    private static final List<String> NAMES = List.of("t_nm", "dr", "const");
    private static final float[][] LABELS = {{100f, 3.5f, 7f}, {1000f, 5.5f, 7f}, {550f, 4f, 7f}};

    @Test
    void mapsTheTrainingRangeOntoZeroOne() {
        LabelNormaliser n = LabelNormaliser.fit(NAMES, LABELS);
        assertArrayEquals(new double[] {100, 3.5, 7}, n.min());
        assertArrayEquals(new double[] {1000, 5.5, 7}, n.max());
        assertArrayEquals(new float[] {0f, 0f, 0f}, n.normalise(LABELS[0]), 1e-7f);
        assertArrayEquals(new float[] {1f, 1f, 0f}, n.normalise(LABELS[1]), 1e-7f);
        assertArrayEquals(new float[] {0.5f, 0.25f, 0f}, n.normalise(LABELS[2]), 1e-7f);
        for (float[] row : LABELS) {
            assertArrayEquals(row, n.denormalise(n.normalise(row)), 1e-4f);
        }
    }

    @Test
    void jsonFileRoundTrips(@TempDir Path dir) throws IOException {
        LabelNormaliser n = LabelNormaliser.fit(NAMES, LABELS);
        Path file = dir.resolve(LabelNormaliser.FILE_NAME);
        n.save(file);
        LabelNormaliser back = LabelNormaliser.load(file);
        assertEquals(n, back);
        assertEquals(NAMES, back.labelNames());
        assertArrayEquals(n.normalise(LABELS[2]), back.normalise(LABELS[2]));
        assertTrue(Files.readString(file).contains("\"t_nm\""));
    }

    @Test
    void badInputIsRejectedWithTheLabelName(@TempDir Path dir) throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LabelNormaliser.fit(NAMES, new float[][] {{1f, Float.NaN, 0f}}));
        assertTrue(e.getMessage().contains("dr"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> LabelNormaliser.fit(NAMES, new float[0][]));
        assertThrows(IllegalArgumentException.class,
                () -> new LabelNormaliser(NAMES, new double[] {0, 0, 0}, new double[] {1, -1, 1}));
        LabelNormaliser n = LabelNormaliser.fit(NAMES, LABELS);
        assertThrows(IllegalArgumentException.class, () -> n.normalise(new float[2]));
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"labelNames\": [\"a\"]}");
        IOException io = assertThrows(IOException.class, () -> LabelNormaliser.load(bad));
        assertTrue(io.getMessage().contains("bad.json"), io.getMessage());
    }
}
