package strainlab.lsq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/** The residuals of a {@link GaussianPrior} in a {@link LeastSquaresProblem}: values, Jacobian, scale, ranking. */
class GaussianPriorTest {
    private static final double[] X = new double[21];

    static {
        for (int i = 0; i < X.length; i++) {
            X[i] = i / 20.0;
        }
    }

    /** A straight line a·x + b on [0, 1]. */
    private static final ForwardModel LINE = new ForwardModel() {
        @Override
        public List<ParameterSpec> parameters() {
            return List.of(new ParameterSpec("a", -10, 10, 1), new ParameterSpec("b", -10, 10, 1));
        }

        @Override
        public int size() {
            return X.length;
        }

        @Override
        public double[] evaluate(double[] p) {
            double[] v = new double[X.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = p[0] * X[i] + p[1];
            }
            return v;
        }
    };

    /**
     * A curve p²·1 + 0.1·p·x: the target made at p = 1 is met exactly there, and near p = −1 lies a secondary minimum
     * of small but non-zero misfit.
     */
    private static final ForwardModel TWO_MINIMA = new ForwardModel() {
        @Override
        public List<ParameterSpec> parameters() {
            return List.of(new ParameterSpec("p", -2, 2, 1));
        }

        @Override
        public int size() {
            return X.length;
        }

        @Override
        public double[] evaluate(double[] p) {
            double[] v = new double[X.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = p[0] * p[0] + 0.1 * p[0] * X[i];
            }
            return v;
        }
    };

    private static double[] line(double a, double b, double wiggle) {
        double[] y = LINE.evaluate(new double[]{a, b});
        for (int i = 0; i < y.length; i++) {
            y[i] += wiggle * Math.sin(7 * i);
        }
        return y;
    }

    @Test
    void theMapFitOfALineMeetsItsNormalEquations() {
        double[] y = line(2, 0.5, 0.05);
        double scale = 0.5;
        double centre = 1.0;
        double width = 0.2;
        GaussianPrior prior = new GaussianPrior(List.of(GaussianPrior.Term.of("a", centre, width)), scale);
        FitResult r = new LeastSquaresOptimizer().withGlobalSearch(LeastSquaresOptimizer.GlobalSearch.NEVER)
                .withTolerance(1e-12).optimize(LeastSquaresProblem.builder(LINE, y).start(new double[]{0, 0})
                        .prior(prior).build());
        // minimise Σ(a·x + b − y)² + (scale/width)²·(a − centre)²: a 2×2 linear system
        double lambda = scale * scale / (width * width);
        double sxx = 0;
        double sx = 0;
        double sy = 0;
        double sxy = 0;
        int n = X.length;
        for (int i = 0; i < n; i++) {
            sxx += X[i] * X[i];
            sx += X[i];
            sy += y[i];
            sxy += X[i] * y[i];
        }
        double a11 = sxx + lambda;
        double rhs1 = sxy + lambda * centre;
        double det = a11 * n - sx * sx;
        double a = (rhs1 * n - sx * sy) / det;
        double b = (a11 * sy - sx * rhs1) / det;
        assertEquals(a, r.get("a"), 1e-7);
        assertEquals(b, r.get("b"), 1e-7);
        // the prior pulled the slope from the data's 2 towards 1
        assertTrue(a < 1.9 && a > 1.0, "a " + a);
        double[] model = LINE.evaluate(r.values());
        double ss = 0;
        for (int i = 0; i < n; i++) {
            ss += (model[i] - y[i]) * (model[i] - y[i]);
        }
        assertEquals(Math.sqrt(ss / n), r.sigmaI(), 1e-12, "σ_I is the data's misfit alone");
        double z = (r.get("a") - centre) / width;
        assertEquals(scale * scale * z * z / n, r.priorMeanSquare(), 1e-12);
        assertEquals(prior.sumOfSquares(LINE, r.values()) / n, r.priorMeanSquare(), 1e-12);
        assertEquals(r.sigmaI() * r.sigmaI() + r.priorMeanSquare(), r.objective(), 1e-15);
    }

    @Test
    void thePriorRowsAndTheirJacobianFollowTheTerms() {
        GaussianPrior prior = new GaussianPrior(List.of(GaussianPrior.Term.of("a", 1.5, 0.5),
                new GaussianPrior.Term(List.of("a", "b"), new double[]{1, -2}, 0.25, 2.0)), 0.1);
        LeastSquaresProblem problem = LeastSquaresProblem.builder(LINE, line(2, 0.5, 0)).start(new double[]{0.7, -0.3})
                .prior(prior).build();
        assertEquals(2, problem.priorRows());
        ForkJoinPool pool = new ForkJoinPool(1);
        try {
            Objective obj = new Objective(problem, pool, 1000, Long.MAX_VALUE);
            double[] x = {0.7, -0.3};
            double[] v = obj.value(x);
            assertEquals(X.length + 2, v.length);
            // value − target of each prior row is scale · standard score
            assertEquals(0.1 * (0.7 - 1.5) / 0.5, v[X.length] - obj.target[X.length], 1e-12);
            assertEquals(0.1 * (0.7 + 0.6 - 0.25) / 2.0, v[X.length + 1] - obj.target[X.length + 1], 1e-12);
            double[][] jac = obj.jacobian(x);
            assertArrayEquals(new double[]{0.1 / 0.5, 0}, jac[X.length], 1e-12);
            assertArrayEquals(new double[]{0.1 / 2.0, -0.2 / 2.0}, jac[X.length + 1], 1e-12);
            // the data rows are the model's forward differences, as without a prior
            assertArrayEquals(new double[]{X[5], 1}, jac[5], 1e-6);
            double data = 0;
            for (int i = 0; i < X.length; i++) {
                double d = v[i] - obj.target[i];
                data += d * d;
            }
            assertEquals(data / X.length, obj.dataMeanSquare(v), 1e-15);
            assertEquals((data + prior.sumOfSquares(LINE, new double[]{0.7, -0.3})) / X.length, obj.meanSquare(v),
                    1e-15);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aPriorOfInfiniteWidthLeavesTheFitAsItWas() {
        double[] y = line(2, 0.5, 0.05);
        LeastSquaresOptimizer lm = new LeastSquaresOptimizer().withGlobalSearch(LeastSquaresOptimizer.GlobalSearch.NEVER);
        FitResult plain = lm.optimize(LeastSquaresProblem.builder(LINE, y).start(new double[]{0, 0}).build());
        FitResult wide = lm.optimize(LeastSquaresProblem.builder(LINE, y).start(new double[]{0, 0})
                .prior(new GaussianPrior(List.of(GaussianPrior.Term.of("a", -3, Double.POSITIVE_INFINITY)), 1))
                .build());
        assertArrayEquals(plain.values(), wide.values(), 0);
        assertEquals(plain.sigmaI(), wide.sigmaI(), 0);
        assertEquals(0, wide.priorMeanSquare());
        FitResult broad = lm.optimize(LeastSquaresProblem.builder(LINE, y).start(new double[]{0, 0})
                .prior(new GaussianPrior(List.of(GaussianPrior.Term.of("a", -3, 1e9)), 1)).build());
        assertArrayEquals(plain.values(), broad.values(), 1e-8);
    }

    @Test
    void theMultiStartRanksItsCandidatesByMisfitPlusPrior() {
        double[] y = TWO_MINIMA.evaluate(new double[]{1});
        LeastSquaresOptimizer search = new LeastSquaresOptimizer().withLocalFirst(false).withCmaes(false)
                .withGlobalSearch(LeastSquaresOptimizer.GlobalSearch.ALWAYS).withMultiStart(0, 1).withSeed(3);
        LeastSquaresProblem.Builder b = LeastSquaresProblem.builder(TWO_MINIMA, y).start(new double[]{0.9})
                .candidate(new double[]{0.9}).candidate(new double[]{-0.9});
        FitResult byMisfit = search.optimize(b.build());
        assertEquals(1, byMisfit.get("p"), 1e-4);
        FitResult withPrior = search.optimize(b.prior(new GaussianPrior(List.of(GaussianPrior.Term.of("p", -1, 0.2)),
                0.2)).build());
        assertTrue(withPrior.get("p") < -0.9, "p " + withPrior.get("p"));
        // the kept point has the larger data misfit but the lower whole cost
        assertTrue(withPrior.sigmaI() > byMisfit.sigmaI() + 1e-3, withPrior.sigmaI() + " vs " + byMisfit.sigmaI());
        double priorAtPlusOne = 0.2 * 0.2 * (2 / 0.2) * (2 / 0.2) / X.length;
        assertTrue(withPrior.objective() < byMisfit.objective() + priorAtPlusOne);
    }

    @Test
    void badTermsAndUnknownParametersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> GaussianPrior.Term.of("a", 0, 0));
        assertThrows(IllegalArgumentException.class, () -> GaussianPrior.Term.of("a", Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new GaussianPrior.Term(List.of("a", "a"),
                new double[]{1, 1}, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new GaussianPrior(List.of(), 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LeastSquaresProblem
                .builder(LINE, line(1, 0, 0)).prior(new GaussianPrior(List.of(GaussianPrior.Term.of("c", 0, 1)), 1)));
        assertTrue(e.getMessage().contains("unknown parameter 'c'"), e.getMessage());
        GaussianPrior two = new GaussianPrior(List.of(GaussianPrior.Term.of("a", 0, 1), GaussianPrior.Term.of("c", 0,
                1)), 1);
        assertEquals(List.of("a"), two.restrictedTo(LINE).terms().stream().map(t -> t.names().get(0)).toList());
    }
}
