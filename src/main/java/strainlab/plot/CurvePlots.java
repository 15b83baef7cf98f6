package strainlab.plot;

import org.knowm.xchart.XYChart;
import strainlab.instrument.NetworkGrid;
import strainlab.instrument.SimulatedCurve;
import strainlab.profile.DepthProfiles;

import java.util.List;

/** Figures of simulated XRD curves and their depth profiles (XChart, house style of {@link Charts}). */
public final class CurvePlots {
    private CurvePlots() {
    }

    /** Counts (log scale) against 2θ in degrees; the noise-free expectation too when the curve is noisy. */
    public static XYChart intensity(SimulatedCurve c, String title) {
        XYChart chart = Charts.logY(Charts.line(title, "2θ (°)", "intensity (counts)"));
        if (!java.util.Arrays.equals(c.intensity(), c.expectedIntensity())) {
            Charts.addLine(chart, "measured-like (noisy)", c.twoThetaDeg(), positive(c.intensity()));
            Charts.addLine(chart, "expected", c.twoThetaDeg(), c.expectedIntensity());
        } else {
            Charts.addLine(chart, "intensity", c.twoThetaDeg(), c.intensity());
        }
        return chart;
    }

    /** Raw reflectivity |X|² (log scale) against θ − θB in degrees. */
    public static XYChart reflectivity(String title, double[] thetaRad, double thetaBRad, List<String> names,
                                       List<double[]> reflectivities) {
        XYChart chart = Charts.logY(Charts.line(title, "θ − θB (°)", "reflectivity |X|²"));
        double[] x = new double[thetaRad.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.toDegrees(thetaRad[i] - thetaBRad);
        }
        for (int k = 0; k < names.size(); k++) {
            Charts.addLine(chart, names.get(k), x, positive(reflectivities.get(k)));
        }
        return chart;
    }

    /** Strain (%) and DW (×10, to share the axis) against depth below the surface in nm. */
    public static XYChart profiles(DepthProfiles p, String title) {
        XYChart chart = Charts.line(title, "depth below surface (nm)", "strain (%), DW × max strain");
        double[] depthNm = p.depthFromSurfaceA();
        for (int j = 0; j < depthNm.length; j++) {
            depthNm[j] /= 10;
        }
        double[] e = p.strain();
        double max = 0;
        for (int j = 0; j < e.length; j++) {
            e[j] *= 100;
            max = Math.max(max, Math.abs(e[j]));
        }
        double[] dw = p.dw();
        for (int j = 0; j < dw.length; j++) {
            dw[j] *= max == 0 ? 1 : max;
        }
        Charts.addLine(chart, "strain (%)", depthNm, e);
        Charts.addLine(chart, "DW (scaled)", depthNm, dw);
        return chart;
    }

    /** The network input: log10(I/max) on the rescaled grid (index 0 = largest strain, on the left). */
    public static XYChart rescaled(NetworkGrid grid, double[] log10, String title) {
        XYChart chart = Charts.line(title, "x = strain(%)/d (Å⁻¹), " + grid.points() + " points", "log10(I/Imax)");
        Charts.addLine(chart, "network input", grid.x(), log10);
        chart.getStyler().setXAxisDecimalPattern("0.0");
        return chart;
    }

    /**
     * Figure 1(a)-style gallery: several curves in log10(I/Imax) against ΔQ/Q (%), each shifted down by
     * {@code offsetDecades} decades so that they stack.
     */
    public static XYChart gallery(List<SimulatedCurve> curves, double offsetDecades, String title) {
        XYChart chart = Charts.line(title, "ΔQ/Q (%)", "log10(I/Imax) (shifted)");
        chart.getStyler().setLegendVisible(false);
        for (int k = 0; k < curves.size(); k++) {
            SimulatedCurve c = curves.get(k);
            // zero counts (honest Poisson noise) are shown at the smallest positive count, as the rescaling does
            double[] counts = positiveOrMin(c.intensity());
            double max = Double.NEGATIVE_INFINITY;
            for (double v : counts) {
                max = Math.max(max, v);
            }
            double[] x = new double[counts.length];
            double[] y = new double[counts.length];
            for (int i = 0; i < counts.length; i++) {
                x[i] = 100 * c.dqOverQ()[i];
                y[i] = Math.log10(counts[i] / max) - k * offsetDecades;
            }
            Charts.addLine(chart, "curve " + (k + 1), x, y);
        }
        return chart;
    }

    private static double[] positiveOrMin(double[] v) {
        double min = Double.POSITIVE_INFINITY;
        for (double x : v) {
            if (x > 0) {
                min = Math.min(min, x);
            }
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] > 0 ? v[i] : min;
        }
        return out;
    }

    private static double[] positive(double[] v) {
        double min = Double.POSITIVE_INFINITY;
        for (double x : v) {
            if (x > 0) {
                min = Math.min(min, x);
            }
        }
        double floor = min == Double.POSITIVE_INFINITY ? 1e-300 : min / 2;
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] > 0 ? v[i] : floor;
        }
        return out;
    }
}
