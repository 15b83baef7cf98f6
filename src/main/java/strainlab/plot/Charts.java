package strainlab.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * General chart helpers shared by every StrainLab figure: one house style for XChart line, scatter and
 * histogram charts, log axes on request, a chart as a {@link BufferedImage} (make {@code Charts.image(chart)}
 * the last expression of a notebook cell and any Java kernel shows it), multi-panel figures, and PNG
 * files written atomically. Figure classes for specific results live beside this class.
 */
public final class Charts {
    /** Default chart width in pixels. */
    public static final int WIDTH = 720;
    /** Default chart height in pixels. */
    public static final int HEIGHT = 480;

    /** The series colours, in order (colour-blind-safe palette of Okabe and Ito, black first). */
    public static final List<Color> PALETTE = List.of(
            new Color(0x000000), new Color(0xD55E00), new Color(0x0072B2), new Color(0x009E73),
            new Color(0xE69F00), new Color(0xCC79A7), new Color(0x56B4E9), new Color(0xF0E442));

    private Charts() {
    }

    /** An empty chart for curves (lines, no markers), {@value #WIDTH}x{@value #HEIGHT} pixels. */
    public static XYChart line(String title, String xLabel, String yLabel) {
        return xy(title, xLabel, yLabel, XYSeries.XYSeriesRenderStyle.Line);
    }

    /** An empty chart for points (markers, no lines), {@value #WIDTH}x{@value #HEIGHT} pixels. */
    public static XYChart scatter(String title, String xLabel, String yLabel) {
        return xy(title, xLabel, yLabel, XYSeries.XYSeriesRenderStyle.Scatter);
    }

    private static XYChart xy(String title, String xLabel, String yLabel, XYSeries.XYSeriesRenderStyle style) {
        XYChart chart = new XYChart(WIDTH, HEIGHT);
        chart.setTitle(title == null ? "" : title);
        chart.setXAxisTitle(xLabel == null ? "" : xLabel);
        chart.setYAxisTitle(yLabel == null ? "" : yLabel);
        style(chart);
        chart.getStyler().setDefaultSeriesRenderStyle(style);
        return chart;
    }

    /**
     * A histogram of {@code values} over {@code bins} equal bins spanning [min, max] of the data, drawn
     * as a filled step curve on a numeric axis (counts on y).
     *
     * @throws IllegalArgumentException if values is empty, contains NaN/infinity, or bins &lt; 1
     */
    public static XYChart histogram(String title, String xLabel, double[] values, int bins) {
        double[] finite = checkValues(values);
        double min = Arrays.stream(finite).min().orElseThrow();
        double max = Arrays.stream(finite).max().orElseThrow();
        if (max == min) {
            min -= 0.5;
            max += 0.5;
        }
        return histogram(title, xLabel, values, bins, min, max);
    }

    /**
     * A histogram of {@code values} over {@code bins} equal bins spanning [min, max]; values outside are
     * not counted, a value equal to max falls in the last bin.
     *
     * @throws IllegalArgumentException if values is empty or not finite, bins &lt; 1, or max &lt;= min
     */
    public static XYChart histogram(String title, String xLabel, double[] values, int bins, double min, double max) {
        checkValues(values);
        if (bins < 1) {
            throw new IllegalArgumentException("bins: must be >= 1, got " + bins);
        }
        if (!(max > min) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("histogram range: need finite min < max, got [" + min + ", " + max + "]");
        }
        double[] counts = binCounts(values, bins, min, max);
        // Step curve: bin i spans [edge i, edge i+1]; repeat the last count so the last bin is drawn.
        double[] x = new double[bins + 1];
        double[] y = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            x[i] = min + (max - min) * i / bins;
            y[i] = counts[Math.min(i, bins - 1)];
        }
        XYChart chart = xy(title, xLabel, "count", XYSeries.XYSeriesRenderStyle.StepArea);
        chart.getStyler().setLegendVisible(false);
        XYSeries s = chart.addSeries("count", x, y);
        s.setMarker(SeriesMarkers.NONE);
        return chart;
    }

    /** Counts of {@code values} in {@code bins} equal bins over [min, max] (max itself in the last bin). */
    public static double[] binCounts(double[] values, int bins, double min, double max) {
        double[] counts = new double[bins];
        double width = (max - min) / bins;
        for (double v : values) {
            if (v < min || v > max) {
                continue;
            }
            int i = (int) Math.floor((v - min) / width);
            counts[Math.min(i, bins - 1)]++;
        }
        return counts;
    }

    private static double[] checkValues(double[] values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("values: a histogram needs at least one value");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("values[" + i + "]: not finite (" + values[i] + ")");
            }
        }
        return values;
    }

    /** Adds a curve (line, no markers) to an XY chart. */
    public static XYSeries addLine(XYChart chart, String name, double[] x, double[] y) {
        checkSameLength(name, x, y);
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        return s;
    }

    /** Adds points (markers, no line) to an XY chart. */
    public static XYSeries addPoints(XYChart chart, String name, double[] x, double[] y) {
        checkSameLength(name, x, y);
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        return s;
    }

    private static void checkSameLength(String name, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series '" + name + "': x has " + x.length + " values, y has " + y.length);
        }
        if (x.length == 0) {
            throw new IllegalArgumentException("series '" + name + "': no data");
        }
    }

    /** Logarithmic y axis (all y values must then be &gt; 0; XChart refuses others when drawing). */
    public static <C extends Chart<? extends AxesChartStyler, ?>> C logY(C chart) {
        chart.getStyler().setYAxisLogarithmic(true);
        return chart;
    }

    /**
     * Logarithmic y axis spanning whole decades around the positive y values of every series, so that the axis
     * always carries labelled decade ticks (XChart labels only powers of ten, and data within one decade would
     * otherwise show none).
     */
    public static XYChart logYWholeDecades(XYChart chart) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (XYSeries series : chart.getSeriesCollection()) {
            for (double y : series.getYData()) {
                if (y > 0 && Double.isFinite(y)) {
                    min = Math.min(min, y);
                    max = Math.max(max, y);
                }
            }
        }
        logY(chart);
        if (max > 0) {
            double low = Math.pow(10, Math.floor(Math.log10(min)));
            double high = Math.pow(10, Math.ceil(Math.log10(max)));
            chart.getStyler().setYAxisMin(low);
            chart.getStyler().setYAxisMax(high > low ? high : low * 10);
        }
        return chart;
    }

    /** Logarithmic x axis (all x values must then be &gt; 0). */
    public static <C extends Chart<? extends AxesChartStyler, ?>> C logX(C chart) {
        chart.getStyler().setXAxisLogarithmic(true);
        return chart;
    }

    /**
     * Applies the StrainLab house style to any XChart chart: white background, light grid, palette,
     * readable fonts, legend inside the plot without a frame. Returns the chart.
     */
    public static <C extends Chart<?, ?>> C style(C chart) {
        Styler st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotBorderVisible(true);
        st.setPlotBorderColor(Color.DARK_GRAY);
        st.setSeriesColors(PALETTE.toArray(new Color[0]));
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        st.setLegendBorderColor(Color.WHITE);
        st.setLegendPosition(Styler.LegendPosition.InsideNE);
        st.setMarkerSize(5);
        st.setAntiAlias(true);
        st.setChartPadding(8);
        if (st instanceof AxesChartStyler ax) {
            ax.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            ax.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            ax.setPlotGridLinesVisible(true);
            ax.setPlotGridLinesColor(new Color(0xE6E6E6));
            ax.setPlotGridLinesStroke(new BasicStroke(1f));
        }
        if (st instanceof XYStyler xy) {
            xy.setMarkerSize(5);
        }
        return chart;
    }

    /** The chart rendered as an image: as the last expression of a notebook cell it is shown as a PNG. */
    public static BufferedImage image(Chart<?, ?> chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }

    /**
     * Several charts in one image, row by row, {@code columns} per row; each panel keeps its chart's size
     * (the cell size is the largest chart's).
     *
     * @throws IllegalArgumentException if there is no chart or columns &lt; 1
     */
    public static BufferedImage grid(int columns, List<? extends Chart<?, ?>> charts) {
        if (charts.isEmpty()) {
            throw new IllegalArgumentException("charts: a grid needs at least one chart");
        }
        if (columns < 1) {
            throw new IllegalArgumentException("columns: must be >= 1, got " + columns);
        }
        int cellW = charts.stream().mapToInt(Chart::getWidth).max().orElseThrow();
        int cellH = charts.stream().mapToInt(Chart::getHeight).max().orElseThrow();
        int cols = Math.min(columns, charts.size());
        int rows = (charts.size() + cols - 1) / cols;
        BufferedImage img = new BufferedImage(cols * cellW, rows * cellH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            for (int i = 0; i < charts.size(); i++) {
                g.drawImage(image(charts.get(i)), (i % cols) * cellW, (i / cols) * cellH, null);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Writes the chart as a PNG file (parent folders created; temp file + atomic rename). */
    public static Path savePng(Chart<?, ?> chart, Path file) throws IOException {
        return savePng(image(chart), file);
    }

    /** Writes an image as a PNG file (parent folders created; temp file + atomic rename). */
    public static Path savePng(BufferedImage image, Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = strainlab.io.AtomicFiles.createTemp(dir, "." + target.getFileName(), ".tmp");
        try {
            try (OutputStream os = Files.newOutputStream(tmp)) {
                if (!ImageIO.write(image, "png", os)) {
                    throw new IOException(file + ": no PNG writer available");
                }
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }
}
