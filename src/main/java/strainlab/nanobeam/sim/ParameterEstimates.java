package strainlab.nanobeam.sim;

/**
 * Estimated (or true) parameters of n patterns, one array per parameter: strain (fraction), ω and χ (degrees).
 * Arrays are owned by the record (not copied); pattern i of a map of width w is pixel (i / w, i % w).
 */
public record ParameterEstimates(double[] strain, double[] tiltLrDeg, double[] tiltUdDeg) {
    public ParameterEstimates {
        if (strain.length != tiltLrDeg.length || strain.length != tiltUdDeg.length) {
            throw new IllegalArgumentException("strain, tiltLrDeg and tiltUdDeg must have equal lengths, got "
                    + strain.length + ", " + tiltLrDeg.length + ", " + tiltUdDeg.length);
        }
    }

    /** n zero estimates. */
    public static ParameterEstimates zeros(int n) {
        return new ParameterEstimates(new double[n], new double[n], new double[n]);
    }

    /** Number of patterns. */
    public int size() {
        return strain.length;
    }

    /** Parameter d (0 strain, 1 ω, 2 χ) as an array. */
    public double[] parameter(int d) {
        return switch (d) {
            case 0 -> strain;
            case 1 -> tiltLrDeg;
            case 2 -> tiltUdDeg;
            default -> throw new IndexOutOfBoundsException("parameter index must be 0..2, got " + d);
        };
    }

    /** The state of pattern i. */
    public LatticeState state(int i) {
        return new LatticeState(strain[i], tiltLrDeg[i], tiltUdDeg[i]);
    }

    /** Sets pattern i from an array {strain, ω, χ}. */
    public void set(int i, double[] values) {
        strain[i] = values[0];
        tiltLrDeg[i] = values[1];
        tiltUdDeg[i] = values[2];
    }

    /** Root-mean-square difference from {@code truth}, per parameter {strain, ω, χ}. */
    public double[] rmse(ParameterEstimates truth) {
        if (truth.size() != size()) {
            throw new IllegalArgumentException("truth has " + truth.size() + " patterns, estimates " + size());
        }
        double[] out = new double[3];
        for (int d = 0; d < 3; d++) {
            double[] a = parameter(d);
            double[] b = truth.parameter(d);
            double s = 0;
            for (int i = 0; i < a.length; i++) {
                s += (a[i] - b[i]) * (a[i] - b[i]);
            }
            out[d] = Math.sqrt(s / a.length);
        }
        return out;
    }

    /** Mean signed difference from {@code truth} per parameter (the bias). */
    public double[] bias(ParameterEstimates truth) {
        double[] out = new double[3];
        for (int d = 0; d < 3; d++) {
            double[] a = parameter(d);
            double[] b = truth.parameter(d);
            double s = 0;
            for (int i = 0; i < a.length; i++) {
                s += a[i] - b[i];
            }
            out[d] = s / a.length;
        }
        return out;
    }
}
