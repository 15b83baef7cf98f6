package strainlab.instrument;

/**
 * Instrumental resolution: a pseudo-Voigt of amplitude 1, {@code η·L + (1−η)·G} with {@code L = 1/(1+u²)},
 * {@code G = exp(−ln2·u²)}, {@code u = (θ − c)/(FWHM_θ/2)}, sampled on the θ grid of the curve and centred at
 * {@code c = (θmin + θmax)/2} (the reference model). η = 0 is a pure Gaussian.
 *
 * @param fwhmDeg full width at half maximum in degrees, on {@code axis}
 * @param axis the axis the FWHM is measured on (2θ for the paper, θ for RaDMaX's .ini value)
 * @param eta Lorentzian fraction of the pseudo-Voigt, in [0, 1]
 */
public record Resolution(double fwhmDeg, FwhmAxis axis, double eta) {
    private static final double LN2 = Math.log(2.0);

    public Resolution {
        if (!(fwhmDeg > 0) || !Double.isFinite(fwhmDeg)) {
            throw new IllegalArgumentException("resolution.fwhmDeg must be finite and > 0, got " + fwhmDeg);
        }
        if (axis == null) {
            throw new IllegalArgumentException("resolution.axis must be given ('2theta' or 'theta')");
        }
        if (!(eta >= 0 && eta <= 1)) {
            throw new IllegalArgumentException("resolution.eta must lie in [0, 1], got " + eta);
        }
    }

    /** The paper generator's resolution: FWHM in 2θ degrees, pseudo-Voigt η (0.001 in the paper). */
    public static Resolution paper(double fwhm2ThetaDeg, double eta) {
        return new Resolution(fwhm2ThetaDeg, FwhmAxis.TWO_THETA, eta);
    }

    /** RaDMaX's resolution: its .ini value applied as a θ-FWHM in degrees. */
    public static Resolution radmax(double iniFwhmDeg, double eta) {
        return new Resolution(iniFwhmDeg, FwhmAxis.THETA, eta);
    }

    /** FWHM on the θ axis in radians. */
    public double fwhmThetaRad() {
        return axis.thetaRad(fwhmDeg);
    }

    /** The resolution function sampled on {@code thetaRad}, centred at the middle of the grid. */
    public double[] sample(double[] thetaRad) {
        double[] out = new double[thetaRad.length];
        sample(thetaRad, thetaRad.length, out);
        return out;
    }

    /** Allocation-free {@link #sample(double[])} on the first {@code m} points. */
    public void sample(double[] thetaRad, int m, double[] out) {
        double c = (thetaRad[0] + thetaRad[m - 1]) / 2;
        double half = fwhmThetaRad() / 2;
        for (int i = 0; i < m; i++) {
            double u = (thetaRad[i] - c) / half;
            double u2 = u * u;
            out[i] = eta / (1 + u2) + (1 - eta) * Math.exp(-LN2 * u2);
        }
    }

    /** The raw curve convolved with this resolution (numpy {@code 'same'} alignment, see {@link Convolution}). */
    public double[] convolve(double[] thetaRad, double[] raw) {
        return Convolution.same(raw, sample(thetaRad));
    }
}
