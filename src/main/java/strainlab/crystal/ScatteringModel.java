package strainlab.crystal;

/**
 * Where the atomic scattering factors of a site come from, in electrons, with the reference sign
 * convention {@code f = f0(s) + f′(E) + i·f″(E)}, {@code f″ > 0}. Implementations must be pure functions
 * (thread-safe, no state).
 *
 * <p>{@link #XRAYLIB} (the default everywhere) uses xraylib's neutral-atom tables (see
 * {@link AtomicScattering}); ion labels such as "Zr4+" are scattered as the neutral atom. Supply your own
 * implementation to use ionic form factors (e.g. Waasmaier–Kirfel coefficients) or measured f′, f″.
 */
public interface ScatteringModel {

    /** Normal form factor f0 of the site's species at s = sinθ/λ (Å⁻¹); f0 at s = 0 is used for F0. */
    double f0(AtomSite site, double sinThetaOverLambdaPerA);

    /** Anomalous correction f′ at photon energy E (keV). */
    double fPrime(AtomSite site, double energyKeV);

    /** Anomalous absorption term f″ (&gt; 0) at photon energy E (keV). */
    double fDoublePrime(AtomSite site, double energyKeV);

    /** xraylib f0 (neutral atoms), f′ and f″ (sign flipped to f″ &gt; 0). */
    ScatteringModel XRAYLIB = new ScatteringModel() {
        @Override
        public double f0(AtomSite site, double s) {
            return AtomicScattering.f0(site.atomicNumber(), s);
        }

        @Override
        public double fPrime(AtomSite site, double energyKeV) {
            return AtomicScattering.fPrime(site.atomicNumber(), energyKeV);
        }

        @Override
        public double fDoublePrime(AtomSite site, double energyKeV) {
            return AtomicScattering.fDoublePrime(site.atomicNumber(), energyKeV);
        }

        @Override
        public String toString() {
            return "xraylib (neutral f0, f′, f″)";
        }
    };

    /** xraylib f0 only, f′ = f″ = 0: no dispersion, no absorption (Friedel's law holds exactly). */
    ScatteringModel XRAYLIB_NO_DISPERSION = new ScatteringModel() {
        @Override
        public double f0(AtomSite site, double s) {
            return AtomicScattering.f0(site.atomicNumber(), s);
        }

        @Override
        public double fPrime(AtomSite site, double energyKeV) {
            return 0;
        }

        @Override
        public double fDoublePrime(AtomSite site, double energyKeV) {
            return 0;
        }

        @Override
        public String toString() {
            return "xraylib f0 only (no f′, f″)";
        }
    };
}
