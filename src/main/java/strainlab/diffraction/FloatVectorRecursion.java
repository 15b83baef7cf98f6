package strainlab.diffraction;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The recursion in float32, twice as many angles per SIMD register as {@link VectorRecursion}, with the same
 * bounded, cancellation-free algebra and passes. What keeps float32 accurate: the angle offset
 * {@code θ − θB_n} is formed as {@code (θ − θB_S)} (exact in double, then rounded) plus
 * {@code e_n·tanθB_S}, so no large angle is ever subtracted in float; η ± s never cancel; polynomial
 * exp/sin/cos are sized for float precision. Phases beyond ±{@value #MAX_PHASE} rad are redone in double.
 * Agreement with float64 is tested to 1e-3 in log10 down to 8 decades below the peak (~1e-5 on the
 * references); deeper tails, where near-cancelling amplitudes meet float round-off, may differ by a few 1e-3.
 */
final class FloatVectorRecursion {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private static final float SHIFTER = 0x1.8p23f;
    private static final int SHIFTER_BITS = Float.floatToRawIntBits(SHIFTER);
    private static final float LOG2E = 1.44269504f;
    private static final float LN2_HI = 0.693145751953125f;
    private static final float LN2_LO = 1.428606765330187e-06f;
    private static final float TWO_OVER_PI = 0.63661977f;
    private static final float PIO2_1 = 1.5703125f;
    private static final float PIO2_2 = 4.837512969970703125e-4f;
    private static final float PIO2_3 = 7.54978995489188216e-8f;
    private static final float MAX_PHASE = 8192f;
    private static final float MIN_EXP_ARG = -80f;
    private static final float SERIES_MIN_ETA2 = 100f;

    private FloatVectorRecursion() {
    }

    static void run(LayerConstants c, double[] thetaRad, double[] outRe, double[] outIm) {
        int lanes = SPECIES.length();
        int n = thetaRad.length;
        int padded = (n + lanes - 1) / lanes * lanes;
        Work w = new Work(padded, lanes);
        for (int i = 0; i < padded; i++) {
            double th = thetaRad[Math.min(i, n - 1)];
            w.th[i] = th;
            w.d[i] = (float) (th - c.thetaBS);
            double[] x = ScalarRecursion.substrate(c, th);
            w.xr[i] = (float) x[0];
            w.xi[i] = (float) x[1];
        }
        for (int k = 0; k < c.lamellae; k++) {
            float offset = (float) (c.thetaBS - c.thetaB[k]);
            roots(c, k, offset, w);
            factor(w);
            update(w);
            fixHugePhases(c, k, w);
        }
        for (int i = 0; i < n; i++) {
            outRe[i] = w.xr[i];
            outIm[i] = w.xi[i];
        }
    }

    /** Per-angle float arrays of one run, padded to whole vectors. */
    static final class Work {
        final int padded;
        final double[] th;
        final float[] d;
        final float[] xr;
        final float[] xi;
        final float[] sumRe;
        final float[] sumIm;
        final float[] diffRe;
        final float[] diffIm;
        final float[] fRe;
        final float[] fIm;
        final float[] sigma;
        final int[] huge;
        int hugeCount;
        final float[] oldXr;
        final float[] oldXi;

        Work(int padded, int lanes) {
            this.padded = padded;
            th = new double[padded];
            d = new float[padded];
            xr = new float[padded];
            xi = new float[padded];
            sumRe = new float[padded];
            sumIm = new float[padded];
            diffRe = new float[padded];
            diffIm = new float[padded];
            fRe = new float[padded];
            fIm = new float[padded];
            sigma = new float[padded];
            huge = new int[padded / lanes];
            oldXr = new float[padded];
            oldXi = new float[padded];
        }
    }

    /** Pass 1, as {@link VectorRecursion#roots}: series root far from Bragg, exact principal root near it. */
    static void roots(LayerConstants c, int k, float offset, Work w) {
        final VectorSpecies<Float> sp = SPECIES;
        final float aR = (float) c.aRe[k];
        final float aI = (float) c.aIm[k];
        final float bR = (float) c.bRe[k];
        final float bI = (float) c.bIm[k];
        final float tR = (float) c.tRe[k];
        final float tI = (float) c.tIm[k];
        final FloatVector one = FloatVector.broadcast(sp, 1f);
        for (int i = 0; i < w.padded; i += sp.length()) {
            FloatVector dn = FloatVector.fromArray(sp, w.d, i).add(offset);
            FloatVector nRe = dn.fma(aR, bR);
            FloatVector nIm = dn.fma(aI, bI);
            FloatVector mod2 = nRe.fma(nRe, nIm.mul(nIm));
            if (!mod2.compare(VectorOperators.GE, SERIES_MIN_ETA2).allTrue()) {
                rootsExact(aR, aI, bR, bI, tR, tI, offset, w, i);
                continue;
            }
            FloatVector e2Re = nRe.fma(nRe, nIm.mul(nIm).neg());
            FloatVector e2Im = nRe.add(nRe).mul(nIm);
            FloatVector inv4 = one.div(mod2.mul(mod2));
            FloatVector uRe = e2Re.mul(inv4);
            FloatVector uIm = e2Im.mul(inv4).neg();
            // √(1−u) − 1 = u·(−1/2 + u·(−1/8 + u·(−1/16 + u·(−5/128)))), |u| ≤ 0.01
            FloatVector dRe = uRe.mul(-5f / 128).add(-1f / 16);
            FloatVector dIm = uIm.mul(-5f / 128);
            FloatVector tmp = dRe.fma(uRe, dIm.mul(uIm).neg()).add(-1f / 8);
            dIm = dRe.fma(uIm, dIm.mul(uRe));
            dRe = tmp;
            tmp = dRe.fma(uRe, dIm.mul(uIm).neg()).add(-1f / 2);
            dIm = dRe.fma(uIm, dIm.mul(uRe));
            dRe = tmp;
            FloatVector hRe = dRe.fma(uRe, dIm.mul(uIm).neg());
            FloatVector hIm = dRe.fma(uIm, dIm.mul(uRe));
            FloatVector diffRe = nRe.fma(hRe, nIm.mul(hIm).neg());
            FloatVector diffIm = nRe.fma(hIm, nIm.mul(hRe));
            FloatVector sRe = nRe.add(diffRe);
            FloatVector sIm = nIm.add(diffIm);
            diffRe.intoArray(w.diffRe, i);
            diffIm.intoArray(w.diffIm, i);
            sRe.add(nRe).intoArray(w.sumRe, i);
            sIm.add(nIm).intoArray(w.sumIm, i);
            sIm.mul(tR).add(sRe.mul(tI)).intoArray(w.fRe, i);
            sIm.mul(tI + tI).sub(sRe.mul(tR + tR)).intoArray(w.fIm, i);
        }
    }

    private static void rootsExact(float aR, float aI, float bR, float bI, float tR, float tI, float offset,
                                   Work w, int i) {
        final VectorSpecies<Float> sp = SPECIES;
        final FloatVector one = FloatVector.broadcast(sp, 1f);
        FloatVector dn = FloatVector.fromArray(sp, w.d, i).add(offset);
        FloatVector nRe = dn.fma(aR, bR);
        FloatVector nIm = dn.fma(aI, bI);
        FloatVector wRe = nRe.fma(nRe, nIm.fma(nIm, one).neg());
        FloatVector wIm = nRe.add(nRe).mul(nIm);
        FloatVector h = wRe.fma(wRe, wIm.mul(wIm)).sqrt().add(wRe.abs());
        FloatVector tt = h.add(h).sqrt();
        VectorMask<Float> nonNeg = wRe.compare(VectorOperators.GE, 0f);
        FloatVector spRe = wIm.abs().blend(h, nonNeg);
        FloatVector spIm = h.viewAsIntegralLanes().or(wIm.viewAsIntegralLanes().and(Integer.MIN_VALUE))
                .viewAsFloatingLanes().blend(wIm, nonNeg);
        FloatVector enRe = tt.mul(nRe);
        FloatVector enIm = tt.mul(nIm);
        VectorMask<Float> aligned = spRe.fma(nRe, spIm.mul(nIm)).compare(VectorOperators.GE, 0f);
        VectorMask<Float> opposed = aligned.not();
        FloatVector bigRe = spRe.add(enRe.blend(enRe.neg(), opposed));
        FloatVector bigIm = spIm.add(enIm.blend(enIm.neg(), opposed));
        FloatVector m2 = bigRe.fma(bigRe, bigIm.mul(bigIm));
        FloatVector r = one.div(tt.mul(m2));
        FloatVector invTt = m2.mul(r);
        FloatVector sRe = spRe.mul(invTt);
        FloatVector sIm = spIm.mul(invTt);
        FloatVector largeRe = bigRe.mul(invTt);
        FloatVector largeIm = bigIm.mul(invTt);
        FloatVector tt2r = tt.mul(tt).mul(r);
        FloatVector smallRe = bigRe.mul(tt2r).neg();
        FloatVector smallIm = bigIm.mul(tt2r);
        smallRe.blend(largeRe, aligned).intoArray(w.sumRe, i);
        smallIm.blend(largeIm, aligned).intoArray(w.sumIm, i);
        largeRe.blend(smallRe, aligned).intoArray(w.diffRe, i);
        largeIm.blend(smallIm, aligned).intoArray(w.diffIm, i);
        sIm.mul(tR).add(sRe.mul(tI)).intoArray(w.fRe, i);
        sIm.mul(tI + tI).sub(sRe.mul(tR + tR)).intoArray(w.fIm, i);
    }

    /** Pass 2: F = e^{−2|p|}·e^{−iσ·2q} with float-sized polynomials. */
    static void factor(Work w) {
        final VectorSpecies<Float> sp = SPECIES;
        final FloatVector one = FloatVector.broadcast(sp, 1f);
        w.hugeCount = 0;
        for (int i = 0; i < w.padded; i += sp.length()) {
            FloatVector p = FloatVector.fromArray(sp, w.fRe, i);
            FloatVector q2 = FloatVector.fromArray(sp, w.fIm, i);
            if (q2.abs().compare(VectorOperators.GT, MAX_PHASE).anyTrue()) {
                w.huge[w.hugeCount++] = i;
            }
            VectorMask<Float> pos = p.compare(VectorOperators.GT, 0f);
            one.blend(one.neg(), pos.not()).intoArray(w.sigma, i);
            FloatVector xc = p.abs().mul(-2f).max(MIN_EXP_ARG);
            FloatVector te = xc.fma(LOG2E, SHIFTER);
            FloatVector nd = te.sub(SHIFTER);
            FloatVector re = nd.fma(FloatVector.broadcast(sp, -LN2_HI), xc);
            re = nd.fma(FloatVector.broadcast(sp, -LN2_LO), re);
            FloatVector poly = re.fma(1f / 5040, 1f / 720)
                    .fma(re, FloatVector.broadcast(sp, 1f / 120))
                    .fma(re, FloatVector.broadcast(sp, 1f / 24))
                    .fma(re, FloatVector.broadcast(sp, 1f / 6))
                    .fma(re, FloatVector.broadcast(sp, 0.5f))
                    .fma(re, one)
                    .fma(re, one);
            FloatVector mag = poly.mul(te.viewAsIntegralLanes().add(127 - SHIFTER_BITS)
                    .lanewise(VectorOperators.LSHL, 23).viewAsFloatingLanes());
            FloatVector tS = q2.fma(TWO_OVER_PI, SHIFTER);
            FloatVector kd = tS.sub(SHIFTER);
            FloatVector red = kd.fma(FloatVector.broadcast(sp, -PIO2_1), q2);
            red = kd.fma(FloatVector.broadcast(sp, -PIO2_2), red);
            red = kd.fma(FloatVector.broadcast(sp, -PIO2_3), red);
            FloatVector r2 = red.mul(red);
            FloatVector ps = r2.fma(1f / 362880, -1f / 5040)
                    .fma(r2, FloatVector.broadcast(sp, 1f / 120))
                    .fma(r2, FloatVector.broadcast(sp, 1f / 6).neg());
            FloatVector sinR = red.mul(r2).fma(ps, red);
            FloatVector pc = r2.fma(-1f / 3628800, 1f / 40320)
                    .fma(r2, FloatVector.broadcast(sp, -1f / 720))
                    .fma(r2, FloatVector.broadcast(sp, 1f / 24))
                    .fma(r2, FloatVector.broadcast(sp, -0.5f));
            FloatVector cosR = r2.fma(pc, one);
            IntVector kb = tS.viewAsIntegralLanes();
            VectorMask<Float> swap = kb.and(1).viewAsFloatingLanes().compare(VectorOperators.GT, 0f);
            FloatVector sinQ = sinR.blend(cosR, swap).viewAsIntegralLanes().lanewise(VectorOperators.XOR,
                    kb.and(2).lanewise(VectorOperators.LSHL, 30)).viewAsFloatingLanes();
            FloatVector cosQ = cosR.blend(sinR, swap).viewAsIntegralLanes().lanewise(VectorOperators.XOR,
                    kb.add(1).and(2).lanewise(VectorOperators.LSHL, 30)).viewAsFloatingLanes();
            mag.mul(cosQ).intoArray(w.fRe, i);
            FloatVector fIm0 = mag.mul(sinQ);
            fIm0.blend(fIm0.neg(), pos).intoArray(w.fIm, i);
        }
    }

    /** Pass 3: the bounded update, as {@link VectorRecursion#update}. */
    static void update(Work w) {
        final VectorSpecies<Float> sp = SPECIES;
        final FloatVector one = FloatVector.broadcast(sp, 1f);
        if (w.hugeCount > 0) {
            System.arraycopy(w.xr, 0, w.oldXr, 0, w.padded);
            System.arraycopy(w.xi, 0, w.oldXi, 0, w.padded);
        }
        for (int i = 0; i < w.padded; i += sp.length()) {
            FloatVector xRe = FloatVector.fromArray(sp, w.xr, i);
            FloatVector xIm = FloatVector.fromArray(sp, w.xi, i);
            FloatVector sumRe = FloatVector.fromArray(sp, w.sumRe, i);
            FloatVector sumIm = FloatVector.fromArray(sp, w.sumIm, i);
            FloatVector diffRe = FloatVector.fromArray(sp, w.diffRe, i);
            FloatVector diffIm = FloatVector.fromArray(sp, w.diffIm, i);
            FloatVector fRe = FloatVector.fromArray(sp, w.fRe, i);
            FloatVector fIm = FloatVector.fromArray(sp, w.fIm, i);
            FloatVector sigma = FloatVector.fromArray(sp, w.sigma, i);
            VectorMask<Float> pos = sigma.compare(VectorOperators.GT, 0f);
            FloatVector pRe = xRe.add(diffRe);
            FloatVector pIm = xIm.add(diffIm);
            FloatVector mRe = xRe.sub(sumRe);
            FloatVector mIm = xIm.sub(sumIm);
            FloatVector uRe = mRe.blend(pRe, pos);
            FloatVector uIm = mIm.blend(pIm, pos);
            FloatVector vRe = pRe.blend(mRe, pos);
            FloatVector vIm = pIm.blend(mIm, pos);
            FloatVector caRe = diffRe.blend(sumRe, pos);
            FloatVector caIm = diffIm.blend(sumIm, pos);
            FloatVector cbRe = sumRe.blend(diffRe, pos);
            FloatVector cbIm = sumIm.blend(diffIm, pos);
            FloatVector gRe = fRe.fma(cbRe, fIm.mul(cbIm).neg()).add(caRe);
            FloatVector gIm = fRe.fma(cbIm, fIm.mul(cbRe)).add(caIm);
            FloatVector numRe = xRe.fma(gRe, xIm.mul(gIm).neg()).mul(sigma).add(fRe).sub(one);
            FloatVector numIm = xRe.fma(gIm, xIm.mul(gRe)).mul(sigma).add(fIm);
            FloatVector denRe = uRe.sub(vRe.fma(fRe, vIm.mul(fIm).neg()));
            FloatVector denIm = uIm.sub(vRe.fma(fIm, vIm.mul(fRe)));
            FloatVector invDen = one.div(denRe.fma(denRe, denIm.mul(denIm)));
            numRe.fma(denRe, numIm.mul(denIm)).mul(invDen).intoArray(w.xr, i);
            numIm.fma(denRe, numRe.mul(denIm).neg()).mul(invDen).intoArray(w.xi, i);
        }
    }

    private static void fixHugePhases(LayerConstants c, int k, Work w) {
        int lanes = SPECIES.length();
        for (int h = 0; h < w.hugeCount; h++) {
            int i0 = w.huge[h];
            for (int i = i0; i < i0 + lanes; i++) {
                double[] x = ScalarRecursion.step(c, k, w.th[i], w.oldXr[i], w.oldXi[i]);
                w.xr[i] = (float) x[0];
                w.xi[i] = (float) x[1];
            }
        }
    }
}
