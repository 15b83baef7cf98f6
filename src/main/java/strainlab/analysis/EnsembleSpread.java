package strainlab.analysis;

import java.util.ArrayList;
import java.util.List;
import strainlab.profile.DepthProfiles;

/**
 * How far the members of a network ensemble disagree on a scan: each member's predicted labels and the strain and
 * Debye–Waller profiles built from them (the analysis model's profiles of each member's own parameter vector). The
 * spreads are sample standard deviations over the members (n − 1 in the denominator, 0 for a single member), as
 * {@link strainlab.cnn.Ensemble#combine} gives them.
 *
 * @param memberNames    the members' folders, as reported
 * @param labelNames     the label names, in network order
 * @param labelUnits     their units, in the same order (empty strings where unknown)
 * @param memberLabels   each member's labels in physical units, {@code labelNames.size()} values each
 * @param memberProfiles each member's profiles, in the order of {@code memberLabels}
 */
public record EnsembleSpread(List<String> memberNames, List<String> labelNames, List<String> labelUnits,
                             List<float[]> memberLabels, List<DepthProfiles> memberProfiles) {
    public EnsembleSpread {
        memberNames = List.copyOf(memberNames);
        labelNames = List.copyOf(labelNames);
        labelUnits = List.copyOf(labelUnits);
        memberProfiles = List.copyOf(memberProfiles);
        if (memberLabels.isEmpty()) {
            throw new IllegalArgumentException("an ensemble spread needs at least one member");
        }
        if (memberLabels.size() != memberProfiles.size() || memberLabels.size() != memberNames.size()) {
            throw new IllegalArgumentException(memberNames.size() + " member names, " + memberLabels.size()
                    + " members' labels and " + memberProfiles.size() + " members' profiles: must be as many");
        }
        if (labelUnits.size() != labelNames.size()) {
            throw new IllegalArgumentException(labelNames.size() + " label names but " + labelUnits.size() + " units");
        }
        for (float[] l : memberLabels) {
            if (l.length != labelNames.size()) {
                throw new IllegalArgumentException("a member has " + l.length + " labels, expected "
                        + labelNames.size() + " " + labelNames);
            }
        }
        memberLabels = memberLabels.stream().map(float[]::clone).toList();
    }

    @Override
    public List<float[]> memberLabels() {
        return memberLabels.stream().map(float[]::clone).toList();
    }

    /** Number of members. */
    public int members() {
        return memberLabels.size();
    }

    /** The members' mean of each label, physical units. */
    public double[] labelMean() {
        double[] m = new double[labelNames.size()];
        for (int j = 0; j < m.length; j++) {
            m[j] = mean(label(j));
        }
        return m;
    }

    /** The members' standard deviation of each label, physical units. */
    public double[] labelSd() {
        double[] s = new double[labelNames.size()];
        for (int j = 0; j < s.length; j++) {
            s[j] = sd(label(j));
        }
        return s;
    }

    /** Label {@code j} of each member. */
    private double[] label(int j) {
        double[] v = new double[members()];
        for (int k = 0; k < v.length; k++) {
            v[k] = memberLabels.get(k)[j];
        }
        return v;
    }

    /**
     * The members' mean and standard deviation of strain and DW at each depth of {@code depthFromSurfaceA} (Å below
     * the surface; a member's strain is 0 and its DW 1 below its own layer).
     */
    public Bands bands(double[] depthFromSurfaceA) {
        int n = depthFromSurfaceA.length;
        double[] strainMean = new double[n];
        double[] strainSd = new double[n];
        double[] dwMean = new double[n];
        double[] dwSd = new double[n];
        for (int i = 0; i < n; i++) {
            double[] e = new double[members()];
            double[] w = new double[members()];
            for (int k = 0; k < e.length; k++) {
                e[k] = AnalysisResult.atDepth(memberProfiles.get(k), depthFromSurfaceA[i], true);
                w[k] = AnalysisResult.atDepth(memberProfiles.get(k), depthFromSurfaceA[i], false);
            }
            strainMean[i] = mean(e);
            strainSd[i] = sd(e);
            dwMean[i] = mean(w);
            dwSd[i] = sd(w);
        }
        return new Bands(depthFromSurfaceA, strainMean, strainSd, dwMean, dwSd);
    }

    /**
     * The ensemble's profiles at a list of depths.
     *
     * @param depthFromSurfaceA depths below the surface, Å
     * @param strainMean        the members' mean strain (dimensionless, 0.01 = 1 %)
     * @param strainSd          its standard deviation over the members (dimensionless)
     * @param dwMean            the members' mean Debye–Waller factor
     * @param dwSd              its standard deviation over the members
     */
    public record Bands(double[] depthFromSurfaceA, double[] strainMean, double[] strainSd, double[] dwMean,
                        double[] dwSd) {
        public Bands {
            int n = depthFromSurfaceA.length;
            for (double[] a : List.of(strainMean, strainSd, dwMean, dwSd)) {
                if (a.length != n) {
                    throw new IllegalArgumentException("band arrays must have the " + n + " values of the depths, got "
                            + a.length);
                }
            }
            for (int i = 0; i < n; i++) {
                if (!(strainSd[i] >= 0) || !(dwSd[i] >= 0)) {
                    throw new IllegalArgumentException("standard deviations must be ≥ 0, got " + strainSd[i] + " and "
                            + dwSd[i] + " at depth " + depthFromSurfaceA[i] + " Å");
                }
            }
            depthFromSurfaceA = depthFromSurfaceA.clone();
            strainMean = strainMean.clone();
            strainSd = strainSd.clone();
            dwMean = dwMean.clone();
            dwSd = dwSd.clone();
        }

        @Override
        public double[] depthFromSurfaceA() {
            return depthFromSurfaceA.clone();
        }

        @Override
        public double[] strainMean() {
            return strainMean.clone();
        }

        @Override
        public double[] strainSd() {
            return strainSd.clone();
        }

        @Override
        public double[] dwMean() {
            return dwMean.clone();
        }

        @Override
        public double[] dwSd() {
            return dwSd.clone();
        }

        /** The largest strain standard deviation over the depths (dimensionless). */
        public double maxStrainSd() {
            return java.util.Arrays.stream(strainSd).max().orElse(0);
        }

        /** The largest DW standard deviation over the depths. */
        public double maxDwSd() {
            return java.util.Arrays.stream(dwSd).max().orElse(0);
        }
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double sd(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }

    /** The members' folder names of {@code c} in order, for an ensemble candidate. */
    static List<String> memberNames(NetworkChoice.Candidate c) {
        List<String> out = new ArrayList<>();
        c.members().forEach(m -> out.add(m.dir().getFileName().toString()));
        return out;
    }
}
