package strainlab.fit;

import strainlab.io.MeasuredScan;

/**
 * A measured scan as the fit sees it: Bragg angles θ (rad) and {@code log10(I/max I)}, zero counts replaced by
 * half the smallest positive count (RaDMaX compares {@code conv/max(conv) + background} with {@code I/max I}).
 *
 * @param thetaRad Bragg angles in radians, strictly increasing
 * @param log10Intensity log10 of the normalised intensity (≤ 0)
 * @param source where the scan came from
 */
public record MeasuredCurve(double[] thetaRad, double[] log10Intensity, String source) {
    public MeasuredCurve {
        if (thetaRad.length != log10Intensity.length || thetaRad.length < 3) {
            throw new IllegalArgumentException("thetaRad and log10Intensity need the same length ≥ 3, got "
                    + thetaRad.length + " and " + log10Intensity.length);
        }
        thetaRad = thetaRad.clone();
        log10Intensity = log10Intensity.clone();
    }

    /** From a scan (its own wavelength is used for a Q axis). */
    public static MeasuredCurve of(MeasuredScan scan) {
        double[] n = scan.normalisedIntensity();
        double[] y = new double[n.length];
        for (int i = 0; i < n.length; i++) {
            y[i] = Math.log10(n[i]);
        }
        return new MeasuredCurve(scan.thetaRad(), y, scan.source());
    }

    @Override
    public double[] thetaRad() {
        return thetaRad.clone();
    }

    @Override
    public double[] log10Intensity() {
        return log10Intensity.clone();
    }

    /** Number of points. */
    public int size() {
        return thetaRad.length;
    }

    /** 2θ in degrees. */
    public double[] twoThetaDeg() {
        double[] t = new double[thetaRad.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = Math.toDegrees(2 * thetaRad[i]);
        }
        return t;
    }

    /** Index of the maximum (the substrate Bragg peak). */
    public int peakIndex() {
        int b = 0;
        for (int i = 1; i < log10Intensity.length; i++) {
            if (log10Intensity[i] > log10Intensity[b]) {
                b = i;
            }
        }
        return b;
    }

    /** σ_I of a model curve (log10) against this one: rms of the log10 differences over the measured range. */
    public double sigmaI(double[] modelLog10) {
        return Misfit.sigmaI(modelLog10, log10Intensity);
    }
}
