package strainlab.fit;

import strainlab.cnn.TrainedModel;
import strainlab.crystal.DiffractionSetup;
import strainlab.dataset.recipe.CurveLabels;
import strainlab.instrument.NetworkGrid;

/**
 * The paper's "experimental" mode: a measured curve mapped onto a trained network's input grid and the
 * prediction turned into a starting point of {@link CurveModel}.
 *
 * <p>Mapping: the reference angle of the rescaled abscissa is the angle of maximum intensity (the substrate
 * Bragg peak of an irradiated crystal), not the computed θB, so a small misalignment of the sample does not
 * shift the curve on the grid; the intensities are interpolated linearly onto the grid, grid points outside the
 * measured range take the smallest measured intensity, and the curve is divided by its maximum and put in log10
 * ({@link NetworkGrid#rescaleLog10}).
 *
 * <p>Labels → parameters: the 10 smooth strain weights (%), {@code scale_dw} (tied DW), thickness (nm), FWHM
 * (2θ degrees in the labels; halved onto the θ axis of the model), pseudo-Voigt η = 0.001 (the paper's), scale 1,
 * background {@code 10^−DR} of the maximum, offset = peak angle − θB.
 */
public final class CnnStart {
    private CnnStart() {
    }

    /**
     * A prediction.
     *
     * @param input the network input (log10 on the network grid)
     * @param labels the predicted labels in physical units (network order)
     * @param parameters the corresponding parameter vector of the model
     * @param seconds wall time of mapping + prediction
     */
    public record Prediction(double[] input, float[] labels, double[] parameters, double seconds) {
    }

    /** The network input for a measured curve (log10(I/max) on the model's grid, experimental alignment). */
    public static double[] networkInput(MeasuredCurve data, DiffractionSetup setup, int gridPoints) {
        NetworkGrid grid = NetworkGrid.ofPoints(gridPoints);
        double[] th = data.thetaRad();
        double[] y = data.log10Intensity();
        double[] intensity = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            intensity[i] = Math.pow(10, y[i]);
        }
        return grid.rescaleLog10(th, intensity, th[data.peakIndex()], setup.dSpacingA());
    }

    /**
     * Predicts the labels of a measured curve and converts them into a parameter vector of {@code model}, which
     * must have 10 strain weights and a tied DW (the labels of the paper's networks).
     */
    public static Prediction predict(TrainedModel network, MeasuredCurve data, CurveModel model) {
        if (model.strainWeightCount() != 10 || model.dwMode() != CurveModel.DwMode.TIED) {
            throw new IllegalArgumentException("a network prediction needs a model with 10 strain weights and a tied DW,"
                    + " got " + model.strainWeightCount() + " weights and a " + model.dwMode() + " DW");
        }
        long t0 = System.nanoTime();
        double[] in = networkInput(data, model.setup(), network.inputLength());
        float[] x = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            x[i] = (float) in[i];
        }
        float[] labels = network.predict(x);
        CurveLabels l = CurveLabels.ofPrediction(labels);
        double[] th = data.thetaRad();
        double offset = Math.toDegrees(th[data.peakIndex()] - model.setup().braggAngleRad());
        double[] p = model.values().strainWeightsPercent(l.weightsPercent()).scaleDw(l.scaleDw())
                .thicknessNm(l.thicknessNm()).fwhmThetaDeg(l.fwhmDeg() / 2).eta(0.001).scale(1)
                .background(Math.pow(10, -l.dynamicRange())).offsetThetaDeg(offset).build();
        return new Prediction(in, labels, p, (System.nanoTime() - t0) / 1e9);
    }
}
