package strainlab.profile;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The random strain-profile recipe of the Boulle &amp; Debelle training generator (physics conventions,
 * "Training-set recipe"), on the N+1 lamella nodes {@code z_j = j·t/N} measured from the interface:
 * <ol>
 *   <li>an asymmetric Gaussian of unit height: peak position a uniform integer (in Å) in {@code [3t/10, t)},
 *       left (interface side, {@code z ≤ peak}) and right FWHM each uniform in {@code [t/10, t)};</li>
 *   <li>with probability 0.25 a plateau of height fraction {@code f ∈ [0,1)} blended in on the left, the right
 *       or both sides (1/3 each): {@code curve = (1−f)·curve + f·max} on that side (strictly left / right of the
 *       peak);</li>
 *   <li>a least-squares fit of 13 'abrupt' B-spline weights on the nodes. It is a linear problem: the
 *       pseudo-inverse of the 13-column basis matrix is computed once per N (QR) and applied as a
 *       13×(N+1) matrix–vector product;</li>
 *   <li>each weight gets {@code w += 0.1·w·U(−1,1)}; weights below −0.1 are set to 0; the first 3 are dropped;
 *       the last 10 are taken in absolute value and divided by their maximum;</li>
 *   <li>the whole draw is repeated when the first two of the 10 normalised weights are both ≤ 0.01.</li>
 * </ol>
 * The 10 normalised weights (maximum exactly 1) are multiplied by e_max (in %) by the caller and simulated
 * in the {@link SplineConvention#SMOOTH} convention.
 * <p>
 * Difference from the published Python: it divides by the signed maximum of all 13 weights (dropped ones
 * included) before taking the absolute value; this class follows the conventions document (maximum of the
 * 10 kept absolute values), so that the largest label weight equals e_max.
 * <p>
 * Instances are immutable and thread-safe; random numbers come only from the generator passed in, in a fixed
 * order (per attempt: peak, FWHM left, FWHM right, plateau test, [side, fraction], 13 perturbations).
 */
public final class RandomStrainProfiles {
    /** Number of 'abrupt' weights of the fit. */
    public static final int FIT_WEIGHTS = 13;
    /** Number of leading fitted weights that are dropped. */
    public static final int DROPPED_WEIGHTS = 3;
    /** Number of weights kept (the strain labels). */
    public static final int WEIGHTS = FIT_WEIGHTS - DROPPED_WEIGHTS;
    /** Probability of blending a plateau into the Gaussian. */
    public static final double PLATEAU_PROBABILITY = 0.25;
    /** Relative amplitude of the uniform perturbation of each fitted weight. */
    public static final double PERTURBATION = 0.1;
    /** Fitted weights below this value (profile of unit height) are set to 0. */
    public static final double NEGATIVE_CUTOFF = -0.1;
    /** A draw is repeated when the first two normalised weights are both ≤ this value. */
    public static final double MIN_LEADING_WEIGHT = 0.01;

    private static final double LN2 = Math.log(2.0);
    private static final Map<Integer, RandomStrainProfiles> CACHE = new ConcurrentHashMap<>();

    /** Side(s) of the peak on which a plateau is blended in. */
    public enum Plateau {
        /** No plateau (probability 0.75). */
        NONE,
        /** Interface side, {@code z < peak}. */
        LEFT,
        /** Surface side, {@code z > peak}. */
        RIGHT,
        /** Both sides (the whole curve). */
        BOTH
    }

    /**
     * One accepted draw of the recipe.
     *
     * @param peakPositionA peak position of the asymmetric Gaussian, Å from the interface (an integer)
     * @param fwhmLeftA FWHM on the interface side, Å
     * @param fwhmRightA FWHM on the surface side, Å
     * @param plateau side(s) of the blended plateau
     * @param plateauFraction height fraction f of the plateau in [0,1) (0 when {@code plateau == NONE})
     * @param normalizedWeights the 10 weights, ≥ 0, maximum 1 (multiply by e_max in % for the labels)
     * @param attempts number of draws made (≥ 1; > 1 when the leading-weight rule rejected some)
     */
    public record Draw(int peakPositionA, double fwhmLeftA, double fwhmRightA, Plateau plateau,
                       double plateauFraction, double[] normalizedWeights, int attempts) {
        public Draw {
            normalizedWeights = normalizedWeights.clone();
        }

        @Override
        public double[] normalizedWeights() {
            return normalizedWeights.clone();
        }

        /** The 10 weights in percent for a maximum strain {@code strainMaxPercent}. */
        public double[] weightsPercent(double strainMaxPercent) {
            double[] w = normalizedWeights.clone();
            for (int i = 0; i < w.length; i++) {
                w[i] *= strainMaxPercent;
            }
            return w;
        }

        @Override
        public String toString() {
            return "Draw[peakPositionA=" + peakPositionA + ", fwhmLeftA=" + fwhmLeftA + ", fwhmRightA=" + fwhmRightA
                    + ", plateau=" + plateau + ", plateauFraction=" + plateauFraction
                    + ", normalizedWeights=" + Arrays.toString(normalizedWeights) + ", attempts=" + attempts + "]";
        }
    }

    /**
     * Mutable per-thread scratch space of {@link #sampleInto}: reuse one per thread so that a draw allocates
     * nothing. After a call it also holds the shape parameters of the accepted draw.
     */
    public static final class Workspace {
        private final double[] curve;
        private final double[] fit = new double[FIT_WEIGHTS];
        private int peakPositionA;
        private double fwhmLeftA;
        private double fwhmRightA;
        private Plateau plateau = Plateau.NONE;
        private double plateauFraction;
        private int attempts;

        private Workspace(int nodes) {
            curve = new double[nodes];
        }

        /** Peak position of the accepted draw, Å from the interface. */
        public int peakPositionA() {
            return peakPositionA;
        }

        /** Interface-side FWHM of the accepted draw, Å. */
        public double fwhmLeftA() {
            return fwhmLeftA;
        }

        /** Surface-side FWHM of the accepted draw, Å. */
        public double fwhmRightA() {
            return fwhmRightA;
        }

        /** Plateau side(s) of the accepted draw. */
        public Plateau plateau() {
            return plateau;
        }

        /** Plateau height fraction of the accepted draw (0 without plateau). */
        public double plateauFraction() {
            return plateauFraction;
        }

        /** Number of draws made for the accepted one (≥ 1). */
        public int attempts() {
            return attempts;
        }

        /** Copy of the target curve (unit-height Gaussian + plateau) of the accepted draw on the nodes. */
        public double[] targetCurve() {
            return curve.clone();
        }
    }

    private final int lamellae;
    /** Row-major 13 × (N+1) least-squares pseudo-inverse of the abrupt basis on the nodes. */
    private final double[] pseudoInverse;

    private RandomStrainProfiles(int lamellae) {
        if (lamellae < FIT_WEIGHTS - 1) {
            throw new IllegalArgumentException("lamellae must be ≥ " + (FIT_WEIGHTS - 1)
                    + " to fit " + FIT_WEIGHTS + " weights, got " + lamellae);
        }
        this.lamellae = lamellae;
        double[][] basis = BSplines.basisMatrix(FIT_WEIGHTS, SplineConvention.ABRUPT, BSplines.nodeFractions(lamellae));
        RealMatrix pinv = new QRDecomposition(new Array2DRowRealMatrix(basis, false)).getSolver().getInverse();
        int nodes = lamellae + 1;
        pseudoInverse = new double[FIT_WEIGHTS * nodes];
        for (int k = 0; k < FIT_WEIGHTS; k++) {
            for (int j = 0; j < nodes; j++) {
                pseudoInverse[k * nodes + j] = pinv.getEntry(k, j);
            }
        }
    }

    /** The recipe for N lamellae (N+1 nodes); instances are cached per N. */
    public static RandomStrainProfiles forLamellae(int lamellae) {
        RandomStrainProfiles p = CACHE.get(lamellae);
        if (p == null) {
            p = new RandomStrainProfiles(lamellae);
            RandomStrainProfiles prev = CACHE.putIfAbsent(lamellae, p);
            if (prev != null) {
                p = prev;
            }
        }
        return p;
    }

    /** Number of lamellae N. */
    public int lamellae() {
        return lamellae;
    }

    /** A fresh scratch space for {@link #sampleInto}. */
    public Workspace newWorkspace() {
        return new Workspace(lamellae + 1);
    }

    /**
     * Least-squares 13 'abrupt' weights of a profile given on the N+1 nodes (values in the unit of the weights:
     * a profile in % gives weights in %). Direct solution with the precomputed pseudo-inverse.
     */
    public double[] fitAbruptWeights(double[] onNodes) {
        double[] out = new double[FIT_WEIGHTS];
        fitAbruptWeights(onNodes, out);
        return out;
    }

    /** As {@link #fitAbruptWeights(double[])}, writing the 13 weights into {@code out}. */
    public void fitAbruptWeights(double[] onNodes, double[] out) {
        int nodes = lamellae + 1;
        if (onNodes.length != nodes) {
            throw new IllegalArgumentException("onNodes: expected " + nodes + " node values for " + lamellae
                    + " lamellae, got " + onNodes.length);
        }
        if (out.length < FIT_WEIGHTS) {
            throw new IllegalArgumentException("out: need room for " + FIT_WEIGHTS + " weights, got " + out.length);
        }
        for (int k = 0; k < FIT_WEIGHTS; k++) {
            double s = 0;
            int row = k * nodes;
            for (int j = 0; j < nodes; j++) {
                s += pseudoInverse[row + j] * onNodes[j];
            }
            out[k] = s;
        }
    }

    /** One draw of the recipe for a layer of {@code thicknessNm} (allocating convenience form). */
    public Draw sample(double thicknessNm, RandomGenerator rng) {
        Workspace ws = newWorkspace();
        double[] w = new double[WEIGHTS];
        sampleInto(thicknessNm, rng, ws, w);
        return new Draw(ws.peakPositionA, ws.fwhmLeftA, ws.fwhmRightA, ws.plateau, ws.plateauFraction, w, ws.attempts);
    }

    /**
     * One draw of the recipe, writing the 10 normalised weights (≥ 0, max 1) into {@code weightsOut};
     * allocation-free. Repeats {@link #attempt} until a draw is accepted; the shape parameters of the accepted
     * draw and the number of attempts are left in {@code ws}.
     *
     * @param thicknessNm layer thickness t in nm (the peak position is an integer number of Å)
     */
    public void sampleInto(double thicknessNm, RandomGenerator rng, Workspace ws, double[] weightsOut) {
        int attempts = 0;
        while (true) {
            attempts++;
            if (attempt(thicknessNm, rng, ws, weightsOut)) {
                ws.attempts = attempts;
                return;
            }
            if (attempts >= 1_000_000) {
                throw new IllegalStateException("no acceptable profile after " + attempts + " draws for t = "
                        + thicknessNm + " nm");
            }
        }
    }

    /**
     * A single draw of steps 1–4 (Gaussian, plateau, fit, perturbation, normalisation) without the redraw
     * rule: writes the normalised weights into {@code weightsOut} and the shape into {@code ws}, and returns
     * whether the draw is accepted (first two weights not both ≤ 0.01, and a positive maximum). The statistics
     * of the recipe's ingredients (plateau probability, uniform positions and widths) hold per attempt; the
     * accepted draws are conditioned by the redraw rule.
     */
    public boolean attempt(double thicknessNm, RandomGenerator rng, Workspace ws, double[] weightsOut) {
        if (!(thicknessNm > 0) || !Double.isFinite(thicknessNm)) {
            throw new IllegalArgumentException("thicknessNm must be finite and > 0, got " + thicknessNm);
        }
        if (ws.curve.length != lamellae + 1) {
            throw new IllegalArgumentException("ws: workspace was made for " + (ws.curve.length - 1)
                    + " lamellae, this recipe has " + lamellae);
        }
        if (weightsOut.length < WEIGHTS) {
            throw new IllegalArgumentException("weightsOut: need room for " + WEIGHTS + " weights, got "
                    + weightsOut.length);
        }
        double tA = thicknessNm * 10.0;
        long lo = (long) Math.ceil(0.3 * tA - 1e-9);
        long hi = (long) Math.ceil(tA - 1e-9);
        if (hi <= lo) {
            throw new IllegalArgumentException("thicknessNm " + thicknessNm + " is too small for an integer peak"
                    + " position in Å in [3t/10, t)");
        }
        ws.attempts = 1;
        drawOnce(tA, lo, hi, rng, ws);
        return normalise(ws.fit, weightsOut)
                && !(weightsOut[0] <= MIN_LEADING_WEIGHT && weightsOut[1] <= MIN_LEADING_WEIGHT);
    }

    private void drawOnce(double tA, long lo, long hi, RandomGenerator rng, Workspace ws) {
        int pos = (int) rng.nextLong(lo, hi);
        double fwhmL = tA / 10 + rng.nextDouble() * (tA - tA / 10);
        double fwhmR = tA / 10 + rng.nextDouble() * (tA - tA / 10);
        double[] c = ws.curve;
        int nodes = c.length;
        double halfL = 0.5 * fwhmL;
        double halfR = 0.5 * fwhmR;
        double step = tA / lamellae;
        for (int j = 0; j < nodes; j++) {
            double z = j * step;
            double u = (z - pos) / (z > pos ? halfR : halfL);
            c[j] = Math.exp(-LN2 * u * u);
        }
        Plateau plateau = Plateau.NONE;
        double f = 0;
        if (rng.nextDouble() < PLATEAU_PROBABILITY) {
            double side = rng.nextDouble();
            f = rng.nextDouble();
            plateau = side < 1.0 / 3 ? Plateau.LEFT : side < 2.0 / 3 ? Plateau.RIGHT : Plateau.BOTH;
            for (int j = 0; j < nodes; j++) {
                double z = j * step;
                boolean apply = plateau == Plateau.BOTH || (plateau == Plateau.LEFT ? z < pos : z > pos);
                if (apply) {
                    c[j] = (1 - f) * c[j] + f;
                }
            }
        }
        fitAbruptWeights(c, ws.fit);
        for (int k = 0; k < FIT_WEIGHTS; k++) {
            double w = ws.fit[k];
            w += PERTURBATION * w * (2 * rng.nextDouble() - 1);
            ws.fit[k] = w < NEGATIVE_CUTOFF ? 0.0 : w;
        }
        ws.peakPositionA = pos;
        ws.fwhmLeftA = fwhmL;
        ws.fwhmRightA = fwhmR;
        ws.plateau = plateau;
        ws.plateauFraction = f;
    }

    /** Drops the first 3, takes |w| and divides by the max; false when that max is not positive. */
    private static boolean normalise(double[] fit, double[] out) {
        double max = 0;
        for (int k = 0; k < WEIGHTS; k++) {
            double a = Math.abs(fit[k + DROPPED_WEIGHTS]);
            out[k] = a;
            max = Math.max(max, a);
        }
        if (!(max > 0) || !Double.isFinite(max)) {
            return false;
        }
        for (int k = 0; k < WEIGHTS; k++) {
            out[k] /= max;
        }
        return true;
    }
}
