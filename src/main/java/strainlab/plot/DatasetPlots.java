package strainlab.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import strainlab.dataset.ShardedDataset;

/**
 * Figures of training sets: label histograms against the ranges the recipe draws from, example network
 * inputs on their grid, and families of curves where one parameter varies.
 */
public final class DatasetPlots {
    /** Width in pixels of a histogram panel. */
    public static final int WIDTH = 360;
    /** Height in pixels of a histogram panel. */
    public static final int HEIGHT = 240;
    /** Colour of the histogram bars. */
    private static final Color BAR_COLOR = new Color(0x56B4E9);
    /** Colour of the range markers on histograms. */
    private static final Color RANGE_COLOR = new Color(0xD55E00);

    private DatasetPlots() {
    }

    /**
     * Histogram of one label of a set, with dashed vertical lines at the expected range (omitted when
     * {@code range} is null).
     *
     * @param range {min, max} of the label in the recipe (e.g. table 1 of the paper), or null
     */
    public static XYChart labelHistogram(ShardedDataset set, String label, int bins, double[] range) {
        return histogram(label, set.labelColumn(label), bins, range);
    }

    /**
     * Histogram of {@code values} ({@value #WIDTH}×{@value #HEIGHT} pixels) with dashed vertical lines at
     * {@code range} (null: none). The bins span the union of the data and the range, so values outside the
     * range stand out.
     */
    public static XYChart histogram(String title, double[] values, int bins, double[] range) {
        if (values.length == 0) {
            throw new IllegalArgumentException("histogram '" + title + "': no values");
        }
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be ≥ 1, got " + bins);
        }
        double lo = Arrays.stream(values).min().orElseThrow();
        double hi = Arrays.stream(values).max().orElseThrow();
        if (range != null) {
            if (range.length != 2 || !(range[0] <= range[1])) {
                throw new IllegalArgumentException("histogram '" + title + "': range must be {min, max}, got "
                        + Arrays.toString(range));
            }
            lo = Math.min(lo, range[0]);
            hi = Math.max(hi, range[1]);
        }
        if (hi == lo) {
            lo -= 0.5;
            hi += 0.5;
        }
        double[] counts = Charts.binCounts(values, bins, lo, hi);
        double[] x = new double[bins + 1];
        double[] y = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            x[i] = lo + (hi - lo) * i / bins;
            y[i] = counts[Math.min(i, bins - 1)];
        }
        XYChart chart = Charts.style(new XYChart(WIDTH, HEIGHT));
        chart.setXAxisTitle(title);
        chart.setYAxisTitle("count");
        chart.getStyler().setLegendVisible(false);
        XYSeries bars = chart.addSeries("count", x, y);
        bars.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.StepArea);
        bars.setMarker(SeriesMarkers.NONE);
        bars.setFillColor(BAR_COLOR);
        bars.setLineColor(BAR_COLOR);
        double pad = 0.03 * (hi - lo);
        chart.getStyler().setXAxisMin(lo - pad);
        chart.getStyler().setXAxisMax(hi + pad);
        if (range != null) {
            double top = Arrays.stream(counts).max().orElse(1) * 1.05;
            for (int k = 0; k < 2; k++) {
                XYSeries s = Charts.addLine(chart, k == 0 ? "range min" : "range max",
                        new double[] {range[k], range[k]}, new double[] {0, top});
                s.setLineColor(RANGE_COLOR);
                s.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                        new float[] {6f, 4f}, 0f));
            }
        }
        return chart;
    }

    /**
     * One histogram per label (in storage order), laid out {@code columns} per row, each with its expected
     * range from {@code ranges} (labels absent from the map get none).
     */
    public static BufferedImage labelHistograms(ShardedDataset set, Map<String, double[]> ranges, int bins,
                                                int columns) {
        List<XYChart> charts = new ArrayList<>();
        for (String label : set.labelNames()) {
            charts.add(labelHistogram(set, label, bins, ranges.get(label)));
        }
        return Charts.grid(columns, charts);
    }

    /**
     * The network inputs of some examples on the set's grid, each named by its index and, when the set has
     * them, its thickness and largest strain weight.
     */
    public static XYChart exampleInputs(ShardedDataset set, long... indices) {
        double[] grid = set.inputGrid();
        if (grid.length != set.inputLength()) {
            grid = new double[set.inputLength()];
            for (int k = 0; k < grid.length; k++) {
                grid[k] = k;
            }
        }
        XYChart chart = Charts.line("network inputs of " + indices.length + " training examples",
                "rescaled strain axis (grid)", "input (log10 I / max)");
        List<String> names = set.labelNames();
        int t = names.indexOf("t_nm");
        for (long i : indices) {
            float[] in = set.input(i);
            float[] lab = set.labels(i);
            double[] y = new double[in.length];
            for (int k = 0; k < y.length; k++) {
                y[k] = in[k];
            }
            StringBuilder name = new StringBuilder("#" + i);
            if (t >= 0) {
                name.append(String.format(Locale.ROOT, ", t %.0f nm", lab[t]));
            }
            int w = names.indexOf("w1");
            if (w >= 0 && names.size() >= w + 10) {
                double emax = 0;
                for (int k = 0; k < 10; k++) {
                    emax = Math.max(emax, lab[w + k]);
                }
                name.append(String.format(Locale.ROOT, ", e_max %.2f %%", emax));
            }
            Charts.addLine(chart, name.toString(), grid, y);
        }
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        return chart;
    }

    /**
     * A family of curves on one grid where a single parameter varies.
     *
     * @param parameter the varied parameter, e.g. {@code "t (nm)"} (the chart title)
     * @param curves    series name (e.g. the parameter value) → curve on {@code grid}, in legend order
     */
    public static XYChart parameterSweep(String parameter, double[] grid, Map<String, double[]> curves) {
        XYChart chart = Charts.line(parameter, "rescaled strain axis (grid)", "log10 I / max");
        curves.forEach((name, y) -> Charts.addLine(chart, name, grid, y));
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        return chart;
    }
}
