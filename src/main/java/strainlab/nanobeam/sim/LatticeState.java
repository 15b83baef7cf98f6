package strainlab.nanobeam.sim;

/**
 * The local state of the film under the beam: out-of-plane strain and two rigid lattice tilts.
 *
 * <p>Sign conventions (see {@link NanobeamSimulator}): positive strain expands c and moves intensity to lower 2θ
 * (lower column index) within the ring; positive {@code tiltLrDeg} (ω, in the scattering plane) moves the ring to
 * lower column index; positive {@code tiltUdDeg} (χ, out of the scattering plane) moves the ring to lower row index.
 *
 * @param strain    dimensionless strain e = Δc/c (0.001 = 0.1 %); finite, |e| &lt; 0.5
 * @param tiltLrDeg in-plane (left–right on the detector) tilt ω in degrees; finite
 * @param tiltUdDeg out-of-plane (up–down on the detector) tilt χ in degrees; finite
 */
public record LatticeState(double strain, double tiltLrDeg, double tiltUdDeg) {
    public LatticeState {
        if (!Double.isFinite(strain) || Math.abs(strain) >= 0.5) {
            throw new IllegalArgumentException("strain must be finite with |strain| < 0.5 (a fraction, not %), got " + strain);
        }
        if (!Double.isFinite(tiltLrDeg)) {
            throw new IllegalArgumentException("tiltLrDeg must be finite, got " + tiltLrDeg);
        }
        if (!Double.isFinite(tiltUdDeg)) {
            throw new IllegalArgumentException("tiltUdDeg must be finite, got " + tiltUdDeg);
        }
    }

    /** The unstrained, untilted film. */
    public static LatticeState zero() {
        return new LatticeState(0, 0, 0);
    }

    /** The three values as {strain, tiltLrDeg, tiltUdDeg} (the label order of the library). */
    public double[] toArray() {
        return new double[] {strain, tiltLrDeg, tiltUdDeg};
    }
}
