package strainlab.instrument;

import strainlab.crystal.DiffractionSetup;
import strainlab.diffraction.DynamicalDiffraction;
import strainlab.profile.DepthProfiles;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleConsumer;

/**
 * The forward model for one curve, the one pipeline of simulation, training-set generation and fits:
 * θ grid → dynamical recursion (any {@link DynamicalDiffraction.Kernel}) → resolution convolution →
 * {@code conv/max·scale + background} → optional counting noise → optional rescaling onto a network grid.
 * The stages run on a {@link Workspace} whose buffers are reused from curve to curve (one per thread).
 *
 * <pre>{@code
 * SimulatedCurve c = XrdSimulator.simulate(SimulationRequest.of(setup, profiles, theta,
 *         Resolution.paper(0.01, 0.001), 1e5, 3.0));
 * }</pre>
 */
public final class XrdSimulator {
    /** Angles per part of the recursion when progress is reported (a multiple of every SIMD width). */
    public static final int PROGRESS_CHUNK = 1024;

    private XrdSimulator() {
    }

    /** Runs the forward model with the default (vector) recursion kernel. */
    public static SimulatedCurve simulate(SimulationRequest r) {
        return simulate(r, DynamicalDiffraction.Kernel.VECTOR);
    }

    /** Runs the forward model with the chosen recursion kernel. */
    public static SimulatedCurve simulate(SimulationRequest r, DynamicalDiffraction.Kernel kernel) {
        return simulate(r, kernel, false, null);
    }

    /**
     * Runs the forward model with exact ({@link Convolution.Method#DIRECT}) convolution.
     *
     * @param absolute false for the paper's {@code conv/max(conv)·scale + background}; true for the absolute
     *                 {@code scale·R + background}, R the reflectivity averaged over the area-normalised resolution
     *                 (scale then counts incident photons): for weak reflections and grids without the Bragg peak,
     *                 where normalising to the maximum would invent a peak
     * @param progress told the fraction done (0..1) after each part of the θ grid, or null; given, the recursion
     *                 runs in parts of {@link #PROGRESS_CHUNK} angles (same values, angles are independent)
     */
    public static SimulatedCurve simulate(SimulationRequest r, DynamicalDiffraction.Kernel kernel, boolean absolute,
                                          DoubleConsumer progress) {
        if (absolute && r.rescale() != null) {
            throw new IllegalArgumentException("rescale: a curve in absolute reflectivity cannot be rescaled onto a "
                    + "network grid (network inputs are normalised to their peak)");
        }
        double[] theta = r.thetaRad();
        Workspace w = new Workspace();
        w.reflectivity(r.setup(), r.profiles(), theta, kernel, progress);
        if (absolute) {
            w.averaged(r.resolution()).absolute(r.scale(), r.background());
        } else {
            w.convolve(r.resolution(), Convolution.Method.DIRECT).scaled(r.scale(), r.background());
        }
        Noise n = r.noise();
        w.noise(n == null ? null : n.mode(), n == null ? null : new SplittableRandom(n.seed()));
        double[] rescaled = null;
        if (r.rescale() != null) {
            rescaled = new double[r.rescale().points()];
            w.rescale(r.rescale().x(), r.setup(), r.setup().braggAngleRad(), rescaled);
        }
        return new SimulatedCurve(theta, ThetaGrid.twoThetaDeg(theta),
                ThetaGrid.dqOverQ(theta, r.setup().braggAngleRad()), w.raw, w.expected(), w.counts(), r.rescale(),
                rescaled);
    }

    /**
     * Buffers of the forward model and the current curve, reused from curve to curve: after the first curves of
     * the longest grid, the stages allocate nothing but what the recursion allocates itself. Stages run in
     * order ({@link #reflectivity}, {@link #convolve} or {@link #averaged}, {@link #scaled} or
     * {@link #absolute}, {@link #noise}, {@link #rescale}); each reads the previous one's result. Not
     * thread-safe: one workspace per thread.
     */
    public static final class Workspace {
        private double[] theta;
        private double[] raw;
        private int m;
        private double[] resolution = new double[0];
        private double[] reversed = new double[0];
        private double[] conv = new double[0];
        private double[] expected = new double[0];
        private double[] counts = new double[0];
        private double[] x = new double[0];
        private double[] fftRe = new double[0];
        private double[] fftIm = new double[0];

        /** |X|² of the recursion on the current grid (the recursion's array, not copied). */
        public double[] rawReflectivity() {
            return raw;
        }

        /** A copy of the noise-free counts of the current curve. */
        public double[] expected() {
            return Arrays.copyOf(expected, m);
        }

        /** A copy of the final counts of the current curve (noisy or not). */
        public double[] counts() {
            return Arrays.copyOf(counts, m);
        }

        /** Stage 1: the raw reflectivity |X|² on {@code thetaRad} (kept by reference until the next curve). */
        public Workspace reflectivity(DiffractionSetup setup, DepthProfiles profiles, double[] thetaRad,
                                      DynamicalDiffraction.Kernel kernel) {
            return reflectivity(setup, profiles, thetaRad, kernel, null);
        }

        /**
         * Stage 1 from a raw reflectivity computed elsewhere (e.g. by a {@link DynamicalDiffraction.Trace}): |X|² on
         * {@code thetaRad}, both kept by reference until the next curve.
         */
        public Workspace reflectivity(double[] thetaRad, double[] rawReflectivity) {
            if (rawReflectivity.length != thetaRad.length) {
                throw new IllegalArgumentException("raw reflectivity has " + rawReflectivity.length + " values for "
                        + thetaRad.length + " angles");
            }
            grid(thetaRad);
            raw = rawReflectivity;
            return this;
        }

        private void grid(double[] thetaRad) {
            theta = thetaRad;
            m = thetaRad.length;
            if (conv.length < m) {
                int n = Math.max(m, conv.length * 5 / 4);
                resolution = new double[n];
                reversed = new double[n];
                conv = new double[n];
                expected = new double[n];
                counts = new double[n];
                x = new double[n];
            }
        }

        private Workspace reflectivity(DiffractionSetup setup, DepthProfiles profiles, double[] thetaRad,
                                       DynamicalDiffraction.Kernel kernel, DoubleConsumer progress) {
            grid(thetaRad);
            if (progress == null) {
                raw = DynamicalDiffraction.reflectivity(setup, profiles, thetaRad, kernel);
                return this;
            }
            raw = new double[m];
            for (int from = 0; from < m; from += PROGRESS_CHUNK) {
                int to = Math.min(m, from + PROGRESS_CHUNK);
                double[] part = DynamicalDiffraction.reflectivity(setup, profiles,
                        Arrays.copyOfRange(thetaRad, from, to), kernel);
                System.arraycopy(part, 0, raw, from, part.length);
                progress.accept((double) to / m);
            }
            return this;
        }

        /** Stage 2: the raw curve convolved with the resolution ('same'), or copied when it is null. */
        public Workspace convolve(Resolution res, Convolution.Method method) {
            if (res == null) {
                System.arraycopy(raw, 0, conv, 0, m);
                return this;
            }
            res.sample(theta, m, resolution);
            if (method == Convolution.Method.DIRECT) {
                Convolution.same(raw, m, resolution, m, reversed, conv);
            } else {
                int p = Convolution.fftSize(m);
                if (fftRe.length < p) {
                    fftRe = new double[p];
                    fftIm = new double[p];
                }
                Convolution.sameFft(raw, resolution, m, fftRe, fftIm, conv);
            }
            return this;
        }

        /**
         * Stage 2 for absolute intensities: the reflectivity averaged over the area-normalised resolution
         * (direct convolution divided by the resolution's own weight at each point), or copied when it is null.
         */
        public Workspace averaged(Resolution res) {
            convolve(res, Convolution.Method.DIRECT);
            if (res != null) {
                Arrays.fill(expected, 0, m, 1.0);
                Convolution.same(expected, m, resolution, m, reversed, counts);
                for (int i = 0; i < m; i++) {
                    conv[i] /= counts[i];
                }
            }
            return this;
        }

        /** Stage 3: {@code conv/max(conv)·scale + background} (see {@link Intensity#scaled}). */
        public Workspace scaled(double scale, Background background) {
            Intensity.scaled(conv, theta, m, scale, background, expected);
            return this;
        }

        /** Stage 3 for absolute intensities: {@code R·scale + background} (see {@link Intensity#absolute}). */
        public Workspace absolute(double scale, Background background) {
            Intensity.absolute(conv, theta, m, scale, background, expected);
            return this;
        }

        /** Stage 4: counting noise drawn point by point from {@code rng}; a null mode keeps the expected counts. */
        public Workspace noise(PoissonNoise.Mode mode, SplittableRandom rng) {
            if (mode == null) {
                System.arraycopy(expected, 0, counts, 0, m);
            } else {
                PoissonNoise.apply(expected, m, mode, rng, counts);
            }
            return this;
        }

        /**
         * Stage 4b: Gaussian read-out noise of {@code sigmaCounts} added to every count, clipped at 0; nothing is
         * drawn when it is 0.
         */
        public Workspace readout(double sigmaCounts, SplittableRandom rng) {
            ReadoutNoise.add(counts, m, sigmaCounts, rng);
            return this;
        }

        /**
         * Stage 5: log10(I/max) of the final counts on a network grid ({@link NetworkGrid#rescaleLog10(double[],
         * double[], int, double[], double[])}), the abscissa referenced to {@code thetaRefRad}.
         *
         * @param gridX the network grid, strictly decreasing
         * @param out receives the rescaled curve (length ≥ grid length)
         */
        public Workspace rescale(double[] gridX, DiffractionSetup setup, double thetaRefRad, double[] out) {
            NetworkGrid.abscissa(theta, m, setup.wavelengthA(), thetaRefRad, setup.dSpacingA(), x);
            System.arraycopy(counts, 0, resolution, 0, m);
            NetworkGrid.rescaleLog10(x, resolution, m, gridX, out);
            return this;
        }

        /** θ (rad) of the maximum of the noise-free counts (the first one on ties). */
        public double peakThetaRad() {
            int at = 0;
            for (int i = 1; i < m; i++) {
                if (expected[i] > expected[at]) {
                    at = i;
                }
            }
            return theta[at];
        }
    }
}
