package strainlab.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.awt.BasicStroke;
import java.awt.Color;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import strainlab.analysis.AnalysisResult;
import strainlab.analysis.EnsembleSpread;
import strainlab.io.StagedFolder;
import strainlab.profile.DepthProfiles;

/**
 * Figures of a fit to a measured scan (the paper's figure 10 layout): the curves (measured, network, fit,
 * truth/expert) in log10 intensity against 2θ, and the strain and DW profiles against depth below the surface (with
 * the ±1σ band of a network ensemble's members).
 */
public final class FitPlots {
    private FitPlots() {
    }

    /** Curves in log10(I/max) against 2θ (degrees); each entry name → y on the common x. */
    public static XYChart curves(String title, double[] twoThetaDeg, Map<String, double[]> log10Curves) {
        XYChart c = Charts.line(title, "2θ (°)", "log10 I/Imax");
        boolean first = true;
        for (Map.Entry<String, double[]> e : log10Curves.entrySet()) {
            if (first) {
                Charts.addPoints(c, e.getKey(), twoThetaDeg, e.getValue()).setMarker(
                        org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE);
                first = false;
            } else {
                Charts.addLine(c, e.getKey(), twoThetaDeg, e.getValue());
            }
        }
        c.getStyler().setMarkerSize(3);
        return c;
    }

    /** Strain (%) or DW against depth below the surface (nm), one line per profile. */
    public static XYChart profiles(String title, Map<String, DepthProfiles> profiles, boolean strain) {
        return profiles(Charts.line(title, "depth below surface (nm)", strain ? "strain (%)" : "Debye–Waller factor"),
                profiles, strain);
    }

    /** Adds the strain (%) or DW lines of {@code profiles} against depth below the surface (nm) to {@code c}. */
    private static XYChart profiles(XYChart c, Map<String, DepthProfiles> profiles, boolean strain) {
        for (Map.Entry<String, DepthProfiles> e : profiles.entrySet()) {
            DepthProfiles p = e.getValue();
            if (p == null) {
                continue;
            }
            double[] d = p.depthFromSurfaceA();
            double[] v = strain ? p.strain() : p.dw();
            for (int j = 0; j < d.length; j++) {
                d[j] /= 10;
                if (strain) {
                    v[j] *= 100;
                }
            }
            Charts.addLine(c, e.getKey(), d, v);
        }
        return c;
    }

    /** Legend entry of the ±1σ band of a network ensemble's profiles. */
    public static final String ENSEMBLE_BAND = "CNN ensemble ±1σ";
    /**
     * Legend entry of the members' mean profile, the band's centre: it differs from the profile of the members' mean
     * labels (the line "CNN") where the members disagree, as a profile is not linear in its labels (the thickness).
     */
    public static final String ENSEMBLE_MEAN = "CNN ensemble mean";
    /** Fill of the band: the CNN colour, mostly transparent, so the lines drawn over it stay readable. */
    static final Color BAND_FILL = new Color(SeriesStyle.CNN.getRed(), SeriesStyle.CNN.getGreen(),
            SeriesStyle.CNN.getBlue(), 56);

    /**
     * Adds the band mean ± sd against depth (x, same length) as a shaded polygon named {@link #ENSEMBLE_BAND}, with
     * a thin edge in the CNN colour, its edges cut at {@code [lowest, highest]} (e.g. [0, 1] for a DW factor; the
     * infinities for none); add it before the lines it should lie under.
     */
    public static XYSeries addBand(XYChart c, double[] x, double[] mean, double[] sd, double lowest,
            double highest) {
        int n = x.length;
        if (mean.length != n || sd.length != n) {
            throw new IllegalArgumentException("band: " + n + " depths, " + mean.length + " means, " + sd.length
                    + " standard deviations");
        }
        double[] px = new double[2 * n];
        double[] py = new double[2 * n];
        for (int i = 0; i < n; i++) {
            px[i] = x[i];
            py[i] = Math.min(highest, mean[i] + sd[i]);
            px[2 * n - 1 - i] = x[i];
            py[2 * n - 1 - i] = Math.max(lowest, mean[i] - sd[i]);
        }
        XYSeries band = c.addSeries(ENSEMBLE_BAND, px, py);
        band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        band.setMarker(SeriesMarkers.NONE);
        band.setFillColor(BAND_FILL);
        band.setLineColor(SeriesStyle.CNN);
        band.setLineStyle(new BasicStroke(0.6f));
        return band;
    }

    /**
     * The three panels of an analysis: curves, strain and DW profiles; the strain and DW panels carry the ±1σ band
     * of the members' profiles when the start came from a network ensemble (the DW band within the factor's range
     * [0, 1]).
     *
     * @param truthOrExpert an extra curve/profile to compare with (true parameters of a simulated scan, or an
     *                      expert fit), or null
     * @param label its legend label ("truth", "RaDMaX expert")
     */
    public static List<XYChart> panels(AnalysisResult r, double[] truthOrExpert, String label) {
        Map<String, double[]> curves = new LinkedHashMap<>();
        curves.put("measured", r.data().log10Intensity());
        if (r.cnnCurve() != null) {
            curves.put(String.format(Locale.ROOT, "CNN (σ_I %.3f)", r.cnnSigmaI()), r.cnnCurve());
        }
        curves.put(String.format(Locale.ROOT, "fit (σ_I %.3f)", r.sigmaI()), r.fitCurve());
        Map<String, DepthProfiles> profiles = new LinkedHashMap<>();
        if (r.cnnParameters() != null) {
            profiles.put("CNN", r.cnnProfiles());
        }
        profiles.put("fit", r.profiles());
        if (truthOrExpert != null) {
            double[] t = r.model().evaluate(truthOrExpert);
            curves.put(String.format(Locale.ROOT, "%s (σ_I %.3f)", label, r.data().sigmaI(t)), t);
            profiles.put(label, r.model().profiles(truthOrExpert));
        }
        List<XYChart> out = new ArrayList<>();
        out.add(curves(r.scan().source() + String.format(Locale.ROOT, ": σ_I %.3f in %.2f s", r.sigmaI(),
                r.seconds()), r.data().twoThetaDeg(), curves));
        EnsembleSpread.Bands band = r.cnnBands();
        XYChart strain = Charts.line("strain", "depth below surface (nm)", "strain (%)");
        XYChart dw = Charts.line("Debye–Waller", "depth below surface (nm)", "Debye–Waller factor");
        if (band != null) {
            double[] depthNm = scaled(band.depthFromSurfaceA(), 0.1);
            addBand(strain, depthNm, scaled(band.strainMean(), 100), scaled(band.strainSd(), 100),
                    Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
            addBand(dw, depthNm, band.dwMean(), band.dwSd(), 0, 1);
            addMeanLine(strain, depthNm, scaled(band.strainMean(), 100));
            addMeanLine(dw, depthNm, band.dwMean());
        }
        out.add(profiles(strain, profiles, true));
        out.add(profiles(dw, profiles, false));
        return out;
    }

    /** The band's centre as a thin dashed line in the CNN colour, named {@link #ENSEMBLE_MEAN}. */
    private static void addMeanLine(XYChart c, double[] x, double[] mean) {
        XYSeries line = c.addSeries(ENSEMBLE_MEAN, x, mean);
        line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(SeriesStyle.CNN);
        line.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {4f, 3f},
                0f));
    }

    private static double[] scaled(double[] v, double factor) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = factor * v[i];
        }
        return out;
    }

    /** The analysis figure as a {@link Figure} (three panels in a row), for PNG at any resolution, SVG or PDF. */
    public static Figure analysisFigure(AnalysisResult r, double[] truthOrExpert, String label) {
        return Charts.figure(3, panels(r, truthOrExpert, label));
    }

    /**
     * Writes {@link AnalysisResult#writeFiles} and the analysis figure {@code report} (with {@code truth}, null: none)
     * into {@code outDir}, all or nothing ({@link StagedFolder}); returns the figure files' names.
     */
    public static List<String> writeReport(AnalysisResult r, double[] truth, Path outDir, FigureOutput figures)
            throws IOException {
        return StagedFolder.writeAll(outDir, staging -> {
            r.writeFiles(staging, truth);
            try {
                return figures.save(analysisFigure(r, truth, "truth"), staging, "report");
            } catch (IOException e) {
                String m = StagedFolder.reason(e);
                throw m.contains(staging.toString()) ? e
                        : new IOException(figures.first(staging, "report") + ": " + m, e);
            }
        });
    }
}
