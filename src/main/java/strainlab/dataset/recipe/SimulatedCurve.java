package strainlab.dataset.recipe;

import strainlab.profile.DepthProfiles;

/**
 * One curve of the paper recipe with every intermediate, for notebooks and tests
 * ({@link PaperRecipe#simulate(long, long)}). Arrays are copies owned by the record's caller.
 *
 * @param parameters the sampled parameters
 * @param profiles strain and DW on the N+1 lamella nodes
 * @param thetaRad the θ grid of the simulation, rad
 * @param rawReflectivity |X|² of the recursion
 * @param expectedIntensity {@code conv/max(conv)·scale + background}, counts (noise-free)
 * @param measuredIntensity the intensity after the recipe's noise (equal to the expected one without noise)
 * @param gridX the network grid (rescaled strain, % / Å)
 * @param input the network input: log10(I/max) on the grid, as stored (float32)
 */
public record SimulatedCurve(CurveParameters parameters, DepthProfiles profiles, double[] thetaRad,
                             double[] rawReflectivity, double[] expectedIntensity, double[] measuredIntensity,
                             double[] gridX, float[] input) {

    /** 2θ in degrees of the simulation grid. */
    public double[] twoThetaDeg() {
        double[] out = new double[thetaRad.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.toDegrees(2 * thetaRad[i]);
        }
        return out;
    }

    /** The network input as doubles. */
    public double[] inputAsDoubles() {
        double[] out = new double[input.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = input[i];
        }
        return out;
    }
}
