package strainlab.instrument;

import strainlab.diffraction.DynamicalDiffraction;

import java.util.Arrays;
import java.util.function.DoubleConsumer;

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
        return simulate(r, kernel, false, null);
    }

    /**
     * Runs the forward model.
     *
     * @param absolute false for the paper's {@code conv/max(conv)·scale + background}; true for the absolute
     *                 {@code scale·R + background}, R the reflectivity averaged over the area-normalised resolution
     *                 (scale then counts incident photons): for weak reflections and grids without the Bragg peak,
     *                 where normalising to the maximum would invent a peak
     * @param progress told the fraction done (0..1) after each part of the θ grid, or null; given, the recursion
     *                 runs in parts of {@link #PROGRESS_CHUNK} angles (same values, angles are independent)
     */
    public static SimulatedCurve simulate(SimulationRequest r, DynamicalDiffraction.Kernel kernel, boolean absolute,
                                          DoubleConsumer progress) {
        if (absolute && r.rescale() != null) {
            throw new IllegalArgumentException("rescale: a curve in absolute reflectivity cannot be rescaled onto a "
                    + "network grid (network inputs are normalised to their peak)");
        }
        double[] theta = r.thetaRad();
        double[] raw = progress == null ? DynamicalDiffraction.reflectivity(r.setup(), r.profiles(), theta, kernel)
                : inParts(r, theta, kernel, progress);
        double[] conv;
        if (r.resolution() == null) {
            conv = raw.clone();
        } else if (absolute) {
            conv = r.resolution().convolve(theta, raw);
            double[] ones = new double[theta.length];
            Arrays.fill(ones, 1.0);
            double[] weight = r.resolution().convolve(theta, ones);
            for (int i = 0; i < conv.length; i++) {
                conv[i] /= weight[i];
            }
        } else {
            conv = r.resolution().convolve(theta, raw);
        }
        double[] expected = absolute ? Intensity.absolute(conv, theta, r.scale(), r.background())
                : Intensity.scaled(conv, theta, r.scale(), r.background());
        double[] counts = r.noise() == null ? expected.clone() : r.noise().apply(expected);
        double[] rescaled = null;
        if (r.rescale() != null) {
            rescaled = r.rescale().rescaleLog10(theta, counts, r.setup().braggAngleRad(), r.setup().dSpacingA());
        }
        return new SimulatedCurve(theta, ThetaGrid.twoThetaDeg(theta),
                ThetaGrid.dqOverQ(theta, r.setup().braggAngleRad()), raw, expected, counts, r.rescale(), rescaled);
    }

    /** Angles per part of the recursion when progress is reported (a multiple of every SIMD width). */
    public static final int PROGRESS_CHUNK = 1024;

    private static double[] inParts(SimulationRequest r, double[] theta, DynamicalDiffraction.Kernel kernel,
                                    DoubleConsumer progress) {
        double[] raw = new double[theta.length];
        for (int from = 0; from < theta.length; from += PROGRESS_CHUNK) {
            int to = Math.min(theta.length, from + PROGRESS_CHUNK);
            double[] part = DynamicalDiffraction.reflectivity(r.setup(), r.profiles(),
                    Arrays.copyOfRange(theta, from, to), kernel);
            System.arraycopy(part, 0, raw, from, part.length);
            progress.accept((double) to / theta.length);
        }
        return raw;
    }
}
