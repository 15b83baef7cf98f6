package strainlab.instrument;

import strainlab.crystal.DiffractionSetup;
import strainlab.profile.DepthProfiles;

/**
 * Everything needed to simulate one measured-looking XRD curve.
 *
 * @param setup crystal and reflection (λ, d, V, structure factors)
 * @param profiles strain and DW depth profiles on the lamella grid
 * @param thetaRad θ grid in radians (Bragg angle, not 2θ), non-empty, strictly increasing
 * @param resolution instrument resolution, or {@code null} for none (raw reflectivity is only normalised)
 * @param scale peak counts after normalisation (the paper's {@code scale_factor}; 1 for RaDMaX)
 * @param background additive background in counts
 * @param noise counting noise, or {@code null} for the noise-free expected counts
 * @param rescale network grid to rescale the final curve onto, or {@code null}
 */
public record SimulationRequest(DiffractionSetup setup, DepthProfiles profiles, double[] thetaRad,
                                Resolution resolution, double scale, Background background, Noise noise,
                                NetworkGrid rescale) {
    public SimulationRequest {
        if (setup == null) {
            throw new IllegalArgumentException("setup must be given");
        }
        if (profiles == null) {
            throw new IllegalArgumentException("profiles must be given");
        }
        if (thetaRad == null || thetaRad.length == 0) {
            throw new IllegalArgumentException("theta: the θ grid is empty");
        }
        for (int i = 1; i < thetaRad.length; i++) {
            if (!(thetaRad[i] > thetaRad[i - 1])) {
                throw new IllegalArgumentException("theta: the grid must be strictly increasing (point " + i + ")");
            }
        }
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be finite and > 0, got " + scale);
        }
        if (background == null) {
            throw new IllegalArgumentException("background must be given (Background.constant(0) for none)");
        }
        thetaRad = thetaRad.clone();
    }

    /** A noise-free request without rescaling. */
    public static SimulationRequest of(DiffractionSetup setup, DepthProfiles profiles, double[] thetaRad,
                                       Resolution resolution, double scale, double background) {
        return new SimulationRequest(setup, profiles, thetaRad, resolution, scale, Background.constant(background),
                null, null);
    }

    /** The same request with counting noise. */
    public SimulationRequest withNoise(Noise n) {
        return new SimulationRequest(setup, profiles, thetaRad, resolution, scale, background, n, rescale);
    }

    /** The same request rescaled onto a network grid. */
    public SimulationRequest withRescale(NetworkGrid grid) {
        return new SimulationRequest(setup, profiles, thetaRad, resolution, scale, background, noise, grid);
    }

    @Override
    public double[] thetaRad() {
        return thetaRad.clone();
    }
}
