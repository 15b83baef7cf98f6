package strainlab.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import strainlab.analysis.AnalysisResult;
import strainlab.io.StagedFolder;
import strainlab.profile.DepthProfiles;

/**
 * Figures of a fit to a measured scan (the paper's figure 10 layout): the curves (measured, network, fit,
 * truth/expert) in log10 intensity against 2θ, and the strain and DW profiles against depth below the surface.
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
        XYChart c = Charts.line(title, "depth below surface (nm)", strain ? "strain (%)" : "Debye–Waller factor");
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

    /**
     * The three panels of an analysis: curves, strain and DW profiles.
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
        out.add(profiles("strain", profiles, true));
        out.add(profiles("Debye–Waller", profiles, false));
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
