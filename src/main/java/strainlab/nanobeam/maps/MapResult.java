package strainlab.nanobeam.maps;

import strainlab.nanobeam.sim.ParameterEstimates;

/**
 * A simulated scan analysed both ways (the paper's figure 3).
 *
 * @param width              map side (pixels per row)
 * @param truth              the ground-truth fields
 * @param patterns           the noisy count patterns fed to both methods (row-major, 4096 values per map pixel)
 * @param cnn                NanobeamNN (ensemble mean) estimates
 * @param cnnSpread          ensemble standard deviation (zero for one member)
 * @param correlation        correlation-fit estimates
 * @param cnnSeconds         wall time of the CNN inference over the map
 * @param correlationSeconds wall time of the correlation fit over the map (library already loaded)
 */
public record MapResult(int width, ParameterEstimates truth, float[] patterns, ParameterEstimates cnn,
                        ParameterEstimates cnnSpread, ParameterEstimates correlation, double cnnSeconds,
                        double correlationSeconds) {
    /** RMSE {strain, ω°, χ°} of the CNN. */
    public double[] rmseCnn() {
        return cnn.rmse(truth);
    }

    /** RMSE {strain, ω°, χ°} of the correlation fit. */
    public double[] rmseCorrelation() {
        return correlation.rmse(truth);
    }

    /** Mean ensemble spread {strain, ω°, χ°} over the map (zero for one member). */
    public double[] meanCnnSpread() {
        double[] out = new double[3];
        for (int d = 0; d < 3; d++) {
            double s = 0;
            for (double v : cnnSpread.parameter(d)) {
                s += v;
            }
            out[d] = s / cnnSpread.size();
        }
        return out;
    }

    /** Error map (estimate − truth) of an estimate. */
    public ParameterEstimates errors(ParameterEstimates estimate) {
        ParameterEstimates e = ParameterEstimates.zeros(truth.size());
        for (int d = 0; d < 3; d++) {
            for (int i = 0; i < truth.size(); i++) {
                e.parameter(d)[i] = estimate.parameter(d)[i] - truth.parameter(d)[i];
            }
        }
        return e;
    }

    /** A plain-text summary: RMSE per parameter and method, and the timings. */
    public String summary() {
        double[] a = rmseCnn();
        double[] b = rmseCorrelation();
        double[] ba = cnn.bias(truth);
        double[] bb = correlation.bias(truth);
        return String.format(java.util.Locale.ROOT,
                "%dx%d map           RMSE strain   RMSE ω (deg)  RMSE χ (deg)   bias strain   time (s)%n"
                        + "NanobeamNN          %.3e     %.3e     %.3e      %+.2e     %.3f%n"
                        + "correlation fit     %.3e     %.3e     %.3e      %+.2e     %.3f%n",
                width, width, a[0], a[1], a[2], ba[0], cnnSeconds, b[0], b[1], b[2], bb[0], correlationSeconds);
    }
}
