package strainlab.fit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import strainlab.crystal.DiffractionSetup;
import strainlab.diffraction.DynamicalDiffraction;
import strainlab.instrument.Background;
import strainlab.instrument.Convolution;
import strainlab.instrument.Resolution;
import strainlab.instrument.XrdSimulator;
import strainlab.io.RadmaxProject;
import strainlab.lsq.ForwardModel;
import strainlab.lsq.ParameterSpec;
import strainlab.profile.BSplines;
import strainlab.profile.DepthProfiles;
import strainlab.profile.SplineConvention;

/**
 * The forward model of a fit: parameters → log10 intensity on the measured θ grid: B-spline profiles run through
 * the instrument's forward model ({@link XrdSimulator.Workspace}, direct convolution) with the RaDMaX conventions:
 * {@code I(θ) = scale·conv(θ − δ)/max(conv) + background}, where {@code conv} is the raw reflectivity convolved
 * ('same', numpy alignment) with a pseudo-Voigt of FWHM {@code fwhm_theta_deg} on the <b>θ</b> axis.
 *
 * <p>Parameters, in this order (names carry the units):
 * <ul>
 *   <li>{@code strain_w1_percent … strain_wN_percent}: strain B-spline weights in % (smooth or abrupt);</li>
 *   <li>DW: either {@code dw_w1 … dw_wM} (independent B-spline, RaDMaX; pad 1) or {@code scale_dw}
 *       (the paper's tied rule {@code DW = exp(−scale_dw·(e/e_max)²)});</li>
 *   <li>{@code thickness_nm}, {@code fwhm_theta_deg}, {@code eta} (Lorentz fraction), {@code log10_scale},
 *       {@code log10_background} (both relative to the normalised maximum 1) and {@code offset_theta_deg}
 *       (the measured curve is the model shifted by δ in θ).</li>
 * </ul>
 * Immutable and thread-safe.
 */
public final class CurveModel implements ForwardModel {
    /** How the Debye–Waller profile is parameterised. */
    public enum DwMode {
        /** {@code DW = exp(−scale_dw·(e/e_max)²)}, one parameter {@code scale_dw} (paper generator). */
        TIED,
        /** Independent B-spline with its own weights {@code dw_w1…} (RaDMaX). */
        SPLINE
    }

    public static final String THICKNESS_NM = "thickness_nm";
    public static final String FWHM_THETA_DEG = "fwhm_theta_deg";
    public static final String ETA = "eta";
    public static final String LOG10_SCALE = "log10_scale";
    public static final String LOG10_BACKGROUND = "log10_background";
    public static final String OFFSET_THETA_DEG = "offset_theta_deg";
    public static final String SCALE_DW = "scale_dw";

    /** The forward model's buffers, one per thread (Jacobian columns are evaluated in parallel). */
    private static final ThreadLocal<XrdSimulator.Workspace> WORKSPACE =
            ThreadLocal.withInitial(XrdSimulator.Workspace::new);

    private final DiffractionSetup setup;
    private final double[] thetaRad;
    private final int lamellae;
    private final SplineConvention convention;
    private final int strainCount;
    private final DwMode dwMode;
    private final int dwCount;
    private final List<ParameterSpec> specs;
    private final int iThickness;
    private final int iFwhm;
    private final int iEta;
    private final int iScale;
    private final int iBackground;
    private final int iOffset;

    private CurveModel(Builder b) {
        this.setup = b.setup;
        this.thetaRad = b.thetaRad.clone();
        this.lamellae = b.lamellae;
        this.convention = b.convention;
        this.strainCount = b.strainCount;
        this.dwMode = b.dwMode;
        this.dwCount = b.dwMode == DwMode.SPLINE ? b.dwCount : 0;
        List<ParameterSpec> s = new ArrayList<>();
        for (int k = 1; k <= strainCount; k++) {
            s.add(new ParameterSpec(strainWeight(k), b.strainLo, b.strainHi, 1.0));
        }
        if (dwMode == DwMode.SPLINE) {
            for (int k = 1; k <= dwCount; k++) {
                s.add(new ParameterSpec(dwWeight(k), 0.01, 1.0, 0.5));
            }
        } else {
            s.add(new ParameterSpec(SCALE_DW, 0.0, 6.0, 1.0));
        }
        iThickness = s.size();
        s.add(new ParameterSpec(THICKNESS_NM, b.thicknessLo, b.thicknessHi, 100));
        iFwhm = s.size();
        s.add(new ParameterSpec(FWHM_THETA_DEG, 0.0005, 0.2, 0.01));
        iEta = s.size();
        s.add(new ParameterSpec(ETA, 0.0, 1.0, 0.1));
        iScale = s.size();
        s.add(new ParameterSpec(LOG10_SCALE, -2, 2, 1));
        iBackground = s.size();
        s.add(new ParameterSpec(LOG10_BACKGROUND, -10, -0.5, 1));
        iOffset = s.size();
        s.add(new ParameterSpec(OFFSET_THETA_DEG, -0.1, 0.1, 0.001));
        this.specs = Collections.unmodifiableList(s);
    }

    /** Name of strain weight k (1-based): {@code strain_wk_percent}. */
    public static String strainWeight(int k) {
        return "strain_w" + k + "_percent";
    }

    /** Name of DW weight k (1-based): {@code dw_wk}. */
    public static String dwWeight(int k) {
        return "dw_w" + k;
    }

    /** A builder for a model on this reflection and measured θ grid (radians, evenly spaced, increasing). */
    public static Builder builder(DiffractionSetup setup, double[] thetaRad) {
        return new Builder(setup, thetaRad);
    }

    /** The model of a RaDMaX project: its grid, lamellae, spline convention and weight counts, DW as a spline. */
    public static CurveModel forProject(RadmaxProject p, DiffractionSetup setup) {
        return builder(setup, p.scan().thetaRad())
                .lamellae(p.numberSlices())
                .convention(SplineConvention.parse(p.splineConvention()))
                .strainWeights(p.strainWeightsPercent().length)
                .splineDw(p.dwWeights().length)
                .build();
    }

    /** The parameter vector of a RaDMaX project's saved fit (scale 1, offset 0). */
    public double[] parametersOf(RadmaxProject p) {
        return values().strainWeightsPercent(p.strainWeightsPercent()).dwWeights(p.dwWeights())
                .thicknessNm(p.thicknessNm()).fwhmThetaDeg(p.resolutionFwhmThetaDeg()).eta(p.resolutionEta())
                .scale(1.0).background(Math.max(p.backgroundRelative(), 1e-10)).offsetThetaDeg(0).build();
    }

    /**
     * The parameter vector of this model closest to {@code sourceParameters} of {@code source} (a model of the same
     * scan with other spline counts, lamellae or DW rule), with the thickness multiplied by {@code thicknessFactor}:
     * the strain and DW profiles, as functions of the relative depth z/t, are resampled on this model's lamella
     * nodes and its spline weights fitted to them by linear least squares (a DW spline's weights kept within
     * [0.02, 1]; a tied DW keeps the source's {@code scale_dw}, or takes −ln of the smallest DW); resolution,
     * scale, background and offset are copied.
     *
     * @throws IllegalArgumentException when {@code thicknessFactor} is not positive or the vector does not fit
     *                                  {@code source}
     */
    public double[] transferFrom(CurveModel source, double[] sourceParameters, double thicknessFactor) {
        if (!(thicknessFactor > 0) || !Double.isFinite(thicknessFactor)) {
            throw new IllegalArgumentException("thicknessFactor must be > 0, got " + thicknessFactor);
        }
        DepthProfiles prof = source.profiles(sourceParameters);
        double[] z = BSplines.nodeFractions(lamellae);
        double[] strainPercent = new double[z.length];
        double[] dwMinusOne = new double[z.length];
        double minDw = 1;
        for (int j = 0; j < z.length; j++) {
            strainPercent[j] = 100 * resample(prof.strain(), z[j]);
            double dw = resample(prof.dw(), z[j]);
            dwMinusOne[j] = dw - 1;
            minDw = Math.min(minDw, dw);
        }
        Values v = values().strainWeightsPercent(BSplines.fitWeights(strainCount, convention, z, strainPercent));
        if (dwMode == DwMode.SPLINE) {
            // the pad weights are 1: DW − 1 is linear in (weight − 1)
            double[] w = BSplines.fitWeights(dwCount, convention, z, dwMinusOne);
            for (int k = 0; k < w.length; k++) {
                w[k] = Math.max(0.02, Math.min(1.0, w[k] + 1));
            }
            v.dwWeights(w);
        } else {
            v.scaleDw(source.dwMode == DwMode.TIED ? sourceParameters[source.strainCount]
                    : Math.min(6, -Math.log(Math.max(minDw, 1e-6))));
        }
        double[] p = v.build();
        p[iThickness] = thicknessFactor * sourceParameters[source.iThickness];
        p[iFwhm] = sourceParameters[source.iFwhm];
        p[iEta] = sourceParameters[source.iEta];
        p[iScale] = sourceParameters[source.iScale];
        p[iBackground] = sourceParameters[source.iBackground];
        p[iOffset] = sourceParameters[source.iOffset];
        return p;
    }

    /** Linear interpolation of node values (node 0 = interface, last = surface) at relative depth {@code z}. */
    private static double resample(double[] nodes, double z) {
        double x = z * (nodes.length - 1);
        int i = Math.min((int) Math.floor(x), nodes.length - 2);
        double f = x - i;
        return nodes[i] * (1 - f) + nodes[i + 1] * f;
    }

    /** Builder of the model's parameter vectors with readable setters; starts from neutral values. */
    public Values values() {
        return new Values();
    }

    @Override
    public List<ParameterSpec> parameters() {
        return specs;
    }

    @Override
    public int size() {
        return thetaRad.length;
    }

    /** The measured θ grid in radians. */
    public double[] thetaRad() {
        return thetaRad.clone();
    }

    /** The reflection. */
    public DiffractionSetup setup() {
        return setup;
    }

    public int lamellae() {
        return lamellae;
    }

    public SplineConvention convention() {
        return convention;
    }

    public DwMode dwMode() {
        return dwMode;
    }

    public int strainWeightCount() {
        return strainCount;
    }

    public int dwWeightCount() {
        return dwCount;
    }

    /** Strain weights (%) of a parameter vector. */
    public double[] strainWeightsPercent(double[] p) {
        return java.util.Arrays.copyOfRange(p, 0, strainCount);
    }

    /** The strain and DW profiles of a parameter vector. */
    public DepthProfiles profiles(double[] p) {
        requireLength(p);
        double[] w = strainWeightsPercent(p);
        double[] strain = DepthProfiles.strainFromWeightsPercent(w, convention, lamellae);
        double[] dw;
        if (dwMode == DwMode.SPLINE) {
            dw = DepthProfiles.splineDw(java.util.Arrays.copyOfRange(p, strainCount, strainCount + dwCount), convention,
                    lamellae);
            for (int j = 0; j < dw.length; j++) {
                dw[j] = Math.min(1.0, Math.max(1e-6, dw[j]));
            }
        } else {
            dw = DepthProfiles.tiedDwScale(strain, Math.max(0, p[strainCount]));
        }
        return new DepthProfiles(p[iThickness] * 10.0, strain, dw);
    }

    /** Intensity {@code scale·conv/max(conv) + background} on the measured grid. */
    public double[] intensity(double[] p) {
        requireLength(p);
        return instrument(WORKSPACE.get().reflectivity(setup, profiles(p), shiftedTheta(p),
                DynamicalDiffraction.Kernel.VECTOR), p);
    }

    /** The measured grid shifted by the offset of {@code p}: the angles (rad) the recursion runs on. */
    private double[] shiftedTheta(double[] p) {
        double offset = Math.toRadians(p[iOffset]);
        double[] th = new double[thetaRad.length];
        for (int i = 0; i < th.length; i++) {
            th[i] = thetaRad[i] - offset;
        }
        return th;
    }

    /** The instrument's stages after the recursion held by {@code w}: resolution, scale and background. */
    private double[] instrument(XrdSimulator.Workspace w, double[] p) {
        return w.convolve(Resolution.radmax(p[iFwhm], p[iEta]), Convolution.Method.DIRECT)
                .scaled(Math.pow(10, p[iScale]), Background.constant(Math.pow(10, p[iBackground])))
                .expected();
    }

    /** log10 of {@link #intensity}: what is compared with the measured log10 curve. */
    @Override
    public double[] evaluate(double[] p) {
        return Misfit.log10(intensity(p));
    }

    /**
     * {@link #evaluate} near {@code p}, the same values to the bit: the recursion of {@code p} is traced
     * ({@link DynamicalDiffraction#trace}), so a point that changes a few spline weights recomputes only the
     * lamellae from the lowest one they touch (and the angle passes up to the highest), and one that changes only
     * the resolution, scale or background none; a point with another offset is evaluated in full.
     */
    @Override
    public UnaryOperator<double[]> near(double[] p) {
        requireLength(p);
        double[] th = shiftedTheta(p);
        DynamicalDiffraction.Trace trace = DynamicalDiffraction.trace(setup, profiles(p), th);
        long offsetBits = Double.doubleToRawLongBits(p[iOffset]);
        return q -> {
            requireLength(q);
            if (Double.doubleToRawLongBits(q[iOffset]) != offsetBits) {
                return evaluate(q);
            }
            return Misfit.log10(instrument(WORKSPACE.get().reflectivity(th,
                    trace.reflectivity(setup, profiles(q))), q));
        };
    }

    private void requireLength(double[] p) {
        if (p.length != specs.size()) {
            throw new IllegalArgumentException("parameter vector has " + p.length + " values, the model "
                    + specs.size() + ": " + parameterNames());
        }
    }

    /** Builder of a {@link CurveModel}. */
    public static final class Builder {
        private final DiffractionSetup setup;
        private final double[] thetaRad;
        private int lamellae = 60;
        private SplineConvention convention = SplineConvention.SMOOTH;
        private int strainCount = 10;
        private DwMode dwMode = DwMode.SPLINE;
        private int dwCount = 10;
        private double strainLo = -1;
        private double strainHi = 10;
        private double thicknessLo = 10;
        private double thicknessHi = 2000;

        private Builder(DiffractionSetup setup, double[] thetaRad) {
            if (setup == null) {
                throw new IllegalArgumentException("setup must be given");
            }
            if (thetaRad == null || thetaRad.length < 3) {
                throw new IllegalArgumentException("thetaRad: need at least 3 angles");
            }
            double step = (thetaRad[thetaRad.length - 1] - thetaRad[0]) / (thetaRad.length - 1);
            for (int i = 1; i < thetaRad.length; i++) {
                double d = thetaRad[i] - thetaRad[i - 1];
                if (!(d > 0) || Math.abs(d - step) > 0.01 * step) {
                    throw new IllegalArgumentException("thetaRad must increase in even steps (the resolution is a "
                            + "discrete convolution); step " + i + " is " + d + " rad, the mean " + step);
                }
            }
            this.setup = setup;
            this.thetaRad = thetaRad.clone();
        }

        /** Number of lamellae N (default 60, as the RaDMaX examples). */
        public Builder lamellae(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("lamellae must be ≥ 1, got " + n);
            }
            lamellae = n;
            return this;
        }

        /** Spline convention (default smooth). */
        public Builder convention(SplineConvention c) {
            convention = c;
            return this;
        }

        /** Number of strain weights (default 10). */
        public Builder strainWeights(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("strainWeights must be ≥ 1, got " + n);
            }
            strainCount = n;
            return this;
        }

        /** DW as an independent B-spline with n weights (RaDMaX; default, with 10 weights). */
        public Builder splineDw(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("splineDw weights must be ≥ 1, got " + n);
            }
            dwMode = DwMode.SPLINE;
            dwCount = n;
            return this;
        }

        /** DW tied to the strain by the paper's rule, one parameter {@code scale_dw}. */
        public Builder tiedDw() {
            dwMode = DwMode.TIED;
            return this;
        }

        /** Default bounds of every strain weight in % (default −1..10). */
        public Builder strainBoundsPercent(double lo, double hi) {
            strainLo = lo;
            strainHi = hi;
            return this;
        }

        /** Default bounds of the thickness in nm (default 10..2000). */
        public Builder thicknessBoundsNm(double lo, double hi) {
            thicknessLo = lo;
            thicknessHi = hi;
            return this;
        }

        public CurveModel build() {
            return new CurveModel(this);
        }
    }

    /** Readable construction of a parameter vector: neutral values (no strain, DW 1, 100 nm, …) unless set. */
    public final class Values {
        private final double[] p = new double[specs.size()];

        private Values() {
            if (dwMode == DwMode.SPLINE) {
                for (int k = 0; k < dwCount; k++) {
                    p[strainCount + k] = 1.0;
                }
            }
            p[iThickness] = 100;
            p[iFwhm] = 0.01;
            p[iEta] = 0;
            p[iScale] = 0;
            p[iBackground] = -5;
            p[iOffset] = 0;
        }

        /** Starts from an existing vector. */
        public Values from(double[] v) {
            requireLength(v);
            System.arraycopy(v, 0, p, 0, p.length);
            return this;
        }

        public Values strainWeightsPercent(double... w) {
            if (w.length != strainCount) {
                throw new IllegalArgumentException("the model has " + strainCount + " strain weights, got " + w.length);
            }
            System.arraycopy(w, 0, p, 0, strainCount);
            return this;
        }

        public Values dwWeights(double... w) {
            if (dwMode != DwMode.SPLINE || w.length != dwCount) {
                throw new IllegalArgumentException("the model has " + (dwMode == DwMode.SPLINE ? dwCount + " DW weights"
                        : "a tied DW (use scaleDw)") + ", got " + w.length + " weights");
            }
            System.arraycopy(w, 0, p, strainCount, dwCount);
            return this;
        }

        public Values scaleDw(double s) {
            if (dwMode != DwMode.TIED) {
                throw new IllegalArgumentException("the model's DW is a spline: set dwWeights instead of scaleDw");
            }
            p[strainCount] = s;
            return this;
        }

        public Values thicknessNm(double t) {
            p[iThickness] = t;
            return this;
        }

        public Values fwhmThetaDeg(double f) {
            p[iFwhm] = f;
            return this;
        }

        public Values eta(double e) {
            p[iEta] = e;
            return this;
        }

        /** Scale relative to the normalised maximum (stored as log10). */
        public Values scale(double s) {
            p[iScale] = Math.log10(s);
            return this;
        }

        /** Background relative to the normalised maximum (stored as log10), &gt; 0. */
        public Values background(double b) {
            p[iBackground] = Math.log10(b);
            return this;
        }

        public Values offsetThetaDeg(double d) {
            p[iOffset] = d;
            return this;
        }

        public double[] build() {
            return p.clone();
        }
    }
}
