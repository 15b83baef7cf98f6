package strainlab.cnn.evaluation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How well an ensemble's spread covers the truth: over every test curve and every depth of the common grid of
 * {@link ProfileComparison} (the N+1 nodes of the thickest of the true and the members' layers), the fraction of true
 * strain and DW values within one and within two standard deviations of the members' mean. For a calibrated
 * Gaussian spread: 68 % and 95 %. The DW profile is the paper's tied rule {@code exp(−scale_dw·(e/e_max)²)} of each
 * member's own strain profile.
 *
 * @param strainWithin1Sigma fraction of true strain values within the mean ± 1σ
 * @param strainWithin2Sigma within ± 2σ
 * @param dwWithin1Sigma     fraction of true DW values within the mean ± 1σ
 * @param dwWithin2Sigma     within ± 2σ
 * @param points             curves × depths counted
 */
public record EnsembleCalibration(double strainWithin1Sigma, double strainWithin2Sigma, double dwWithin1Sigma,
                                  double dwWithin2Sigma, long points) {

    /**
     * The calibration of members' predictions {@code members.get(k)[curve]} against {@code truth[curve]}, all label
     * vectors read with {@code view} (full layout: strain weights, thickness, scale_dw).
     *
     * @throws IllegalArgumentException when the labels have no strain profile or the counts differ
     */
    public static EnsembleCalibration of(LabelView view, float[][] truth, List<float[][]> members) {
        if (!view.hasProfile() || !view.has(Parameter.DW_MIN)) {
            throw new IllegalArgumentException("calibration needs the strain weights, thickness and scale_dw among "
                    + view.names());
        }
        for (float[][] m : members) {
            if (m.length != truth.length) {
                throw new IllegalArgumentException(truth.length + " true label vectors but a member has " + m.length);
            }
        }
        int n = view.lamellae();
        long points = 0;
        long[] inside = new long[4];
        int k = members.size();
        double[][] strain = new double[k][];
        double[][] dw = new double[k][];
        for (int i = 0; i < truth.length; i++) {
            double t = view.value(Parameter.T, truth[i]);
            double tMax = t;
            for (float[][] m : members) {
                tMax = Math.max(tMax, view.value(Parameter.T, m[i]));
            }
            double[] depths = ProfileComparison.commonDepthsNm(tMax, tMax, n);
            double[] trueStrain = strainAt(view, truth[i], depths);
            double[] trueDw = dwOf(view, truth[i], trueStrain);
            for (int m = 0; m < k; m++) {
                strain[m] = strainAt(view, members.get(m)[i], depths);
                dw[m] = dwOf(view, members.get(m)[i], strain[m]);
            }
            for (int j = 0; j < depths.length; j++) {
                count(strain, j, trueStrain[j], inside, 0);
                count(dw, j, trueDw[j], inside, 2);
                points++;
            }
        }
        double p = Math.max(points, 1);
        return new EnsembleCalibration(inside[0] / p, inside[1] / p, inside[2] / p, inside[3] / p, points);
    }

    private static double[] strainAt(LabelView view, float[] labels, double[] depths) {
        double t = view.value(Parameter.T, labels);
        return t > 0 ? ProfileComparison.strainPercentAtDepths(view.weightsPercent(labels), t, depths)
                : new double[depths.length];
    }

    /** The tied DW at the depths of {@code strainPercent}, e_max being the maximum of the profile on its own nodes. */
    private static double[] dwOf(LabelView view, float[] labels, double[] strainPercent) {
        double eMax = view.value(Parameter.E_MAX, labels);
        double scaleDw = -Math.log(view.value(Parameter.DW_MIN, labels));
        double[] out = new double[strainPercent.length];
        for (int j = 0; j < out.length; j++) {
            double r = eMax > 0 ? strainPercent[j] / eMax : 0;
            out[j] = Math.exp(-scaleDw * r * r);
        }
        return out;
    }

    /** Adds whether {@code truth} lies within 1σ and 2σ of the members' values at depth {@code j}. */
    private static void count(double[][] values, int j, double truth, long[] inside, int at) {
        int k = values.length;
        double s = 0;
        for (double[] v : values) {
            s += v[j];
        }
        double mean = s / k;
        double var = 0;
        for (double[] v : values) {
            var += (v[j] - mean) * (v[j] - mean);
        }
        double sigma = k > 1 ? Math.sqrt(var / (k - 1)) : 0;
        double d = Math.abs(truth - mean);
        if (d <= sigma) {
            inside[at]++;
        }
        if (d <= 2 * sigma) {
            inside[at + 1]++;
        }
    }

    /** The fields as written to {@code calibration.json} and table2.json. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("strainWithin1Sigma", strainWithin1Sigma);
        m.put("strainWithin2Sigma", strainWithin2Sigma);
        m.put("dwWithin1Sigma", dwWithin1Sigma);
        m.put("dwWithin2Sigma", dwWithin2Sigma);
        m.put("points", points);
        m.put("ideal", Map.of("within1Sigma", 0.683, "within2Sigma", 0.954));
        return m;
    }
}
