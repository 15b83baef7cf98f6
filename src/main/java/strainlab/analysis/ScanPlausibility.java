package strainlab.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import strainlab.crystal.DiffractionSetup;
import strainlab.crystal.StructureFactors;
import strainlab.io.MeasuredScan;

/**
 * Whether a scan can hold the answer of an {@link Analysis} for a reflection, checked before anything is computed.
 * The rule (every clause must hold):
 * <ol>
 *   <li>the reflection is allowed: {@code |F_H| ≥ }{@value #MIN_FH_RATIO}{@code ·|F_0|};</li>
 *   <li>the scan has at least {@value #MIN_POINTS} points and a peak: its highest intensity is at least
 *       {@value #MIN_PEAK_RATIO} times its lowest one and falls to half on both sides inside the scan;</li>
 *   <li>the substrate Bragg angle 2θ_B (from the material's d-spacing, hkl and λ) lies inside the scan, at least
 *       {@value #HIGH_SIDE_TWO_THETA_DEG}° 2θ below its upper end, and the scan's highest point lies within
 *       {@value #MAX_PEAK_SHIFT_TWO_THETA_DEG}° 2θ of it (the fit's offset_theta_deg spans ±0.1° θ);</li>
 *   <li>the low-angle side, where a tensile layer scatters, spans at least {@value #LOW_SIDE_FRINGES} thickness
 *       fringes of the thinnest layer the shipped networks cover ({@value #THINNEST_LAYER_NM} nm): 2θ_B − 2θ_min ≥
 *       2·λ/(t_min·cos θ_B) rad (0.441° 2θ for YSZ 400 at Cu Kα1), with at least {@value #MIN_LOW_SIDE_POINTS} points
 *       below 2θ_B.</li>
 * </ol>
 */
public final class ScanPlausibility {
    /** Smallest |F_H|/|F_0| of an allowed reflection (forbidden ones such as Si 200 and 222 give 0). */
    public static final double MIN_FH_RATIO = 1e-3;
    /** Smallest number of points of the whole scan. */
    public static final int MIN_POINTS = 100;
    /** Smallest number of points below the Bragg angle. */
    public static final int MIN_LOW_SIDE_POINTS = 50;
    /** Smallest ratio of the highest to the lowest intensity. */
    public static final double MIN_PEAK_RATIO = 10;
    /** Smallest extent of the scan above the Bragg angle, ° 2θ. */
    public static final double HIGH_SIDE_TWO_THETA_DEG = 0.1;
    /** Largest distance of the scan's highest point from the Bragg angle, ° 2θ (twice the ±0.1° θ offset bound). */
    public static final double MAX_PEAK_SHIFT_TWO_THETA_DEG = 0.2;
    /** Thinnest layer the shipped networks were trained on (CNN1's t range 50–1000 nm). */
    public static final double THINNEST_LAYER_NM = 50;
    /** Thickness fringes of the thinnest layer the low-angle side must span. */
    public static final int LOW_SIDE_FRINGES = 2;

    private ScanPlausibility() {
    }

    /** The scan cannot hold the answer; the message names the scan and every failed clause. */
    public static final class ImplausibleScanException extends Exception {
        private final List<String> problems;

        ImplausibleScanException(String source, List<String> problems) {
            super(source + ": refused, " + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        /** One sentence per failed clause. */
        public List<String> problems() {
            return problems;
        }
    }

    /** Smallest span of the scan below the Bragg angle for this reflection, ° 2θ. */
    public static double minLowSideTwoThetaDeg(DiffractionSetup setup) {
        double fringe = setup.wavelengthA() / (THINNEST_LAYER_NM * 10 * Math.cos(setup.braggAngleRad()));
        return Math.toDegrees(LOW_SIDE_FRINGES * fringe);
    }

    /**
     * Checks the rule of the class comment.
     *
     * @param reflection how the reflection is named in messages, e.g. {@code ysz 400}
     * @throws ImplausibleScanException naming every clause that fails
     */
    public static void check(MeasuredScan scan, DiffractionSetup setup, String reflection)
            throws ImplausibleScanException {
        List<String> problems = new ArrayList<>();
        StructureFactors f = setup.structureFactors();
        double fh = Math.hypot(f.fhRe(), f.fhIm());
        double f0 = Math.hypot(f.f0Re(), f.f0Im());
        if (!(fh >= MIN_FH_RATIO * f0)) {
            problems.add(String.format(Locale.ROOT, "reflection %s is forbidden or too weak to analyse: |F_H| %.3g"
                    + " electrons is below %.0e·|F_0| (%.4g); choose an allowed reflection (--hkl)", reflection, fh,
                    MIN_FH_RATIO, f0));
        }
        double[] tt = scan.twoThetaDeg();
        double[] in = scan.intensity();
        int n = tt.length;
        double lo = tt[0];
        double hi = tt[n - 1];
        String range = String.format(Locale.ROOT, "2θ %.4f..%.4f°", lo, hi);
        if (n < MIN_POINTS) {
            problems.add(String.format(Locale.ROOT, "%d points (%s, span %.4f°) are too few: an analysis needs"
                    + " at least %d", n, range, hi - lo, MIN_POINTS));
        }
        int peak = scan.peakIndex();
        double max = in[peak];
        double lowest = java.util.Arrays.stream(in).min().orElse(0);
        boolean hasPeak = false;
        if (!(max > 0)) {
            problems.add("all " + n + " intensities are zero: no diffraction peak");
        } else if (!(max >= MIN_PEAK_RATIO * lowest)) {
            problems.add(String.format(Locale.ROOT, "no peak: the intensity is flat (highest %.4g, lowest %.4g; the"
                    + " highest must be at least %.0f× the lowest)", max, lowest, MIN_PEAK_RATIO));
        } else if (!fallsToHalf(in, peak)) {
            problems.add(String.format(Locale.ROOT, "the highest point (2θ %.4f°) does not fall to half its height"
                    + " on both sides inside the scan: the substrate peak is cut off", tt[peak]));
        } else {
            hasPeak = true;
        }
        double braggDeg = 2 * Math.toDegrees(setup.braggAngleRad());
        String bragg = String.format(Locale.ROOT, "the Bragg peak of %s at 2θ %.4f° (λ %.5f Å)", reflection, braggDeg,
                setup.wavelengthA());
        if (braggDeg < lo || braggDeg > hi - HIGH_SIDE_TWO_THETA_DEG) {
            problems.add(String.format(Locale.ROOT, "the scan (%s) does not contain %s with %.2f° to spare above it;"
                    + " check --material, --hkl and --wavelength", range, bragg, HIGH_SIDE_TWO_THETA_DEG));
        } else {
            if (hasPeak && Math.abs(tt[peak] - braggDeg) > MAX_PEAK_SHIFT_TWO_THETA_DEG) {
                problems.add(String.format(Locale.ROOT, "the scan's highest point at 2θ %.4f° is %.4f° away from %s;"
                        + " the fit can shift the curve by at most %.2f° 2θ: check --material, --hkl and"
                        + " --wavelength", tt[peak], tt[peak] - braggDeg, bragg, MAX_PEAK_SHIFT_TWO_THETA_DEG));
            }
            double need = minLowSideTwoThetaDeg(setup);
            int below = 0;
            while (below < n && tt[below] < braggDeg) {
                below++;
            }
            if (braggDeg - lo < need || below < MIN_LOW_SIDE_POINTS) {
                problems.add(String.format(Locale.ROOT, "the low-angle side (%.4f° below %s, %d points) cannot hold"
                        + " a layer signal: it needs at least %.3f° 2θ (%d fringes of a %.0f nm layer) and %d points",
                        braggDeg - lo, bragg, below, need, LOW_SIDE_FRINGES, THINNEST_LAYER_NM, MIN_LOW_SIDE_POINTS));
            }
        }
        if (!problems.isEmpty()) {
            throw new ImplausibleScanException(scan.source(), problems);
        }
    }

    private static boolean fallsToHalf(double[] in, int peak) {
        double half = in[peak] / 2;
        boolean left = false;
        for (int i = peak - 1; i >= 0 && !left; i--) {
            left = in[i] < half;
        }
        boolean right = false;
        for (int i = peak + 1; i < in.length && !right; i++) {
            right = in[i] < half;
        }
        return left && right;
    }
}
