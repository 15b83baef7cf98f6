package strainlab.fit;

import java.util.Arrays;
import strainlab.crystal.DiffractionSetup;
import strainlab.io.RadmaxProject;
import strainlab.lsq.FitResult;
import strainlab.lsq.ForwardModel;
import strainlab.lsq.LeastSquaresOptimizer;
import strainlab.lsq.LeastSquaresProblem;
import strainlab.profile.DepthProfiles;

/**
 * A RaDMaX project fitted from its own start by bounded least squares on log10 intensity: B-spline projects
 * (models 0 and 1) through {@link CurveModel} with scale 1 and offset 0 held fixed (RaDMaX has neither), the
 * pseudo-Voigt model 2 through {@link PseudoVoigtCurveModel}. The fitted project carries the solution, so it
 * exports to RaDMaX unchanged.
 *
 * @param start the project as read
 * @param fitted the project with the fitted profiles, thickness, resolution and background
 * @param result the optimiser's result (σ_I, values, uncertainties, stages)
 * @param startSigmaI σ_I of the project's own start
 * @param startCurve model intensity of the start on the measured grid (normalised maximum 1 + background)
 * @param fittedCurve model intensity of the solution
 * @param profiles strain and DW profiles of the solution
 */
public record RadmaxFit(RadmaxProject start, RadmaxProject fitted, FitResult result, double startSigmaI,
                        double[] startCurve, double[] fittedCurve, DepthProfiles profiles) {

    /** Fits {@code project} on the reflection {@code setup} with {@code optimizer}. */
    public static RadmaxFit of(RadmaxProject project, DiffractionSetup setup, LeastSquaresOptimizer optimizer) {
        MeasuredCurve data = MeasuredCurve.of(project.scan());
        ForwardModel model;
        double[] start;
        LeastSquaresProblem.Builder problem;
        if (project.model() == RadmaxProject.PSEUDO_VOIGT) {
            PseudoVoigtCurveModel m = PseudoVoigtCurveModel.forProject(project, setup);
            model = m;
            start = m.parametersOf(project);
            problem = LeastSquaresProblem.builder(m, data.log10Intensity()).start(start);
        } else {
            CurveModel m = CurveModel.forProject(project, setup);
            model = m;
            start = m.parametersOf(project);
            problem = LeastSquaresProblem.builder(m, data.log10Intensity()).start(start)
                    .fix(CurveModel.LOG10_SCALE, CurveModel.OFFSET_THETA_DEG);
        }
        FitResult r = optimizer.optimize(problem.build());
        return new RadmaxFit(project, projectOf(project, model, r.values()), r, data.sigmaI(model.evaluate(start)),
                intensity(model, start), intensity(model, r.values()), model instanceof CurveModel c
                ? c.profiles(r.values()) : ((PseudoVoigtCurveModel) model).profiles(r.values()));
    }

    /** The model intensity of a project's own parameters on its measured grid. */
    public static double[] intensity(RadmaxProject project, DiffractionSetup setup) {
        if (project.model() == RadmaxProject.PSEUDO_VOIGT) {
            PseudoVoigtCurveModel m = PseudoVoigtCurveModel.forProject(project, setup);
            return m.intensity(m.parametersOf(project));
        }
        CurveModel m = CurveModel.forProject(project, setup);
        return m.intensity(m.parametersOf(project));
    }

    private static double[] intensity(ForwardModel model, double[] p) {
        return model instanceof CurveModel c ? c.intensity(p) : ((PseudoVoigtCurveModel) model).intensity(p);
    }

    private static RadmaxProject projectOf(RadmaxProject project, ForwardModel model, double[] v) {
        if (model instanceof PseudoVoigtCurveModel m) {
            return m.projectOf(project, v);
        }
        CurveModel m = (CurveModel) model;
        int ns = m.strainWeightCount();
        return project.withFit(project.model(), m.strainWeightsPercent(v), Arrays.copyOfRange(v, ns,
                        ns + m.dwWeightCount()), v[m.index(CurveModel.THICKNESS_NM)] * 10,
                v[m.index(CurveModel.FWHM_THETA_DEG)], v[m.index(CurveModel.ETA)],
                Math.pow(10, v[m.index(CurveModel.LOG10_BACKGROUND)]));
    }
}
