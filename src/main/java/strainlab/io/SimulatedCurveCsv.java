package strainlab.io;

import java.io.IOException;
import java.nio.file.Path;
import strainlab.instrument.SimulatedCurve;

/**
 * The CSV files of a simulated curve: {@code two_theta_deg, theta_deg, dq_over_q, raw_reflectivity, intensity}
 * (angles in degrees, one line per θ point) and, when the curve was rescaled onto a network grid, a sibling
 * {@code NAME-rescaled.csv} of {@code x, log10_intensity}.
 */
public final class SimulatedCurveCsv {
    private SimulatedCurveCsv() {
    }

    /**
     * Adds the curve's CSV to {@code files} and, when it holds a rescaled curve, its rescaled CSV at
     * {@code NAME-rescaled.csv} beside it; returns that path, or null when there is none.
     */
    public static Path write(AtomicFiles.Group files, Path csv, SimulatedCurve curve) throws IOException {
        files.writeText(csv, w -> {
            w.write("two_theta_deg,theta_deg,dq_over_q,raw_reflectivity,intensity\n");
            double[] thetaDeg = curve.thetaDeg();
            for (int i = 0; i < curve.size(); i++) {
                w.write(curve.twoThetaDeg()[i] + "," + thetaDeg[i] + "," + curve.dqOverQ()[i] + ","
                        + curve.rawReflectivity()[i] + "," + curve.intensity()[i] + "\n");
            }
        });
        if (curve.rescaledLog10() == null) {
            return null;
        }
        String name = csv.getFileName().toString();
        Path rescaled = csv.resolveSibling((name.endsWith(".csv") ? name.substring(0, name.length() - 4) : name)
                + "-rescaled.csv");
        double[] x = curve.rescaleGrid().x();
        files.writeText(rescaled, w -> {
            w.write("x,log10_intensity\n");
            for (int i = 0; i < x.length; i++) {
                w.write(x[i] + "," + curve.rescaledLog10()[i] + "\n");
            }
        });
        return rescaled;
    }
}
