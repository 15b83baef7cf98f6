package strainlab.instrument;

import org.junit.jupiter.api.Test;
import strainlab.crystal.DiffractionSetup;
import strainlab.crystal.StructureFactors;
import strainlab.diffraction.DynamicalDiffraction;
import strainlab.profile.DepthProfiles;
import strainlab.profile.SplineConvention;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole forward model over the paper's table-1 ranges, edges included (DWmin 0.001, 8 % strain, 1000 nm,
 * FWHM 0.003°): every value finite. The 10^5-draw version runs with the training recipe's own sampler.
 */
class SimulatorRobustnessTest {
    static final DiffractionSetup ZRO2 = new DiffractionSetup(1.5406, 1.2858375, 136.06243,
            StructureFactors.of(new double[]{223.59852, 9.38724}, new double[]{120.31277, 9.38724},
                    new double[]{120.31277, 9.38724}));

    @Test
    void tableOneEdgesGiveFiniteCurves() {
        SplittableRandom rng = new SplittableRandom(1);
        double thB = ZRO2.braggAngleRad();
        int draws = 16;
        for (int d = 0; d < draws; d++) {
            boolean edge = d % 2 == 0;
            double eMax = edge ? 8.0 : rng.nextDouble(0.2, 8.0);
            double dwMin = edge ? 0.001 : rng.nextDouble(0.001, 1.0);
            double tNm = edge ? 1000 : rng.nextDouble(50, 1000);
            double fwhm = edge ? 0.003 : rng.nextDouble(0.003, 0.1);
            double[] w = new double[10];
            for (int k = 0; k < 10; k++) {
                w[k] = rng.nextDouble();
            }
            double wMax = 0;
            for (double v : w) {
                wMax = Math.max(wMax, v);
            }
            for (int k = 0; k < 10; k++) {
                w[k] = w[k] / wMax * eMax;
            }
            DepthProfiles p = DepthProfiles.withTiedDw(tNm * 10, 500, w, SplineConvention.SMOOTH, dwMin);
            double[] theta = ThetaGrid.paper(thB, eMax, rng.nextDouble(0.002, 0.025), rng.nextDouble(0.002, 0.025));
            SimulationRequest r = new SimulationRequest(ZRO2, p, theta, Resolution.paper(fwhm, 0.001),
                    Math.pow(10, rng.nextDouble(3, 7)), Background.constant(Math.pow(10, rng.nextDouble(0, 1.7))),
                    Noise.counting(d), NetworkGrid.CNN_1001);
            DynamicalDiffraction.Kernel k = d % 3 == 0 ? DynamicalDiffraction.Kernel.VECTOR
                    : DynamicalDiffraction.Kernel.VECTOR_FLOAT;
            SimulatedCurve c = XrdSimulator.simulate(r, k);
            for (int i = 0; i < c.size(); i++) {
                assertTrue(Double.isFinite(c.rawReflectivity()[i]) && c.rawReflectivity()[i] > 0,
                        "draw " + d + " raw[" + i + "] = " + c.rawReflectivity()[i]);
                assertTrue(Double.isFinite(c.intensity()[i]) && c.intensity()[i] >= 0, "draw " + d);
            }
            assertEquals(1001, c.rescaledLog10().length);
            for (double v : c.rescaledLog10()) {
                assertTrue(Double.isFinite(v) && v <= 0, "draw " + d + " rescaled " + v);
            }
        }
    }
}
