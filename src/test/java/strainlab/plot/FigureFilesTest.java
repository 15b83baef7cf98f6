package strainlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import strainlab.cnn.NetworkLayer;
import strainlab.cnn.StrainNet;
import strainlab.nanobeam.maps.DetectorMoments;
import strainlab.nanobeam.sim.NanobeamSimulator;

class FigureFilesTest {
    private static XYChart profiles() {
        double[] d = new double[200];
        double[] e = new double[200];
        double[] w = new double[200];
        for (int i = 0; i < d.length; i++) {
            d[i] = 2 * i;
            e[i] = Math.exp(-Math.pow((i - 60) / 30.0, 2));
            w[i] = 1 - 0.5 * e[i];
        }
        return EvaluationPlots.profiles("p", d, e, w, d, e, w);
    }

    @Test
    void aFigureIsWrittenAsPngSvgAndPdf(@TempDir Path dir) throws Exception {
        Figure f = Charts.figure(2, List.of(profiles(), profiles()));
        Path png = Charts.save(f, dir.resolve("f.png"), 144);
        Path svg = Charts.save(f, dir.resolve("f.svg"), 72);
        Path pdf = Charts.save(f, dir.resolve("f.pdf"), 72);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(2 * f.width(), img.getWidth(), "144 dpi doubles the 72-dpi size");
        byte[] head = Files.readAllBytes(pdf);
        assertEquals("%PDF", new String(head, 0, 4, StandardCharsets.US_ASCII));
        DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
        xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        var doc = xml.newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", doc.getDocumentElement().getNodeName());
        assertThrows(IllegalArgumentException.class, () -> Charts.save(f, dir.resolve("f.jpg"), 72));
        assertThrows(IllegalArgumentException.class, () -> FigureOutput.parse("png,gif", 72));
        assertEquals(List.of(dir.resolve("g.png"), dir.resolve("g.pdf")),
                FigureOutput.parse("png,pdf", 72).save(f, dir, "g").stream().map(Path::getFileName)
                        .map(dir::resolve).toList());
    }

    @Test
    void aSeriesNameMapsToOneStyleInEveryFactory() {
        XYChart profile = profiles();
        XYSeries truth = profile.getSeries("strain, truth");
        XYSeries prediction = profile.getSeries("strain, prediction");
        XYSeries dw = profile.getSeries("DW, prediction");
        assertEquals(SeriesStyle.TRUTH, truth.getLineColor());
        assertEquals(SeriesStyle.CNN, prediction.getLineColor());
        assertEquals(SeriesStyle.CNN, dw.getLineColor());
        assertTrue(dw.getLineStyle().getDashArray() != null && dw.isSmooth(), "DW dashed, drawn as one path");
        assertTrue(truth.getLineStyle().getDashArray() == null);
        XYChart hist = EvaluationPlots.compareHistograms("h", "x", List.of("CNN1 errors", "CNN2 errors"),
                List.of(new double[] {1, 2}, new double[] {1, 3}), 0, 4, 4);
        assertEquals(SeriesStyle.CNN, hist.getSeries("CNN1 errors").getLineColor());
        assertEquals(SeriesStyle.CNN2, hist.getSeries("CNN2 errors").getLineColor());
        XYChart fit = FitPlots.curves("c", new double[] {1, 2}, new java.util.LinkedHashMap<>(java.util.Map.of(
                "measured", new double[] {1, 2})));
        Charts.addLine(fit, "truth (σ_I 0.1)", new double[] {1, 2}, new double[] {1, 2});
        Charts.addLine(fit, "fit (σ_I 0.1)", new double[] {1, 2}, new double[] {1, 2});
        assertEquals(SeriesStyle.MEASURED, fit.getSeries("measured").getMarkerColor());
        assertEquals(SeriesStyle.TRUTH, fit.getSeries("truth (σ_I 0.1)").getLineColor());
        assertEquals(SeriesStyle.FIT, fit.getSeries("fit (σ_I 0.1)").getLineColor());
        assertNotEquals(SeriesStyle.of("fit").colour(), SeriesStyle.of("CNN").colour());
        assertEquals(Styler_OutsideE(), profile.getStyler().getLegendPosition(), "legend outside the data");
    }

    private static org.knowm.xchart.style.Styler.LegendPosition Styler_OutsideE() {
        return org.knowm.xchart.style.Styler.LegendPosition.OutsideE;
    }

    @Test
    void ticksOfAnAwkwardRangeAreRound() {
        double step = Ticks.step(86.1234, 91.5877, 6);
        assertEquals(1.0, step);
        assertEquals(List.of(87.0, 88.0, 89.0, 90.0, 91.0), Ticks.values(86.1234, 91.5877, step));
        assertEquals(0.5, Ticks.step(-1.5029, 1.2, 6));
        assertEquals(List.of(-1.5, -1.0, -0.5, 0.0, 0.5, 1.0), Ticks.values(-1.5029, 1.2, 0.5));
        java.text.DecimalFormat f = new java.text.DecimalFormat(Ticks.pattern(0.5));
        List<String> labels = new ArrayList<>();
        for (double v : Ticks.values(-1.5029, 1.2, 0.5)) {
            labels.add(f.format(v));
        }
        assertEquals(List.of("-1.5", "-1", "-0.5", "0", "0.5", "1"), labels);
        assertEquals("5×10⁻⁴", Ticks.label(5e-4, 5e-4));
        assertEquals("0.05", Ticks.label(0.05, 0.075));
        assertEquals("−2.5", Ticks.label(-2.5, 5));
        XYChart c = Charts.line("t", "2θ (°)", "y");
        double[] x = new double[100];
        double[] y = new double[100];
        for (int i = 0; i < x.length; i++) {
            x[i] = 86.1234 + 0.0551 * i;
            y[i] = i;
        }
        Charts.addLine(c, "measured", x, y);
        Charts.image(c);
        assertTrue(c.getSeries(Ticks.ANCHOR) != null, "an equally spaced x grid gets its round anchor");
        assertEquals(87.0, c.getSeries(Ticks.ANCHOR).getXData()[0]);
    }

    @Test
    void aCumulativeFractionGetsRoundYTicksAndEndsAtOne() {
        double[] errors = new double[500];
        for (int i = 0; i < errors.length; i++) {
            errors[i] = 1e-3 * (i + 1);
        }
        XYChart c = EvaluationPlots.cumulative("c", "x", errors);
        double[] y = c.getSeries("cumulative").getYData();
        assertEquals(1.0, y[y.length - 1]);
        Charts.image(c);
        double[] anchor = c.getSeries(Ticks.ANCHOR).getYData();
        assertEquals(0.0, anchor[0]);
        for (double v : y) {
            assertNotEquals(v, anchor[1], "the anchor breaks the equal spacing of k/n");
        }
    }

    @Test
    void figure6SetsFollowThePaperWithAFloor() {
        assertEquals(1000, strainlab.cnn.evaluation.EvaluationReport.fig6Count(150_000, 50_000), "the paper's 10³");
        assertEquals(100, strainlab.cnn.evaluation.EvaluationReport.fig6Count(3000, 1000), "quick sets: the floor");
        assertEquals(25, strainlab.cnn.evaluation.EvaluationReport.fig6Count(3000, 100), "a quarter of a small subset");
        assertEquals(1, strainlab.cnn.evaluation.EvaluationReport.fig6Count(10, 2));
    }

    @Test
    void violinOutlinesAreSolidWhateverTheParameter() {
        XYChart v = EvaluationPlots.violin("v", List.of("t", "DWmin"), List.of(new double[] {0.1, -0.1, 0.05},
                new double[] {0.2, -0.2, 0.0}), 0.3);
        for (String name : List.of("DWmin", "DWmin q10", "DWmin q90", "t")) {
            assertEquals(null, v.getSeries(name).getLineStyle().getDashArray(), name + " solid");
        }
        assertEquals(v.getSeries("DWmin").getLineColor(), v.getSeries("DWmin q90").getLineColor());
    }

    @Test
    void paperFiguresRenderFromTheCodesObjects(@TempDir Path dir) throws Exception {
        List<NetworkLayer> layers = StrainNet.layers(1001, 14);
        assertEquals("input", layers.get(0).kind());
        assertEquals(8, layers.stream().filter(l -> l.kind().equals("conv")).count());
        assertEquals(4, layers.stream().filter(l -> l.kind().equals("pool")).count());
        assertEquals(14, layers.get(layers.size() - 1).channels());
        XYChart net = ArchitecturePlots.network("net", layers);
        assertEquals(layers.size(), net.getSeriesCollection().size());
        Figure geometry = NanobeamPlots.figure1(NanobeamSimulator.paper(), 20);
        assertEquals(2, geometry.panels().size());
        assertTrue(Files.size(Charts.save(geometry, dir.resolve("g.svg"), 72)) > 1000);
        float[] patterns = new float[2 * 16];
        patterns[5] = 2;
        patterns[16 + 15] = 1;
        DetectorMoments m = DetectorMoments.of(patterns, 2);
        assertEquals(2.0, m.intensity()[0]);
        assertEquals(1.0, m.centreColumn()[0]);
        assertEquals(1.0, m.centreRow()[0]);
        assertEquals(3.0, m.centreColumn()[1]);
        assertEquals(3.0, m.centreRow()[1]);
    }
}
