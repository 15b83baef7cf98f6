package strainlab.profile;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BSplinesTest {

    @Test
    void b3MatchesTheReferencePiecesAndIsAPartitionOfUnity() {
        assertEquals(0.0, BSplines.b3(0.0));
        assertEquals(1.0 / 6, BSplines.b3(1.0), 1e-15);
        assertEquals(2.0 / 3, BSplines.b3(2.0), 1e-15);
        assertEquals(1.0 / 6, BSplines.b3(3.0), 1e-15);
        assertEquals(0.0, BSplines.b3(4.0), 1e-14); // the reference formula leaves ~1e-15 of round-off
        assertEquals(0.0, BSplines.b3(4.5));
        assertEquals(0.0, BSplines.b3(-0.5));
        assertEquals(0.5 * 0.5 * 0.5 / 6, BSplines.b3(0.5), 1e-15);
        for (double u = 0; u < 1; u += 0.0137) {
            double s = 0;
            for (int i = -2; i <= 5; i++) {
                s += BSplines.b3(u - i + 3);
            }
            assertEquals(1.0, s, 1e-14, "partition of unity at " + u);
        }
    }

    @Test
    void smoothEqualsAbruptWithThreeZeroPads() {
        double[] w = {0.1, 0.5, 1.2, 0.9, 0.4, 0.3, 0.2, 0.1, 0.05, 0.02};
        double[] z = BSplines.nodeFractions(97);
        double[] pad = new double[13];
        System.arraycopy(w, 0, pad, 3, 10);
        assertArrayEquals(BSplines.evaluate(pad, SplineConvention.ABRUPT, z),
                BSplines.evaluate(w, SplineConvention.SMOOTH, z), 1e-15);
    }

    @Test
    void smoothStrainIsZeroWithZeroSlopeAtTheInterfaceAndDwSplineIsOne() {
        double[] w = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        double[] e = BSplines.onNodes(w, SplineConvention.SMOOTH, 1000);
        assertEquals(0.0, e[0], 1e-15);
        assertTrue(Math.abs(e[1]) < 1e-6, "zero slope: " + e[1]);
        double[] dw = BSplines.onNodes(new double[]{0.5, 0.5, 0.5, 0.5}, SplineConvention.SMOOTH, 1.0, 100);
        assertEquals(1.0, dw[0], 1e-15);
    }

    @Test
    void userWeightKIsCentredAtKPlus2Tenths() {
        for (int k = 0; k < 8; k++) {
            double[] w = new double[10];
            w[k] = 1;
            double[] e = BSplines.onNodes(w, SplineConvention.SMOOTH, 1000);
            int arg = 0;
            for (int j = 1; j < e.length; j++) {
                if (e[j] > e[arg]) {
                    arg = j;
                }
            }
            assertEquals((k + 2) * 100, arg, "weight " + k);
            assertEquals(2.0 / 3, e[arg], 1e-12);
        }
        // weight 9 acts only in the last tenth, with value 1/6 at the surface
        double[] w = new double[10];
        w[9] = 1;
        double[] e = BSplines.onNodes(w, SplineConvention.SMOOTH, 1000);
        assertEquals(1.0 / 6, e[1000], 1e-12);
        assertEquals(0.0, e[900], 1e-12);
    }

    @Test
    void basisMatrixReproducesEvaluationForBothConventions() {
        double[] z = BSplines.nodeFractions(50);
        double[] w = {0.3, -0.2, 1.5, 0.7, 0.1, 0.0, 0.4, 0.9, 1.1, 0.2, 0.3, 0.6, 0.8};
        for (SplineConvention c : SplineConvention.values()) {
            double[][] a = BSplines.basisMatrix(w.length, c, z);
            double[] direct = BSplines.evaluate(w, c, z);
            for (int j = 0; j < z.length; j++) {
                double s = 0;
                for (int k = 0; k < w.length; k++) {
                    s += a[j][k] * w[k];
                }
                assertEquals(direct[j], s, 1e-14, c + " node " + j);
            }
        }
    }

    @Test
    void badWeightsAreRejectedWithTheFieldName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BSplines.evaluate(new double[]{1, 2}, SplineConvention.ABRUPT, new double[]{0.5}));
        assertTrue(e.getMessage().contains("weights"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> BSplines.evaluate(new double[]{1, Double.NaN}, SplineConvention.SMOOTH, new double[]{0.5}));
        assertTrue(e.getMessage().contains("weights[1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SplineConvention.parse("wiggly"));
    }

    @Test
    void nodeValuesAreTheEvaluationOnTheNodesBitForBit() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        for (int lamellae : new int[]{1, 7, 12, 99, 500, 501}) {
            for (SplineConvention c : SplineConvention.values()) {
                for (int n : new int[]{4, 10, 13}) {
                    double[] w = new double[n];
                    for (int k = 0; k < n; k++) {
                        w[k] = rng.nextDouble(-3, 8);
                    }
                    for (double pad : new double[]{0.0, 1.0}) {
                        double[] expected = BSplines.evaluate(w, c, pad, BSplines.nodeFractions(lamellae));
                        double[] actual = BSplines.onNodes(w, c, pad, lamellae);
                        assertEquals(expected.length, actual.length);
                        for (int j = 0; j < expected.length; j++) {
                            assertEquals(Double.doubleToRawLongBits(expected[j]), Double.doubleToRawLongBits(actual[j]),
                                    c + " N = " + lamellae + ", " + n + " weights, node " + j);
                        }
                    }
                }
            }
        }
    }

    @Test
    void fittedWeightsGiveBackTheWeightsOfASplinesOwnValues() {
        double[] w = {0.1, 0.5, 1.2, 0.8, 0.3, 0.05};
        for (SplineConvention c : SplineConvention.values()) {
            double[] z = BSplines.nodeFractions(60);
            double[] values = BSplines.evaluate(w, c, z);
            assertArrayEquals(w, BSplines.fitWeights(w.length, c, z, values), 1e-10, c.name());
        }
        assertThrows(IllegalArgumentException.class,
                () -> BSplines.fitWeights(6, SplineConvention.SMOOTH, new double[] {0, 0.5, 1}, new double[3]));
        assertThrows(IllegalArgumentException.class,
                () -> BSplines.fitWeights(2, SplineConvention.SMOOTH, new double[] {0, 0.5, 1}, new double[2]));
    }
}
