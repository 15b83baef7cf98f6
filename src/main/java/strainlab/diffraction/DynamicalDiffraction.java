package strainlab.diffraction;

import strainlab.crystal.DiffractionSetup;
import strainlab.profile.DepthProfiles;

/**
 * Dynamical X-ray diffraction of a damaged layer on its own perfect substrate: the recursive solution of the
 * Takagi–Taupin equations (Bartels, Hornstra &amp; Lobeek), symmetric Bragg geometry (φ = 0, b = −1), exactly
 * as in the reference model (see the physics conventions): the substrate amplitude X is carried through
 * lamellae n = 1..N, from just above the interface up to the free surface; the raw reflectivity is |X|².
 *
 * <p>Angles θ are Bragg angles (not 2θ) in radians. The default {@link Kernel#VECTOR} kernel computes
 * several angles at once with {@code jdk.incubator.vector}; {@link Kernel#SCALAR} is the plain reference.
 * Both are float64. {@link Kernel#VECTOR_FLOAT} is the float32 variant (about 3× faster than VECTOR with AVX2,
 * within 1e-3 in log10 of float64 down to 8 decades below the peak): the one for training-set generation. All kernels
 * are overflow-free for thick, strongly absorbing layers.
 */
public final class DynamicalDiffraction {
    private DynamicalDiffraction() {
    }

    /** Which implementation of the angle loop to use. */
    public enum Kernel {
        /** One angle at a time, plain Java: the readable reference. */
        SCALAR,
        /** SIMD across angles with {@code jdk.incubator.vector}, float64. */
        VECTOR,
        /**
         * SIMD across angles in float32: twice the lanes of {@link #VECTOR}. Agrees with float64 within 1e-3 in
         * log10 of |X|² wherever |X|² is above 1e-8 of its maximum (2e-5 on the RaDMaX references); in deeper
         * tails, which no measurement reaches, up to a few 1e-3. For training-set generation.
         */
        VECTOR_FLOAT
    }

    /** Raw reflectivity |X|² at each θ (rad), with the default (vector) kernel. */
    public static double[] reflectivity(DiffractionSetup setup, DepthProfiles profiles, double[] thetaRad) {
        return reflectivity(setup, profiles, thetaRad, Kernel.VECTOR);
    }

    /** Raw reflectivity |X|² at each θ (rad) with the chosen kernel. */
    public static double[] reflectivity(DiffractionSetup setup, DepthProfiles profiles, double[] thetaRad,
                                        Kernel kernel) {
        double[] out = new double[thetaRad.length];
        reflectivity(setup, profiles, thetaRad, kernel, out);
        return out;
    }

    /** Writes |X|² at each θ (rad) into {@code out} (same length as {@code thetaRad}); allocation-light. */
    public static void reflectivity(DiffractionSetup setup, DepthProfiles profiles, double[] thetaRad,
                                    Kernel kernel, double[] out) {
        double[][] x = amplitude(setup, profiles, thetaRad, kernel);
        for (int i = 0; i < out.length; i++) {
            out[i] = x[0][i] * x[0][i] + x[1][i] * x[1][i];
        }
    }

    /** The complex amplitude ratio X at the surface: {@code {re[], im[]}} per θ (rad). */
    public static double[][] amplitude(DiffractionSetup setup, DepthProfiles profiles, double[] thetaRad,
                                       Kernel kernel) {
        requireTheta(thetaRad);
        LayerConstants c = new LayerConstants(setup, profiles);
        double[] re = new double[thetaRad.length];
        double[] im = new double[thetaRad.length];
        switch (kernel) {
            case SCALAR -> ScalarRecursion.run(c, thetaRad, re, im);
            case VECTOR -> VectorRecursion.run(c, thetaRad, re, im);
            case VECTOR_FLOAT -> FloatVectorRecursion.run(c, thetaRad, re, im);
            default -> throw new IllegalArgumentException("kernel: unknown " + kernel);
        }
        return new double[][]{re, im};
    }

    /**
     * The float64 vector recursion of one depth profile on one θ grid with each lamella's intermediate results
     * kept, for evaluating many profiles that differ from it in a few lamellae (the columns of a forward-difference
     * Jacobian of spline weights): see {@link Trace#reflectivity}.
     */
    public static Trace trace(DiffractionSetup setup, DepthProfiles profiles, double[] thetaRad) {
        requireTheta(thetaRad);
        return new Trace(VectorRecursion.trace(new LayerConstants(setup, profiles), thetaRad));
    }

    /** A traced recursion ({@link #trace}); immutable once made, so thread-safe. */
    public static final class Trace {
        private final VectorRecursion.Trace trace;

        private Trace(VectorRecursion.Trace trace) {
            this.trace = trace;
        }

        /** Raw reflectivity |X|² of the traced profile. */
        public double[] reflectivity() {
            return squared(trace::surface);
        }

        /**
         * Raw reflectivity |X|² of {@code profiles} on the traced θ grid, the same values as
         * {@link DynamicalDiffraction#reflectivity(DiffractionSetup, DepthProfiles, double[])} to the bit: the
         * recursion restarts from the traced amplitudes below the lowest lamella whose constants (strain, DW,
         * thickness) differ from the traced profile's, and reuses the traced angle passes above the highest one.
         * Other substrate constants (another reflection) or lamella count: computed in full.
         */
        public double[] reflectivity(DiffractionSetup setup, DepthProfiles profiles) {
            LayerConstants c2 = new LayerConstants(setup, profiles);
            LayerConstants c = trace.c;
            if (!c.sameSubstrate(c2)) {
                return DynamicalDiffraction.reflectivity(setup, profiles, trace.thetaRad);
            }
            int from = 0;
            while (from < c.lamellae && c.sameLamella(c2, from)) {
                from++;
            }
            if (from == c.lamellae) {
                return reflectivity();
            }
            int to = c.lamellae - 1;
            while (to > from && c.sameLamella(c2, to)) {
                to--;
            }
            int first = from;
            int last = to;
            return squared((re, im) -> trace.rerun(c2, first, last, re, im));
        }

        private double[] squared(java.util.function.BiConsumer<double[], double[]> amplitude) {
            int n = trace.thetaRad.length;
            double[] re = new double[n];
            double[] im = new double[n];
            amplitude.accept(re, im);
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = re[i] * re[i] + im[i] * im[i];
            }
            return out;
        }
    }

    static void requireTheta(double[] thetaRad) {
        if (thetaRad == null || thetaRad.length == 0) {
            throw new IllegalArgumentException("thetaRad: the θ grid is empty");
        }
        for (int i = 0; i < thetaRad.length; i++) {
            if (!Double.isFinite(thetaRad[i]) || thetaRad[i] <= 0 || thetaRad[i] >= Math.PI / 2) {
                throw new IllegalArgumentException("thetaRad[" + i + "] must lie in (0, π/2), got " + thetaRad[i]);
            }
        }
    }
}
