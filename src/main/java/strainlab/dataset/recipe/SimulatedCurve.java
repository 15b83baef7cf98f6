package strainlab.dataset.recipe;

import strainlab.profile.DepthProfiles;

/**
 * One curve of the paper recipe with every intermediate, for notebooks and tests
 * ({@link PaperRecipe#simulate(long, long)}). Immutable: the arrays are copied in and out.
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

    public SimulatedCurve {
        thetaRad = thetaRad.clone();
        rawReflectivity = rawReflectivity.clone();
        expectedIntensity = expectedIntensity.clone();
        measuredIntensity = measuredIntensity.clone();
        gridX = gridX.clone();
        input = input.clone();
    }

    @Override
    public double[] thetaRad() {
        return thetaRad.clone();
    }

    @Override
    public double[] rawReflectivity() {
        return rawReflectivity.clone();
    }

    @Override
    public double[] expectedIntensity() {
        return expectedIntensity.clone();
    }

    @Override
    public double[] measuredIntensity() {
        return measuredIntensity.clone();
    }

    @Override
    public double[] gridX() {
        return gridX.clone();
    }

    @Override
    public float[] input() {
        return input.clone();
    }

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
