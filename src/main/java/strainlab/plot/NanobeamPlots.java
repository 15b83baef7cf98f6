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
import strainlab.nanobeam.maps.DetectorMoments;
import strainlab.nanobeam.maps.MapResult;
import strainlab.nanobeam.maps.MapStudy;
import strainlab.nanobeam.sim.LatticeState;
import strainlab.nanobeam.sim.NanobeamInstrument;
import strainlab.nanobeam.sim.NanobeamSimulator;
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

    /**
     * A heat map of a row-major width-wide map with the colour range [min, max] (diverging colours); axes in scan
     * steps, x along the columns and y upwards (map row 0, drawn at the top, is y = (rows − 1) steps). Values below
     * 0.01 or from 10⁴ are drawn in units of a power of ten named in the title.
     */
    public static HeatMapChart map(String title, double[] values, int width, double min, double max) {
        return heat(title, values, width, min, max, DIVERGING, 1, "scan steps");
    }

    /**
     * As {@link #map(String, double[], int, double, double)} with axes in µm: {@code stepUm} between neighbouring
     * map pixels.
     */
    public static HeatMapChart map(String title, double[] values, int width, double min, double max, double stepUm) {
        return heat(title, values, width, min, max, DIVERGING, stepUm, "µm");
    }

    /** A heat map of a row-major width-wide non-negative field with the colour range [0, max] (sequential colours). */
    public static HeatMapChart positiveMap(String title, double[] values, int width, double max) {
        return heat(title, values, width, 0, max > 0 ? roundUp(max) : 1e-12, SEQUENTIAL, 1, "scan steps");
    }

    /** A 64×64 (or any square) detector pattern; row 0 at the top, 2θ increasing to the right; axes in pixels. */
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
        return heat(title, v, side, 0, max > 0 ? roundUp(max) : 1, SEQUENTIAL, 1, "detector pixels");
    }

    private static HeatMapChart heat(String title, double[] values, int width, double min, double max, Color[] colors,
            double step, String unit) {
        if (values.length % width != 0) {
            throw new IllegalArgumentException("values (" + values.length + ") are not a whole number of rows of " + width);
        }
        if (!(step > 0) || !Double.isFinite(step)) {
            throw new IllegalArgumentException("step must be finite and > 0, got " + step);
        }
        int height = values.length / width;
        // XChart prints the colour-bar limits as raw doubles ("5.0E-4"): small or large ranges are drawn in units of a
        // power of ten, named in the title, so that the limits read "5.0" and "-5.0"
        int exponent = exponent(Math.max(Math.abs(min), Math.abs(max)));
        double unitScale = Math.pow(10, -exponent);
        if (exponent != 0) {
            title = title + " (×10" + Ticks.superscript(exponent) + ")";
            min = colors == SEQUENTIAL ? Math.floor(min * unitScale * 10) / 10
                    : roundUp(Math.abs(min * unitScale)) * Math.signum(min);
            max = roundUp(Math.abs(max * unitScale)) * Math.signum(max);
        }
        HeatMapChart chart = new HeatMapChart(PANEL + 110, PANEL + 30, Styler.ChartTheme.XChart);
        chart.setTitle(title);
        chart.setXAxisTitle("x (" + unit + ")");
        chart.setYAxisTitle("y (" + unit + ")");
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            xs.add(c * step);
        }
        for (int r = 0; r < height; r++) {
            ys.add(r * step);
        }
        List<Number[]> cells = new ArrayList<>(values.length);
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                cells.add(new Number[] {c, r, values[(height - 1 - r) * width + c] * unitScale});
            }
        }
        chart.addSeries(title, xs, ys, cells);
        var st = chart.getStyler();
        st.setRangeColors(colors);
        st.setMin(min);
        st.setMax(max);
        st.setShowValue(false);
        java.awt.Font small = new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 10);
        st.setValueFont(small);
        st.setLegendFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 11));
        st.setChartTitleFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 12));
        st.setAxisTitleFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 11));
        st.setAxisTickLabelsFont(small);
        st.setDrawBorder(false);
        st.setAxisTicksVisible(true);
        st.setAxisTicksMarksVisible(true);
        st.setPlotGridLinesVisible(false);
        st.setLegendVisible(true);
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setLegendBorderColor(Color.WHITE);
        st.setGradientColorColumnHeight(PANEL - 80);
        st.setGradientColorColumnWeight(12);
        st.setChartBackgroundColor(Color.WHITE);
        // anti-aliased cell edges at fractional pixel positions show as a mesh; without anti-aliasing a rounding gap
        // of one pixel row can remain, drawn in the plot background: the colour of the lowest values
        st.setAntiAlias(false);
        st.setPlotBackgroundColor(colors == SEQUENTIAL ? colors[0] : Color.WHITE);
        double shown = Math.max(Math.abs(min), Math.abs(max));
        st.setHeatMapDecimalValueFormatter(v -> Ticks.label(v, shown));
        double span = (Math.max(width, height) - 1) * step;
        double tick = Ticks.step(0, span, 4);
        java.util.function.Function<Double, String> axisLabel = v -> {
            double q = v / tick;
            return Math.abs(q - Math.rint(q)) < 1e-6 ? Ticks.label(v, tick) : " ";
        };
        st.setXAxisTickLabelsFormattingFunction(axisLabel);
        st.setYAxisTickLabelsFormattingFunction(axisLabel);
        return chart;
    }

    /** The power of ten a quantity reaching {@code magnitude} is drawn in: 0 from 0.01 to below 1000. */
    static int exponent(double magnitude) {
        return magnitude > 0 && Double.isFinite(magnitude) && (magnitude < 0.01 || magnitude >= 1e3)
                ? (int) Math.floor(Math.log10(magnitude)) : 0;
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
        return figure3Panels(r).image();
    }

    /** The ensemble spread (member standard deviation) of NanobeamNN over the map, one panel per parameter. */
    public static BufferedImage spread(MapResult r, int members) {
        return spreadPanels(r, members).image();
    }

    /** The ensemble spread as a {@link Figure} (for PNG at any resolution, SVG or PDF). */
    public static Figure spreadPanels(MapResult r, int members) {
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
        return Charts.figure(3, charts);
    }

    /**
     * Figure 2 of a map: one column per chosen pixel; rows: the noisy input, and the noise-free patterns of the true,
     * the NanobeamNN and the correlation-fit parameters (each panel on its own colour range; titles give e, ω, χ).
     */
    public static BufferedImage figure2(MapStudy.Figure2 f, MapResult r) {
        return figure2Panels(f, r).image();
    }

    /** Figure 2 of a map as a {@link Figure} (for PNG at any resolution, SVG or PDF). */
    public static Figure figure2Panels(MapStudy.Figure2 f, MapResult r) {
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
        return Charts.figure(count, charts);
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
        return countLevelsPanels(t).image();
    }

    /** Figure S3 as a {@link Figure} (for PNG at any resolution, SVG or PDF). */
    public static Figure countLevelsPanels(Table t) {
        return Charts.figure(3, List.of(countLevels(t, "rmse_strain"), countLevels(t, "rmse_tilt_lr_deg"),
                countLevels(t, "rmse_tilt_ud_deg")));
    }

    /**
     * The figures of the map study in the order its report lists them: figure 3, the ensemble spread, figure 2,
     * figures S4 and S5 and the speed comparison (titled {@code speedTitle}).
     */
    public static List<Figure> mapFigures(MapStudy.Run run, MapStudy.Figure2 f2, int members, String speedTitle) {
        MapResult r = run.result();
        return List.of(figure3Panels(r), spreadPanels(r, members), figure2Panels(f2, r), figureS4(r), figureS5(r),
                Figure.of(speed(speedTitle, List.of("NanobeamNN inference", "correlation fit", "fit + library build"),
                        new double[] {r.cnnSeconds(), r.correlationSeconds(), run.correlationTotalSeconds()})));
    }

    /** NanobeamNN figure 3 as a {@link Figure} (for SVG/PDF). */
    public static Figure figure3Panels(MapResult r) {
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
        return Charts.figure(3, charts);
    }

    /**
     * Figure S4: the error maps of both methods against the truth (rows: correlation fit − truth, NanobeamNN − truth;
     * columns strain, ω, χ; one colour range per column shared by both rows), then per parameter the histograms of
     * both methods' errors (RMSE in the legend).
     */
    public static Figure figureS4(MapResult r) {
        ParameterEstimates ef = r.errors(r.correlation());
        ParameterEstimates ec = r.errors(r.cnn());
        double[] rf = r.rmseCorrelation();
        double[] rc = r.rmseCnn();
        List<org.knowm.xchart.internal.chartpart.Chart<?, ?>> charts = new ArrayList<>();
        for (int row = 0; row < 2; row++) {
            for (int d = 0; d < 3; d++) {
                double lim = symmetricLimit(ef.parameter(d), ec.parameter(d));
                String title = (row == 0 ? "fit − truth: " : "NanobeamNN − truth: ") + NAMES[d];
                charts.add(map(title, (row == 0 ? ef : ec).parameter(d), r.width(), -lim, lim));
            }
        }
        for (int d = 0; d < 3; d++) {
            double lim = symmetricLimit(ef.parameter(d), ec.parameter(d));
            int e = exponent(lim);
            double k = Math.pow(10, -e);
            String unit = e == 0 ? "" : " (×10" + Ticks.superscript(e) + ")";
            XYChart h = EvaluationPlots.compareHistograms("errors: " + NAMES[d] + unit, "estimate − truth" + unit,
                    List.of(String.format(Locale.ROOT, "correlation fit, rmse %.2g", rf[d] * k),
                            String.format(Locale.ROOT, "NanobeamNN, rmse %.2g", rc[d] * k)),
                    List.of(scaled(ef.parameter(d), k), scaled(ec.parameter(d), k)), -lim * k, lim * k, 40);
            charts.add(resize(h, PANEL + 110, PANEL + 30));
        }
        return Charts.figure(3, charts);
    }

    /**
     * Figure S5: what a beamline shows without a model, beside the network's maps — the integrated intensity and the
     * centres of mass along the detector columns (2θ) and rows of each scan pattern ({@link DetectorMoments}), then
     * NanobeamNN's strain, ω and χ.
     */
    public static Figure figureS5(MapResult r) {
        DetectorMoments m = DetectorMoments.of(r);
        List<HeatMapChart> charts = new ArrayList<>();
        double imin = java.util.Arrays.stream(m.intensity()).min().orElse(0);
        double imax = java.util.Arrays.stream(m.intensity()).max().orElse(1);
        double floor = imax > 0 ? Math.pow(10, Math.floor(Math.log10(imax)) - 1) : 1;
        imin = Math.floor(imin / floor) * floor;
        charts.add(heat("integrated intensity (counts)", m.intensity(), r.width(), imin,
                imax > imin ? roundUp(imax) : imin + 1, SEQUENTIAL, 1, "scan steps"));
        charts.add(centred("centre of mass, columns (px)", m.centreColumn(), r.width()));
        charts.add(centred("centre of mass, rows (px)", m.centreRow(), r.width()));
        for (int d = 0; d < 3; d++) {
            double lim = symmetricLimit(r.truth().parameter(d));
            charts.add(map("NanobeamNN: " + NAMES[d], r.cnn().parameter(d), r.width(), -lim, lim));
        }
        return Charts.figure(3, charts);
    }

    /** A map of values drawn about their mean (diverging colours, symmetric range); the mean is in the title. */
    private static HeatMapChart centred(String title, double[] values, int width) {
        double mean = java.util.Arrays.stream(values).filter(Double::isFinite).average().orElse(0);
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Double.isFinite(values[i]) ? values[i] - mean : 0;
        }
        double lim = symmetricLimit(d);
        return map(String.format(Locale.ROOT, "%s − %.2f", title, mean), d, width, -lim, lim);
    }

    private static double[] scaled(double[] v, double k) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * k;
        }
        return out;
    }

    private static XYChart resize(XYChart c, int width, int height) {
        XYChart out = new XYChart(width, height);
        out.setTitle(c.getTitle());
        out.setXAxisTitle(c.getXAxisTitle());
        out.setYAxisTitle(c.getYAxisTitle());
        Charts.style(out);
        out.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        out.getStyler().setChartTitleFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 12));
        out.getStyler().setYAxisDecimalPattern("0");
        out.getStyler().setYAxisMin(0.0);
        for (var s : c.getSeriesCollection()) {
            out.addSeries(s.getName(), s.getXData(), s.getYData()).setMarker(SeriesMarkers.NONE)
                    .setLineColor(s.getLineColor());
        }
        return out;
    }

    /**
     * NanobeamNN figure 1(a), drawn from the simulator's geometry: (left) the scattering plane near the sample — the
     * hollow zone-plate cone converging at the Bragg angle θ_B onto the film and the diffracted cone leaving at 2θ_B
     * towards the detector, cone angles exaggerated by {@code exaggeration}; (right) the footprint of the hollow cone
     * on the detector (outer and central-stop half-angles at the detector distance) over the detector area, in
     * detector pixels.
     */
    public static Figure figure1(NanobeamSimulator simulator, double exaggeration) {
        NanobeamInstrument in = simulator.instrument();
        double sinTheta = in.wavelengthA() * simulator.sample().reciprocalVectorInvA() / (4 * Math.PI);
        double theta = Math.asin(sinTheta);
        double f = in.focalLengthMm();
        double outer = in.outerHalfAngleRad() * exaggeration;
        double inner = in.innerHalfAngleRad() * exaggeration;
        XYChart a = Charts.line(String.format(Locale.ROOT, "scattering plane: %.1f keV, θ_B = %.2f°, 2θ_B = %.2f°",
                in.energyKeV(), Math.toDegrees(theta), Math.toDegrees(2 * theta)), "along the film (mm)",
                "height above the film (mm)");
        a.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        Charts.addLine(a, "film", new double[] {-1.1 * f, 1.1 * f}, new double[] {0, 0}).setLineColor(Color.BLACK);
        // incoming cone: zone plate at distance f, upstream along the direction at θ_B above the film
        for (double sign : new double[] {1, -1}) {
            for (double half : new double[] {outer, inner}) {
                double ang = theta + sign * half;
                String name = (half == outer ? "zone-plate edge" : "central-stop edge") + (sign > 0 ? "" : " ");
                Charts.addLine(a, "in " + name, new double[] {-f * Math.cos(ang), 0},
                        new double[] {f * Math.sin(ang), 0}).setLineColor(half == outer ? SeriesStyle.CNN
                        : SeriesStyle.FIT).setShowInLegend(false);
                Charts.addLine(a, "out " + name, new double[] {0, f * Math.cos(ang)},
                        new double[] {0, f * Math.sin(ang)}).setLineColor(half == outer ? SeriesStyle.CNN
                        : SeriesStyle.FIT).setShowInLegend(false);
            }
        }
        double zx = -f * Math.cos(theta);
        double zy = f * Math.sin(theta);
        double r = f * Math.tan(outer);
        Charts.addLine(a, String.format(Locale.ROOT, "zone plate %.0f µm, f = %.3f mm (cone ×%.0f)",
                in.zonePlateDiameterUm(), f, exaggeration), new double[] {zx - r * Math.sin(theta),
                zx + r * Math.sin(theta)}, new double[] {zy - r * Math.cos(theta), zy + r * Math.cos(theta)})
                .setLineColor(SeriesStyle.CNN).setLineWidth(4f);
        double rs = f * Math.tan(inner);
        Charts.addLine(a, String.format(Locale.ROOT, "central stop %.0f µm", in.centralStopDiameterUm()),
                new double[] {zx - rs * Math.sin(theta), zx + rs * Math.sin(theta)},
                new double[] {zy - rs * Math.cos(theta), zy + rs * Math.cos(theta)}).setLineColor(SeriesStyle.FIT)
                .setLineWidth(4f);
        Charts.addLine(a, String.format(Locale.ROOT, "to the detector, %.2f m", in.detectorDistanceM()),
                new double[] {0, f * Math.cos(theta)}, new double[] {0, f * Math.sin(theta)})
                .setLineColor(SeriesStyle.MEASURED);
        a.getStyler().setXAxisMin(-1.1 * f);
        a.getStyler().setXAxisMax(1.1 * f);
        a.getStyler().setYAxisMin(-0.05 * f);

        XYChart b = new XYChart(560, 600);
        b.setTitle("hollow cone on the detector");
        b.setXAxisTitle("detector column (px)");
        b.setYAxisTitle("detector row (px)");
        Charts.style(b);
        b.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        int n = in.detectorPixels();
        double pix = in.effectivePixelM();
        double c = n / 2.0;
        Charts.addLine(b, String.format(Locale.ROOT, "detector %d×%d px of %.0f µm", n, n, pix * 1e6),
                new double[] {0, n, n, 0, 0}, new double[] {0, 0, n, n, 0}).setLineColor(Color.BLACK);
        for (double half : new double[] {in.outerHalfAngleRad(), in.innerHalfAngleRad()}) {
            double radius = in.detectorDistanceM() * Math.tan(half) / pix;
            double[] x = new double[121];
            double[] y = new double[121];
            for (int k = 0; k <= 120; k++) {
                x[k] = c + radius * Math.cos(2 * Math.PI * k / 120);
                y[k] = c + radius * Math.sin(2 * Math.PI * k / 120);
            }
            boolean isOuter = half == in.outerHalfAngleRad();
            Charts.addLine(b, String.format(Locale.ROOT, "%s: %.2f mrad, %.1f px", isOuter ? "zone plate"
                    : "central stop", half * 1e3, radius), x, y).setLineColor(isOuter ? SeriesStyle.CNN
                    : SeriesStyle.FIT);
        }
        b.getStyler().setXAxisMin(0.0);
        b.getStyler().setXAxisMax((double) n);
        b.getStyler().setYAxisMin(0.0);
        b.getStyler().setYAxisMax((double) n);
        return Charts.figure(2, List.of(a, b));
    }
}
