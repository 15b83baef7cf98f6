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
import strainlab.io.AtomicFiles;

/**
 * General chart helpers shared by every StrainLab figure: one house style for XChart line, scatter and
 * histogram charts (series coloured by name through {@link SeriesStyle}, legend outside the data, round ticks), log
 * axes on request, a chart as a {@link BufferedImage} (make {@code Charts.image(chart)} the last expression of a
 * notebook cell and any Java kernel shows it), multi-panel figures ({@link Figure}), and files written atomically
 * as PNG at any resolution, SVG or PDF ({@link #save(Figure, Path, int)}: the format from the file's extension).
 * Figure classes for specific results live beside this class.
 */
public final class Charts {
    /** Default chart width in pixels. */
    public static final int WIDTH = 720;
    /** Default chart height in pixels. */
    public static final int HEIGHT = 480;
    /** Resolution of a chart's own pixel size: one chart pixel is one point (1/72 inch) in SVG and PDF. */
    public static final int SCREEN_DPI = 72;
    /** The file formats of {@link #save(Figure, Path, int)}, by file extension. */
    public static final List<String> FORMATS = List.of("png", "svg", "pdf");

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

    /** Adds a curve (line, no markers) to an XY chart, coloured and dashed by its name ({@link SeriesStyle}). */
    public static XYSeries addLine(XYChart chart, String name, double[] x, double[] y) {
        checkSameLength(name, x, y);
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        // XChart cycles dashed strokes after its eighth series: a line without a role stays solid
        s.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        return SeriesStyle.applyByName(s);
    }

    /** Adds points (markers, no line) to an XY chart, coloured by its name ({@link SeriesStyle}). */
    public static XYSeries addPoints(XYChart chart, String name, double[] x, double[] y) {
        checkSameLength(name, x, y);
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        SeriesStyle style = SeriesStyle.of(name);
        if (style != null) {
            s.setMarkerColor(style.colour());
        }
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
     * readable fonts, legend outside the plot (right of it) without a frame. Returns the chart.
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
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
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
        return BitmapEncoder.getBufferedImage(prepare(chart));
    }

    /**
     * Several charts in one image, row by row, {@code columns} per row; each panel keeps its chart's size
     * (the cell size is the largest chart's). {@link #figure} keeps the charts for vector output.
     *
     * @throws IllegalArgumentException if there is no chart or columns &lt; 1
     */
    public static BufferedImage grid(int columns, List<? extends Chart<?, ?>> charts) {
        return figure(columns, charts).image();
    }

    /** Several charts as one {@link Figure}, {@code columns} per row. */
    public static Figure figure(int columns, List<? extends Chart<?, ?>> charts) {
        return new Figure(columns, charts);
    }

    /** Gives an XY chart round ticks ({@link Ticks#round}) just before it is drawn; other charts as they are. */
    static <C extends Chart<?, ?>> C prepare(C chart) {
        if (chart instanceof XYChart xy) {
            Ticks.round(xy);
        }
        return chart;
    }

    /** Pixels per chart pixel at {@code dpi} ({@code dpi}/72). */
    static double scale(int dpi) {
        if (dpi < 1 || dpi > 2400) {
            throw new IllegalArgumentException("dpi: expected 1 to 2400, got " + dpi);
        }
        return dpi / (double) SCREEN_DPI;
    }

    /**
     * The format of a figure file from its extension: "png", "svg" or "pdf".
     *
     * @throws IllegalArgumentException for any other extension
     */
    public static String format(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
        if (!FORMATS.contains(ext)) {
            throw new IllegalArgumentException(file + ": a figure file must end in .png, .svg or .pdf");
        }
        return ext;
    }

    /** Writes a chart at 72 dpi; the format from the extension (.png, .svg, .pdf). */
    public static Path save(Chart<?, ?> chart, Path file) throws IOException {
        return save(Figure.of(chart), file, SCREEN_DPI);
    }

    /** Writes a chart; the format from the extension; {@code dpi} sets the PNG's resolution. */
    public static Path save(Chart<?, ?> chart, Path file, int dpi) throws IOException {
        return save(Figure.of(chart), file, dpi);
    }

    /**
     * Writes a figure, atomically (parent folders created; temp file + rename), in the format of the file's
     * extension: PNG rendered at {@code dpi} (scale dpi/72, resolution recorded in the file), SVG with text as text,
     * PDF (compressed) with text as outlines; in SVG and PDF one chart pixel is one point whatever the dpi.
     */
    public static Path save(Figure figure, Path file, int dpi) throws IOException {
        String format = format(file);
        scale(dpi);
        return write(file, os -> {
            if (format.equals("png")) {
                writePng(figure.image(dpi), dpi, os);
            } else {
                writeVector(figure::paint, figure.width(), figure.height(), format, os);
            }
        });
    }

    /**
     * Writes an image (e.g. a notebook's composed figure); the format from the extension. In SVG and PDF the image
     * is embedded as a bitmap at 72 dpi.
     */
    public static Path save(BufferedImage image, Path file, int dpi) throws IOException {
        String format = format(file);
        scale(dpi);
        return write(file, os -> {
            if (format.equals("png")) {
                writePng(image, dpi, os);
            } else {
                writeVector(g -> g.drawImage(image, 0, 0, null), image.getWidth(), image.getHeight(), format, os);
            }
        });
    }

    private interface Writer {
        void write(OutputStream os) throws IOException;
    }

    private static Path write(Path file, Writer writer) throws IOException {
        Path target = file.toAbsolutePath();
        AtomicFiles.writeWith(target, tmp -> {
            try (OutputStream os = new java.io.BufferedOutputStream(Files.newOutputStream(tmp))) {
                writer.write(os);
            }
        });
        return target;
    }

    private static void writeVector(java.util.function.Consumer<Graphics2D> painter, int width, int height,
            String format, OutputStream os) throws IOException {
        de.erichseifert.vectorgraphics2d.VectorGraphics2D g = new de.erichseifert.vectorgraphics2d.VectorGraphics2D();
        if (format.equals("pdf")) {
            // PDF's standard fonts lack σ, θ, −, µ …: text as outlines reads the same in every viewer
            g.setRenderingHint(de.erichseifert.vectorgraphics2d.VectorHints.KEY_TEXT,
                    de.erichseifert.vectorgraphics2d.VectorHints.VALUE_TEXT_VECTOR);
        }
        painter.accept(g);
        g.dispose();
        de.erichseifert.vectorgraphics2d.Processor processor = format.equals("pdf")
                ? new de.erichseifert.vectorgraphics2d.pdf.PDFProcessor(true)
                : new de.erichseifert.vectorgraphics2d.svg.SVGProcessor();
        processor.getDocument(g.getCommands(), new de.erichseifert.vectorgraphics2d.util.PageSize(0, 0, width,
                height)).writeTo(os);
    }

    private static void writePng(BufferedImage image, int dpi, OutputStream os) throws IOException {
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
        javax.imageio.metadata.IIOMetadata meta = writer.getDefaultImageMetadata(
                javax.imageio.ImageTypeSpecifier.createFromRenderedImage(image), param);
        javax.imageio.metadata.IIOMetadataNode phys = new javax.imageio.metadata.IIOMetadataNode("pHYs");
        String perMetre = Integer.toString((int) Math.round(dpi / 0.0254));
        phys.setAttribute("pixelsPerUnitXAxis", perMetre);
        phys.setAttribute("pixelsPerUnitYAxis", perMetre);
        phys.setAttribute("unitSpecifier", "meter");
        javax.imageio.metadata.IIOMetadataNode root = new javax.imageio.metadata.IIOMetadataNode(
                "javax_imageio_png_1.0");
        root.appendChild(phys);
        meta.mergeTree("javax_imageio_png_1.0", root);
        try (javax.imageio.stream.ImageOutputStream ios = ImageIO.createImageOutputStream(os)) {
            writer.setOutput(ios);
            writer.write(meta, new javax.imageio.IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    /** Writes the chart as a PNG file (parent folders created; temp file + atomic rename). */
    public static Path savePng(Chart<?, ?> chart, Path file) throws IOException {
        return savePng(image(chart), file);
    }

    /** Writes an image as a PNG file (parent folders created; temp file + atomic rename). */
    public static Path savePng(BufferedImage image, Path file) throws IOException {
        return write(file, os -> {
            if (!ImageIO.write(image, "png", os)) {
                throw new IOException(file + ": no PNG writer available");
            }
        });
    }
}
