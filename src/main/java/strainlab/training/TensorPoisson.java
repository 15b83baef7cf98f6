package strainlab.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Poisson variates drawn with tensor operations on the arrays' device (DJL 0.32's PyTorch engine has no Poisson
 * sampler: {@code NDManager.samplePoisson} throws {@code UnsupportedOperationException}). The same two methods as the
 * generator's {@link strainlab.instrument.PoissonNoise}, each on whole arrays with a fixed number of operations:
 *
 * <ul>
 *   <li>mean &lt; {@value #SMALL_MEAN}: <b>inversion</b> of the exact pmf over k = 0 .. {@value #INVERSION_TERMS}−1
 *       (float64 cumulative sum); k ≥ {@value #INVERSION_TERMS} is cut off, a probability below 1e-12 at mean 10 and
 *       far smaller below;</li>
 *   <li>mean ≥ {@value #SMALL_MEAN}: Hörmann's <b>transformed rejection with squeeze</b> (PTRS, 1993), exact, with
 *       {@value #ROUNDS} proposals per variate drawn at once and the first accepted one kept. A proposal is rejected
 *       with probability 0.25 at mean 10, 0.18 at 30 and 0.11–0.12 above 1000, so all {@value #ROUNDS} are rejected
 *       with probability 3.7e-3, 1.1e-3 and 2e-4; such a variate is the rounded normal with the Cornish–Fisher
 *       skewness term, {@code max(0, rint(mean + √mean·z + (z² − 1)/6))}, whose total-variation distance to Poisson
 *       is 2.4e-3, 7.8e-4 and below 2.4e-5 there (about 0.023/mean). The sampler's total-variation distance to
 *       Poisson is the product: at most 1e-5 at mean 10, 1e-6 at 30 and 1e-8 above 1000.</li>
 * </ul>
 *
 * The means are first partitioned by a cumulative sum and a scatter (no sort, no read-back when the caller knows how
 * many means are small and large): each method then runs only on its own means and zeros cost nothing. Uniforms and
 * normals come from the engine's generator ({@link #seed}); the work is in float64.
 */
public final class TensorPoisson {
    /** Means below this are drawn by inversion, the others by PTRS. */
    public static final double SMALL_MEAN = 10;
    /** Terms of the inversion (largest variate + 1 of a small mean). */
    public static final int INVERSION_TERMS = 40;
    /** PTRS proposals drawn per variate. */
    public static final int ROUNDS = 4;

    /** ln k! for k = 0 .. {@value #INVERSION_TERMS}−1, summed in double on the host. */
    private static final double[] LOG_FACTORIAL = new double[INVERSION_TERMS];

    static {
        for (int k = 1; k < INVERSION_TERMS; k++) {
            LOG_FACTORIAL[k] = LOG_FACTORIAL[k - 1] + Math.log(k);
        }
    }

    private TensorPoisson() {
    }

    /** Seeds the engine's generator (CPU and GPUs): what {@link #sample} draws next depends only on the seed. */
    public static void seed(long seed) {
        JniUtils.setSeed(seed);
    }

    /**
     * Poisson(mean) variates, float64, the shape of {@code mean}, on its manager. Means must be finite and ≥ 0
     * (0 gives 0); any float type. Counts the small and large means on the device and reads them back.
     */
    public static NDArray sample(NDArray mean) {
        NDArray lambda = mean.toType(DataType.FLOAT64, false);
        long small = lambda.gt(0).logicalAnd(lambda.lt(SMALL_MEAN)).sum().toType(DataType.INT64, false).getLong();
        long large = lambda.gte(SMALL_MEAN).sum().toType(DataType.INT64, false).getLong();
        return sample(mean, small, large);
    }

    /**
     * As {@link #sample(NDArray)} for a caller that knows how many means are in (0, {@value #SMALL_MEAN}) and how many
     * are ≥ {@value #SMALL_MEAN} (the others must be 0): nothing is read back from the device.
     *
     * @param small number of means in (0, 10)
     * @param large number of means ≥ 10
     */
    public static NDArray sample(NDArray mean, long small, long large) {
        NDManager m = mean.getManager();
        Shape shape = mean.getShape();
        NDArray lambda = mean.toType(DataType.FLOAT64, false).reshape(-1);
        NDArray out = m.zeros(lambda.getShape(), DataType.FLOAT64);
        NDArray isLarge = lambda.gte(SMALL_MEAN);
        if (small > 0) {
            NDIndex at = new NDIndex("{}", positions(lambda.gt(0).logicalAnd(isLarge.logicalNot()), small));
            out.set(at, inversion(m, lambda.get(at)));
        }
        if (large > 0) {
            NDIndex at = new NDIndex("{}", positions(isLarge, large));
            out.set(at, ptrs(m, lambda.get(at)));
        }
        return out.reshape(shape);
    }

    /** The flat positions where {@code mask} is true, in order, given that there are {@code count} of them. */
    private static NDArray positions(NDArray mask, long count) {
        NDManager m = mask.getManager();
        NDArray flag = mask.toType(DataType.INT64, false);
        NDArray slot = NDArrays.where(mask, flag.cumSum(0).sub(1), m.create(count).broadcast(flag.getShape()));
        NDArray at = m.zeros(new Shape(count + 1), DataType.INT64);
        at.set(new NDIndex("{}", slot), m.arange(0, flag.getShape().get(0), 1, DataType.INT64));
        return at.get(new NDIndex("0:" + count));
    }

    /** k = #{j : U &gt; F(j)}, F the cumulative pmf over j &lt; {@value #INVERSION_TERMS}; means in (0, 10). */
    private static NDArray inversion(NDManager m, NDArray lambda) {
        NDArray j = m.arange(0, INVERSION_TERMS, 1, DataType.FLOAT64);
        NDArray logFactorial = m.create(LOG_FACTORIAL);
        NDArray lam = lambda.expandDims(-1);
        NDArray cdf = j.mul(lam.log()).sub(logFactorial).sub(lam).exp().cumSum(-1);
        NDArray u = m.randomUniform(0f, 1f, lambda.getShape(), DataType.FLOAT64).expandDims(-1);
        return u.gt(cdf).sum(new int[] {-1}).toType(DataType.FLOAT64, false);
    }

    /** PTRS for means ≥ 10: {@value #ROUNDS} proposals at once, the first accepted kept. */
    private static NDArray ptrs(NDManager m, NDArray lambda) {
        Shape shape = lambda.getShape();
        NDArray logLambda = lambda.log();
        NDArray b = lambda.sqrt().mul(2.53).add(0.931);
        NDArray a = b.mul(0.02483).sub(0.059);
        NDArray invAlpha = b.sub(3.4).pow(-1).mul(1.1328).add(1.1239);
        NDArray vr = b.sub(2).pow(-1).mul(-3.6224).add(0.9277);
        Shape rounds = new Shape(ROUNDS).addAll(shape);
        NDArray u = m.randomUniform(0f, 1f, rounds, DataType.FLOAT64).sub(0.5);
        NDArray v = m.randomUniform(0f, 1f, rounds, DataType.FLOAT64);
        NDArray us = u.abs().neg().add(0.5);
        NDArray k = a.mul(2).div(us).add(b).mul(u).add(lambda).add(0.43).floor();
        NDArray fast = us.gte(0.07).logicalAnd(v.lte(vr));
        NDArray lhs = v.mul(invAlpha).div(a.div(us.square()).add(b)).log();
        NDArray rhs = k.mul(logLambda).sub(lambda).sub(logFactorial(m, k));
        NDArray slow = k.gte(0).logicalAnd(us.lt(0.013).logicalAnd(v.gt(us)).logicalNot()).logicalAnd(lhs.lte(rhs));
        NDArray accepted = fast.logicalOr(slow).toType(DataType.INT32, false);
        NDArray first = accepted.argMax(0).expandDims(0);
        NDArray chosen = k.gather(first, 0).squeeze(0);
        NDArray any = accepted.max(new int[] {0}).gt(0);
        NDArray z = m.randomNormal(0f, 1f, shape, DataType.FLOAT64);
        NDArray normal = z.square().sub(1).div(6).add(z.mul(lambda.sqrt())).add(lambda).round().maximum(0);
        return NDArrays.where(any, chosen, normal);
    }

    /**
     * ln k! of float64 integers k ≥ 0 (values for k &lt; 0 are unspecified), from element-wise arithmetic only:
     * the table for k &lt; {@value #INVERSION_TERMS}, else Stirling's series ln Γ(x) at x = k + 1 to the x⁻⁵ term,
     * whose error there is below 1/(1680·x⁷) &lt; 4e-15. PyTorch's {@code lgamma} is not used: on CUDA it is compiled
     * at run time by NVRTC, which the libtorch build of DJL does not ship.
     */
    static NDArray logFactorial(NDManager m, NDArray k) {
        NDArray clipped = k.maximum(0);
        NDArray x = clipped.add(1);
        NDArray inv = x.pow(-1);
        NDArray inv2 = inv.square();
        NDArray series = inv2.mul(1.0 / 1260).sub(1.0 / 360).mul(inv2).add(1.0 / 12).mul(inv);
        NDArray stirling = x.sub(0.5).mul(x.log()).sub(x).add(0.5 * Math.log(2 * Math.PI)).add(series);
        NDArray index = clipped.minimum(INVERSION_TERMS - 1).toType(DataType.INT64, false);
        NDArray table = m.create(LOG_FACTORIAL).take(index);
        return NDArrays.where(clipped.lt(INVERSION_TERMS), table, stirling);
    }
}
