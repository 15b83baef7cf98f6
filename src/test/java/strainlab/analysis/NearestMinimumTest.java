package strainlab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The choice among refined fits: lowest σ_I, the prediction deciding between fits of nearly equal σ_I. */
class NearestMinimumTest {
    @Test
    void theLowestMisfitWinsUnlessAnotherIsWithinTheToleranceAndNearerThePrediction() {
        double[] sigma = {0.0500, 0.0495, 0.0400};
        double[] score = {1, 5, 40};
        assertEquals(2, NearestMinimum.choose(sigma, score, 0.02), "0.04 is clearly lowest");
        double[] close = {0.0499, 0.0492, 0.0490};
        assertEquals(0, NearestMinimum.choose(close, score, 0.02), "all within 2 %: the nearest");
        assertEquals(1, NearestMinimum.choose(close, score, 0.005), "0.0499 is 1.8 % above: out");
        assertEquals(2, NearestMinimum.choose(close, score, 0), "tolerance 0: the lowest σ_I");
    }

    @Test
    void failedFitsAreNeverChosenAndTiesKeepTheEarlier() {
        assertEquals(1, NearestMinimum.choose(new double[]{Double.NaN, 0.1, 0.1}, new double[]{0, 2, 2}, 0.02));
        assertEquals(-1, NearestMinimum.choose(new double[]{Double.NaN}, new double[]{0}, 0.02));
        assertThrows(IllegalArgumentException.class, () -> NearestMinimum.choose(new double[1], new double[2], 0));
        assertThrows(IllegalArgumentException.class, () -> NearestMinimum.choose(new double[1], new double[1], -1));
    }
}
