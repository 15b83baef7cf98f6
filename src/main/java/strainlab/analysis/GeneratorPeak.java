package strainlab.analysis;

import strainlab.crystal.DiffractionSetup;
import strainlab.dataset.recipe.ParameterRanges;
import strainlab.diffraction.DynamicalDiffraction;
import strainlab.instrument.Resolution;
import strainlab.instrument.ThetaGrid;
import strainlab.profile.DepthProfiles;

/**
 * How the paper's training generator renders the substrate Bragg peak, compared with a measurement: what a measured
 * scan must be corrected by before it is rescaled for a network trained on that generator ({@link CnnStart}).
 *
 * <p>The generator computes the recursion on θ points that are multiples of its step (0.005°: the grid start is
 * rounded to 0.01°) and convolves with the resolution sampled on the same points ('same' alignment). The
 * substrate's Darwin curve is much narrower than the step (ZrO2 004: integral width 0.0026° in θ), and for ZrO2
 * 004 one grid point always falls on its plateau (θB + 0.002°). So, relative to the broad signal of the layer, whose
 * sampled sum is its integral, the substrate peak of every training curve carries
 * {@code κ = step·Σ R(θ_j)·r / ∫R·r} times the weight it has in a measurement, where the detector integrates the
 * Darwin curve continuously (κ = 1.80 and 1.65 for the two grid parities at a θ-FWHM of 0.014°). A measured
 * layer signal therefore sits log10 κ ≈ 0.24 decades higher,
 * relative to the peak, than in a training curve of the same sample. The convolved peak sits at θB + δ: the
 * refraction shift of the Darwin curve, plus half a step when the grid count is even (numpy 'same' convolution).
 * Grid counts of either parity occur in training (they depend on the random margins); each has its own δ and κ.
 *
 * @param offsetRad δ: position of the generator's convolved substrate peak relative to θB (vertex of the parabola
 *                  through its highest sample and the two beside it), rad
 * @param weight κ: the generator's substrate-peak height relative to a continuously integrated one, both relative
 *               to a broad feature
 * @param fwhmThetaRad the resolution FWHM (θ) these were computed for, rad
 */
public record GeneratorPeak(double offsetRad, double weight, double fwhmThetaRad) {
    /** Fine steps per generator step of the continuous reference. */
    static final int FINE = 50;
    /** Half-width of the computed windows, in resolution FWHMs. */
    static final double WINDOW_FWHM = 10;

    public GeneratorPeak {
        if (!Double.isFinite(offsetRad)) {
            throw new IllegalArgumentException("offsetRad must be finite, got " + offsetRad);
        }
        if (!(weight > 0) || !Double.isFinite(weight)) {
            throw new IllegalArgumentException("weight must be finite and > 0, got " + weight);
        }
        if (!(fwhmThetaRad > 0) || !Double.isFinite(fwhmThetaRad)) {
            throw new IllegalArgumentException("fwhmThetaRad must be finite and > 0, got " + fwhmThetaRad);
        }
    }

    /**
     * The generator's substrate peak for the reflection, θ step and pseudo-Voigt η of {@code ranges}, a resolution
     * of θ-FWHM {@code fwhmThetaRad}, and generator grids of an even or an odd number of points.
     */
    public static GeneratorPeak of(ParameterRanges ranges, double fwhmThetaRad, boolean evenCount) {
        if (!(fwhmThetaRad > 0) || !Double.isFinite(fwhmThetaRad)) {
            throw new IllegalArgumentException("fwhmThetaRad must be finite and > 0, got " + fwhmThetaRad);
        }
        DiffractionSetup setup = ranges.setup();
        double thB = setup.braggAngleRad();
        double step = Math.toRadians(ranges.thetaStepDeg());
        double half = Math.max(WINDOW_FWHM * fwhmThetaRad, 20 * step);
        Resolution resolution = Resolution.paper(2 * Math.toDegrees(fwhmThetaRad), ranges.pseudoVoigtEta());

        double fineStep = step / FINE;
        int nf = 2 * (int) Math.ceil(half / fineStep) + 1;
        double[] fine = ThetaGrid.uniform(thB - (nf / 2) * fineStep, fineStep, nf);
        double continuous = max(resolution.convolve(fine, reflectivity(setup, fine))) * fineStep;

        double startDeg = ThetaGrid.round2(Math.toDegrees(thB - half));
        int m = (int) Math.ceil(2 * half / step);
        int count = (m % 2 == 0) == evenCount ? m : m + 1;
        double[] grid = ThetaGrid.fromDegrees(startDeg, ranges.thetaStepDeg(), count);
        double[] conv = resolution.convolve(grid, reflectivity(setup, grid));
        int at = argmax(conv);
        return new GeneratorPeak(vertex(grid, conv, at) - thB, conv[at] * step / continuous, fwhmThetaRad);
    }

    /**
     * The measured intensities put into the generator's convention: the substrate peak, modelled as the generator's
     * pseudo-Voigt resolution of the measured FWHM at {@code peakThetaRad} with amplitude {@code peakHeight}, is
     * given the weight κ: {@code I + (κ − 1)·peakHeight·pV(θ − θ_peak)}.
     *
     * @param eta Lorentzian fraction of the pseudo-Voigt (the generator's)
     */
    public double[] apply(double[] thetaRad, double[] intensity, double peakThetaRad, double peakHeight, double eta) {
        if (thetaRad.length != intensity.length) {
            throw new IllegalArgumentException("thetaRad and intensity differ in length: " + thetaRad.length + " and "
                    + intensity.length);
        }
        double[] out = intensity.clone();
        double hw = fwhmThetaRad / 2;
        for (int i = 0; i < out.length; i++) {
            double u = (thetaRad[i] - peakThetaRad) / hw;
            double u2 = u * u;
            out[i] += (weight - 1) * peakHeight * (eta / (1 + u2) + (1 - eta) * Math.exp(-Math.log(2) * u2));
        }
        return out;
    }

    private static double[] reflectivity(DiffractionSetup setup, double[] theta) {
        return DynamicalDiffraction.reflectivity(setup, DepthProfiles.perfectCrystal(), theta);
    }

    static int argmax(double[] v) {
        int b = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[b]) {
                b = i;
            }
        }
        return b;
    }

    /** Abscissa of the vertex of the parabola through the samples at {@code at − 1, at, at + 1} (evenly spaced). */
    static double vertex(double[] x, double[] y, int at) {
        if (at == 0 || at == y.length - 1) {
            return x[at];
        }
        double den = y[at - 1] - 2 * y[at] + y[at + 1];
        double shift = den == 0 ? 0 : 0.5 * (y[at - 1] - y[at + 1]) / den;
        return x[at] + Math.max(-0.5, Math.min(0.5, shift)) * (x[at + 1] - x[at]);
    }

    private static double max(double[] v) {
        return v[argmax(v)];
    }
}
