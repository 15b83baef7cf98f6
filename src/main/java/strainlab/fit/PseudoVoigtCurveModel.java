package strainlab.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import strainlab.crystal.DiffractionSetup;
import strainlab.diffraction.DynamicalDiffraction;
import strainlab.instrument.Background;
import strainlab.instrument.Convolution;
import strainlab.instrument.Resolution;
import strainlab.instrument.XrdSimulator;
import strainlab.io.RadmaxProject;
import strainlab.lsq.ForwardModel;
import strainlab.lsq.ParameterSpec;
import strainlab.profile.AsymmetricPseudoVoigtProfile;
import strainlab.profile.BSplines;
import strainlab.profile.DepthProfiles;

/**
 * RaDMaX model 2 as a forward model: asymmetric pseudo-Voigt strain and DW profiles run through the instrument's
 * forward model ({@link XrdSimulator.Workspace}, direct convolution) with the RaDMaX conventions of
 * {@link CurveModel}: {@code I(θ) = conv(θ)/max(conv) + background}, no scale and no offset (RaDMaX has neither).
 *
 * <p>Parameters, in this order: the strain pseudo-Voigt {@link #STRAIN} (RaDMaX order: height in %, position, left
 * and right FWHM as fractions of the thickness from the interface, left and right η, plateau in %), the DW
 * pseudo-Voigt {@link #DW} (DW at the peak, position, FWHMs, ηs, DW plateau; see
 * {@link RadmaxProject#dwPseudoVoigt}), then {@code thickness_nm}, {@code fwhm_theta_deg}, {@code eta} and
 * {@code log10_background}. Immutable and thread-safe.
 */
public final class PseudoVoigtCurveModel implements ForwardModel {
    /** Names of the 7 strain parameters, in RaDMaX's order. */
    public static final List<String> STRAIN = List.of("strain_height_percent", "strain_position", "strain_fwhm_left",
            "strain_fwhm_right", "strain_eta_left", "strain_eta_right", "strain_plateau_percent");
    /** Names of the 7 DW parameters, in RaDMaX's order. */
    public static final List<String> DW = List.of("dw_peak", "dw_position", "dw_fwhm_left", "dw_fwhm_right",
            "dw_eta_left", "dw_eta_right", "dw_plateau");

    private static final ThreadLocal<XrdSimulator.Workspace> WORKSPACE =
            ThreadLocal.withInitial(XrdSimulator.Workspace::new);
    private static final int I_THICKNESS = 14;

    private final DiffractionSetup setup;
    private final double[] thetaRad;
    private final int lamellae;
    private final List<ParameterSpec> specs;

    /**
     * @param setup the reflection
     * @param thetaRad measured θ grid in radians, evenly spaced and increasing
     * @param lamellae number of lamellae N
     */
    public PseudoVoigtCurveModel(DiffractionSetup setup, double[] thetaRad, int lamellae) {
        if (setup == null || thetaRad == null || thetaRad.length < 3 || lamellae < 1) {
            throw new IllegalArgumentException("need a setup, at least 3 angles and at least 1 lamella");
        }
        this.setup = setup;
        this.thetaRad = thetaRad.clone();
        this.lamellae = lamellae;
        double eMin = AsymmetricPseudoVoigtProfile.ETA_MIN;
        double eMax = AsymmetricPseudoVoigtProfile.ETA_MAX;
        double[][] shape = {{0, 1, 0.5}, {0.005, 2, 0.1}, {0.005, 2, 0.1}, {eMin, eMax, 0.5}, {eMin, eMax, 0.5}};
        List<ParameterSpec> s = new ArrayList<>();
        s.add(new ParameterSpec(STRAIN.get(0), -5, 10, 1));
        for (int i = 0; i < 5; i++) {
            s.add(new ParameterSpec(STRAIN.get(i + 1), shape[i][0], shape[i][1], shape[i][2]));
        }
        s.add(new ParameterSpec(STRAIN.get(6), -5, 10, 0.1));
        s.add(new ParameterSpec(DW.get(0), 0.01, 1, 0.5));
        for (int i = 0; i < 5; i++) {
            s.add(new ParameterSpec(DW.get(i + 1), shape[i][0], shape[i][1], shape[i][2]));
        }
        s.add(new ParameterSpec(DW.get(6), 0.01, 1, 0.5));
        s.add(new ParameterSpec(CurveModel.THICKNESS_NM, 10, 5000, 100));
        s.add(new ParameterSpec(CurveModel.FWHM_THETA_DEG, 0.0005, 0.2, 0.01));
        s.add(new ParameterSpec(CurveModel.ETA, 0.0, 1.0, 0.1));
        s.add(new ParameterSpec(CurveModel.LOG10_BACKGROUND, -10, -0.5, 1));
        this.specs = Collections.unmodifiableList(s);
    }

    /** The model of a RaDMaX model-2 project: its θ grid and lamellae. */
    public static PseudoVoigtCurveModel forProject(RadmaxProject p, DiffractionSetup setup) {
        if (p.model() != RadmaxProject.PSEUDO_VOIGT) {
            throw new IllegalArgumentException(p.iniFile() + ": model " + p.model() + " is a B-spline model, not the "
                    + "pseudo-Voigt model 2");
        }
        return new PseudoVoigtCurveModel(setup, p.scan().thetaRad(), p.numberSlices());
    }

    /** The parameter vector of a model-2 project (a background of 0 becomes 1e-10). */
    public double[] parametersOf(RadmaxProject p) {
        double[] v = new double[specs.size()];
        System.arraycopy(p.strainWeightsPercent(), 0, v, 0, 7);
        System.arraycopy(p.dwWeights(), 0, v, 7, 7);
        v[I_THICKNESS] = p.thicknessNm();
        v[I_THICKNESS + 1] = p.resolutionFwhmThetaDeg();
        v[I_THICKNESS + 2] = p.resolutionEta();
        v[I_THICKNESS + 3] = Math.log10(Math.max(p.backgroundRelative(), 1e-10));
        return v;
    }

    /** {@code p} with the profiles, thickness, resolution and background of the parameter vector {@code v}. */
    public RadmaxProject projectOf(RadmaxProject p, double[] v) {
        requireLength(v);
        return p.withFit(RadmaxProject.PSEUDO_VOIGT, Arrays.copyOfRange(v, 0, 7), Arrays.copyOfRange(v, 7, 14),
                v[I_THICKNESS] * 10, v[I_THICKNESS + 1], v[I_THICKNESS + 2], Math.pow(10, v[I_THICKNESS + 3]));
    }

    @Override
    public List<ParameterSpec> parameters() {
        return specs;
    }

    @Override
    public int size() {
        return thetaRad.length;
    }

    /** The strain and DW profiles of a parameter vector on the N+1 nodes (DW kept in [1e-6, 1]). */
    public DepthProfiles profiles(double[] p) {
        requireLength(p);
        double[] strain = AsymmetricPseudoVoigtProfile.fromRadmax(Arrays.copyOfRange(p, 0, 7)).strainOnNodes(lamellae);
        AsymmetricPseudoVoigtProfile damage = RadmaxProject.dwPseudoVoigt(Arrays.copyOfRange(p, 7, 14));
        double[] x = BSplines.nodeFractions(lamellae);
        double[] dw = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            dw[j] = Math.min(1.0, Math.max(1e-6, 1 - damage.percentAt(x[j])));
        }
        return new DepthProfiles(p[I_THICKNESS] * 10.0, strain, dw);
    }

    /** Intensity {@code conv/max(conv) + background} on the measured grid. */
    public double[] intensity(double[] p) {
        return WORKSPACE.get().reflectivity(setup, profiles(p), thetaRad, DynamicalDiffraction.Kernel.VECTOR)
                .convolve(Resolution.radmax(p[I_THICKNESS + 1], p[I_THICKNESS + 2]), Convolution.Method.DIRECT)
                .scaled(1.0, Background.constant(Math.pow(10, p[I_THICKNESS + 3])))
                .expected();
    }

    /** log10 of {@link #intensity}: what is compared with the measured log10 curve. */
    @Override
    public double[] evaluate(double[] p) {
        return Misfit.log10(intensity(p));
    }

    private void requireLength(double[] p) {
        if (p.length != specs.size()) {
            throw new IllegalArgumentException("parameter vector has " + p.length + " values, the model "
                    + specs.size() + ": " + parameterNames());
        }
    }
}
