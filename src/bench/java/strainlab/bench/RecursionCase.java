package strainlab.bench;

import strainlab.crystal.DiffractionSetup;
import strainlab.crystal.StructureFactors;
import strainlab.profile.DepthProfiles;
import strainlab.profile.SplineConvention;

/**
 * The recursion benchmarks' case: the paper's ZrO2 004 reflection at Cu Kα1 (1.5406 Å), a 400 nm layer of
 * {@code lamellae} lamellae with a smooth strain profile and tied DW (DWmin 0.1), and {@code angles} θ points
 * 0.005° apart starting just below the layer's strained peak.
 *
 * @param lamellae lamellae of the layer (the paper's N = 500)
 * @param angles   θ points (570 by default)
 */
record RecursionCase(int lamellae, int angles) {
    /** The paper's lamellae. */
    static final int LAMELLAE = 500;
    /** Default θ points. */
    static final int ANGLES = 570;

    DiffractionSetup setup() {
        return new DiffractionSetup(1.5406, 1.2858375, 136.06243,
                StructureFactors.of(new double[]{223.59852, 9.38724}, new double[]{120.31277, 9.38724},
                        new double[]{120.31277, 9.38724}));
    }

    DepthProfiles profiles() {
        double[] w = {0.6, 1.5, 2.7, 3.0, 2.4, 1.8, 1.2, 0.6, 0.3, 0.15};
        return DepthProfiles.withTiedDw(4000, lamellae, w, SplineConvention.SMOOTH, 0.1);
    }

    double[] thetaRad() {
        double thB = setup().braggAngleRad();
        double[] theta = new double[angles];
        double step = Math.toRadians(0.005);
        double start = thB - (0.035 + 0.01) * Math.tan(thB);
        for (int i = 0; i < angles; i++) {
            theta[i] = start + i * step;
        }
        return theta;
    }
}
