package strainlab.plot;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import strainlab.nanobeam.maps.MapResult;
import strainlab.nanobeam.sim.ParameterEstimates;
import tech.tablesaw.api.Table;

/**
 * Figures of the nanobeam system (NanobeamNN): detector patterns, strain/tilt maps (the paper's figure 3),
 * pattern pairs (figure 2) and count-level curves (figure S3), as XChart heat maps and line charts.
 */
public final class NanobeamPlots {
    /** Side of one heat-map panel in pixels. */
    public static final int PANEL = 300;
    private static final Color[] DIVERGING = {new Color(0x2166AC), new Color(0x92C5DE), Color.WHITE,
        new Color(0xF4A582), new Color(0xB2182B)};
    private static final Color[] SEQUENTIAL = {new Color(0x000004), new Color(0x3B0F70), new Color(0x8C2981),
        new Color(0xDE4968), new Color(0xFE9F6D), new Color(0xFCFDBF)};
    private static final String[] NAMES = {"strain", "ω (deg)", "χ (deg)"};

    private NanobeamPlots() {
    }

    /** A heat map of a row-major width-wide field with the colour range [min, max] (diverging colours). */
    public static HeatMapChart map(String title, double[] values, int width, double min, double max) {
        return heat(title, values, width, min, max, DIVERGING);
    }

    /** A 64×64 (or any square) detector pattern; row 0 at the top, 2θ increasing to the right. */
    public static HeatMapChart pattern(String title, float[] image) {
        int side = (int) Math.round(Math.sqrt(image.length));
        if (side * side != image.length) {
            throw new IllegalArgumentException("pattern has " + image.length + " values, not a square image");
        }
        double[] v = new double[image.length];
        double max = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = image[i];
            max = Math.max(max, v[i]);
        }
        return heat(title, v, side, 0, max > 0 ? max : 1, SEQUENTIAL);
    }

    private static HeatMapChart heat(String title, double[] values, int width, double min, double max, Color[] colors) {
        if (values.length % width != 0) {
            throw new IllegalArgumentException("values (" + values.length + ") are not a whole number of rows of " + width);
        }
        int height = values.length / width;
        HeatMapChart chart = new HeatMapChart(PANEL + 90, PANEL, Styler.ChartTheme.XChart);
        chart.setTitle(title);
        List<Integer> xs = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            xs.add(c);
        }
        for (int r = 0; r < height; r++) {
            ys.add(r);
        }
        List<Number[]> cells = new ArrayList<>(values.length);
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                // XChart draws y upwards: put row 0 at the top
                cells.add(new Number[] {c, height - 1 - r, values[r * width + c]});
            }
        }
        chart.addSeries(title, xs, ys, cells);
        var st = chart.getStyler();
        st.setRangeColors(colors);
        st.setMin(min);
        st.setMax(max);
        st.setShowValue(false);
        st.setValueFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 10));
        st.setLegendFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 10));
        st.setChartTitleFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 12));
        st.setDrawBorder(false);
        st.setAxisTicksVisible(false);
        st.setPlotGridLinesVisible(false);
        st.setLegendVisible(true);
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setGradientColorColumnHeight(PANEL - 80);
        st.setGradientColorColumnWeight(12);
        st.setChartBackgroundColor(Color.WHITE);
        st.setHeatMapValueDecimalPattern("0.0#E0");
        st.setDecimalPattern("0.0#E0");
        return chart;
    }

    /** Symmetric colour limit ±max|v| (at least tiny, so a zero field still renders). */
    static double symmetricLimit(double[]... arrays) {
        double m = 0;
        for (double[] a : arrays) {
            for (double v : a) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return m > 0 ? m : 1e-12;
    }

    /**
     * Figure 3: rows truth, correlation fit, NanobeamNN, error of the fit, error of the CNN; columns strain, ω, χ.
     * Truth and estimates share one colour range per parameter; the error rows share another.
     */
    public static BufferedImage figure3(MapResult r) {
        List<HeatMapChart> charts = new ArrayList<>();
        ParameterEstimates ef = r.errors(r.correlation());
        ParameterEstimates ec = r.errors(r.cnn());
        ParameterEstimates[] rows = {r.truth(), r.correlation(), r.cnn(), ef, ec};
        String[] rowNames = {"truth", "correlation fit", "NanobeamNN", "fit − truth", "CNN − truth"};
        double[] rf = r.rmseCorrelation();
        double[] rc = r.rmseCnn();
        for (int row = 0; row < rows.length; row++) {
            for (int d = 0; d < 3; d++) {
                double lim = row < 3 ? symmetricLimit(r.truth().parameter(d))
                        : symmetricLimit(ef.parameter(d), ec.parameter(d));
                String title = rowNames[row] + ": " + NAMES[d];
                if (row == 3) {
                    title += String.format(Locale.ROOT, " rmse %.2g", rf[d]);
                } else if (row == 4) {
                    title += String.format(Locale.ROOT, " rmse %.2g", rc[d]);
                }
                charts.add(map(title, rows[row].parameter(d), r.width(), -lim, lim));
            }
        }
        return Charts.grid(3, charts);
    }

    /** Figure 2: input patterns (top row) above the patterns simulated from the estimates (bottom row). */
    public static BufferedImage figure2(float[] inputs, float[] predicted, int count, String[] captions) {
        int len = 4096;
        List<HeatMapChart> charts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            charts.add(pattern("input " + (captions == null ? i : captions[i]), slice(inputs, i, len)));
        }
        for (int i = 0; i < count; i++) {
            charts.add(pattern("from estimate", slice(predicted, i, len)));
        }
        return Charts.grid(count, charts);
    }

    private static float[] slice(float[] a, int i, int len) {
        float[] out = new float[len];
        System.arraycopy(a, i * len, out, 0, len);
        return out;
    }

    /** Figure S3: RMSE of one parameter versus test count level, one line per training level (log axes). */
    public static XYChart countLevels(Table t, String rmseColumn) {
        XYChart chart = Charts.line("count levels: " + rmseColumn, "test counts (max per pattern)", rmseColumn);
        double[] trains = t.doubleColumn("train_counts").unique().asDoubleArray();
        java.util.Arrays.sort(trains);
        for (double train : trains) {
            Table s = t.where(t.doubleColumn("train_counts").isEqualTo(train));
            Charts.addLine(chart, String.format(Locale.ROOT, "trained at %.0f", train),
                    s.doubleColumn("test_counts").asDoubleArray(), s.doubleColumn(rmseColumn).asDoubleArray());
        }
        Charts.logX(chart);
        Charts.logY(chart);
        return chart;
    }
}
