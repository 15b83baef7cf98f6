package strainlab.io;

import java.util.Arrays;

/**
 * A measured diffraction scan: abscissa in an explicit unit, intensities, and where it came from.
 * Immutable (arrays are copied in and out); validated at construction: equal lengths, at least 3 points,
 * finite values, strictly increasing abscissa, intensities ≥ 0.
 *
 * @param axis unit of {@code axisValues}
 * @param axisValues abscissa values (2θ or θ in degrees, or Q), strictly increasing
 * @param intensity intensities, ≥ 0, in {@code intensityUnit}
 * @param intensityUnit {@code "counts"}, {@code "counts/s"} or {@code "relative"}
 * @param wavelengthA X-ray wavelength in Å when the file states it, else NaN
 * @param source file name the scan was read from (or a short description)
 */
public record MeasuredScan(ScanAxis axis, double[] axisValues, double[] intensity, String intensityUnit,
                           double wavelengthA, String source) {
    public MeasuredScan {
        if (axis == null) {
            throw new IllegalArgumentException("axis must be given");
        }
        if (axisValues == null || intensity == null) {
            throw new IllegalArgumentException("axisValues and intensity must be given");
        }
        if (axisValues.length != intensity.length) {
            throw new IllegalArgumentException("axisValues (" + axisValues.length + ") and intensity ("
                    + intensity.length + ") must have the same length");
        }
        if (axisValues.length < 3) {
            throw new IllegalArgumentException("a scan needs at least 3 points, got " + axisValues.length);
        }
        for (int i = 0; i < axisValues.length; i++) {
            if (!Double.isFinite(axisValues[i])) {
                throw new IllegalArgumentException("axisValues[" + i + "] is not finite: " + axisValues[i]);
            }
            if (!Double.isFinite(intensity[i]) || intensity[i] < 0) {
                throw new IllegalArgumentException("intensity[" + i + "] must be finite and ≥ 0, got " + intensity[i]);
            }
            if (i > 0 && !(axisValues[i] > axisValues[i - 1])) {
                throw new IllegalArgumentException("axisValues must increase strictly: [" + (i - 1) + "] = "
                        + axisValues[i - 1] + ", [" + i + "] = " + axisValues[i]);
            }
        }
        if (!(Double.isNaN(wavelengthA) || wavelengthA > 0 && Double.isFinite(wavelengthA))) {
            throw new IllegalArgumentException("wavelengthA must be > 0 or NaN (unknown), got " + wavelengthA);
        }
        if (axis.needsWavelength() && Double.isNaN(wavelengthA)) {
            throw new IllegalArgumentException("a scan in " + axis.label() + " needs the wavelength");
        }
        if (intensityUnit == null || intensityUnit.isBlank()) {
            throw new IllegalArgumentException("intensityUnit must be given");
        }
        axisValues = axisValues.clone();
        intensity = intensity.clone();
        source = source == null ? "" : source;
    }

    @Override
    public double[] axisValues() {
        return axisValues.clone();
    }

    @Override
    public double[] intensity() {
        return intensity.clone();
    }

    /** Number of points. */
    public int size() {
        return axisValues.length;
    }

    /** Whether the file stated the wavelength. */
    public boolean hasWavelength() {
        return !Double.isNaN(wavelengthA);
    }

    /** The same scan with the wavelength set (e.g. from the command line). */
    public MeasuredScan withWavelength(double lambdaA) {
        return new MeasuredScan(axis, axisValues, intensity, intensityUnit, lambdaA, source);
    }

    /** Bragg angles θ in radians (uses the scan's wavelength for a Q axis). */
    public double[] thetaRad() {
        return thetaRad(wavelengthA);
    }

    /** Bragg angles θ in radians, converting Q with the given wavelength in Å. */
    public double[] thetaRad(double lambdaA) {
        double[] t = new double[axisValues.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = axis.toThetaRad(axisValues[i], lambdaA);
        }
        return t;
    }

    /** 2θ in degrees (uses the scan's wavelength for a Q axis). */
    public double[] twoThetaDeg() {
        double[] t = thetaRad();
        for (int i = 0; i < t.length; i++) {
            t[i] = Math.toDegrees(2 * t[i]);
        }
        return t;
    }

    /** Largest intensity. */
    public double maxIntensity() {
        return Arrays.stream(intensity).max().orElseThrow();
    }

    /** Index of the largest intensity (first one on ties): the substrate Bragg peak for an irradiated crystal. */
    public int peakIndex() {
        int best = 0;
        for (int i = 1; i < intensity.length; i++) {
            if (intensity[i] > intensity[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Smallest strictly positive intensity (NaN when all are zero). */
    public double minPositiveIntensity() {
        return Arrays.stream(intensity).filter(v -> v > 0).min().orElse(Double.NaN);
    }

    /**
     * Intensities divided by their maximum, as RaDMaX compares them with {@code conv/max(conv) + background}.
     * Zero counts are replaced by half the smallest positive value so that log10 stays finite.
     */
    public double[] normalisedIntensity() {
        double max = maxIntensity();
        if (!(max > 0)) {
            throw new IllegalStateException(source + ": all intensities are zero");
        }
        double floor = minPositiveIntensity() / 2;
        double[] out = new double[intensity.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(intensity[i], floor) / max;
        }
        return out;
    }

    @Override
    public String toString() {
        return "MeasuredScan[" + source + ", " + size() + " points, " + axis.label() + " " + axisValues[0] + ".."
                + axisValues[axisValues.length - 1] + ", max " + maxIntensity() + " " + intensityUnit
                + (hasWavelength() ? ", λ " + wavelengthA + " Å" : "") + "]";
    }
}
