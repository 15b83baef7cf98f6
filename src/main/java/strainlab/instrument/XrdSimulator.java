package strainlab.instrument;

import strainlab.diffraction.DynamicalDiffraction;

/**
 * The whole forward model for one curve: recursion → resolution → {@code conv/max·scale + background} →
 * optional counting noise → optional rescaling onto a network grid.
 *
 * <pre>{@code
 * SimulatedCurve c = XrdSimulator.simulate(SimulationRequest.of(setup, profiles, theta,
 *         Resolution.paper(0.01, 0.001), 1e5, 3.0));
 * }</pre>
 */
public final class XrdSimulator {
    private XrdSimulator() {
    }

    /** Runs the forward model with the default (vector) recursion kernel. */
    public static SimulatedCurve simulate(SimulationRequest r) {
        return simulate(r, DynamicalDiffraction.Kernel.VECTOR);
    }

    /** Runs the forward model with the chosen recursion kernel. */
    public static SimulatedCurve simulate(SimulationRequest r, DynamicalDiffraction.Kernel kernel) {
        double[] theta = r.thetaRad();
        double[] raw = DynamicalDiffraction.reflectivity(r.setup(), r.profiles(), theta, kernel);
        double[] conv = r.resolution() == null ? raw.clone() : r.resolution().convolve(theta, raw);
        double[] expected = Intensity.scaled(conv, theta, r.scale(), r.background());
        double[] counts = r.noise() == null ? expected.clone() : r.noise().apply(expected);
        double[] rescaled = null;
        if (r.rescale() != null) {
            rescaled = r.rescale().rescaleLog10(theta, counts, r.setup().braggAngleRad(), r.setup().dSpacingA());
        }
        return new SimulatedCurve(theta, ThetaGrid.twoThetaDeg(theta),
                ThetaGrid.dqOverQ(theta, r.setup().braggAngleRad()), raw, expected, counts, r.rescale(), rescaled);
    }
}
