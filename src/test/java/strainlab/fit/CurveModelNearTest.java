package strainlab.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import strainlab.crystal.DiffractionSetup;
import strainlab.profile.SplineConvention;

/** {@link CurveModel#near} gives the values of {@link CurveModel#evaluate}, bit for bit, for every parameter. */
class CurveModelNearTest {
    private static final DiffractionSetup SETUP = CurveModelTransferTest.SETUP;

    private static double[] grid() {
        return CurveModelTransferTest.grid();
    }

    private static void assertNearIsExact(CurveModel model, double[] p) {
        UnaryOperator<double[]> near = model.near(p);
        assertArrayEquals(model.evaluate(p), near.apply(p), 0, "the traced point itself");
        for (int k = 0; k < p.length; k++) {
            for (double rel : new double[]{1e-6, -3e-3, 0.2}) {
                double[] q = p.clone();
                q[k] += rel * Math.max(Math.abs(q[k]), 0.01);
                assertArrayEquals(model.evaluate(q), near.apply(q), 0,
                        model.parameterNames().get(k) + " changed by " + rel);
            }
        }
        double[] two = p.clone();
        two[2] += 0.05;
        two[model.strainWeightCount() - 1] -= 0.05;
        assertArrayEquals(model.evaluate(two), near.apply(two), 0, "two weights changed");
    }

    @Test
    void aSplineDwModelNearAPointIsExact() {
        CurveModel m = CurveModel.builder(SETUP, grid()).lamellae(60).convention(SplineConvention.SMOOTH)
                .strainWeights(15).splineDw(12).build();
        double[] w = new double[15];
        double[] dw = new double[12];
        for (int k = 0; k < w.length; k++) {
            w[k] = 1.5 * Math.sin(Math.PI * (k + 1) / 16.0);
        }
        for (int k = 0; k < dw.length; k++) {
            dw[k] = 0.95 - 0.4 * Math.sin(Math.PI * (k + 1) / 13.0);
        }
        assertNearIsExact(m, m.values().strainWeightsPercent(w).dwWeights(dw).thicknessNm(190).fwhmThetaDeg(0.018)
                .eta(0.01).scale(0.9).background(1e-5).offsetThetaDeg(0.002).build());
    }

    @Test
    void aTiedDwModelNearAPointIsExact() {
        CurveModel m = CurveModel.builder(SETUP, grid()).lamellae(60).convention(SplineConvention.SMOOTH)
                .strainWeights(10).tiedDw().build();
        assertNearIsExact(m, m.values().strainWeightsPercent(0.1, 0.4, 0.9, 1.3, 1.5, 1.4, 1.1, 0.8, 0.5, 0.3)
                .scaleDw(1.2).thicknessNm(180).fwhmThetaDeg(0.02).eta(0.001).scale(0.9).background(1e-6)
                .offsetThetaDeg(0.001).build());
    }
}
