package strainlab.crystal;

import com.github.tschoonj.xraylib.Xraylib;

/**
 * Atomic X-ray scattering factors from xraylib 4.1.4, in electrons, in the sign convention of the reference
 * model: {@code f = f0(s) + f′(E) + i·f″(E)} with {@code f″ > 0} for absorption.
 *
 * <ul>
 *   <li>{@code f0}: xraylib {@code FF_Rayl(Z, q)} with q = s = sinθ/λ in Å⁻¹ (neutral atoms only — xraylib
 *       has no ionic form factors; f0(0) = Z).</li>
 *   <li>{@code f′}: xraylib {@code Fi(Z, E)} (E in keV).</li>
 *   <li>{@code f″}: {@code −Fii(Z, E)}: xraylib returns f″ with a <b>negative</b> sign (its f = f0 + f′ − i·f″
 *       convention); it is negated here so that Im F0 &gt; 0 as the reference model and
 *       {@link StructureFactors} require.</li>
 * </ul>
 * All methods are pure functions of their arguments (xraylib's tables are read-only after class loading).
 */
public final class AtomicScattering {
    private AtomicScattering() {
    }

    /** Normal form factor f0(Z, s) in electrons, s = sinθ/λ in Å⁻¹ (≥ 0). */
    public static double f0(int atomicNumber, double sinThetaOverLambdaPerA) {
        if (!(sinThetaOverLambdaPerA >= 0) || !Double.isFinite(sinThetaOverLambdaPerA)) {
            throw new IllegalArgumentException("sinθ/λ must be ≥ 0 Å⁻¹ and finite, got " + sinThetaOverLambdaPerA);
        }
        try {
            return Xraylib.FF_Rayl(atomicNumber, sinThetaOverLambdaPerA);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("xraylib has no form factor f0 for Z = " + atomicNumber
                    + " at sinθ/λ = " + sinThetaOverLambdaPerA + " Å⁻¹: " + e.getMessage(), e);
        }
    }

    /** Anomalous dispersion correction f′(Z, E) in electrons, E in keV. */
    public static double fPrime(int atomicNumber, double energyKeV) {
        try {
            return Xraylib.Fi(atomicNumber, energyKeV);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("xraylib has no f′ for Z = " + atomicNumber + " at E = " + energyKeV
                    + " keV: " + e.getMessage(), e);
        }
    }

    /** Anomalous absorption term f″(Z, E) in electrons, positive (= −xraylib {@code Fii}), E in keV. */
    public static double fDoublePrime(int atomicNumber, double energyKeV) {
        try {
            return -Xraylib.Fii(atomicNumber, energyKeV);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("xraylib has no f″ for Z = " + atomicNumber + " at E = " + energyKeV
                    + " keV: " + e.getMessage(), e);
        }
    }
}
