package strainlab.plot;

import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import strainlab.cnn.evaluation.CrossNoise;

/** Charts of networks scored on test curves that differ only in their counting noise. */
public final class NoisePlots {
    /** Width of one character of an axis label, px (the charts' 11-pt sans-serif, generously). */
    private static final int LABEL_CHAR_PX = 7;

    private NoisePlots() {
    }

    /**
     * Strain-profile accuracy a(strain) (%) of each network (x, with the noise it was trained on) for each test
     * noise (one bar series per test noise). Networks without a strain profile are left out.
     */
    public static CategoryChart strainAccuracy(List<CrossNoise.Cell> cells) {
        CategoryChart chart = new CategoryChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                .title("Strain accuracy across test noise").xAxisTitle("network (training noise)")
                .yAxisTitle("a(strain) (%)").build();
        Charts.style(chart);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(100.0);
        chart.getStyler().setYAxisDecimalPattern("0");
        List<CrossNoise.Cell> withStrain = cells.stream().filter(c -> c.row().aStrain() != null).toList();
        List<String> models = withStrain.stream().map(NoisePlots::networkLabel).distinct().toList();
        int longest = models.stream().mapToInt(String::length).max().orElse(0);
        if (models.size() * longest * LABEL_CHAR_PX > Charts.WIDTH * 0.8) {
            chart.getStyler().setXAxisLabelRotation(20);   // side by side, the names would run into each other
        }
        for (String noise : withStrain.stream().map(CrossNoise.Cell::testNoise).distinct().toList()) {
            List<Double> values = new ArrayList<>();
            for (String m : models) {
                values.add(withStrain.stream().filter(c -> c.testNoise().equals(noise)
                                && networkLabel(c).equals(m))
                        .findFirst().map(c -> 100 * c.row().aStrain()).orElse(0.0));
            }
            chart.addSeries(noise.equals("none") ? "noise-free test curves" : noise + " test noise", models, values);
        }
        return chart;
    }

    /** The network's folder name without its size and host suffix (e.g. "-1500k-gpu"), with its training noise. */
    private static String networkLabel(CrossNoise.Cell c) {
        String name = c.model().replaceFirst("-\\d+k(-gpu)?$", "");
        return name + " (" + (c.modelNoise().isEmpty() ? "?" : c.modelNoise()) + ")";
    }
}
