package strainlab.crystal;

import java.util.List;

/**
 * Structure factors of a list of atoms: a pure function of (lattice, sites, hkl, λ), thread-safe.
 *
 * <p>Convention of RaDMaX and the paper generator:
 * <pre>
 *   f_j(s)  = occ_j · (f0_j(s) + f′_j(E) + i·f″_j(E)) · exp(−B_j·s²),   s = sinθ/λ = 1/(2d),  E = hc/λ
 *   F(hkl)  = Σ_j f_j(s) · exp(−2πi·(h·x_j + k·y_j + l·z_j))
 *   F(−h)   = Σ_j f_j(s) · exp(+2πi·(h·x_j + k·y_j + l·z_j))
 *   F(000)  = Σ_j occ_j · (f0_j(0) + f′_j + i·f″_j)        (f0(0) = Z for neutral atoms)
 * </pre>
 * with the form factors of a {@link ScatteringModel} (by default xraylib's neutral atoms). Without
 * anomalous terms (f′ = f″ = 0) F(−h) is the complex conjugate of F(h) (Friedel's law).
 */
public final class StructureFactorCalculator {
    private StructureFactorCalculator() {
    }

    /**
     * Computes F0, FH and F−H in electrons per cell.
     *
     * @param lattice the cell (for d and s = 1/2d)
     * @param sites every atom of the cell (already expanded by symmetry)
     * @param hkl the reflection, not 0 0 0
     * @param wavelengthA wavelength in Å (for f′, f″ at E = hc/λ); need not reach the reflection
     * @param model source of f0, f′ and f″ (e.g. {@link ScatteringModel#XRAYLIB})
     */
    public static StructureFactors compute(Lattice lattice, List<AtomSite> sites, Hkl hkl, double wavelengthA,
                                           ScatteringModel model) {
        if (model == null) {
            throw new IllegalArgumentException("scattering model must be given");
        }
        if (sites == null || sites.isEmpty()) {
            throw new IllegalArgumentException("sites must not be empty");
        }
        double s = 1 / (2 * lattice.dSpacingA(hkl));
        double energyKeV = Wavelengths.angstromToKeV(wavelengthA);
        double f0Re = 0, f0Im = 0, fhRe = 0, fhIm = 0, fmhRe = 0, fmhIm = 0;
        for (AtomSite site : sites) {
            double fp = model.fPrime(site, energyKeV);
            double fpp = model.fDoublePrime(site, energyKeV);
            double occ = site.occupancy();
            f0Re += occ * (model.f0(site, 0) + fp);
            f0Im += occ * fpp;
            double dw = Math.exp(-site.bIsoA2() * s * s);
            double a = occ * dw * (model.f0(site, s) + fp);
            double b = occ * dw * fpp;
            double t = hkl.h() * site.x() + hkl.k() * site.y() + hkl.l() * site.z();
            double phase = 2 * Math.PI * (t - Math.rint(t));
            double c = Math.cos(phase), sn = Math.sin(phase);
            // (a + ib)·(c ∓ i·sn)
            fhRe += a * c + b * sn;
            fhIm += b * c - a * sn;
            fmhRe += a * c - b * sn;
            fmhIm += b * c + a * sn;
        }
        return new StructureFactors(f0Re, f0Im, fhRe, fhIm, fmhRe, fmhIm);
    }
}
