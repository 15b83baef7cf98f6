package strainlab.profile;

import java.util.random.RandomGenerator;

/**
 * Random strain-profile families beside the paper's ({@link RandomStrainProfiles}), drawn directly as the 10
 * normalised B-spline weights (≥ 0, maximum 1; multiply by e_max in %): each weight is the target shape at
 * its basis function's centre {@code z/t = (k + pad − 1)/(10 + pad − 3)} (clamped to the layer), i.e.
 * Schoenberg's variation-diminishing spline. That spline has no more maxima than the weights and reproduces a
 * constant run of weights exactly, so the families keep their character after the spline:
 * <ul>
 *   <li>{@link #bimodal}: two Gaussian damage peaks (FWHM uniform in [0.12, 0.18]·t each) at
 *       {@code z1/t ~ U[0.2, 0.45]} and {@code z2/t ~ U[z1/t + 0.4, 1]}, the lower one of relative height
 *       U[0.5, 1] on a random side;</li>
 *   <li>{@link #plateau}: a flat top of width U[0.4, 0.6]·t starting at U[0.2, 0.95 − width]·t, with
 *       half-Gaussian tails of FWHM U[0.1, 0.3]·t on each side.</li>
 * </ul>
 * z is measured from the interface (0) to the surface (t). Random numbers come only from the generator passed
 * in, in the order of the parameters above. Stateless and thread-safe.
 */
public final class DamageShapes {
    /** Number of weights drawn (the strain labels). */
    public static final int WEIGHTS = RandomStrainProfiles.WEIGHTS;
    private static final double LN2 = Math.log(2);

    private DamageShapes() {
    }

    /** Relative depth z/t of the centre of weight {@code k}'s basis function in a convention, clamped to [0, 1]. */
    public static double knotCentre(int k, SplineConvention convention) {
        int pad = convention.padCount();
        double c = (double) (k + pad - 1) / (WEIGHTS + pad - 3);
        return Math.max(0, Math.min(1, c));
    }

    /** Two damage peaks: writes the 10 normalised weights into {@code out}. */
    public static void bimodal(RandomGenerator rng, SplineConvention convention, double[] out) {
        double z1 = 0.2 + 0.25 * rng.nextDouble();
        double z2 = z1 + 0.4 + (1 - z1 - 0.4) * rng.nextDouble();
        double w1 = 0.12 + 0.06 * rng.nextDouble();
        double w2 = 0.12 + 0.06 * rng.nextDouble();
        double low = 0.5 + 0.5 * rng.nextDouble();
        boolean firstLower = rng.nextDouble() < 0.5;
        double h1 = firstLower ? low : 1;
        double h2 = firstLower ? 1 : low;
        for (int k = 0; k < WEIGHTS; k++) {
            double z = knotCentre(k, convention);
            out[k] = h1 * gauss(z - z1, w1) + h2 * gauss(z - z2, w2);
        }
        normalise(out);
    }

    /** A flat top with graded tails: writes the 10 normalised weights into {@code out}. */
    public static void plateau(RandomGenerator rng, SplineConvention convention, double[] out) {
        double width = 0.4 + 0.2 * rng.nextDouble();
        double a = 0.2 + (0.75 - width) * rng.nextDouble();
        double b = a + width;
        double left = 0.1 + 0.2 * rng.nextDouble();
        double right = 0.1 + 0.2 * rng.nextDouble();
        for (int k = 0; k < WEIGHTS; k++) {
            double z = knotCentre(k, convention);
            out[k] = z < a ? gauss(z - a, left) : z > b ? gauss(z - b, right) : 1;
        }
        normalise(out);
    }

    private static double gauss(double dz, double fwhm) {
        double u = dz / (0.5 * fwhm);
        return Math.exp(-LN2 * u * u);
    }

    private static void normalise(double[] w) {
        double max = 0;
        for (int k = 0; k < WEIGHTS; k++) {
            max = Math.max(max, w[k]);
        }
        for (int k = 0; k < WEIGHTS; k++) {
            w[k] /= max;
        }
    }
}
