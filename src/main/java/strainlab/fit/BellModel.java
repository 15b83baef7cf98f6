package strainlab.fit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import strainlab.lsq.ForwardModel;
import strainlab.lsq.ParameterSpec;

/**
 * A low-dimensional view of a {@link CurveModel} for the global search: the strain weights are not free but
 * sampled from an asymmetric bell {@code e_max·exp(−½((z − c)/σ)²)} with σ = {@code width_in} on the interface
 * side (z &lt; c) and {@code width_out} on the surface side, z being the relative position of each weight
 * (0 = interface, 1 = surface). Four shape parameters instead of ten weights make the misfit landscape
 * smoother; the bell's weights are then the start of the full refinement. The other parameters (DW,
 * thickness, resolution, scale, background, offset) are the inner model's.
 */
public final class BellModel implements ForwardModel {
    public static final String EMAX_PERCENT = "bell_emax_percent";
    public static final String CENTRE = "bell_centre_z";
    public static final String WIDTH_IN = "bell_width_in";
    public static final String WIDTH_OUT = "bell_width_out";

    private final CurveModel inner;
    private final List<ParameterSpec> specs;
    private final double[] weightZ;

    /**
     * @param inner the full model
     * @param maxStrainPercent upper bound of {@code bell_emax_percent}
     */
    public BellModel(CurveModel inner, double maxStrainPercent) {
        this.inner = inner;
        List<ParameterSpec> s = new ArrayList<>();
        s.add(new ParameterSpec(EMAX_PERCENT, 0.01, maxStrainPercent, 1));
        s.add(new ParameterSpec(CENTRE, -0.2, 1.2, 0.3));
        s.add(new ParameterSpec(WIDTH_IN, 0.04, 1.5, 0.3));
        s.add(new ParameterSpec(WIDTH_OUT, 0.04, 1.5, 0.3));
        List<ParameterSpec> ip = inner.parameters();
        for (int i = inner.strainWeightCount(); i < ip.size(); i++) {
            s.add(ip.get(i));
        }
        specs = Collections.unmodifiableList(s);
        int n = inner.strainWeightCount();
        int pad = inner.convention().padCount();
        int nAbs = n + pad - 3;
        weightZ = new double[n];
        for (int k = 0; k < n; k++) {
            weightZ[k] = (double) (k + pad - 1) / nAbs;
        }
    }

    /** The full model. */
    public CurveModel inner() {
        return inner;
    }

    @Override
    public List<ParameterSpec> parameters() {
        return specs;
    }

    @Override
    public int size() {
        return inner.size();
    }

    /** Strain weights (%) of the bell at the weights' positions. */
    public double[] weights(double emaxPercent, double centre, double widthIn, double widthOut) {
        double[] w = new double[weightZ.length];
        for (int k = 0; k < w.length; k++) {
            double u = (weightZ[k] - centre) / (weightZ[k] < centre ? widthIn : widthOut);
            w[k] = emaxPercent * Math.exp(-0.5 * u * u);
        }
        return w;
    }

    /** The inner model's parameter vector of a bell parameter vector. */
    public double[] toInner(double[] p) {
        int n = inner.strainWeightCount();
        double[] q = new double[inner.parameters().size()];
        System.arraycopy(weights(p[0], p[1], p[2], p[3]), 0, q, 0, n);
        System.arraycopy(p, 4, q, n, q.length - n);
        return q;
    }

    /** A bell parameter vector from the shape and an inner vector (its strain weights are ignored). */
    public double[] fromInner(double emaxPercent, double centre, double widthIn, double widthOut, double[] innerP) {
        int n = inner.strainWeightCount();
        double[] p = new double[specs.size()];
        p[0] = emaxPercent;
        p[1] = centre;
        p[2] = widthIn;
        p[3] = widthOut;
        System.arraycopy(innerP, n, p, 4, innerP.length - n);
        return p;
    }

    @Override
    public double[] evaluate(double[] p) {
        return inner.evaluate(toInner(p));
    }
}
