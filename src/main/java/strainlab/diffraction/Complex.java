package strainlab.diffraction;

/** Small helpers for complex arithmetic on (re, im) pairs, principal branches throughout. */
final class Complex {
    private Complex() {
    }

    /** Principal square root of re + i·im (branch cut on the negative real axis, Re ≥ 0). */
    static double[] sqrt(double re, double im) {
        double r = Math.hypot(re, im);
        if (r == 0) {
            return new double[]{0, 0};
        }
        double t = Math.sqrt(0.5 * (r + Math.abs(re)));
        if (re >= 0) {
            return new double[]{t, im / (2 * t)};
        }
        return new double[]{Math.abs(im) / (2 * t), Math.copySign(t, im)};
    }

    /** 1/(re + i·im). */
    static double[] reciprocal(double re, double im) {
        double d = re * re + im * im;
        return new double[]{re / d, -im / d};
    }
}
