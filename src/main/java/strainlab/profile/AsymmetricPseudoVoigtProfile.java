package strainlab.profile;

/**
 * The asymmetric pseudo-Voigt strain profile (RaDMaX's "asymmetric pV" model), with depth z measured from
 * the layer/substrate interface (z/t = 0 interface, z/t = 1 surface). With {@code x = z/t} and
 * {@code pV(x; h, c, H, η) = h·[η/(1+u²) + (1−η)·exp(−ln2·u²)]}, {@code u = (x − c)/(H/2)}:
 * <ul>
 *   <li>for {@code x ≤ c}: {@code e(x) = pV(x; heightPercent, c, fwhmLeft, etaLeft)};</li>
 *   <li>for {@code x > c}: {@code e(x) = pV(x; heightPercent − plateauPercent, c, fwhmRight, etaRight) + plateauPercent},
 *       so the surface side levels off at {@code plateauPercent}.</li>
 * </ul>
 * Values are in percent; {@link #strainOnNodes(int)} returns dimensionless strain (value / 100).
 *
 * @param heightPercent strain at the peak, in %
 * @param positionFraction peak position c as a fraction of the thickness from the interface, in [0, 1]
 * @param fwhmLeftFraction FWHM on the interface side as a fraction of the thickness, &gt; 0
 * @param fwhmRightFraction FWHM on the surface side as a fraction of the thickness, &gt; 0
 * @param etaLeft Lorentzian fraction on the interface side, in [{@value #ETA_MIN}, {@value #ETA_MAX}]
 * @param etaRight Lorentzian fraction on the surface side, in [{@value #ETA_MIN}, {@value #ETA_MAX}]
 * @param plateauPercent level approached on the surface side, in %
 */
public record AsymmetricPseudoVoigtProfile(double heightPercent, double positionFraction, double fwhmLeftFraction,
                                           double fwhmRightFraction, double etaLeft, double etaRight,
                                           double plateauPercent) {
    /**
     * Range of the Lorentzian fractions: RaDMaX's, wider than a pseudo-Voigt's [0, 1] (its own example fits η −0.08
     * and 1.1), the shape staying a peak of finite height and width.
     */
    public static final double ETA_MIN = -0.5;
    public static final double ETA_MAX = 1.5;
    private static final double LN2 = Math.log(2.0);

    public AsymmetricPseudoVoigtProfile {
        requireFinite("heightPercent", heightPercent);
        requireFinite("plateauPercent", plateauPercent);
        if (!(positionFraction >= 0 && positionFraction <= 1)) {
            throw new IllegalArgumentException("positionFraction must lie in [0, 1], got " + positionFraction);
        }
        if (!(fwhmLeftFraction > 0) || !Double.isFinite(fwhmLeftFraction)) {
            throw new IllegalArgumentException("fwhmLeftFraction must be finite and > 0, got " + fwhmLeftFraction);
        }
        if (!(fwhmRightFraction > 0) || !Double.isFinite(fwhmRightFraction)) {
            throw new IllegalArgumentException("fwhmRightFraction must be finite and > 0, got " + fwhmRightFraction);
        }
        if (!(etaLeft >= ETA_MIN && etaLeft <= ETA_MAX)) {
            throw new IllegalArgumentException("etaLeft must lie in [" + ETA_MIN + ", " + ETA_MAX + "], got " + etaLeft);
        }
        if (!(etaRight >= ETA_MIN && etaRight <= ETA_MAX)) {
            throw new IllegalArgumentException("etaRight must lie in [" + ETA_MIN + ", " + ETA_MAX + "], got "
                    + etaRight);
        }
    }

    /**
     * From RaDMaX's 7-parameter vector {@code [height %, position/t, FWHM_left/t, FWHM_right/t, η_left,
     * η_right, plateau %]}.
     */
    public static AsymmetricPseudoVoigtProfile fromRadmax(double[] p) {
        if (p == null || p.length != 7) {
            throw new IllegalArgumentException("asymmetric pV parameters: expected 7 values [height, position, "
                    + "fwhmLeft, fwhmRight, etaLeft, etaRight, plateau], got "
                    + (p == null ? "none" : p.length));
        }
        return new AsymmetricPseudoVoigtProfile(p[0], p[1], p[2], p[3], p[4], p[5], p[6]);
    }

    /** The 7 parameters in RaDMaX's order (see {@link #fromRadmax(double[])}). */
    public double[] toRadmax() {
        return new double[]{heightPercent, positionFraction, fwhmLeftFraction, fwhmRightFraction, etaLeft, etaRight,
                plateauPercent};
    }

    /** Strain in % at relative depth {@code zOverT} (0 = interface, 1 = surface). */
    public double percentAt(double zOverT) {
        if (zOverT <= positionFraction) {
            return pseudoVoigt(zOverT, heightPercent, fwhmLeftFraction, etaLeft);
        }
        return pseudoVoigt(zOverT, heightPercent - plateauPercent, fwhmRightFraction, etaRight) + plateauPercent;
    }

    /** Dimensionless strain (value / 100) on the N+1 lamella nodes {@code z_j/t = j/N}. */
    public double[] strainOnNodes(int lamellae) {
        double[] x = BSplines.nodeFractions(lamellae);
        double[] e = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            e[j] = percentAt(x[j]) / 100.0;
        }
        return e;
    }

    private double pseudoVoigt(double x, double height, double fwhm, double eta) {
        double u = (x - positionFraction) / (0.5 * fwhm);
        double u2 = u * u;
        return height * (eta / (1 + u2) + (1 - eta) * Math.exp(-LN2 * u2));
    }

    private static void requireFinite(String field, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(field + " must be finite, got " + v);
        }
    }
}
