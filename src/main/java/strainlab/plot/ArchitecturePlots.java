package strainlab.plot;

import java.util.List;
import java.util.Locale;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import strainlab.cnn.NetworkLayer;

/**
 * The network diagram of Boulle &amp; Debelle's figure 2, drawn from the layers of a network
 * ({@link strainlab.cnn.StrainNet#layers}): one box per layer, its height growing with the output length (log
 * scale) and its width with the channels (log scale), labelled with kernel, stride and output shape.
 */
public final class ArchitecturePlots {
    private ArchitecturePlots() {
    }

    /** The diagram of {@code layers} (input first), 1400×520 pixels. */
    public static XYChart network(String title, List<NetworkLayer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("layers: nothing to draw");
        }
        XYChart chart = new XYChart(1400, 520);
        chart.setTitle(title);
        Charts.style(chart);
        var st = chart.getStyler();
        st.setLegendVisible(false);
        st.setAxisTicksVisible(false);
        st.setPlotGridLinesVisible(false);
        st.setPlotBorderVisible(false);
        double maxLength = layers.stream().mapToLong(NetworkLayer::length).max().orElse(1);
        double maxChannels = layers.stream().mapToLong(NetworkLayer::channels).max().orElse(1);
        double x = 0;
        for (int i = 0; i < layers.size(); i++) {
            NetworkLayer l = layers.get(i);
            double h = 0.15 + 0.85 * Math.log1p(l.length()) / Math.log1p(maxLength);
            double w = 0.25 + 0.45 * Math.log1p(l.channels()) / Math.log1p(maxChannels);
            XYSeries box = Charts.addLine(chart, i + " " + l.label(), new double[] {x, x + w, x + w, x, x},
                    new double[] {-h, -h, h, h, -h});
            box.setLineColor(colour(l.kind()));
            box.setLineWidth(2f);
            String shape = l.length() > 1 ? String.format(Locale.ROOT, "%d×%d", l.channels(), l.length())
                    : String.format(Locale.ROOT, "%d", l.channels());
            chart.addAnnotation(new AnnotationText(l.label(), x + w / 2, h + (i % 2 == 0 ? 0.12 : 0.3), false));
            chart.addAnnotation(new AnnotationText(shape, x + w / 2, -h - (i % 2 == 0 ? 0.12 : 0.3), false));
            x += w + 0.35;
        }
        st.setXAxisMin(-0.3);
        st.setXAxisMax(x);
        st.setYAxisMin(-1.5);
        st.setYAxisMax(1.5);
        return chart;
    }

    private static java.awt.Color colour(String kind) {
        return switch (kind) {
            case "conv" -> SeriesStyle.CNN;
            case "pool" -> SeriesStyle.FIT;
            case "dense" -> SeriesStyle.EXPERT;
            default -> SeriesStyle.MEASURED;
        };
    }
}
