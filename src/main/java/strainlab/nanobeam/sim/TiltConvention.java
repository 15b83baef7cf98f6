package strainlab.nanobeam.sim;

/**
 * How a tilt shifts the in-plane momentum transfer.
 *
 * <p>A tilt ω rotates the film's reciprocal-lattice vector of length |G| = 2π·l/(c(1+e)); to first order it shifts the
 * in-plane transfer by |G|·ω. The published library ({@code simulation.py}) uses the unstrained length 2π·l/c for
 * the tilt terms ({@link #PUBLISHED_LIBRARY}); the authors' analysis notebook, which simulates the figure-3 map,
 * uses 2π·l/(c(1+e)) ({@link #CORRECTED}). The two differ by a relative tilt shift of e/(1+e) ≤ 0.5 % over the
 * paper's strain range, i.e. at most 1.4e-5 Å⁻¹ at ω = 0.05°, against a 1e-3 Å⁻¹ wide window: only window edges
 * flip (see the simulator tests for the measured image difference).
 */
public enum TiltConvention {
    /** Tilt shift G₀·tilt with G₀ = 2π·l/c (what the published 41³ library does). The default. */
    PUBLISHED_LIBRARY,
    /** Tilt shift G₀/(1+e)·tilt, the strained reciprocal-lattice vector (the authors' notebook). */
    CORRECTED
}
