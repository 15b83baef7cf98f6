package strainlab.diffraction;

import strainlab.crystal.DiffractionSetup;
import strainlab.crystal.StructureFactors;
import strainlab.profile.DepthProfiles;

/**
 * The θ-independent constants of the recursion, hoisted out of the angle loop (symmetric Bragg case,
 * φ = 0, b = −1). For the substrate and for each lamella n = 1..N the deviation parameter is linear in θ:
 * {@code η = (θ − θB)·α + β} with complex α, β; each lamella also carries its complex thickness T.
 */
final class LayerConstants {
    /** Substrate Bragg angle θB_S in rad. */
    final double thetaBS;
    /** Substrate: η_S = (θ − θB_S)·(aRe + i·aIm) + (bRe + i·bIm). */
    final double subARe;
    final double subAIm;
    final double subBRe;
    final double subBIm;
    /** Per lamella n = 1..N (index n − 1): Bragg angle θB_n and α, β, T. */
    final double[] thetaB;
    final double[] aRe;
    final double[] aIm;
    final double[] bRe;
    final double[] bIm;
    final double[] tRe;
    final double[] tIm;
    final int lamellae;

    LayerConstants(DiffractionSetup setup, DepthProfiles profiles) {
        StructureFactors f = setup.structureFactors();
        double lambda = setup.wavelengthA();
        double g = setup.gamma();
        thetaBS = setup.braggAngleRad();
        double sin2 = Math.sin(2 * thetaBS);
        double tanB = Math.tan(thetaBS);
        // √FF = principal sqrt of FH·FmH
        double ffRe = f.fhRe() * f.fmhRe() - f.fhIm() * f.fmhIm();
        double ffIm = f.fhRe() * f.fmhIm() + f.fhIm() * f.fmhRe();
        double[] sq = Complex.sqrt(ffRe, ffIm);
        double sfRe = sq[0];
        double sfIm = sq[1];
        // ½·G·F0·(1 − b) with b = −1 is G·F0; √|b| = 1; −b = 1
        double gf0Re = g * f.f0Re();
        double gf0Im = g * f.f0Im();
        // substrate: 1/(G·√FF)
        double[] inv = Complex.reciprocal(g * sfRe, g * sfIm);
        subARe = sin2 * inv[0];
        subAIm = sin2 * inv[1];
        subBRe = -(gf0Re * inv[0] - gf0Im * inv[1]);
        subBIm = -(gf0Re * inv[1] + gf0Im * inv[0]);

        lamellae = profiles.lamellae();
        thetaB = new double[lamellae];
        aRe = new double[lamellae];
        aIm = new double[lamellae];
        bRe = new double[lamellae];
        bIm = new double[lamellae];
        tRe = new double[lamellae];
        tIm = new double[lamellae];
        double tl = profiles.lamellaThicknessA();
        for (int n = 1; n <= lamellae; n++) {
            int k = n - 1;
            double e = profiles.strainAt(n);
            double dw = profiles.dwAt(n);
            double thB = thetaBS - e * tanB;
            thetaB[k] = thB;
            double[] invN = Complex.reciprocal(g * dw * sfRe, g * dw * sfIm);
            aRe[k] = sin2 * invN[0];
            aIm[k] = sin2 * invN[1];
            bRe[k] = -(gf0Re * invN[0] - gf0Im * invN[1]);
            bIm[k] = -(gf0Re * invN[1] + gf0Im * invN[0]);
            // T = π·G·√FF·t_l·DW/(λ·√|g0·gH|), √|g0·gH| = sin θB_n
            double c = Math.PI * g * tl * dw / (lambda * Math.abs(Math.sin(thB)));
            tRe[k] = c * sfRe;
            tIm[k] = c * sfIm;
        }
    }

    /** Whether {@code o} has the same substrate constants and lamella count, bit for bit. */
    boolean sameSubstrate(LayerConstants o) {
        return lamellae == o.lamellae && same(thetaBS, o.thetaBS) && same(subARe, o.subARe)
                && same(subAIm, o.subAIm) && same(subBRe, o.subBRe) && same(subBIm, o.subBIm);
    }

    /** Whether lamella index k has the same constants in {@code o}, bit for bit. */
    boolean sameLamella(LayerConstants o, int k) {
        return same(thetaB[k], o.thetaB[k]) && same(aRe[k], o.aRe[k]) && same(aIm[k], o.aIm[k])
                && same(bRe[k], o.bRe[k]) && same(bIm[k], o.bIm[k]) && same(tRe[k], o.tRe[k])
                && same(tIm[k], o.tIm[k]);
    }

    private static boolean same(double a, double b) {
        return Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b);
    }
}
