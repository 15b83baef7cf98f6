package strainlab.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import strainlab.cnn.Ensemble;
import strainlab.cnn.TrainedModel;
import strainlab.dataset.recipe.CurveLabels;
import strainlab.dataset.recipe.LabelLayout;
import strainlab.dataset.recipe.ParameterRanges;
import strainlab.fit.CurveModel;
import strainlab.fit.MeasuredCurve;
import strainlab.instrument.NetworkGrid;

/**
 * The paper's "experimental" mode: a measured curve mapped onto a trained network's input grid and the
 * prediction turned into a starting point of {@link CurveModel}.
 *
 * <p>Mapping: the network was trained on curves of the paper generator ({@code PaperRecipe} of the model's
 * preset), so the measured scan is put into that generator's convention before the paper's rescaling
 * ({@link NetworkGrid#rescaleLog10}: linear interpolation onto the grid, points outside the measured range take the
 * smallest intensity, division by the maximum, log10):
 * <ul>
 *   <li>the substrate peak is located on the measured curve (vertex of the parabola through the highest sample and
 *       its neighbours; its FWHM from the half-maximum crossings), so a misaligned sample is not shifted on the
 *       grid;</li>
 *   <li>the abscissa is referenced to θ_peak − δ, where the generator's convolved substrate peak sits at θB + δ
 *       ({@link GeneratorPeak}: refraction shift, plus half a step for grids of an even count), so the measured
 *       peak lands where it lands in training (referencing it to θ_peak itself puts it 0.4–0.9 grid steps off);
 *       the d-spacing is the preset's, as in training;</li>
 *   <li>the substrate peak is given the weight κ it has in training curves ({@link GeneratorPeak}: 1.65–1.8
 *       for ZrO2 004; the generator samples the Darwin curve with one point of its 0.005° grid where a detector
 *       integrates it); without this the measured layer signal sits ≈ 0.24 decades too high relative to the peak
 *       and the network reads it as a thicker, less damaged layer.</li>
 * </ul>
 * Training curves come in both grid parities (the count depends on the random θ margins), with different δ and
 * κ; the curve is mapped in both renderings and the two predictions are averaged.
 *
 * <p>Labels → parameters: the 10 smooth strain weights (%), {@code scale_dw} (tied DW), thickness (nm), FWHM
 * (2θ degrees in the labels; halved onto the θ axis of the model), pseudo-Voigt η = 0.001 (the paper's), scale 1,
 * background {@code κ·10^−DR} of the maximum (DR is relative to the generator's κ-weighted peak), and the offset
 * that puts the maximum of the model's curve on the measured peak.
 */
public final class CnnStart {
    private CnnStart() {
    }

    /**
     * A prediction.
     *
     * @param labels the predicted labels in physical units (network order), mean of the two renderings (and of the
     *               members of an ensemble)
     * @param parameters the corresponding parameter vector of the model
     * @param seconds wall time of mapping + prediction
     * @param mappings the measured curve mapped onto the network's grid, for generator grids of an odd and of an
     *                 even count
     * @param memberLabels each member's labels (mean of the two renderings), physical units; one entry for a single
     *                     network, none for a start given without a network
     * @param memberParameters for each member, in the same order, a parameter vector of the model whose depth
     *                         profiles are the member's ({@link #profileParameters}; {@code parameters} itself for a
     *                         single network)
     */
    public record Prediction(float[] labels, double[] parameters, double seconds, List<Mapping> mappings,
                             List<float[]> memberLabels, List<double[]> memberParameters) {
        public Prediction {
            labels = labels.clone();
            parameters = parameters.clone();
            mappings = List.copyOf(mappings);
            if (memberLabels.size() != memberParameters.size()) {
                throw new IllegalArgumentException(memberLabels.size() + " members' labels but "
                        + memberParameters.size() + " parameter vectors");
            }
            memberLabels = memberLabels.stream().map(float[]::clone).toList();
            memberParameters = memberParameters.stream().map(double[]::clone).toList();
        }

        /** A start without members (e.g. a parameter vector given by the caller). */
        public Prediction(float[] labels, double[] parameters, double seconds, List<Mapping> mappings) {
            this(labels, parameters, seconds, mappings, List.of(), List.of());
        }

        @Override
        public List<float[]> memberLabels() {
            return memberLabels.stream().map(float[]::clone).toList();
        }

        @Override
        public List<double[]> memberParameters() {
            return memberParameters.stream().map(double[]::clone).toList();
        }

        /** The geometric mean of the mappings' κ. */
        public double peakWeight() {
            return CnnStart.peakWeight(mappings);
        }
    }

    /**
     * The substrate (highest) peak of a measured curve.
     *
     * @param thetaRad position: vertex of the parabola through the highest sample and its neighbours, rad
     * @param fwhmThetaRad full width at half height above the background (half-maximum crossings), rad
     * @param height height above the background, in units of the maximum
     * @param background the smallest intensity, in units of the maximum
     */
    public record Peak(double thetaRad, double fwhmThetaRad, double height, double background) {
    }

    /**
     * A measured curve mapped onto a network's grid.
     *
     * @param input log10(I/max) on the grid, in the generator's convention
     * @param peak the measured substrate peak
     * @param generator the generator's substrate peak the curve was put into the convention of
     * @param evenCount whether that is the rendering of generator grids of an even count
     */
    public record Mapping(double[] input, Peak peak, GeneratorPeak generator, boolean evenCount) {
        public Mapping {
            input = input.clone();
        }

        @Override
        public double[] input() {
            return input.clone();
        }
    }

    /** The geometric mean of the mappings' κ. */
    static double peakWeight(List<Mapping> mappings) {
        double s = 0;
        for (Mapping m : mappings) {
            s += Math.log(m.generator().weight());
        }
        return Math.exp(s / mappings.size());
    }

    /** Locates the substrate (highest) peak of a measured curve; an error when it is cut by the scan's ends. */
    public static Peak peak(MeasuredCurve data) {
        double[] th = data.thetaRad();
        double[] y = data.log10Intensity();
        double[] v = new double[y.length];
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < y.length; i++) {
            v[i] = Math.pow(10, y[i]);
            min = Math.min(min, v[i]);
        }
        int at = data.peakIndex();
        double half = min + (v[at] - min) / 2;
        int l = at;
        while (l > 0 && v[l] > half) {
            l--;
        }
        int r = at;
        while (r < v.length - 1 && v[r] > half) {
            r++;
        }
        if (v[l] > half || v[r] > half) {
            throw new IllegalArgumentException(data.source() + ": the highest peak (2θ "
                    + String.format(Locale.ROOT, "%.4f", Math.toDegrees(2 * th[at]))
                    + "°) does not fall to half its height inside the scan: cannot measure its width");
        }
        double left = th[l] + (half - v[l]) / (v[l + 1] - v[l]) * (th[l + 1] - th[l]);
        double right = th[r - 1] + (half - v[r - 1]) / (v[r] - v[r - 1]) * (th[r] - th[r - 1]);
        return new Peak(GeneratorPeak.vertex(th, v, at), right - left, v[at] - min, min);
    }

    /** The recipe ranges of a network's training data: its preset's, CNN1's when it names none. */
    public static ParameterRanges trainingRanges(String preset) {
        try {
            return ParameterRanges.preset(preset);
        } catch (IllegalArgumentException e) {
            return ParameterRanges.cnn1();
        }
    }

    /**
     * A measured curve mapped onto the grid of {@code gridPoints} points of a network trained on the paper
     * generator with {@code ranges}, in that generator's rendering for grids of an even or an odd count (see the
     * class comment).
     */
    public static Mapping map(MeasuredCurve data, ParameterRanges ranges, int gridPoints, boolean evenCount) {
        Peak peak = peak(data);
        GeneratorPeak g = GeneratorPeak.of(ranges, peak.fwhmThetaRad(), evenCount);
        double[] th = data.thetaRad();
        double[] y = data.log10Intensity();
        double[] intensity = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            intensity[i] = Math.pow(10, y[i]);
        }
        double[] mapped = g.apply(th, intensity, peak.thetaRad(), peak.height(), ranges.pseudoVoigtEta());
        double[] input = NetworkGrid.ofPoints(gridPoints).rescaleLog10(th, mapped, peak.thetaRad() - g.offsetRad(),
                ranges.setup().dSpacingA());
        return new Mapping(input, peak, g, evenCount);
    }

    /**
     * Predicts the labels of a measured curve (mean over the two renderings of {@link #map}) and converts them into
     * a parameter vector of {@code model}, which must have 10 strain weights and a tied DW (the labels of the
     * paper's networks).
     */
    public static Prediction predict(TrainedModel network, MeasuredCurve data, CurveModel model) {
        return predict(List.of(network), data, model);
    }

    /**
     * As {@link #predict(TrainedModel, MeasuredCurve, CurveModel)} for the members of an ensemble, which share
     * their preset and input grid: each member's labels are the mean over the two renderings, the prediction's
     * labels the members' mean; each member's labels also give the parameter vector of its own profiles.
     */
    public static Prediction predict(List<TrainedModel> members, MeasuredCurve data, CurveModel model) {
        if (model.strainWeightCount() != 10 || model.dwMode() != CurveModel.DwMode.TIED) {
            throw new IllegalArgumentException("a network prediction needs a model with 10 strain weights and a tied DW,"
                    + " got " + model.strainWeightCount() + " weights and a " + model.dwMode() + " DW");
        }
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a prediction needs at least one network");
        }
        long t0 = System.nanoTime();
        TrainedModel first = members.get(0);
        ParameterRanges ranges = trainingRanges(first.preset());
        List<Mapping> mappings = List.of(map(data, ranges, first.inputLength(), false),
                map(data, ranges, first.inputLength(), true));
        float[][] in = new float[mappings.size()][];
        for (int k = 0; k < in.length; k++) {
            double[] v = mappings.get(k).input();
            in[k] = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                in[k][i] = (float) v[i];
            }
        }
        double peakWeight = peakWeight(mappings);
        double peakTheta = mappings.get(0).peak().thetaRad();
        List<float[]> memberLabels = new ArrayList<>();
        List<double[]> memberParameters = new ArrayList<>();
        for (TrainedModel network : members) {
            float[][] each = network.predict(in);
            float[] labels = new float[each[0].length];
            for (float[] e : each) {
                for (int i = 0; i < labels.length; i++) {
                    labels[i] += e[i] / each.length;
                }
            }
            memberLabels.add(labels);
        }
        float[] labels = members.size() == 1 ? memberLabels.get(0)
                : Ensemble.combine(memberLabels.stream().map(l -> new float[][]{l}).toList()).mean()[0];
        double[] p = parameters(model, CurveLabels.ofPrediction(labels), peakWeight, peakTheta);
        for (int k = 0; k < memberLabels.size(); k++) {
            memberParameters.add(members.size() == 1 ? p
                    : profileParameters(model, p, memberLabels.get(k), members.get(k).dir().toString()));
        }
        return new Prediction(labels, p, (System.nanoTime() - t0) / 1e9, mappings, memberLabels, memberParameters);
    }

    /**
     * {@code parameters} with the profile part of one member's labels: its strain weights, {@code scale_dw} and
     * thickness (negative ones raised to 0, as {@link CurveLabels#ofPrediction} does for the weights; a thickness of
     * 0 is no layer); what its depth
     * profiles need, while the curve's resolution and background stay the mean's (a member's own may lie outside
     * their domain, e.g. a negative FWHM).
     *
     * @throws IllegalArgumentException when the member predicts a thickness that is not finite
     */
    static double[] profileParameters(CurveModel model, double[] parameters, float[] labels, String member) {
        double[] w = new double[LabelLayout.WEIGHTS];
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.max(0, labels[LabelLayout.W1 + i]);
        }
        double t = labels[LabelLayout.THICKNESS_NM];
        if (!Double.isFinite(t)) {
            throw new IllegalArgumentException(member + " predicts a thickness of " + t + " nm");
        }
        return model.values().from(parameters).strainWeightsPercent(w)
                .scaleDw(Math.max(0, labels[LabelLayout.SCALE_DW])).thicknessNm(Math.max(0, t)).build();
    }

    /**
     * The parameter vector of {@code model} for a label vector: strain weights (%), {@code scale_dw}, thickness,
     * FWHM halved onto θ, η = 0.001, scale 1, background {@code peakWeight·10^−DR} and the offset that puts the
     * vertex of the model's maximum at {@code peakThetaRad}.
     *
     * @param peakWeight κ of the substrate peak in the data's rendering relative to the generator's (1 for a curve
     *                   rendered as the generator renders it)
     * @param peakThetaRad where the data's substrate peak is, rad
     */
    static double[] parameters(CurveModel model, CurveLabels l, double peakWeight, double peakThetaRad) {
        CurveModel.Values v = model.values().strainWeightsPercent(l.weightsPercent()).scaleDw(l.scaleDw())
                .thicknessNm(l.thicknessNm()).fwhmThetaDeg(l.fwhmDeg() / 2).eta(0.001).scale(1)
                .background(peakWeight * Math.pow(10, -l.dynamicRange())).offsetThetaDeg(0);
        double[] th = model.thetaRad();
        double[] unshifted = model.intensity(v.build());
        double modelPeak = GeneratorPeak.vertex(th, unshifted, GeneratorPeak.argmax(unshifted));
        return v.offsetThetaDeg(Math.toDegrees(peakThetaRad - modelPeak)).build();
    }
}
