package strainlab.plot;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Round tick values: a step of 1, 2, 2.5 or 5 times a power of ten, ticks on its multiples and a decimal pattern with
 * just the digits the step needs (0, 0.5, 1.0 … rather than 88.4977).
 */
public final class Ticks {
    /** Name of the invisible series {@link #round(XYChart)} adds. */
    static final String ANCHOR = "\u200Bticks";
    /**
     * Second anchor point, in steps after a round tick: irrational, so that it never repeats a value of an equally
     * spaced grid (XChart drops repeated values before testing the spacing).
     */
    private static final double OFFSET = 1 / Math.sqrt(7);

    private Ticks() {
    }

    /** A round step giving about {@code target} intervals over [min, max] (1, 2, 2.5 or 5 × 10^k). */
    public static double step(double min, double max, int target) {
        double span = Math.abs(max - min);
        if (!(span > 0) || !Double.isFinite(span)) {
            return 1;
        }
        double raw = span / Math.max(1, target);
        double decade = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / decade;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
        return nice * decade;
    }

    /** The tick values: the multiples of {@code step} within [min, max] (rounded to the step's digits). */
    public static List<Double> values(double min, double max, double step) {
        List<Double> out = new ArrayList<>();
        int digits = decimals(step);
        long first = (long) Math.ceil(min / step - 1e-9);
        for (long k = first; k * step <= max + step * 1e-9; k++) {
            out.add(BigDecimal.valueOf(k * step).setScale(digits, java.math.RoundingMode.HALF_EVEN).doubleValue());
        }
        return out;
    }

    /** Decimal digits needed to write multiples of {@code step} exactly (0 for 1, 1 for 0.5, 2 for 0.25). */
    public static int decimals(double step) {
        BigDecimal b = BigDecimal.valueOf(step).stripTrailingZeros();
        return Math.max(0, b.scale());
    }

    /**
     * A java.text.DecimalFormat pattern for multiples of {@code step} and of a step one notch finer (XChart picks its
     * own step from the pixel spacing): "0.#" for 0.5, "0.##" for 0.25, "#,##0" from steps of 1000.
     */
    public static String pattern(double step) {
        int d = decimals(step) + 1;
        if (step >= 1000) {
            return "#,##0";
        }
        return "0." + "#".repeat(d);
    }

    /**
     * Round ticks on the linear axes of an XY chart: the x axis and the main y axis get a decimal pattern matching a
     * round step, and an invisible two-point series at round values. XChart puts the ticks on the data values
     * themselves when all the values of a chart on one axis are equally spaced (a curve on a 2θ grid gives x ticks
     * like 88.4977, a cumulative fraction k/n gives y ticks every 0.028 labelled as if every 0.1); the extra points
     * break that spacing, so the ticks fall on round multiples again. Logarithmic axes keep their ticks; patterns
     * already set are kept. Returns the chart.
     */
    public static XYChart round(XYChart chart) {
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        double xAt = Double.NaN;
        double yAt = Double.NaN;
        for (XYSeries s : chart.getSeriesCollection()) {
            if (s.getName().equals(ANCHOR)) {
                return chart;
            }
            double[] x = s.getXData();
            double[] y = s.getYData();
            for (int i = 0; i < x.length; i++) {
                if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                    xMin = Math.min(xMin, x[i]);
                    xMax = Math.max(xMax, x[i]);
                    if (s.getYAxisGroup() == 0) {
                        yMin = Math.min(yMin, y[i]);
                        yMax = Math.max(yMax, y[i]);
                        if (Double.isNaN(yAt)) {
                            xAt = x[i];
                            yAt = y[i];
                        }
                    }
                }
            }
        }
        if (Double.isNaN(yAt)) {
            return chart;
        }
        var st = chart.getStyler();
        double[] ax = {xAt, xAt};
        double[] ay = {yAt, yAt};
        boolean anchored = false;
        if (!st.isXAxisLogarithmic() && xMax > xMin) {
            double lo = st.getXAxisMin() != null ? st.getXAxisMin() : xMin;
            double hi = st.getXAxisMax() != null ? st.getXAxisMax() : xMax;
            double step = step(lo, hi, 6);
            if (st.getXAxisDecimalPattern() == null) {
                st.setXAxisDecimalPattern(pattern(step));
            }
            List<Double> t = values(lo, hi, step);
            if (!t.isEmpty()) {
                ax = new double[] {t.get(0), t.get(0) + OFFSET * step};
                anchored = true;
            }
        }
        if (!st.isYAxisLogarithmic() && yMax > yMin) {
            double ylo = st.getYAxisMin() != null ? st.getYAxisMin() : yMin;
            double yhi = st.getYAxisMax() != null ? st.getYAxisMax() : yMax;
            double step = step(ylo, yhi, 6);
            if (st.getYAxisDecimalPattern() == null) {
                st.setYAxisDecimalPattern(pattern(step));
            }
            List<Double> t = values(ylo, yhi, step);
            if (t.size() > 1) {
                ay = new double[] {t.get(0), t.get(0) + OFFSET * step};
                anchored = true;
            }
        }
        if (anchored) {
            XYSeries anchor = chart.addSeries(ANCHOR, ax, ay);
            anchor.setShowInLegend(false);
            anchor.setMarker(SeriesMarkers.NONE);
            anchor.setLineColor(new java.awt.Color(0, 0, 0, 0));
            anchor.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        }
        return chart;
    }

    /**
     * A short label of a value on a scale reaching {@code magnitude} (the largest |value| shown): plain decimals with
     * the digits the scale needs from 0.01 to 10⁵ ("0.005", "-2.5", "1,200"), otherwise a mantissa and a power of ten
     * ("5×10⁻⁴"). Used for colour bars, whose two labels XChart prints without a tick step.
     */
    public static String label(double value, double magnitude) {
        if (value == 0 || !Double.isFinite(value)) {
            return value == 0 ? "0" : Double.toString(value);
        }
        double m = Math.abs(magnitude) > 0 ? Math.abs(magnitude) : Math.abs(value);
        int e = (int) Math.floor(Math.log10(m));
        if (e >= -2 && e < 5) {
            int digits = Math.max(0, 2 - e);
            java.text.DecimalFormat f = new java.text.DecimalFormat(digits == 0 ? "#,##0"
                    : "#,##0." + "#".repeat(digits), java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));
            return f.format(value).replace('-', '\u2212');
        }
        double mantissa = value / Math.pow(10, e);
        String mt = new java.text.DecimalFormat("0.##", java.text.DecimalFormatSymbols.getInstance(
                java.util.Locale.ROOT)).format(mantissa).replace('-', '\u2212');
        return mt + "\u00D710" + superscript(e);
    }

    /** An integer in Unicode superscript digits (−4 → ⁻⁴). */
    static String superscript(int n) {
        String digits = "\u2070\u00B9\u00B2\u00B3\u2074\u2075\u2076\u2077\u2078\u2079";
        StringBuilder b = new StringBuilder();
        for (char ch : Integer.toString(n).toCharArray()) {
            b.append(ch == '-' ? '\u207B' : digits.charAt(ch - '0'));
        }
        return b.toString();
    }
}
