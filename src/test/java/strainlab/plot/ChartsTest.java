package strainlab.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class ChartsTest {
    private static final double[] X = {1, 2, 3, 4};
    private static final double[] Y = {1, 10, 100, 1000};

    @Test
    void lineChartRendersAtTheDefaultSize() {
        XYChart chart = Charts.line("t", "x", "y");
        Charts.addLine(chart, "curve", X, Y);
        BufferedImage img = Charts.image(chart);
        assertEquals(Charts.WIDTH, img.getWidth());
        assertEquals(Charts.HEIGHT, img.getHeight());
        assertEquals(XYSeries.XYSeriesRenderStyle.Line, chart.getSeries("curve").getXYSeriesRenderStyle().orElseThrow());
    }

    @Test
    void logAxesAreSetAndRender() {
        XYChart chart = Charts.logX(Charts.logY(Charts.scatter("t", "x", "y")));
        Charts.addPoints(chart, "points", X, Y);
        assertTrue(chart.getStyler().isYAxisLogarithmic());
        assertTrue(chart.getStyler().isXAxisLogarithmic());
        assertEquals(Charts.WIDTH, Charts.image(chart).getWidth());
    }

    @Test
    void aLogAxisSpansTheWholeDecadesAroundTheData() {
        XYChart chart = Charts.line("t", "x", "y");
        Charts.addLine(chart, "mse", X, new double[] {0.0046, 0.0041, 0.0038, 0.0024});
        Charts.addLine(chart, "gap", X, new double[] {0.0011, 0.0018, 0.0014, -1});
        Charts.logYWholeDecades(chart);
        assertTrue(chart.getStyler().isYAxisLogarithmic());
        assertEquals(1e-3, chart.getStyler().getYAxisMin(), 1e-15, "non-positive values are left out");
        assertEquals(1e-2, chart.getStyler().getYAxisMax(), 1e-15);
        XYChart exact = Charts.line("t", "x", "y");
        Charts.addLine(exact, "decade", X, new double[] {0.01, 0.01, 0.01, 0.01});
        Charts.logYWholeDecades(exact);
        assertEquals(1e-2, exact.getStyler().getYAxisMin(), 1e-15);
        assertEquals(1e-1, exact.getStyler().getYAxisMax(), 1e-15, "a single decade value still gets a range");
        assertEquals(Charts.WIDTH, Charts.image(exact).getWidth());
    }

    @Test
    void seriesNeedMatchingNonEmptyArrays() {
        XYChart chart = Charts.line("t", "x", "y");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Charts.addLine(chart, "bad", X, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("'bad'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Charts.addPoints(chart, "empty", new double[0], new double[0]));
    }

    @Test
    void binCountsPutTheMaximumInTheLastBinAndSkipOutliers() {
        double[] counts = Charts.binCounts(new double[] {0, 0.1, 0.5, 0.99, 1.0, 1.5, -0.1}, 2, 0, 1);
        assertArrayEquals(new double[] {2, 3}, counts);
    }

    @Test
    void histogramCountsEveryValue() {
        double[] values = new double[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.sin(i);
        }
        XYChart chart = Charts.histogram("h", "v", values, 20);
        double[] y = chart.getSeries("count").getYData();
        double total = 0;
        for (int i = 0; i < 20; i++) {
            total += y[i];
        }
        assertEquals(values.length, total, 0);
        assertEquals(Charts.WIDTH, Charts.image(chart).getWidth());
    }

    @Test
    void histogramRejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> Charts.histogram("h", "v", new double[0], 5));
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> Charts.histogram("h", "v", new double[] {1, Double.NaN}, 5));
        assertTrue(nan.getMessage().contains("values[1]"), nan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Charts.histogram("h", "v", new double[] {1}, 0));
        assertThrows(IllegalArgumentException.class, () -> Charts.histogram("h", "v", new double[] {1}, 3, 2, 1));
    }

    @Test
    void histogramOfIdenticalValuesStillHasARange() {
        XYChart chart = Charts.histogram("h", "v", new double[] {2, 2, 2}, 4);
        double[] x = chart.getSeries("count").getXData();
        assertEquals(1.5, x[0], 1e-12);
        assertEquals(2.5, x[x.length - 1], 1e-12);
    }

    @Test
    void gridPlacesPanelsRowByRow() {
        XYChart a = Charts.line("a", "x", "y");
        Charts.addLine(a, "s", X, Y);
        XYChart b = Charts.line("b", "x", "y");
        Charts.addLine(b, "s", X, Y);
        XYChart c = Charts.line("c", "x", "y");
        Charts.addLine(c, "s", X, Y);
        BufferedImage img = Charts.grid(2, List.of(a, b, c));
        assertEquals(2 * Charts.WIDTH, img.getWidth());
        assertEquals(2 * Charts.HEIGHT, img.getHeight());
        assertThrows(IllegalArgumentException.class, () -> Charts.grid(2, List.of()));
        assertThrows(IllegalArgumentException.class, () -> Charts.grid(0, List.of(a)));
    }

    @Test
    void savePngWritesAReadablePngAtomically(@TempDir Path dir) throws IOException {
        XYChart chart = Charts.line("t", "x", "y");
        Charts.addLine(chart, "curve", X, Y);
        Path file = Charts.savePng(chart, dir.resolve("sub/figure.png"));
        BufferedImage back = ImageIO.read(file.toFile());
        assertEquals(Charts.WIDTH, back.getWidth());
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file.getFileName()), files.map(Path::getFileName).toList());
        }
    }
}
