package strainlab.plot;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import strainlab.nanobeam.maps.MapResult;
import strainlab.nanobeam.maps.MapStudy;
import strainlab.nanobeam.sim.LatticeState;
import strainlab.nanobeam.sim.ParameterEstimates;
import tech.tablesaw.api.Table;

/**
 * Figures of the nanobeam system (NanobeamNN): detector patterns, strain/tilt maps (the paper's figure 3) and the
 * ensemble spread, patterns from true and estimated parameters (figure 2), count-level curves (figure S3) and the
 * speed comparison, as XChart heat maps, line and bar charts.
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

    /** A heat map of a row-major width-wide non-negative field with the colour range [0, max] (sequential colours). */
    public static HeatMapChart positiveMap(String title, double[] values, int width, double max) {
        return heat(title, values, width, 0, max > 0 ? roundUp(max) : 1e-12, SEQUENTIAL);
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
        return heat(title, v, side, 0, max > 0 ? roundUp(max) : 1, SEQUENTIAL);
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
        // anti-aliased cell edges at fractional pixel positions show as a mesh; without anti-aliasing a rounding gap
        // of one pixel row can remain, drawn in the plot background: the colour of the lowest values
        st.setAntiAlias(false);
        st.setPlotBackgroundColor(colors == SEQUENTIAL ? colors[0] : Color.WHITE);
        st.setHeatMapValueDecimalPattern("0.0#E0");
        st.setDecimalPattern("0.0#E0");
        return chart;
    }

    /**
     * Symmetric colour limit ±max|v|, rounded up to two significant digits (the heat-map legend prints the limits
     * unformatted); at least tiny, so a zero field still renders.
     */
    static double symmetricLimit(double[]... arrays) {
        double m = 0;
        for (double[] a : arrays) {
            for (double v : a) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return m > 0 ? roundUp(m) : 1e-12;
    }

    /** A positive finite value rounded up to two significant digits (e.g. 4.87e-4 → 4.9e-4). */
    static double roundUp(double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            return v;
        }
        return java.math.BigDecimal.valueOf(v).round(new java.math.MathContext(2, java.math.RoundingMode.UP))
                .doubleValue();
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

    /** The ensemble spread (member standard deviation) of NanobeamNN over the map, one panel per parameter. */
    public static BufferedImage spread(MapResult r, int members) {
        List<HeatMapChart> charts = new ArrayList<>();
        double[] mean = r.meanCnnSpread();
        for (int d = 0; d < 3; d++) {
            double max = 0;
            for (double v : r.cnnSpread().parameter(d)) {
                max = Math.max(max, v);
            }
            charts.add(positiveMap(String.format(Locale.ROOT, "spread (%d members): %s mean %.2g", members, NAMES[d],
                    mean[d]), r.cnnSpread().parameter(d), r.width(), max));
        }
        return Charts.grid(3, charts);
    }

    /**
     * Figure 2 of a map: one column per chosen pixel; rows: the noisy input, and the noise-free patterns of the true,
     * the NanobeamNN and the correlation-fit parameters (each panel on its own colour range; titles give e, ω, χ).
     */
    public static BufferedImage figure2(MapStudy.Figure2 f, MapResult r) {
        int count = f.pixels().length;
        int len = f.inputs().length / count;
        List<HeatMapChart> charts = new ArrayList<>();
        for (int q = 0; q < count; q++) {
            int i = f.pixels()[q];
            charts.add(pattern(String.format(Locale.ROOT, "input, map pixel (%d, %d)", i / r.width(), i % r.width()),
                    slice(f.inputs(), q, len)));
        }
        for (int q = 0; q < count; q++) {
            charts.add(pattern("truth " + describe(r.truth().state(f.pixels()[q])), slice(f.fromTruth(), q, len)));
        }
        for (int q = 0; q < count; q++) {
            charts.add(pattern("CNN " + describe(r.cnn().state(f.pixels()[q])), slice(f.fromCnn(), q, len)));
        }
        for (int q = 0; q < count; q++) {
            charts.add(pattern("fit " + describe(r.correlation().state(f.pixels()[q])),
                    slice(f.fromCorrelation(), q, len)));
        }
        return Charts.grid(count, charts);
    }

    /** "e %, ω °, χ °" of a state, short enough for a panel title. */
    private static String describe(LatticeState s) {
        return String.format(Locale.ROOT, "%.3f%% %.4f° %.4f°", 100 * s.strain(), s.tiltLrDeg(), s.tiltUdDeg());
    }

    /**
     * The speed comparison: seconds per step as bars on a logarithmic axis (steps with a non-positive time are
     * drawn at 1 µs).
     */
    public static CategoryChart speed(String title, List<String> steps, double[] seconds) {
        if (steps.size() != seconds.length || steps.isEmpty()) {
            throw new IllegalArgumentException("speed chart: " + steps.size() + " steps and " + seconds.length
                    + " times (need equal, non-zero counts)");
        }
        CategoryChart chart = new CategoryChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT).title(title)
                .xAxisTitle("").yAxisTitle("seconds (log)").build();
        Charts.style(chart);
        List<Double> ys = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (double v : seconds) {
            double y = v > 0 ? v : 1e-6;
            ys.add(y);
            lo = Math.min(lo, y);
            hi = Math.max(hi, y);
        }
        chart.addSeries("time", steps, ys);
        var st = chart.getStyler();
        st.setYAxisLogarithmic(true);
        // bars start at the axis minimum, which must be > 0 on a log axis: whole decades around the data
        st.setYAxisMin(Math.pow(10, Math.floor(Math.log10(lo)) - 1));
        st.setYAxisMax(Math.pow(10, Math.ceil(Math.log10(hi) + 1e-9)));
        st.setLegendVisible(false);
        st.setLabelsVisible(true);
        st.setLabelsFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12));
        st.setDecimalPattern("0.###E0");
        st.setSeriesColors(new Color[] {Charts.PALETTE.get(2)});
        return chart;
    }

    private static float[] slice(float[] a, int i, int len) {
        float[] out = new float[len];
        System.arraycopy(a, i * len, out, 0, len);
        return out;
    }

    /**
     * Figure S3: RMSE of one parameter versus test count level (photons at the library's brightest pixel), one line
     * per model (in table order; the legend gives the training level), log axes. Rows as
     * {@link strainlab.nanobeam.maps.CountLevelStudy#COLUMNS}.
     */
    public static XYChart countLevels(Table t, String rmseColumn) {
        XYChart chart = Charts.line("count levels: " + rmseColumn, "test counts (max of the library)", rmseColumn);
        List<String> models = new ArrayList<>(new java.util.LinkedHashSet<>(t.stringColumn("model").asList()));
        for (String model : models) {
            Table s = t.where(t.stringColumn("model").isEqualTo(model));
            double train = s.doubleColumn("train_counts").get(0);
            String level = train == Math.rint(train) ? String.format(Locale.ROOT, "%.0f", train)
                    : String.format(Locale.ROOT, "%.3g", train);
            String name = model.startsWith("trained at") ? model : model + " (trained at " + level + ")";
            Charts.addLine(chart, name, s.doubleColumn("test_counts").asDoubleArray(),
                    s.doubleColumn(rmseColumn).asDoubleArray()).setMarker(SeriesMarkers.CIRCLE);
        }
        Charts.logX(chart);
        Charts.logY(chart);
        return chart;
    }

    /** Figure S3: the RMSE of strain, ω and χ versus test count level side by side. */
    public static BufferedImage countLevels(Table t) {
        return Charts.grid(3, List.of(countLevels(t, "rmse_strain"), countLevels(t, "rmse_tilt_lr_deg"),
                countLevels(t, "rmse_tilt_ud_deg")));
    }
}
