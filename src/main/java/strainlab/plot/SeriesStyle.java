package strainlab.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Locale;
import org.knowm.xchart.XYSeries;

/**
 * The one owner of series colours and dashes: a series is styled from its name, so that "measured", "truth", "CNN",
 * "fit", "strain" and "DW" look the same in every panel and every file. The role (measured, truth, CNN1/CNN2/CNN3,
 * CNN or prediction, fit, expert) gives the colour; a Debye–Waller series is dashed. Names with no known word keep
 * XChart's palette order ({@link #of} returns null).
 *
 * @param colour line and marker colour
 * @param width line width in pixels at 72 dpi
 * @param dashed whether the line is dashed
 */
public record SeriesStyle(Color colour, float width, boolean dashed) {
    /** Measured data (and network inputs): dark grey. */
    public static final Color MEASURED = new Color(0x4D4D4D);
    /** Ground truth: light grey, drawn wide (as in Boulle &amp; Debelle). */
    public static final Color TRUTH = new Color(0xA0A0A0);
    /** A CNN prediction (any network, or CNN1 when networks are compared): blue. */
    public static final Color CNN = new Color(0x0072B2);
    /** CNN2 beside CNN1: reddish purple. */
    public static final Color CNN2 = new Color(0xCC79A7);
    /** CNN3 beside CNN1 and CNN2: orange. */
    public static final Color CNN3 = new Color(0xE69F00);
    /** A least-squares fit (correlation fit of nanobeam maps too): vermillion. */
    public static final Color FIT = new Color(0xD55E00);
    /** An expert's fit (e.g. RaDMaX): bluish green. */
    public static final Color EXPERT = new Color(0x009E73);
    /** A strain profile with no role in its name: black. */
    public static final Color STRAIN = Color.BLACK;
    /** A Debye–Waller profile with no role in its name: sky blue (dashed). */
    public static final Color DW = new Color(0x56B4E9);
    /** Dash pattern of Debye–Waller lines, in pixels (on, off). */
    static final float[] DASH = {7f, 5f};

    /**
     * The style of a series called {@code name}, or null when the name has no known word. The first matching word
     * wins: measured/input, truth/true, CNN3, CNN2, CNN/prediction/NanobeamNN, fit, expert/RaDMaX, strain, DW.
     */
    public static SeriesStyle of(String name) {
        if (name == null) {
            return null;
        }
        String n = name.toLowerCase(Locale.ROOT);
        boolean dw = n.startsWith("dw") || n.contains(" dw") || n.contains("debye");
        Color c = null;
        float w = 1.5f;
        if (n.contains("measured") || n.contains("input")) {
            c = MEASURED;
        } else if (n.contains("truth") || n.contains("true")) {
            c = TRUTH;
            w = 3f;
        } else if (n.contains("cnn3")) {
            c = CNN3;
        } else if (n.contains("cnn2")) {
            c = CNN2;
        } else if (n.contains("cnn") || n.contains("predict") || n.contains("nanobeamnn")) {
            c = CNN;
        } else if (n.contains("fit") && !n.contains("expert")) {
            c = FIT;
        } else if (n.contains("expert") || n.contains("radmax")) {
            c = EXPERT;
        } else if (dw) {
            c = DW;
        } else if (n.contains("strain")) {
            c = STRAIN;
        }
        return c == null ? null : new SeriesStyle(c, w, dw);
    }

    /** The stroke of this style: solid, or dashed with {@link #DASH}. */
    public BasicStroke stroke() {
        return dashed ? new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, DASH, 0f)
                : new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    /**
     * Applies the style to a series: colour of line, marker and fill; stroke. A dashed line is drawn as one smooth
     * path (XChart draws straight lines segment by segment, restarting the dash at every data point, so a dense
     * dashed line would look solid while its legend shows dashes).
     */
    public XYSeries apply(XYSeries s) {
        s.setLineColor(colour);
        s.setMarkerColor(colour);
        s.setFillColor(colour);
        s.setLineStyle(stroke());
        s.setSmooth(dashed);
        return s;
    }

    /** Styles a series from its own name; a series with an unknown name is left as it is. */
    public static XYSeries applyByName(XYSeries s) {
        SeriesStyle st = of(s.getName());
        return st == null ? s : st.apply(s);
    }
}
