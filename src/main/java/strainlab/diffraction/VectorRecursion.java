package strainlab.diffraction;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The recursion vectorised across angles with {@code jdk.incubator.vector} (float64, the machine's preferred
 * species: 4 lanes with AVX2, 8 with AVX-512). Lamellae form the outer loop, so every per-lamella constant is
 * broadcast once; the amplitudes X of all angles live in two small arrays (L1-resident). The arithmetic is the
 * bounded, cancellation-free form documented in {@link ScalarRecursion}, branch-free (both branches computed,
 * then blended per lane), with two changes that keep it fast and exactly equivalent:
 * <ul>
 *   <li>√(η²−1) is formed as {@code S' = 2t·s} without division, so a single division yields both
 *       {@code 1/(2t)} and the reciprocal of the larger of η ± s;</li>
 *   <li>{@code e^x} (x ≤ 0) and {@code sin/cos} are evaluated inline with Cody–Waite reduction and Taylor
 *       polynomials accurate to ~1e-16 (the library's vector transcendental calls are several times slower
 *       on AVX2); phases beyond ±1e6 rad fall back to {@link Math#sin}/{@link Math#cos}.</li>
 * </ul>
 */
final class VectorRecursion {
    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

    /** 1.5·2^52: adding it rounds a double to an integer held in the low mantissa bits. */
    private static final double SHIFTER = 0x1.8p52;
    private static final long SHIFTER_BITS = Double.doubleToRawLongBits(SHIFTER);
    private static final double LOG2E = 1.4426950408889634;
    private static final double LN2_HI = 6.93147180369123816490e-01;
    private static final double LN2_LO = 1.90821492927058770002e-10;
    private static final double TWO_OVER_PI = 0.6366197723675814;
    private static final double PIO2_1 = 1.57079632673412561417e+00;
    private static final double PIO2_2 = 6.07710050630396597660e-11;
    private static final double PIO2_3 = 2.02226624871116645580e-21;
    /** Largest |phase| (rad) handled by the inline sin/cos. */
    private static final double MAX_PHASE = 1e6;
    /** Smallest exponent fed to the inline exp (e^−700 ≈ 1e−304 stands for 0). */
    private static final double MIN_EXP_ARG = -700.0;
    /** |η|² above which √(η²−1) comes from the series of √(1 − 1/η²) (|1/η²| ≤ 0.01). */
    static final double SERIES_MIN_ETA2 = 100.0;
    /** Taylor coefficients c_j of √(1−u) = 1 + Σ c_j·u^j. */
    private static final double SQRT_C1 = -1.0 / 2;
    private static final double SQRT_C2 = -1.0 / 8;
    private static final double SQRT_C3 = -1.0 / 16;
    private static final double SQRT_C4 = -5.0 / 128;
    private static final double SQRT_C5 = -7.0 / 256;
    private static final double SQRT_C6 = -21.0 / 1024;
    private static final double SQRT_C7 = -33.0 / 2048;
    private static final double SQRT_C8 = -429.0 / 32768;

    private VectorRecursion() {
    }

    static void run(LayerConstants c, double[] thetaRad, double[] outRe, double[] outIm) {
        Work w = substrate(c, thetaRad);
        for (int k = 0; k < c.lamellae; k++) {
            roots(c, k, w);
            factor(c, k, w);
            update(w);
            fixHugePhases(c, k, w);
        }
        System.arraycopy(w.xr, 0, outRe, 0, thetaRad.length);
        System.arraycopy(w.xi, 0, outIm, 0, thetaRad.length);
    }

    /** A work area on {@code thetaRad} padded to whole vectors (the last angle repeated). */
    private static Work onGrid(double[] thetaRad) {
        int lanes = SPECIES.length();
        int n = thetaRad.length;
        int padded = (n + lanes - 1) / lanes * lanes;
        Work w = new Work(padded, lanes);
        System.arraycopy(thetaRad, 0, w.th, 0, n);
        for (int i = n; i < padded; i++) {
            w.th[i] = thetaRad[n - 1];
        }
        return w;
    }

    /** A work area on the padded grid of {@code thetaRad} holding the substrate's amplitudes. */
    private static Work substrate(LayerConstants c, double[] thetaRad) {
        Work w = onGrid(thetaRad);
        int padded = w.padded;
        for (int i = 0; i < padded; i++) {
            double[] x = ScalarRecursion.substrate(c, w.th[i]);
            w.xr[i] = x[0];
            w.xi[i] = x[1];
        }
        return w;
    }

    /**
     * The recursion of {@link #run} with every lamella's angle passes ({@link #roots}, {@link #factor}) and the
     * amplitudes above it kept, so that {@link Trace#rerun} can redo only what other constants change.
     */
    static Trace trace(LayerConstants c, double[] thetaRad) {
        Work w = substrate(c, thetaRad);
        Trace t = new Trace(c, thetaRad.clone(), w);
        for (int k = 0; k < c.lamellae; k++) {
            roots(c, k, w);
            factor(c, k, w);
            t.keepPasses(k, w);
            update(w);
            fixHugePhases(c, k, w);
            t.keepAmplitudes(k, w);
        }
        return t;
    }

    /** What {@link #trace} keeps of one recursion: per lamella, its angle passes and the amplitudes above it. */
    static final class Trace {
        final LayerConstants c;
        final double[] thetaRad;
        private final double[] subXr;
        private final double[] subXi;
        /** Per lamella: the passes' outputs sumRe, sumIm, diffRe, diffIm, fRe, fIm, sigma (padded). */
        private final double[][][] passes;
        private final int[][] huge;
        private final double[][] xr;
        private final double[][] xi;

        private Trace(LayerConstants c, double[] thetaRad, Work w) {
            this.c = c;
            this.thetaRad = thetaRad;
            subXr = w.xr.clone();
            subXi = w.xi.clone();
            passes = new double[c.lamellae][][];
            huge = new int[c.lamellae][];
            xr = new double[c.lamellae][];
            xi = new double[c.lamellae][];
        }

        private void keepPasses(int k, Work w) {
            passes[k] = new double[][]{w.sumRe.clone(), w.sumIm.clone(), w.diffRe.clone(), w.diffIm.clone(),
                w.fRe.clone(), w.fIm.clone(), w.sigma.clone()};
            huge[k] = java.util.Arrays.copyOf(w.huge, w.hugeCount);
        }

        private void keepAmplitudes(int k, Work w) {
            xr[k] = w.xr.clone();
            xi[k] = w.xi.clone();
        }

        /** The surface amplitudes of the traced recursion into outRe, outIm (unpadded length). */
        void surface(double[] outRe, double[] outIm) {
            int n = thetaRad.length;
            double[] re = c.lamellae == 0 ? subXr : xr[c.lamellae - 1];
            double[] im = c.lamellae == 0 ? subXi : xi[c.lamellae - 1];
            System.arraycopy(re, 0, outRe, 0, n);
            System.arraycopy(im, 0, outIm, 0, n);
        }

        /**
         * The recursion with the constants {@code c2} (same substrate and lamella count as the traced ones, same
         * angles) from the lowest lamella {@code from} whose constants differ, the angle passes recomputed only up
         * to the highest, {@code to}: what {@link #run} gives for {@code c2}, to the bit.
         */
        void rerun(LayerConstants c2, int from, int to, double[] outRe, double[] outIm) {
            Work w = onGrid(thetaRad);
            int padded = w.padded;
            System.arraycopy(from == 0 ? subXr : xr[from - 1], 0, w.xr, 0, padded);
            System.arraycopy(from == 0 ? subXi : xi[from - 1], 0, w.xi, 0, padded);
            for (int k = from; k < c2.lamellae; k++) {
                if (k <= to) {
                    roots(c2, k, w);
                    factor(c2, k, w);
                } else {
                    double[][] p = passes[k];
                    System.arraycopy(p[0], 0, w.sumRe, 0, padded);
                    System.arraycopy(p[1], 0, w.sumIm, 0, padded);
                    System.arraycopy(p[2], 0, w.diffRe, 0, padded);
                    System.arraycopy(p[3], 0, w.diffIm, 0, padded);
                    System.arraycopy(p[4], 0, w.fRe, 0, padded);
                    System.arraycopy(p[5], 0, w.fIm, 0, padded);
                    System.arraycopy(p[6], 0, w.sigma, 0, padded);
                    System.arraycopy(huge[k], 0, w.huge, 0, huge[k].length);
                    w.hugeCount = huge[k].length;
                }
                update(w);
                fixHugePhases(c2, k, w);
            }
            System.arraycopy(w.xr, 0, outRe, 0, thetaRad.length);
            System.arraycopy(w.xi, 0, outIm, 0, thetaRad.length);
        }
    }

    /** Per-angle arrays shared by the three passes of one lamella (padded to whole vectors). */
    static final class Work {
        final int padded;
        final double[] th;
        final double[] xr;
        final double[] xi;
        final double[] sumRe;
        final double[] sumIm;
        final double[] diffRe;
        final double[] diffIm;
        final double[] fRe;
        final double[] fIm;
        /** +1 where p &gt; 0 (σ), −1 elsewhere. */
        final double[] sigma;
        /** Lane start indices of vectors with a phase beyond {@link #MAX_PHASE}; count in {@link #hugeCount}. */
        final int[] huge;
        int hugeCount;
        final double[] oldXr;
        final double[] oldXi;

        Work(int padded, int lanes) {
            this.padded = padded;
            th = new double[padded];
            xr = new double[padded];
            xi = new double[padded];
            sumRe = new double[padded];
            sumIm = new double[padded];
            diffRe = new double[padded];
            diffIm = new double[padded];
            fRe = new double[padded];
            fIm = new double[padded];
            sigma = new double[padded];
            huge = new int[padded / lanes];
            oldXr = new double[padded];
            oldXi = new double[padded];
        }
    }

    /**
     * Pass 1: η, a square root s of η²−1, η ± s without cancellation, and the phase −iTs = p + iq, stored as
     * (p, 2q) in (fRe, fIm). The update is unchanged under s → −s, so any root may be used. Far from the
     * lamella's Bragg condition (|η|² ≥ {@value #SERIES_MIN_ETA2} in every lane, the common case) the root is
     * {@code s = η·√(1−u)}, {@code u = 1/η²}, with {@code √(1−u) − 1} from its series (error &lt; 1e-15): one
     * division, no square root. Otherwise the exact principal root is used ({@link #rootsExact}).
     */
    static void roots(LayerConstants c, int k, Work w) {
        final VectorSpecies<Double> sp = SPECIES;
        final double thB = c.thetaB[k];
        final double aR = c.aRe[k];
        final double aI = c.aIm[k];
        final double bR = c.bRe[k];
        final double bI = c.bIm[k];
        final double tR = c.tRe[k];
        final double tI = c.tIm[k];
        final DoubleVector one = DoubleVector.broadcast(sp, 1.0);
        for (int i = 0; i < w.padded; i += sp.length()) {
            DoubleVector dn = DoubleVector.fromArray(sp, w.th, i).sub(thB);
            DoubleVector nRe = dn.fma(aR, bR);
            DoubleVector nIm = dn.fma(aI, bI);
            DoubleVector mod2 = nRe.fma(nRe, nIm.mul(nIm));
            if (!mod2.compare(VectorOperators.GE, SERIES_MIN_ETA2).allTrue()) {
                rootsExact(c, k, w, i);
                continue;
            }
            // u = 1/η² = conj(η²)/|η|⁴
            DoubleVector e2Re = nRe.fma(nRe, nIm.mul(nIm).neg());
            DoubleVector e2Im = nRe.add(nRe).mul(nIm);
            DoubleVector inv4 = one.div(mod2.mul(mod2));
            DoubleVector uRe = e2Re.mul(inv4);
            DoubleVector uIm = e2Im.mul(inv4).neg();
            // D(u) = √(1−u) − 1 = u·(c1 + u·(c2 + … + u·c8)), complex Horner, unrolled
            DoubleVector dRe = uRe.mul(SQRT_C8).add(SQRT_C7);
            DoubleVector dIm = uIm.mul(SQRT_C8);
            DoubleVector tmp = dRe.fma(uRe, dIm.mul(uIm).neg()).add(SQRT_C6);
            dIm = dRe.fma(uIm, dIm.mul(uRe));
            dRe = tmp;
            tmp = dRe.fma(uRe, dIm.mul(uIm).neg()).add(SQRT_C5);
            dIm = dRe.fma(uIm, dIm.mul(uRe));
            dRe = tmp;
            tmp = dRe.fma(uRe, dIm.mul(uIm).neg()).add(SQRT_C4);
            dIm = dRe.fma(uIm, dIm.mul(uRe));
            dRe = tmp;
            tmp = dRe.fma(uRe, dIm.mul(uIm).neg()).add(SQRT_C3);
            dIm = dRe.fma(uIm, dIm.mul(uRe));
            dRe = tmp;
            tmp = dRe.fma(uRe, dIm.mul(uIm).neg()).add(SQRT_C2);
            dIm = dRe.fma(uIm, dIm.mul(uRe));
            dRe = tmp;
            tmp = dRe.fma(uRe, dIm.mul(uIm).neg()).add(SQRT_C1);
            dIm = dRe.fma(uIm, dIm.mul(uRe));
            dRe = tmp;
            DoubleVector hRe = dRe.fma(uRe, dIm.mul(uIm).neg());
            DoubleVector hIm = dRe.fma(uIm, dIm.mul(uRe));
            // diff = s − η = η·D, sum = s + η = 2η + diff, s = η + diff
            DoubleVector diffRe = nRe.fma(hRe, nIm.mul(hIm).neg());
            DoubleVector diffIm = nRe.fma(hIm, nIm.mul(hRe));
            DoubleVector sRe = nRe.add(diffRe);
            DoubleVector sIm = nIm.add(diffIm);
            diffRe.intoArray(w.diffRe, i);
            diffIm.intoArray(w.diffIm, i);
            sRe.add(nRe).intoArray(w.sumRe, i);
            sIm.add(nIm).intoArray(w.sumIm, i);
            sIm.mul(tR).add(sRe.mul(tI)).intoArray(w.fRe, i);
            sIm.mul(tI + tI).sub(sRe.mul(tR + tR)).intoArray(w.fIm, i);
        }
    }

    /**
     * Pass 1 for one vector of angles near the lamella's Bragg condition: the principal root, formed as
     * {@code S' = 2t·s} with {@code t = √((|w| + |Re w|)/2)} without division, so that one division gives both
     * 1/(2t) and the reciprocal of the larger of s ± η; the smaller is −1/(larger).
     */
    private static void rootsExact(LayerConstants c, int k, Work w, int i) {
        final VectorSpecies<Double> sp = SPECIES;
        final DoubleVector one = DoubleVector.broadcast(sp, 1.0);
        final double tR = c.tRe[k];
        final double tI = c.tIm[k];
        DoubleVector dn = DoubleVector.fromArray(sp, w.th, i).sub(c.thetaB[k]);
        DoubleVector nRe = dn.fma(c.aRe[k], c.bRe[k]);
        DoubleVector nIm = dn.fma(c.aIm[k], c.bIm[k]);
        DoubleVector wRe = nRe.fma(nRe, nIm.fma(nIm, one).neg());
        DoubleVector wIm = nRe.add(nRe).mul(nIm);
        DoubleVector h = wRe.fma(wRe, wIm.mul(wIm)).sqrt().add(wRe.abs());
        DoubleVector tt = h.add(h).sqrt();
        VectorMask<Double> nonNeg = wRe.compare(VectorOperators.GE, 0.0);
        DoubleVector spRe = wIm.abs().blend(h, nonNeg);
        DoubleVector spIm = copySign(h, wIm).blend(wIm, nonNeg);
        DoubleVector enRe = tt.mul(nRe);
        DoubleVector enIm = tt.mul(nIm);
        VectorMask<Double> aligned = spRe.fma(nRe, spIm.mul(nIm)).compare(VectorOperators.GE, 0.0);
        VectorMask<Double> opposed = aligned.not();
        DoubleVector bigRe = spRe.add(enRe.blend(enRe.neg(), opposed));
        DoubleVector bigIm = spIm.add(enIm.blend(enIm.neg(), opposed));
        DoubleVector m2 = bigRe.fma(bigRe, bigIm.mul(bigIm));
        DoubleVector r = one.div(tt.mul(m2));
        DoubleVector invTt = m2.mul(r);
        DoubleVector sRe = spRe.mul(invTt);
        DoubleVector sIm = spIm.mul(invTt);
        DoubleVector largeRe = bigRe.mul(invTt);
        DoubleVector largeIm = bigIm.mul(invTt);
        DoubleVector tt2r = tt.mul(tt).mul(r);
        DoubleVector smallRe = bigRe.mul(tt2r).neg();
        DoubleVector smallIm = bigIm.mul(tt2r);
        smallRe.blend(largeRe, aligned).intoArray(w.sumRe, i);
        smallIm.blend(largeIm, aligned).intoArray(w.sumIm, i);
        largeRe.blend(smallRe, aligned).intoArray(w.diffRe, i);
        largeIm.blend(smallIm, aligned).intoArray(w.diffIm, i);
        sIm.mul(tR).add(sRe.mul(tI)).intoArray(w.fRe, i);
        sIm.mul(tI + tI).sub(sRe.mul(tR + tR)).intoArray(w.fIm, i);
    }

    /**
     * Pass 2: {@code F = e^{−2|p|}·e^{−iσ·2q}} from (p, 2q) held in (fRe, fIm), with inline exp and sin/cos;
     * records σ and the vectors whose phase exceeds {@link #MAX_PHASE} (redone in scalar afterwards).
     */
    static void factor(LayerConstants c, int k, Work w) {
        final VectorSpecies<Double> sp = SPECIES;
        final DoubleVector one = DoubleVector.broadcast(sp, 1.0);
        w.hugeCount = 0;
        for (int i = 0; i < w.padded; i += sp.length()) {
            DoubleVector p = DoubleVector.fromArray(sp, w.fRe, i);
            DoubleVector q2 = DoubleVector.fromArray(sp, w.fIm, i);
            if (q2.abs().compare(VectorOperators.GT, MAX_PHASE).anyTrue()) {
                w.huge[w.hugeCount++] = i;
            }
            VectorMask<Double> pos = p.compare(VectorOperators.GT, 0.0);
            one.blend(one.neg(), pos.not()).intoArray(w.sigma, i);
            // e^{−2|p|}
            DoubleVector xc = p.abs().mul(-2.0).max(MIN_EXP_ARG);
            DoubleVector te = xc.fma(LOG2E, SHIFTER);
            DoubleVector nd = te.sub(SHIFTER);
            DoubleVector re = nd.fma(DoubleVector.broadcast(sp, -LN2_HI), xc);
            re = nd.fma(DoubleVector.broadcast(sp, -LN2_LO), re);
            DoubleVector poly = re.fma(1.0 / 6227020800.0, 1.0 / 479001600.0)
                    .fma(re, DoubleVector.broadcast(sp, 1.0 / 39916800.0))
                    .fma(re, DoubleVector.broadcast(sp, 1.0 / 3628800.0))
                    .fma(re, DoubleVector.broadcast(sp, 1.0 / 362880.0))
                    .fma(re, DoubleVector.broadcast(sp, 1.0 / 40320.0))
                    .fma(re, DoubleVector.broadcast(sp, 1.0 / 5040.0))
                    .fma(re, DoubleVector.broadcast(sp, 1.0 / 720.0))
                    .fma(re, DoubleVector.broadcast(sp, 1.0 / 120.0))
                    .fma(re, DoubleVector.broadcast(sp, 1.0 / 24.0))
                    .fma(re, DoubleVector.broadcast(sp, 1.0 / 6.0))
                    .fma(re, DoubleVector.broadcast(sp, 0.5))
                    .fma(re, one)
                    .fma(re, one);
            DoubleVector mag = poly.mul(te.viewAsIntegralLanes().add(1023L - SHIFTER_BITS)
                    .lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes());
            // sin/cos of 2q: Cody–Waite reduction by π/2, Taylor polynomials on [−π/4, π/4]
            DoubleVector tS = q2.fma(TWO_OVER_PI, SHIFTER);
            DoubleVector kd = tS.sub(SHIFTER);
            DoubleVector red = kd.fma(DoubleVector.broadcast(sp, -PIO2_1), q2);
            red = kd.fma(DoubleVector.broadcast(sp, -PIO2_2), red);
            red = kd.fma(DoubleVector.broadcast(sp, -PIO2_3), red);
            DoubleVector r2 = red.mul(red);
            DoubleVector ps = r2.fma(1.0 / 1307674368000.0, -1.0 / 6227020800.0)
                    .fma(r2, DoubleVector.broadcast(sp, 1.0 / 39916800.0))
                    .fma(r2, DoubleVector.broadcast(sp, -1.0 / 362880.0))
                    .fma(r2, DoubleVector.broadcast(sp, 1.0 / 5040.0))
                    .fma(r2, DoubleVector.broadcast(sp, -1.0 / 120.0))
                    .fma(r2, DoubleVector.broadcast(sp, 1.0 / 6.0)).neg();
            DoubleVector sinR = red.mul(r2).fma(ps, red);
            DoubleVector pc = r2.fma(1.0 / 20922789888000.0, -1.0 / 87178291200.0)
                    .fma(r2, DoubleVector.broadcast(sp, 1.0 / 479001600.0))
                    .fma(r2, DoubleVector.broadcast(sp, -1.0 / 3628800.0))
                    .fma(r2, DoubleVector.broadcast(sp, 1.0 / 40320.0))
                    .fma(r2, DoubleVector.broadcast(sp, -1.0 / 720.0))
                    .fma(r2, DoubleVector.broadcast(sp, 1.0 / 24.0))
                    .fma(r2, DoubleVector.broadcast(sp, -0.5));
            DoubleVector cosR = r2.fma(pc, one);
            // quadrant k mod 4 from the low bits of tS: swap sin/cos on odd k, flip signs by bit 1
            LongVector kb = tS.viewAsIntegralLanes();
            VectorMask<Double> swap = kb.and(1L).viewAsFloatingLanes().compare(VectorOperators.GT, 0.0);
            DoubleVector sinQ = sinR.blend(cosR, swap).viewAsIntegralLanes().lanewise(VectorOperators.XOR,
                    kb.and(2L).lanewise(VectorOperators.LSHL, 62)).viewAsFloatingLanes();
            DoubleVector cosQ = cosR.blend(sinR, swap).viewAsIntegralLanes().lanewise(VectorOperators.XOR,
                    kb.add(1L).and(2L).lanewise(VectorOperators.LSHL, 62)).viewAsFloatingLanes();
            mag.mul(cosQ).intoArray(w.fRe, i);
            DoubleVector fIm0 = mag.mul(sinQ);
            fIm0.blend(fIm0.neg(), pos).intoArray(w.fIm, i);
        }
    }

    /**
     * Pass 3: the bounded update. With (U, V, a, b) = (P, M, sum, diff) where σ = +1 and (M, P, diff, sum)
     * where σ = −1: {@code X ← (σ·X·(a + F·b) − (1 − F)) / (U − V·F)}.
     */
    static void update(Work w) {
        final VectorSpecies<Double> sp = SPECIES;
        final DoubleVector one = DoubleVector.broadcast(sp, 1.0);
        if (w.hugeCount > 0) {
            System.arraycopy(w.xr, 0, w.oldXr, 0, w.padded);
            System.arraycopy(w.xi, 0, w.oldXi, 0, w.padded);
        }
        for (int i = 0; i < w.padded; i += sp.length()) {
            DoubleVector xRe = DoubleVector.fromArray(sp, w.xr, i);
            DoubleVector xIm = DoubleVector.fromArray(sp, w.xi, i);
            DoubleVector sumRe = DoubleVector.fromArray(sp, w.sumRe, i);
            DoubleVector sumIm = DoubleVector.fromArray(sp, w.sumIm, i);
            DoubleVector diffRe = DoubleVector.fromArray(sp, w.diffRe, i);
            DoubleVector diffIm = DoubleVector.fromArray(sp, w.diffIm, i);
            DoubleVector fRe = DoubleVector.fromArray(sp, w.fRe, i);
            DoubleVector fIm = DoubleVector.fromArray(sp, w.fIm, i);
            DoubleVector sigma = DoubleVector.fromArray(sp, w.sigma, i);
            VectorMask<Double> pos = sigma.compare(VectorOperators.GT, 0.0);
            DoubleVector pRe = xRe.add(diffRe);
            DoubleVector pIm = xIm.add(diffIm);
            DoubleVector mRe = xRe.sub(sumRe);
            DoubleVector mIm = xIm.sub(sumIm);
            DoubleVector uRe = mRe.blend(pRe, pos);
            DoubleVector uIm = mIm.blend(pIm, pos);
            DoubleVector vRe = pRe.blend(mRe, pos);
            DoubleVector vIm = pIm.blend(mIm, pos);
            DoubleVector caRe = diffRe.blend(sumRe, pos);
            DoubleVector caIm = diffIm.blend(sumIm, pos);
            DoubleVector cbRe = sumRe.blend(diffRe, pos);
            DoubleVector cbIm = sumIm.blend(diffIm, pos);
            DoubleVector gRe = fRe.fma(cbRe, fIm.mul(cbIm).neg()).add(caRe);
            DoubleVector gIm = fRe.fma(cbIm, fIm.mul(cbRe)).add(caIm);
            DoubleVector numRe = xRe.fma(gRe, xIm.mul(gIm).neg()).mul(sigma).add(fRe).sub(one);
            DoubleVector numIm = xRe.fma(gIm, xIm.mul(gRe)).mul(sigma).add(fIm);
            DoubleVector denRe = uRe.sub(vRe.fma(fRe, vIm.mul(fIm).neg()));
            DoubleVector denIm = uIm.sub(vRe.fma(fIm, vIm.mul(fRe)));
            DoubleVector invDen = one.div(denRe.fma(denRe, denIm.mul(denIm)));
            numRe.fma(denRe, numIm.mul(denIm)).mul(invDen).intoArray(w.xr, i);
            numIm.fma(denRe, numRe.mul(denIm).neg()).mul(invDen).intoArray(w.xi, i);
        }
    }

    /** Redoes, with the scalar reference step, the angles whose phase was too large for the inline sin/cos. */
    private static void fixHugePhases(LayerConstants c, int k, Work w) {
        int lanes = SPECIES.length();
        for (int h = 0; h < w.hugeCount; h++) {
            int i0 = w.huge[h];
            for (int i = i0; i < i0 + lanes; i++) {
                double[] x = ScalarRecursion.step(c, k, w.th[i], w.oldXr[i], w.oldXi[i]);
                w.xr[i] = x[0];
                w.xi[i] = x[1];
            }
        }
    }

    /** copysign(magnitude, sign) per lane, signed zeros included, for magnitude ≥ 0. */
    private static DoubleVector copySign(DoubleVector magnitude, DoubleVector sign) {
        return magnitude.viewAsIntegralLanes()
                .or(sign.viewAsIntegralLanes().and(Long.MIN_VALUE))
                .viewAsFloatingLanes();
    }
}
