package strainlab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import strainlab.dataset.recipe.CurveLabels;
import strainlab.dataset.recipe.PaperRecipe;
import strainlab.dataset.recipe.ParameterRanges;
import strainlab.fit.CurveModel;
import strainlab.fit.MeasuredCurve;
import strainlab.instrument.NetworkGrid;
import strainlab.instrument.ThetaGrid;
import strainlab.profile.SplineConvention;

/**
 * The measured-scan mapping against the training generator: a noise-free "measurement" that samples the physics
 * finely (as a detector integrates it), mapped by {@link CnnStart#map}, must look like the generator's own training
 * curve of the same sample.
 */
class CnnStartTest {
    static final ParameterRanges RANGES = ParameterRanges.cnn2();
    static final double[] WEIGHTS = {0.01, 0.06, 0.12, 0.48, 0.54, 0.61, 0.54, 0.57, 0.47, 0.1};
    static final double FWHM_THETA_DEG = 0.0128;

    /** The sample measured on a θ grid of 0.0005° (odd count, no 'same' shift), background 10⁻⁶ of the peak. */
    static MeasuredCurve measurement(double offsetDeg) {
        double thB = RANGES.setup().braggAngleRad();
        double t = Math.tan(thB);
        double start = thB - 0.009 * t;
        double step = Math.toRadians(0.0005);
        int n = 2 * (int) ((0.003 * t + 0.009 * t) / step / 2) + 1;
        double[] theta = ThetaGrid.uniform(start, step, n);
        CurveModel m = CurveModel.builder(RANGES.setup(), theta).lamellae(RANGES.lamellae())
                .convention(SplineConvention.SMOOTH).strainWeights(10).tiedDw().build();
        double[] p = m.values().strainWeightsPercent(WEIGHTS).scaleDw(0.33).thicknessNm(210)
                .fwhmThetaDeg(FWHM_THETA_DEG).eta(0.001).scale(1).background(1e-6).offsetThetaDeg(offsetDeg).build();
        return new MeasuredCurve(theta, m.evaluate(p), "fine-grid simulation");
    }

    /** rms of a − b over the grid points where the generator's curve is above 10^−3.5 (background excluded). */
    static double rms(double[] a, double[] generator) {
        double s = 0;
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            if (generator[i] > -3.5) {
                s += (a[i] - generator[i]) * (a[i] - generator[i]);
                n++;
            }
        }
        assertTrue(n > 40, "compared points: " + n);
        return Math.sqrt(s / n);
    }

    @Test
    void aMappedMeasurementLooksLikeTheGeneratorsCurveOfTheSameSample() {
        CurveLabels labels = new CurveLabels(WEIGHTS, 0.33, 210, 2 * FWHM_THETA_DEG, 5.5);
        PaperRecipe recipe = new PaperRecipe(RANGES);
        double thB = RANGES.setup().braggAngleRad();
        // a misaligned sample: the whole scan shifted by 0.01° in θ
        MeasuredCurve data = measurement(0.01);
        CnnStart.Peak peak = CnnStart.peak(data);
        double[] plain = NetworkGrid.CNN_1001.rescaleLog10(data.thetaRad(), pow10(data.log10Intensity()),
                peak.thetaRad(), RANGES.setup().dSpacingA());
        for (double eps : new double[] {0.0030, 0.0035}) {
            boolean even = ThetaGrid.paper(thB, labels.strainMaxPercent(), eps, eps).length % 2 == 0;
            double[] generator = recipe.curveFromLabels(labels,
                    new PaperRecipe.Rendering(labels.strainMaxPercent(), eps, eps, false));
            double mapped = rms(CnnStart.map(data, RANGES, 1001, even).input(), generator);
            double before = rms(plain, generator);
            // measured 0.043 (even) and 0.052 (odd); the peak-aligned rescaling alone: 0.33 and 0.24
            assertTrue(mapped < 0.07, (even ? "even" : "odd") + " grid: mapped rms " + mapped);
            assertTrue(before > 4 * mapped, "peak-aligned rescaling without the generator's peak: rms " + before
                    + " vs mapped " + mapped);
        }
    }

    @Test
    void peakIsFoundBetweenSamples() {
        MeasuredCurve data = measurement(0.0003);
        CnnStart.Peak p = CnnStart.peak(data);
        GeneratorPeak odd = GeneratorPeak.of(RANGES, p.fwhmThetaRad(), false);
        // the fine measurement's peak: θB + refraction shift + offset, to a fraction of its 0.0005° step
        assertEquals(Math.toDegrees(odd.offsetRad()) + 0.0003, Math.toDegrees(p.thetaRad()
                - RANGES.setup().braggAngleRad()), 6e-4);
        assertEquals(FWHM_THETA_DEG, Math.toDegrees(p.fwhmThetaRad()), 0.002);
        assertEquals(1.0, p.height(), 1e-4);
    }

    static double[] pow10(double[] y) {
        double[] v = new double[y.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.pow(10, y[i]);
        }
        return v;
    }
}
