package strainlab.profile;

import java.util.Arrays;

/**
 * Strain and Debye–Waller depth profiles of the damaged layer, sampled on the N+1 lamella nodes
 * {@code z_j = j·t/N} measured from the layer/substrate interface: node 0 is the interface, node N the free
 * surface (the last element). Lamella n = 1..N of the recursion uses node n.
 *
 * @param thicknessA layer thickness t in Å (≥ 0)
 * @param strain dimensionless strain at the nodes (0.01 = 1 %), length N+1; positive = lattice expansion
 * @param dw Debye–Waller factor at the nodes, each in (0, 1] (up to a round-off of 1e-9 above 1, which
 *           B-spline sums of unit weights produce), length N+1
 */
public record DepthProfiles(double thicknessA, double[] strain, double[] dw) {
    /** Tolerance above 1 accepted for DW values (round-off of spline sums). */
    public static final double DW_ROUND_OFF = 1e-9;

    public DepthProfiles {
        if (!(thicknessA >= 0) || !Double.isFinite(thicknessA)) {
            throw new IllegalArgumentException("thicknessA must be finite and ≥ 0, got " + thicknessA);
        }
        if (strain == null || dw == null) {
            throw new IllegalArgumentException("strain and dw must be given");
        }
        if (strain.length < 1) {
            throw new IllegalArgumentException("strain: need at least one node, got none");
        }
        if (strain.length != dw.length) {
            throw new IllegalArgumentException("dw: length " + dw.length + " differs from strain length " + strain.length);
        }
        for (int j = 0; j < strain.length; j++) {
            if (!Double.isFinite(strain[j]) || strain[j] <= -1) {
                throw new IllegalArgumentException("strain[" + j + "] must be finite and > −1, got " + strain[j]);
            }
            if (!(dw[j] > 0 && dw[j] <= 1 + DW_ROUND_OFF)) {
                throw new IllegalArgumentException("dw[" + j + "] must lie in (0, 1], got " + dw[j]);
            }
        }
        strain = strain.clone();
        dw = dw.clone();
    }

    /** Builds profiles from a thickness in nm (t_A = 10·t_nm). */
    public static DepthProfiles ofThicknessNm(double thicknessNm, double[] strain, double[] dw) {
        return new DepthProfiles(thicknessNm * 10.0, strain, dw);
    }

    /** A perfect crystal: no lamellae, only the substrate. */
    public static DepthProfiles perfectCrystal() {
        return new DepthProfiles(0.0, new double[]{0.0}, new double[]{1.0});
    }

    /** A uniform layer of N lamellae with constant strain and DW at every node (the interface node included). */
    public static DepthProfiles uniform(double thicknessA, int lamellae, double strain, double dw) {
        double[] e = new double[lamellae + 1];
        double[] d = new double[lamellae + 1];
        Arrays.fill(e, strain);
        Arrays.fill(d, dw);
        return new DepthProfiles(thicknessA, e, d);
    }

    /**
     * Strain from B-spline weights in percent, DW from the paper generator's tied rule with
     * {@code scale_dw = −ln(dwMin)} (see {@link #tiedDw(double[], double)}).
     */
    public static DepthProfiles withTiedDw(double thicknessA, int lamellae, double[] strainWeightsPercent,
                                           SplineConvention convention, double dwMin) {
        if (!(dwMin > 0 && dwMin <= 1)) {
            throw new IllegalArgumentException("dwMin must lie in (0, 1], got " + dwMin);
        }
        return withTiedDwScale(thicknessA, lamellae, strainWeightsPercent, convention, -Math.log(dwMin));
    }

    /** As {@link #withTiedDw} but with the label {@code scale_dw} (= −ln DWmin ≥ 0) given directly. */
    public static DepthProfiles withTiedDwScale(double thicknessA, int lamellae, double[] strainWeightsPercent,
                                                SplineConvention convention, double scaleDw) {
        double[] e = strainFromWeightsPercent(strainWeightsPercent, convention, lamellae);
        return new DepthProfiles(thicknessA, e, tiedDwScale(e, scaleDw));
    }

    /** Strain from weights in percent and DW from an independent B-spline (RaDMaX; pad 1 in smooth). */
    public static DepthProfiles withSplineDw(double thicknessA, int lamellae, double[] strainWeightsPercent,
                                             double[] dwWeights, SplineConvention convention) {
        double[] e = strainFromWeightsPercent(strainWeightsPercent, convention, lamellae);
        return new DepthProfiles(thicknessA, e, splineDw(dwWeights, convention, lamellae));
    }

    /** Dimensionless strain at the N+1 nodes from B-spline weights in percent (spline value / 100). */
    public static double[] strainFromWeightsPercent(double[] weightsPercent, SplineConvention convention,
                                                    int lamellae) {
        double[] s = BSplines.onNodes(weightsPercent, convention, 0.0, lamellae);
        for (int j = 0; j < s.length; j++) {
            s[j] /= 100.0;
        }
        return s;
    }

    /** DW at the N+1 nodes from an independent B-spline (pad weights 1 in the smooth convention). */
    public static double[] splineDw(double[] dwWeights, SplineConvention convention, int lamellae) {
        return BSplines.onNodes(dwWeights, convention, 1.0, lamellae);
    }

    /** Tied DW rule with {@code scale_dw = −ln(dwMin)}. */
    public static double[] tiedDw(double[] strain, double dwMin) {
        if (!(dwMin > 0 && dwMin <= 1)) {
            throw new IllegalArgumentException("dwMin must lie in (0, 1], got " + dwMin);
        }
        return tiedDwScale(strain, -Math.log(dwMin));
    }

    /**
     * The paper generator's DW rule {@code DW_j = exp(−scale_dw·(e_j / max_k e_k)²)}, the max being the signed
     * max over the nodes. If that max is 0 (no positive strain), nodes with zero strain get DW = 1 and the
     * others the limit exp(−∞) clamped to the smallest positive double (the rule would divide by zero).
     */
    public static double[] tiedDwScale(double[] strain, double scaleDw) {
        if (!(scaleDw >= 0) || !Double.isFinite(scaleDw)) {
            throw new IllegalArgumentException("scaleDw must be finite and ≥ 0, got " + scaleDw);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double v : strain) {
            max = Math.max(max, v);
        }
        double[] dw = new double[strain.length];
        for (int j = 0; j < strain.length; j++) {
            double d;
            if (max == 0) {
                d = strain[j] == 0 || scaleDw == 0 ? 1.0 : 0.0;
            } else {
                double r = strain[j] / max;
                d = Math.exp(-scaleDw * r * r);
            }
            dw[j] = Math.max(d, Double.MIN_NORMAL);
        }
        return dw;
    }

    /** Number of lamellae N (nodes − 1). */
    public int lamellae() {
        return strain.length - 1;
    }

    /** Layer thickness in nm. */
    public double thicknessNm() {
        return thicknessA / 10.0;
    }

    /** Lamella thickness t/N in Å (0 for a perfect crystal). */
    public double lamellaThicknessA() {
        return lamellae() == 0 ? 0.0 : thicknessA / lamellae();
    }

    /** Node positions z_j = j·t/N in Å from the interface. */
    public double[] zFromInterfaceA() {
        int n = lamellae();
        double[] z = new double[n + 1];
        for (int j = 0; j <= n; j++) {
            z[j] = n == 0 ? 0.0 : j * thicknessA / n;
        }
        return z;
    }

    /** Node depths below the free surface, t − z_j, in Å. */
    public double[] depthFromSurfaceA() {
        double[] z = zFromInterfaceA();
        for (int j = 0; j < z.length; j++) {
            z[j] = thicknessA - z[j];
        }
        return z;
    }

    /** Copy of the strain array (node order, last = surface). */
    @Override
    public double[] strain() {
        return strain.clone();
    }

    /** Copy of the DW array (node order, last = surface). */
    @Override
    public double[] dw() {
        return dw.clone();
    }

    /** Strain at node j without copying. */
    public double strainAt(int j) {
        return strain[j];
    }

    /** DW at node j without copying. */
    public double dwAt(int j) {
        return dw[j];
    }

    /** Largest strain over the nodes (signed). */
    public double maxStrain() {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : strain) {
            m = Math.max(m, v);
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DepthProfiles p && p.thicknessA == thicknessA
                && Arrays.equals(p.strain, strain) && Arrays.equals(p.dw, dw);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(thicknessA) * 31 + Arrays.hashCode(strain) * 17 + Arrays.hashCode(dw);
    }

    @Override
    public String toString() {
        return "DepthProfiles[thicknessA=" + thicknessA + ", lamellae=" + lamellae()
                + ", maxStrain=" + maxStrain() + "]";
    }
}
