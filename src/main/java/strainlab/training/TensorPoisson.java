package strainlab.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Poisson variates drawn with tensor operations on the arrays' device (DJL 0.32's PyTorch engine has no Poisson
 * sampler: {@code NDManager.samplePoisson} throws {@code UnsupportedOperationException}). The same two methods as the
 * generator's {@link strainlab.instrument.PoissonNoise}, each on whole arrays with a fixed number of operations:
 *
 * <ul>
 *   <li>mean &lt; {@value #SMALL_MEAN}: <b>inversion</b> of the exact pmf over k = 0 .. {@value #INVERSION_TERMS}−1
 *       (float64, the pmf by its recurrence p(k) = p(k−1)·λ/k); k ≥ {@value #INVERSION_TERMS} is cut off, a
 *       probability below 1e-12 at mean 10 and far smaller below. The first {@value #FIRST_TERMS} terms are summed
 *       for every mean; only the variates beyond them (probability at most 0.0035, at mean 10) go on to the other
 *       terms;</li>
 *   <li>mean ≥ {@value #SMALL_MEAN}: Hörmann's <b>transformed rejection with squeeze</b> (PTRS, 1993), exact. One
 *       proposal is drawn for every mean; only the rejected ones (probability 0.25 at mean 10, 0.18 at 30 and
 *       0.11–0.12 above 1000) draw {@value #LATER_ROUNDS} more at once, the first accepted one kept. All
 *       {@value #ROUNDS} are rejected with probability 3.7e-3, 1.1e-3 and 2e-4; such a variate is the rounded normal
 *       with the Cornish–Fisher skewness term, {@code max(0, rint(mean + √mean·z + (z² − 1)/6))}, whose
 *       total-variation distance to Poisson is 2.4e-3, 7.8e-4 and below 2.4e-5 there (about 0.023/mean). The
 *       sampler's total-variation distance to Poisson is the product: at most 1e-5 at mean 10, 1e-6 at 30 and 1e-8
 *       above 1000.</li>
 * </ul>
 *
 * The means are first partitioned by a cumulative sum and a scatter (no sort, no read-back when the caller knows how
 * many means are small and large): each method then runs only on its own means and zeros cost nothing. The variates
 * that need a method's later steps are gathered the same way into a fixed number of slots, with no read-back of
 * their count: {@link #tailSlots} for the inversion, {@link #rejectedSlots} for PTRS, a bound their binomial count
 * exceeds with probability below 1e-20 (Hoeffding), and never for up to 1 034 means; a variate left without a slot
 * would keep its first, unfinished value. Uniforms and normals come from the engine's generator ({@link #seed}); the
 * work is in float64. Every constant of an operation is an array made once on the device ({@link Constants}): DJL
 * copies a number in an operation ({@code mul(2.53)}) to the operand's device at each use, which on a GPU blocks the
 * host until every queued kernel has run.
 */
public final class TensorPoisson {
    /** Means below this are drawn by inversion, the others by PTRS. */
    public static final double SMALL_MEAN = 10;
    /** Terms of the inversion (largest variate + 1 of a small mean). */
    public static final int INVERSION_TERMS = 40;
    /** Terms of the inversion summed for every small mean; the variates beyond them sum the others. */
    public static final int FIRST_TERMS = 20;
    /** PTRS proposals drawn per variate at most. */
    public static final int ROUNDS = 4;
    /** PTRS proposals drawn at once for a variate whose first proposal was rejected. */
    public static final int LATER_ROUNDS = ROUNDS - 1;

    /** ln k! for k = 0 .. {@value #INVERSION_TERMS}−1, summed in double on the host. */
    private static final double[] LOG_FACTORIAL = new double[INVERSION_TERMS];

    static {
        for (int k = 1; k < INVERSION_TERMS; k++) {
            LOG_FACTORIAL[k] = LOG_FACTORIAL[k - 1] + Math.log(k);
        }
    }

    private TensorPoisson() {
    }

    /**
     * The constants of the sampler's operations as arrays on one device, made once: float64 scalars (0-dimensional)
     * looked up by value, int64 scalars for index arithmetic, the reciprocals 1/k of the inversion's terms and the
     * table of ln k!, all on a sub-manager of the manager they were made for, closed with it or by {@link #close}.
     * Operations take them as arguments, never as receivers: a result belongs to its receiver's manager.
     */
    public static final class Constants implements AutoCloseable {
        /** The float64 scalars of the sampler's arithmetic and comparisons. */
        private static final double[] VALUES = {0, 0.5, 1, 2, 6, SMALL_MEAN, INVERSION_TERMS, INVERSION_TERMS - 1,
            2.53, 0.931, 0.02483, 0.059, 3.4, 1.1328, 1.1239, -3.6224, 0.9277, 0.43, 0.07, 0.013,
            1.0 / 1260, 1.0 / 360, 1.0 / 12, 0.5 * Math.log(2 * Math.PI)};

        private final NDManager manager;
        private final Map<Double, NDArray> float64 = new HashMap<>();
        private final Map<Long, NDArray> int64 = new HashMap<>();
        /**
         * The exponent of the reciprocals x⁻¹, int32 −1: the engine's pow differs from a division 1/x in the last
         * bit for about 1.5% of x, and seeded draws are those of pow.
         */
        private final NDArray minusOneInt32;
        private final NDArray logFactorial;
        /** 1/k for k = 1 .. {@value #INVERSION_TERMS}−1 at index k (index 0 unused), float64 scalars. */
        private final NDArray[] reciprocals = new NDArray[INVERSION_TERMS];

        private Constants(NDManager manager, double... extra) {
            this.manager = manager;
            for (double[] values : new double[][] {VALUES, extra}) {
                for (double v : values) {
                    float64.computeIfAbsent(v, x -> manager.create(x.doubleValue()));
                }
            }
            for (long v : new long[] {-1, 1}) {
                int64.put(v, manager.create(v));
            }
            this.minusOneInt32 = manager.create(-1);
            this.logFactorial = manager.create(LOG_FACTORIAL);
            for (int k = 1; k < INVERSION_TERMS; k++) {
                reciprocals[k] = manager.create(1.0 / k);
            }
        }

        /**
         * The float64 scalar {@code value}: one of the sampler's or of the {@code extra} values given to
         * {@link #constants}.
         *
         * @throws IllegalArgumentException for any other value
         */
        public NDArray f64(double value) {
            NDArray a = float64.get(value);
            if (a == null) {
                throw new IllegalArgumentException("no device scalar " + value);
            }
            return a;
        }

        /**
         * The int64 scalar {@code value}, −1 or 1.
         *
         * @throws IllegalArgumentException for any other value
         */
        public NDArray i64(long value) {
            NDArray a = int64.get(value);
            if (a == null) {
                throw new IllegalArgumentException("no device scalar " + value);
            }
            return a;
        }

        @Override
        public void close() {
            manager.close();
        }
    }

    /**
     * The sampler's constants on the device of {@code parent}, in a sub-manager of it, with float64 scalars of the
     * {@code extra} values for the caller's own operations.
     */
    public static Constants constants(NDManager parent, double... extra) {
        return new Constants(parent.newSubManager(), extra);
    }

    /** Seeds the engine's generator (CPU and GPUs): what {@link #sample} draws next depends only on the seed. */
    public static void seed(long seed) {
        JniUtils.setSeed(seed);
    }

    /**
     * Poisson(mean) variates, float64, the shape of {@code mean}, on its manager. Means must be finite and ≥ 0
     * (0 gives 0); any float type. Makes the constants for this call, counts the small and large means on the device
     * and reads them back.
     */
    public static NDArray sample(NDArray mean) {
        try (Constants c = constants(mean.getManager())) {
            NDArray lambda = mean.toType(DataType.FLOAT64, false);
            long small = lambda.gt(c.f64(0)).logicalAnd(lambda.lt(c.f64(SMALL_MEAN))).sum()
                    .toType(DataType.INT64, false).getLong();
            long large = lambda.gte(c.f64(SMALL_MEAN)).sum().toType(DataType.INT64, false).getLong();
            return sample(c, mean, small, large);
        }
    }

    /**
     * As {@link #sample(NDArray)} with constants {@code c} on the means' device, for a caller that knows how many
     * means are in (0, {@value #SMALL_MEAN}) and how many are ≥ {@value #SMALL_MEAN} (the others must be 0): nothing
     * is read back from the device and no number is copied to it.
     *
     * @param small number of means in (0, 10)
     * @param large number of means ≥ 10
     */
    public static NDArray sample(Constants c, NDArray mean, long small, long large) {
        NDManager m = mean.getManager();
        Shape shape = mean.getShape();
        NDArray lambda = mean.toType(DataType.FLOAT64, false).reshape(-1);
        NDArray out = m.zeros(lambda.getShape(), DataType.FLOAT64);
        NDArray isLarge = lambda.gte(c.f64(SMALL_MEAN));
        if (small > 0) {
            NDArray isSmall = lambda.gt(c.f64(0)).logicalAnd(isLarge.logicalNot());
            drawInto(c, out, lambda, isSmall, small, TensorPoisson::inversion);
        }
        if (large > 0) {
            drawInto(c, out, lambda, isLarge, large, TensorPoisson::ptrs);
        }
        return out.reshape(shape);
    }

    /**
     * Writes into {@code out} the variates that {@code method} draws for the {@code count} means where {@code mask}
     * is true, in a scope of their own: the method's intermediate arrays are freed before the next method runs.
     */
    private static void drawInto(Constants c, NDArray out, NDArray lambda, NDArray mask, long count,
            BiFunction<Constants, NDArray, NDArray> method) {
        try (NDManager scope = out.getManager().newSubManager()) {
            mask.attach(scope);
            NDIndex at = new NDIndex("{}", positions(c, mask, count));
            NDArray means = lambda.get(at);
            means.attach(scope);
            out.set(at, method.apply(c, means));
        }
    }

    /**
     * The first {@code count} slots of {@link #slots}: the flat positions where {@code mask} is true, in order, when
     * there are {@code count} of them; when there are fewer, false positions after them.
     */
    private static NDArray positions(Constants c, NDArray mask, long count) {
        return slots(c, mask).get(new NDIndex("0:" + count));
    }

    /**
     * Every flat position of {@code mask} in a slot of its own, so that no two writes meet: a true one at its rank
     * among the trues (0 .. trues−1), a false one after them, in reverse order of the falses (n−1 down to trues). The
     * indices are int64 throughout (the engine's arange takes float bounds, exact only below 2²⁴).
     */
    private static NDArray slots(Constants c, NDArray mask) {
        NDManager m = mask.getManager();
        long n = mask.getShape().get(0);
        NDArray trues = mask.toType(DataType.INT64, false).cumSum(0);
        NDArray index = indices(c, m, n);
        NDArray slot = NDArrays.where(mask, trues.sub(c.i64(1)), index.flip(0).add(trues));
        NDArray at = m.zeros(new Shape(n), DataType.INT64);
        at.set(new NDIndex("{}", slot), index);
        return at;
    }

    /** 0 .. n−1, int64. */
    private static NDArray indices(Constants c, NDManager m, long n) {
        return m.ones(new Shape(n), DataType.INT64).cumSum(0).sub(c.i64(1));
    }

    /**
     * Finishes, in place, the flat variates {@code values} at the positions where {@code mask} is true, in
     * {@code capacity} slots: the first {@code capacity} positions ({@link #positions}) are gathered, {@code finish}
     * gives their new values from those positions (an index into the flat arrays), and the new values are written
     * back at the slots that hold a true position (the slots after the trues keep their values). Nothing is read back
     * from the device.
     */
    private static void finishWhere(Constants c, NDArray values, NDArray mask, long capacity,
            Function<NDIndex, NDArray> finish) {
        if (capacity == 0) {
            return;
        }
        NDArray trues = mask.toType(DataType.INT64, false).sum();
        NDIndex at = new NDIndex("{}", positions(c, mask, capacity));
        NDArray inSlot = indices(c, values.getManager(), capacity).lt(trues);
        values.set(at, NDArrays.where(inSlot, finish.apply(at), values.get(at)));
    }

    /**
     * Slots for the small means whose variate is beyond the first {@value #FIRST_TERMS} terms, of {@code n}: all of
     * them up to 1 034 means, else 1 % of them and 1 024 more (the variates' probability is at most 0.0035).
     */
    static long tailSlots(long n) {
        return Math.min(n, (n + 99) / 100 + 1024);
    }

    /**
     * Slots for the large means whose first PTRS proposal is rejected, of {@code n}: all of them up to 1 462 means,
     * else 30 % of them and 1 024 more (a proposal is rejected with probability at most 0.248, at mean 10).
     */
    static long rejectedSlots(long n) {
        return Math.min(n, (3 * n + 9) / 10 + 1024);
    }

    /**
     * k = #{j : U &gt; F(j)}, F the cumulative pmf over j &lt; {@value #INVERSION_TERMS}; means in (0, 10). The pmf
     * by its recurrence p(j) = p(j−1)·λ/j from p(0) = e^−λ, one term after the other on whole arrays (element-wise
     * operations only, in place): the first {@value #FIRST_TERMS} terms for all, the others only where U is beyond
     * them.
     */
    private static NDArray inversion(Constants c, NDArray lambda) {
        NDManager m = lambda.getManager();
        NDArray u = m.randomUniform(0f, 1f, lambda.getShape(), DataType.FLOAT64);
        NDArray p = lambda.neg().exp();
        NDArray cdf = p.duplicate();
        NDArray k = u.gt(cdf).toType(DataType.FLOAT64, false);
        addTerms(c, lambda, u, p, cdf, k, 1, FIRST_TERMS);
        finishWhere(c, k, u.gt(cdf), tailSlots(lambda.getShape().get(0)), at -> {
            NDArray kAt = k.get(at);
            addTerms(c, lambda.get(at), u.get(at), p.get(at), cdf.get(at), kAt, FIRST_TERMS, INVERSION_TERMS);
            return kAt;
        });
        return k;
    }

    /**
     * Terms j = {@code from} .. {@code to}−1 of the inversion, in place: p ← p·λ/j, F ← F + p, k ← k + [U &gt; F].
     */
    private static void addTerms(Constants c, NDArray lambda, NDArray u, NDArray p, NDArray cdf, NDArray k, int from,
            int to) {
        for (int j = from; j < to; j++) {
            p.muli(lambda).muli(c.reciprocals[j]);
            cdf.addi(p);
            k.addi(u.gt(cdf));
        }
    }

    /**
     * PTRS for means ≥ 10: one proposal each, then {@value #LATER_ROUNDS} more at once for the rejected ones, the
     * first accepted kept, else the rounded normal.
     */
    private static NDArray ptrs(Constants c, NDArray lambda) {
        Proposals first = proposals(c, lambda, 1);
        NDArray k = first.k().squeeze(0);
        finishWhere(c, k, first.accepted().squeeze(0).logicalNot(), rejectedSlots(lambda.getShape().get(0)), at -> {
            NDArray lam = lambda.get(at);
            Proposals later = proposals(c, lam, LATER_ROUNDS);
            NDArray accepted = later.accepted().toType(DataType.INT32, false);
            NDArray chosen = later.k().gather(accepted.argMax(0).expandDims(0), 0).squeeze(0);
            NDArray any = accepted.max(new int[] {0}).toType(DataType.BOOLEAN, false);
            NDArray z = lam.getManager().randomNormal(0f, 1f, lam.getShape(), DataType.FLOAT64);
            NDArray normal = z.square().sub(c.f64(1)).div(c.f64(6)).add(z.mul(lam.sqrt())).add(lam).round()
                    .maximum(c.f64(0));
            return NDArrays.where(any, chosen, normal);
        });
        return k;
    }

    /** PTRS proposals k (rounds, n) of means (n) ≥ 10, and whether each is accepted. */
    private record Proposals(NDArray k, NDArray accepted) {
    }

    /** {@code rounds} PTRS proposals per mean, drawn at once. */
    private static Proposals proposals(Constants c, NDArray lambda, int rounds) {
        NDManager m = lambda.getManager();
        NDArray logLambda = lambda.log();
        NDArray b = lambda.sqrt().mul(c.f64(2.53)).add(c.f64(0.931));
        NDArray a = b.mul(c.f64(0.02483)).sub(c.f64(0.059));
        NDArray invAlpha = b.sub(c.f64(3.4)).pow(c.minusOneInt32).mul(c.f64(1.1328)).add(c.f64(1.1239));
        NDArray vr = b.sub(c.f64(2)).pow(c.minusOneInt32).mul(c.f64(-3.6224)).add(c.f64(0.9277));
        Shape shape = new Shape(rounds).addAll(lambda.getShape());
        NDArray u = m.randomUniform(0f, 1f, shape, DataType.FLOAT64).sub(c.f64(0.5));
        NDArray v = m.randomUniform(0f, 1f, shape, DataType.FLOAT64);
        NDArray us = u.abs().neg().add(c.f64(0.5));
        NDArray k = a.mul(c.f64(2)).div(us).add(b).mul(u).add(lambda).add(c.f64(0.43)).floor();
        NDArray fast = us.gte(c.f64(0.07)).logicalAnd(v.lte(vr));
        NDArray lhs = v.mul(invAlpha).div(a.div(us.square()).add(b)).log();
        NDArray rhs = k.mul(logLambda).sub(lambda).sub(logFactorial(c, k));
        NDArray slow = k.gte(c.f64(0)).logicalAnd(us.lt(c.f64(0.013)).logicalAnd(v.gt(us)).logicalNot())
                .logicalAnd(lhs.lte(rhs));
        return new Proposals(k, fast.logicalOr(slow));
    }

    /**
     * ln k! of float64 integers k ≥ 0 (values for k &lt; 0 are unspecified), from element-wise arithmetic only:
     * the table for k &lt; {@value #INVERSION_TERMS}, else Stirling's series ln Γ(x) at x = k + 1 to the x⁻⁵ term,
     * whose error there is below 1/(1680·x⁷) &lt; 4e-15. PyTorch's {@code lgamma} is not used: on CUDA it is compiled
     * at run time by NVRTC, which the libtorch build of DJL does not ship.
     */
    static NDArray logFactorial(Constants c, NDArray k) {
        NDArray clipped = k.maximum(c.f64(0));
        NDArray x = clipped.add(c.f64(1));
        NDArray inv = x.pow(c.minusOneInt32);
        NDArray inv2 = inv.square();
        NDArray series = inv2.mul(c.f64(1.0 / 1260)).sub(c.f64(1.0 / 360)).mul(inv2).add(c.f64(1.0 / 12)).mul(inv);
        NDArray stirling = x.sub(c.f64(0.5)).mul(x.log()).sub(x).add(c.f64(0.5 * Math.log(2 * Math.PI)))
                .add(series);
        NDArray index = clipped.minimum(c.f64(INVERSION_TERMS - 1)).toType(DataType.INT64, false);
        NDArray table = c.logFactorial.take(k.getManager(), index);
        return NDArrays.where(clipped.lt(c.f64(INVERSION_TERMS)), table, stirling);
    }
}
