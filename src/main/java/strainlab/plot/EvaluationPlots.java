package strainlab.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Figures of a CNN evaluation (Boulle &amp; Debelle 2023, figs 1 and 3–9, S2) drawn from plain arrays, so the
 * same code serves notebooks, the {@code evaluate} report and tests. Ground truth is drawn in wide grey lines, as in
 * the paper, and predictions in the CNN colour of {@link SeriesStyle}; Debye–Waller profiles are dashed.
 */
public final class EvaluationPlots {
    /** Colour of ground-truth curves. */
    public static final Color TRUTH = SeriesStyle.TRUTH;
    /** Colour of predictions. */
    public static final Color PREDICTION = SeriesStyle.CNN;
    /** Accuracy threshold drawn on cumulative plots. */
    public static final double THRESHOLD = 0.1;
    /** Smallest relative error shown on the logarithmic cumulative plots. */
    public static final double LOG_FLOOR = 1e-4;

    private static final int MAX_POINTS = 4000;
    /** Training-set sizes on the size axis of figure 7, in whole curves with thousands separators. */
    private static final String SIZE_PATTERN = "#,##0";

    private EvaluationPlots() {
    }

    /** Predicted against true values of one parameter, with the line y = x (fig. 3a–e). */
    public static XYChart predictedVsTrue(String title, String axisLabel, double[] truth, double[] predicted) {
        checkSame("truth", truth, "predicted", predicted);
        double[][] xy = finitePairs(truth, predicted);
        XYChart chart = Charts.scatter(title, axisLabel + " true", axisLabel + " predicted");
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setMarkerSize(3);
        double lo = Math.min(min(xy[0]), min(xy[1]));
        double hi = Math.max(max(xy[0]), max(xy[1]));
        Charts.addLine(chart, "y = x", new double[] {lo, hi}, new double[] {lo, hi}).setLineColor(TRUTH);
        int[] keep = thin(xy[0].length, MAX_POINTS);
        XYSeries s = Charts.addPoints(chart, "predictions", pick(xy[0], keep), pick(xy[1], keep));
        s.setMarkerColor(translucent(PREDICTION));
        return chart;
    }

    /**
     * Cumulative fraction of curves with an error below x, log x axis from {@value #LOG_FLOOR} to 2, with the 0.1
     * threshold marked (figs 3g–l). Errors are taken in absolute value; zeros are drawn at the floor.
     */
    public static XYChart cumulative(String title, String xLabel, double[] errors) {
        double[] v = Arrays.stream(errors).filter(Double::isFinite).map(Math::abs).sorted().toArray();
        if (v.length == 0) {
            throw new IllegalArgumentException("cumulative: no finite error to plot for '" + title + "'");
        }
        int[] keep = thin(v.length, MAX_POINTS);
        double[] x = new double[keep.length + 1];
        double[] y = new double[keep.length + 1];
        x[0] = LOG_FLOOR;
        y[0] = 0;
        for (int i = 0; i < keep.length; i++) {
            x[i + 1] = Math.max(LOG_FLOOR, v[keep[i]]);
            y[i + 1] = (keep[i] + 1.0) / v.length;
        }
        XYChart chart = Charts.line(title, xLabel, "cumulative fraction");
        chart.getStyler().setLegendVisible(false);
        Charts.addLine(chart, "cumulative", x, y).setLineColor(PREDICTION);
        Charts.logX(chart);
        chart.getStyler().setXAxisMin(LOG_FLOOR);
        chart.getStyler().setXAxisMax(2.0);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setYAxisDecimalPattern("0.0");
        chart.getStyler().setYAxisTickMarkSpacingHint(60);
        AnnotationLine line = new AnnotationLine(THRESHOLD, true, false);
        chart.addAnnotation(line);
        return chart;
    }

    /**
     * A violin plot of signed relative errors, one violin per parameter (fig. 3f): each outline is a Gaussian
     * kernel density estimate (Silverman bandwidth) of the errors over [−yLimit, yLimit], mirrored about the
     * parameter's position and scaled to a half-width of 0.4; the mean is marked with a point and the 10 % and 90 %
     * quantiles with short bars. XChart has no violin chart: the outlines are closed line series.
     */
    public static XYChart violin(String title, List<String> names, List<double[]> relativeErrors, double yLimit) {
        if (names.size() != relativeErrors.size() || names.isEmpty()) {
            throw new IllegalArgumentException("violin: need one error array per name (got " + names.size() + " names, "
                    + relativeErrors.size() + " arrays)");
        }
        if (!(yLimit > 0)) {
            throw new IllegalArgumentException("yLimit must be > 0, got " + yLimit);
        }
        XYChart chart = Charts.line(title, "", "relative error");
        chart.getStyler().setLegendVisible(false);
        int points = 160;
        for (int k = 0; k < names.size(); k++) {
            double[] v = Arrays.stream(relativeErrors.get(k)).filter(Double::isFinite).sorted().toArray();
            if (v.length == 0) {
                continue;
            }
            double[] grid = new double[points];
            for (int i = 0; i < points; i++) {
                grid[i] = -yLimit + 2 * yLimit * i / (points - 1);
            }
            double[] density = Kde.gaussian(v, grid);
            double peak = Arrays.stream(density).max().orElse(0);
            double scale = peak > 0 ? 0.4 / peak : 0;
            double[] ox = new double[2 * points + 1];
            double[] oy = new double[2 * points + 1];
            for (int i = 0; i < points; i++) {
                ox[i] = k + density[i] * scale;
                oy[i] = grid[i];
                ox[2 * points - 1 - i] = k - density[i] * scale;
                oy[2 * points - 1 - i] = grid[i];
            }
            ox[2 * points] = ox[0];
            oy[2 * points] = oy[0];
            Color c = Charts.PALETTE.get((k + 1) % Charts.PALETTE.size());
            outline(Charts.addLine(chart, names.get(k), ox, oy), c);
            double mean = Arrays.stream(v).average().orElse(0);
            XYSeries m = Charts.addPoints(chart, names.get(k) + " mean", new double[] {k},
                    new double[] {clamp(mean, yLimit)});
            m.setMarkerColor(c);
            for (double q : new double[] {0.1, 0.9}) {
                double qv = clamp(quantile(v, q), yLimit);
                outline(Charts.addLine(chart, names.get(k) + " q" + (int) Math.round(q * 100),
                        new double[] {k - 0.15, k + 0.15}, new double[] {qv, qv}), c);
            }
        }
        chart.getStyler().setXAxisMin(-0.6);
        chart.getStyler().setXAxisMax(names.size() - 0.4);
        chart.getStyler().setYAxisMin(-yLimit);
        chart.getStyler().setYAxisMax(yLimit);
        chart.getStyler().setXAxisTicksVisible(false);
        for (int k = 0; k < names.size(); k++) {
            chart.addAnnotation(new AnnotationText(names.get(k), k, -0.9 * yLimit, false));
        }
        return chart;
    }

    /** A solid line in colour {@code c}, whatever its name says (a violin of "DWmin" is no Debye–Waller profile). */
    private static void outline(XYSeries s, Color c) {
        new SeriesStyle(c, 1.5f, false).apply(s);
    }

    private static Color translucent(Color c) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), 90);
    }

    /** σe/e_max against the true value of one parameter (fig. S2), y axis 0–1. */
    public static XYChart errorVsParameter(String axisLabel, double[] parameter, double[] strainRelativeRms) {
        checkSame("parameter", parameter, "strainRelativeRms", strainRelativeRms);
        double[][] xy = finitePairs(parameter, strainRelativeRms);
        XYChart chart = Charts.scatter("σe/e_max vs " + axisLabel, axisLabel, "σe/e_max");
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setMarkerSize(3);
        int[] keep = thin(xy[0].length, MAX_POINTS);
        XYSeries s = Charts.addPoints(chart, "curves", pick(xy[0], keep), pick(xy[1], keep));
        s.setMarkerColor(translucent(PREDICTION));
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        return chart;
    }

    /**
     * Histograms of one parameter's true values over the curves of lowest and of highest σe/e_max (figs 5 and 6),
     * over [min, max] in {@code bins} bins, drawn as step lines on one chart.
     */
    public static XYChart extremeHistograms(String axisLabel, double[] lowest, double[] highest, double min,
            double max, int bins) {
        if (!(max > min)) {
            max = min + 1;
        }
        XYChart chart = Charts.line("Parameter histogram: " + axisLabel, axisLabel, "count");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setXAxisDecimalPattern("#,##0.###");
        chart.getStyler().setYAxisDecimalPattern("0");
        addStep(chart, "lowest " + lowest.length + " σe/e_max", lowest, min, max, bins, Charts.PALETTE.get(2));
        addStep(chart, "highest " + highest.length + " σe/e_max", highest, min, max, bins, Charts.PALETTE.get(1));
        chart.getStyler().setYAxisMin(0.0);
        return chart;
    }

    /**
     * Histograms of several sets of values over [min, max] in {@code bins} bins, drawn as step lines on one chart
     * (one series per name, coloured by {@link SeriesStyle}: "CNN1 …" and "CNN2 …" differ); legend below the plot.
     */
    public static XYChart compareHistograms(String title, String axisLabel, List<String> names, List<double[]> values,
            double min, double max, int bins) {
        if (names.size() != values.size() || names.isEmpty()) {
            throw new IllegalArgumentException("compareHistograms: one value array per name");
        }
        if (!(max > min)) {
            max = min + 1;
        }
        XYChart chart = Charts.line(title, axisLabel, "count");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setYAxisDecimalPattern("0");
        for (int k = 0; k < names.size(); k++) {
            SeriesStyle st = SeriesStyle.of(names.get(k));
            addStep(chart, names.get(k), values.get(k), min, max, bins,
                    st != null ? st.colour() : Charts.PALETTE.get((k + 1) % Charts.PALETTE.size()));
        }
        chart.getStyler().setYAxisMin(0.0);
        return chart;
    }

    private static void addStep(XYChart chart, String name, double[] values, double min, double max, int bins,
            Color colour) {
        double[] finite = Arrays.stream(values).filter(Double::isFinite).toArray();
        double[] counts = Charts.binCounts(finite, bins, min, max);
        double[] x = new double[2 * bins];
        double[] y = new double[2 * bins];
        for (int i = 0; i < bins; i++) {
            x[2 * i] = min + (max - min) * i / bins;
            x[2 * i + 1] = min + (max - min) * (i + 1) / bins;
            y[2 * i] = counts[i];
            y[2 * i + 1] = counts[i];
        }
        Charts.addLine(chart, name, x, y).setLineColor(colour);
    }

    /**
     * Measured (network-input) curves in grey and curves recomputed from the predictions in black, stacked with
     * an offset of −2 decades per curve and numbered (figs 1a, 4a/c, 8a/c, 9).
     *
     * @param x abscissa of each curve, e.g. (Q − Q_B)/Q_B in %
     * @param inputs log10(I/Imax) of the test curves
     * @param recomputed log10(I/Imax) recomputed from the predicted labels (an entry may be null: not available)
     * @param names legend text of each curve
     */
    public static XYChart curves(String title, String xLabel, List<double[]> x, List<double[]> inputs,
            List<double[]> recomputed, List<String> names) {
        if (x.size() != inputs.size() || x.size() != recomputed.size() || x.size() != names.size()) {
            throw new IllegalArgumentException("curves: x, inputs, recomputed and names must have the same size");
        }
        XYChart chart = Charts.line(title, xLabel, "log10(I/Imax) − 2·(curve − 1)");
        chart.getStyler().setXAxisDecimalPattern("0.##");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        for (int k = 0; k < x.size(); k++) {
            double off = -2.0 * k;
            XYSeries in = Charts.addLine(chart, "(" + (k + 1) + ") " + names.get(k), x.get(k), shift(inputs.get(k), off));
            SeriesStyle.of("truth").apply(in);
            if (recomputed.get(k) != null) {
                XYSeries re = Charts.addLine(chart, "(" + (k + 1) + ") from prediction", x.get(k),
                        shift(recomputed.get(k), off));
                SeriesStyle.of("prediction").apply(re).setLineWidth(1f);
            }
        }
        return chart;
    }

    /**
     * True (wide grey) and predicted (CNN colour) strain profiles against depth below the surface, with the DW
     * profiles dashed on a second axis (figs 1b, 4b/d, 8b/d, 9); legend right of the plot. Any of the predicted arrays
     * may be null.
     */
    public static XYChart profiles(String title, double[] depthNm, double[] strainPercent, double[] dw,
            double[] predictedDepthNm, double[] predictedStrainPercent, double[] predictedDw) {
        XYChart chart = Charts.line(title, "depth below the surface (nm)", "strain (%)");
        chart.setYAxisGroupTitle(1, "DW");
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        Charts.addLine(chart, "strain, truth", depthNm, strainPercent);
        if (predictedStrainPercent != null) {
            Charts.addLine(chart, "strain, prediction", predictedDepthNm, predictedStrainPercent);
        }
        if (dw != null) {
            Charts.addLine(chart, "DW, truth", depthNm, dw).setYAxisGroup(1);
        }
        if (predictedDw != null) {
            Charts.addLine(chart, "DW, prediction", predictedDepthNm, predictedDw).setYAxisGroup(1);
        }
        chart.getStyler().setYAxisMin(1, 0.0);
        chart.getStyler().setYAxisMax(1, 1.05);
        chart.getStyler().setXAxisMin(0.0);
        return chart;
    }

    /**
     * Training and validation MSE against the training-set size, with their difference, log y axis (fig. 7a).
     * The paper draws the size axis decreasing; XChart cannot reverse an axis, so it increases here.
     */
    public static XYChart mseVsSize(double[] sizes, double[] trainMse, double[] valMse) {
        checkSame("sizes", sizes, "trainMse", trainMse);
        checkSame("sizes", sizes, "valMse", valMse);
        XYChart chart = Charts.line("Learning metrics vs training-set size", "training curves", "MSE");
        double[] diff = new double[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            diff[i] = valMse[i] - trainMse[i];
        }
        addMarked(chart, "train MSE", sizes, trainMse);
        addMarked(chart, "validation MSE", sizes, valMse);
        double[][] pos = positivePairs(sizes, diff);
        if (pos[0].length > 0) {
            addMarked(chart, "validation − train", pos[0], pos[1]);
        }
        chart.getStyler().setXAxisDecimalPattern(SIZE_PATTERN);
        return Charts.logYWholeDecades(chart);
    }

    /** Accuracies (fractions) against the training-set size, one line per quantity (fig. 7b). */
    public static XYChart accuracyVsSize(double[] sizes, List<String> names, List<double[]> accuracies) {
        if (names.size() != accuracies.size()) {
            throw new IllegalArgumentException("accuracyVsSize: one accuracy array per name");
        }
        XYChart chart = Charts.line("Accuracies vs training-set size", "training curves", "accuracy");
        for (int k = 0; k < names.size(); k++) {
            checkSame("sizes", sizes, names.get(k), accuracies.get(k));
            double[][] f = finitePairs(sizes, accuracies.get(k));
            if (f[0].length > 0) {
                addMarked(chart, names.get(k), f[0], f[1]);
            }
        }
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setXAxisDecimalPattern(SIZE_PATTERN);
        return chart;
    }

    private static void addMarked(XYChart chart, String name, double[] x, double[] y) {
        Charts.addLine(chart, name, x, y).setMarker(SeriesMarkers.CIRCLE);
    }

    /** Text of an accuracy in %, or "–" when absent. */
    public static String percent(Double fraction) {
        return fraction == null ? "–" : String.format(Locale.ROOT, "%.0f %%", 100 * fraction);
    }

    // ---- helpers

    private static double[] shift(double[] v, double off) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] + off;
        }
        return out;
    }

    private static void checkSame(String an, double[] a, String bn, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(an + " has " + a.length + " values but " + bn + " has " + b.length);
        }
    }

    private static double[][] finitePairs(double[] x, double[] y) {
        List<double[]> keep = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                keep.add(new double[] {x[i], y[i]});
            }
        }
        if (keep.isEmpty()) {
            throw new IllegalArgumentException("no finite (x, y) pair to plot");
        }
        return new double[][] {keep.stream().mapToDouble(p -> p[0]).toArray(),
                keep.stream().mapToDouble(p -> p[1]).toArray()};
    }

    private static double[][] positivePairs(double[] x, double[] y) {
        List<double[]> keep = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && y[i] > 0 && Double.isFinite(y[i])) {
                keep.add(new double[] {x[i], y[i]});
            }
        }
        return new double[][] {keep.stream().mapToDouble(p -> p[0]).toArray(),
                keep.stream().mapToDouble(p -> p[1]).toArray()};
    }

    /** At most {@code max} evenly spread positions of {@code n} (all when n ≤ max); always includes the last. */
    static int[] thin(int n, int max) {
        if (n <= max) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] out = new int[max];
        for (int i = 0; i < max; i++) {
            out[i] = (int) Math.round((double) i * (n - 1) / (max - 1));
        }
        return out;
    }

    /** The values of {@code v} at {@code idx}, in that order. */
    static double[] pick(double[] v, int[] idx) {
        double[] out = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = v[idx[i]];
        }
        return out;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(0);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(1);
    }

    private static double clamp(double v, double limit) {
        return Math.max(-limit, Math.min(limit, v));
    }

    /** Linear-interpolated quantile of sorted values. */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 1) {
            return sorted[0];
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** Gaussian kernel density estimate. */
    static final class Kde {
        private Kde() {
        }

        /**
         * Density of {@code sortedValues} at {@code at}, Gaussian kernel with Silverman's bandwidth
         * {@code 0.9·min(sd, IQR/1.34)·n^(−1/5)} (a small positive floor when all values are equal).
         */
        static double[] gaussian(double[] sortedValues, double[] at) {
            int n = sortedValues.length;
            double mean = Arrays.stream(sortedValues).average().orElse(0);
            double var = 0;
            for (double v : sortedValues) {
                var += (v - mean) * (v - mean);
            }
            double sd = n > 1 ? Math.sqrt(var / (n - 1)) : 0;
            double iqr = quantile(sortedValues, 0.75) - quantile(sortedValues, 0.25);
            double spread = iqr > 0 ? Math.min(sd, iqr / 1.34) : sd;
            double h = 0.9 * spread * Math.pow(n, -0.2);
            if (!(h > 0)) {
                h = 1e-3;
            }
            double norm = 1.0 / (n * h * Math.sqrt(2 * Math.PI));
            double[] out = new double[at.length];
            for (int j = 0; j < at.length; j++) {
                double s = 0;
                for (double v : sortedValues) {
                    double u = (at[j] - v) / h;
                    if (u * u < 50) {
                        s += Math.exp(-0.5 * u * u);
                    }
                }
                out[j] = s * norm;
            }
            return out;
        }
    }
}
