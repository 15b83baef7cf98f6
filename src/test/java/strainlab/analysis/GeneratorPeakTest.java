package strainlab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import strainlab.dataset.recipe.ParameterRanges;

class GeneratorPeakTest {
    static final double FWHM = Math.toRadians(0.0139);

    @Test
    void paperGridOverweightsAndShiftsTheSubstratePeak() {
        ParameterRanges cnn2 = ParameterRanges.cnn2();
        GeneratorPeak odd = GeneratorPeak.of(cnn2, FWHM, false);
        GeneratorPeak even = GeneratorPeak.of(cnn2, FWHM, true);
        // odd counts: the peak is the grid point θB + 0.00205° that falls on the refraction-shifted Darwin plateau
        assertEquals(0.00205, Math.toDegrees(odd.offsetRad()), 2e-4, odd.toString());
        // even counts: numpy 'same' shifts the convolved curve by half a step (0.0025°)
        assertEquals(0.0025, Math.toDegrees(even.offsetRad() - odd.offsetRad()), 2e-4, even.toString());
        assertTrue(odd.weight() > 1.7 && odd.weight() < 1.9, odd.toString());
        assertTrue(even.weight() > 1.55 && even.weight() < 1.75, even.toString());
        assertEquals(FWHM, odd.fwhmThetaRad());
    }

    @Test
    void aFineGridLeavesThePeakWeightNearOne() {
        ParameterRanges p = ParameterRanges.cnn2();
        ParameterRanges fine = new ParameterRanges("fine", p.setup(), p.thicknessNm(), p.thicknessStepNm(),
                p.strainMaxPercent(), p.dwMin(), p.fwhmDeg(), p.pseudoVoigtEta(), p.log10Background(), p.log10Scale(),
                p.dynamicRange(), p.thetaMargin(), 0.001, p.lamellae(), p.gridPoints());
        for (boolean even : new boolean[] {false, true}) {
            GeneratorPeak g = GeneratorPeak.of(fine, FWHM, even);
            assertEquals(1.0, g.weight(), 0.15, g.toString());
        }
    }

    @Test
    void applyAddsTheMissingWeightAtThePeakOnly() {
        GeneratorPeak g = new GeneratorPeak(0, 1.8, Math.toRadians(0.01));
        double[] theta = {0.6, 0.6 + Math.toRadians(0.005), 0.6 + Math.toRadians(0.2)};
        double[] out = g.apply(theta, new double[] {1, 0.5, 1e-4}, 0.6, 0.9, 0.001);
        assertEquals(1 + 0.8 * 0.9, out[0], 1e-12);
        // half a FWHM from the peak: the pseudo-Voigt is 1/2
        assertEquals(0.5 + 0.8 * 0.9 * 0.5, out[1], 1e-9);
        // 40 half-widths away only the Lorentzian tail (η = 0.001) is left
        assertEquals(1e-4, out[2], 1e-6);
    }

    @Test
    void badArgumentsNameTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GeneratorPeak.of(ParameterRanges.cnn2(), 0, false));
        assertTrue(e.getMessage().contains("fwhmThetaRad"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new GeneratorPeak(0, -1, 1e-4));
        assertTrue(e.getMessage().contains("weight"), e.getMessage());
    }
}
