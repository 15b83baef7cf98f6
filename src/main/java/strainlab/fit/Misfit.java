package strainlab.fit;

/** The paper's quality measure σ_I = √⟨(log10 I_model − log10 I_exp)²⟩ over the measured range. */
public final class Misfit {
    private Misfit() {
    }

    /** σ_I of two log10 curves on the same grid. */
    public static double sigmaI(double[] log10Model, double[] log10Measured) {
        return Math.sqrt(meanSquare(log10Model, log10Measured));
    }

    /** ⟨(a − b)²⟩ of two curves on the same grid. */
    public static double meanSquare(double[] a, double[] b) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("curves must have the same non-zero length, got " + a.length + " and "
                    + b.length);
        }
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return s / a.length;
    }

    /** log10 of every value (values must be &gt; 0). */
    public static double[] log10(double[] v) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = Math.log10(v[i]);
        }
        return o;
    }
}
