package strainlab.lsq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Nonlinear-regression problems of the NIST Statistical Reference Datasets (StRD), with their data, starts and
 * certified parameters and residual sums of squares as NIST publishes them, solved by the bounded
 * Levenberg–Marquardt of {@link LeastSquaresOptimizer} (and, from a start where it stalls, by its global stages).
 */
class NistStrdTest {
    /** A StRD model y = f(x; b): its values, and its analytic Jacobian where given (else forward differences). */
    private record StrdModel(String name, double[] x, List<ParameterSpec> specs,
                             BiFunction<Double, double[], Double> f,
                             BiFunction<Double, double[], double[]> gradient) implements ForwardModel {
        @Override
        public List<ParameterSpec> parameters() {
            return specs;
        }

        @Override
        public int size() {
            return x.length;
        }

        @Override
        public double[] evaluate(double[] b) {
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = f.apply(x[i], b);
            }
            return y;
        }

        @Override
        public double[][] jacobian(double[] b) {
            if (gradient == null) {
                return null;
            }
            double[][] j = new double[x.length][];
            for (int i = 0; i < x.length; i++) {
                j[i] = gradient.apply(x[i], b);
            }
            return j;
        }
    }

    /** Parameters b1..bn, all within ±{@code bound}, with these typical magnitudes. */
    private static List<ParameterSpec> specs(double bound, double... typical) {
        List<ParameterSpec> s = new ArrayList<>();
        for (int i = 0; i < typical.length; i++) {
            s.add(new ParameterSpec("b" + (i + 1), -bound, bound, typical[i]));
        }
        return s;
    }

    private static final LeastSquaresOptimizer LOCAL = new LeastSquaresOptimizer()
            .withGlobalSearch(LeastSquaresOptimizer.GlobalSearch.NEVER).withTolerance(1e-12).withMaxIterations(1000)
            .withThreads(1);

    /** Misra1a (lower difficulty): y = b1·(1 − exp(−b2·x)), 14 observations. */
    private static final double[] MISRA1A_X = {77.6, 114.9, 141.1, 190.8, 239.9, 289.0, 332.8, 378.4, 434.8, 477.3,
        536.8, 593.1, 689.1, 760.0};
    private static final double[] MISRA1A_Y = {10.07, 14.73, 17.94, 23.93, 29.61, 35.18, 40.02, 44.82, 50.76, 55.05,
        61.01, 66.40, 75.47, 81.78};
    private static final StrdModel MISRA1A = new StrdModel("Misra1a", MISRA1A_X, specs(1e4, 100, 1e-4),
            (x, b) -> b[0] * (1 - Math.exp(-b[1] * x)),
            (x, b) -> new double[]{1 - Math.exp(-b[1] * x), b[0] * x * Math.exp(-b[1] * x)});
    private static final double[] MISRA1A_CERTIFIED = {2.3894212918E+02, 5.5015643181E-04};

    /** BoxBOD (higher difficulty): y = b1·(1 − exp(−b2·x)), 6 observations; b1 in [1, 1000], b2 in [0.01, 10]. */
    private static final StrdModel BOXBOD = new StrdModel("BoxBOD", new double[]{1, 2, 3, 5, 7, 10},
            List.of(new ParameterSpec("b1", 1, 1000, 100), new ParameterSpec("b2", 0.01, 10, 1)),
            (x, b) -> b[0] * (1 - Math.exp(-b[1] * x)), null);
    private static final double[] BOXBOD_Y = {109, 149, 149, 191, 213, 224};
    private static final double[] BOXBOD_CERTIFIED = {2.1380940889E+02, 5.4723748542E-01};

    /** MGH09 (higher difficulty, Kowalik and Osborne): y = b1·(x² + x·b2)/(x² + x·b3 + b4), 11 observations. */
    private static final StrdModel MGH09 = new StrdModel("MGH09", new double[]{4.0, 2.0, 1.0, 0.5, 0.25, 0.167,
        0.125, 0.1, 0.0833, 0.0714, 0.0625}, specs(100, 0.1, 0.1, 0.1, 0.1),
            (x, b) -> b[0] * (x * x + x * b[1]) / (x * x + x * b[2] + b[3]),
            (x, b) -> {
                double num = x * x + x * b[1];
                double den = x * x + x * b[2] + b[3];
                return new double[]{num / den, b[0] * x / den, -b[0] * num * x / (den * den),
                    -b[0] * num / (den * den)};
            });
    private static final double[] MGH09_Y = {1.957000E-01, 1.947000E-01, 1.735000E-01, 1.600000E-01, 8.440000E-02,
        6.270000E-02, 4.560000E-02, 3.420000E-02, 3.230000E-02, 2.350000E-02, 2.460000E-02};
    private static final double[] MGH09_CERTIFIED = {1.9280693458E-01, 1.9128232873E-01, 1.2305650693E-01,
        1.3606233068E-01};

    /** Lanczos3 (average difficulty): y = b1·exp(−b2·x) + b3·exp(−b4·x) + b5·exp(−b6·x), x = 0, 0.05, …, 1.15. */
    private static final StrdModel LANCZOS3 = new StrdModel("Lanczos3", grid(24, 0.05), specs(100, 1, 1, 1, 1, 1, 1),
            (x, b) -> b[0] * Math.exp(-b[1] * x) + b[2] * Math.exp(-b[3] * x) + b[4] * Math.exp(-b[5] * x), null);
    private static final double[] LANCZOS3_Y = {2.5134, 2.0443, 1.6684, 1.3664, 1.1232, 0.9269, 0.7679, 0.6389,
        0.5338, 0.4479, 0.3776, 0.3197, 0.2720, 0.2325, 0.1997, 0.1723, 0.1493, 0.1301, 0.1138, 0.1000, 0.0883,
        0.0783, 0.0698, 0.0624};
    private static final double[] LANCZOS3_CERTIFIED = {8.6816414977E-02, 9.5498101505E-01, 8.4400777463E-01,
        2.9515951832E+00, 1.5825685901E+00, 4.9863565084E+00};

    private static double[] grid(int n, double step) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i * step;
        }
        return x;
    }

    /** Solves from {@code start} and checks every parameter against NIST's certified value within {@code relTol}. */
    private static FitResult solve(StrdModel m, double[] y, double[] start, double[] certified, double certifiedRss,
                                   LeastSquaresOptimizer optimizer, double relTol) {
        FitResult r = optimizer.optimize(LeastSquaresProblem.builder(m, y).start(start).build());
        for (int k = 0; k < certified.length; k++) {
            assertEquals(certified[k], r.values()[k], relTol * Math.abs(certified[k]),
                    m.name() + " b" + (k + 1) + "\n" + r.summary());
        }
        double rss = r.meanSquare() * y.length;
        assertEquals(certifiedRss, rss, 1e-6 * certifiedRss, m.name() + " residual sum of squares");
        return r;
    }

    @Test
    void misra1aFromBothStartsWithTheAnalyticJacobian() {
        solve(MISRA1A, MISRA1A_Y, new double[]{500, 1e-4}, MISRA1A_CERTIFIED, 1.2455138894E-01, LOCAL, 1e-6);
        solve(MISRA1A, MISRA1A_Y, new double[]{250, 5e-4}, MISRA1A_CERTIFIED, 1.2455138894E-01, LOCAL, 1e-6);
    }

    @Test
    void boxBodFromBothStartsWithForwardDifferences() {
        solve(BOXBOD, BOXBOD_Y, new double[]{1, 1}, BOXBOD_CERTIFIED, 1.1680088766E+03, LOCAL, 1e-6);
        solve(BOXBOD, BOXBOD_Y, new double[]{100, 0.75}, BOXBOD_CERTIFIED, 1.1680088766E+03, LOCAL, 1e-6);
    }

    @Test
    void mgh09FromStartTwo() {
        solve(MGH09, MGH09_Y, new double[]{0.25, 0.39, 0.415, 0.39}, MGH09_CERTIFIED, 3.0750560385E-04, LOCAL, 1e-5);
    }

    @Test
    void lanczos3FromBothStartsWithForwardDifferences() {
        solve(LANCZOS3, LANCZOS3_Y, new double[]{1.2, 0.3, 5.6, 5.5, 6.5, 7.6}, LANCZOS3_CERTIFIED, 1.6117193594E-08,
                LOCAL, 1e-4);
        solve(LANCZOS3, LANCZOS3_Y, new double[]{0.5, 0.7, 3.6, 4.2, 4, 6.3}, LANCZOS3_CERTIFIED, 1.6117193594E-08,
                LOCAL, 1e-4);
    }

    @Test
    void weightsScaleTheMisfitAndLeaveTheMinimumInPlace() {
        double[] w = new double[MISRA1A_Y.length];
        java.util.Arrays.fill(w, 4);
        FitResult r = LOCAL.optimize(LeastSquaresProblem.builder(MISRA1A, MISRA1A_Y).weights(w)
                .start(new double[]{250, 5e-4}).build());
        assertEquals(MISRA1A_CERTIFIED[0], r.values()[0], 1e-6 * MISRA1A_CERTIFIED[0]);
        assertEquals(4 * 1.2455138894E-01, r.meanSquare() * MISRA1A_Y.length, 1e-6);
    }

    /** MGH09 from NIST's start 1 with every parameter within [lo, 50]. */
    private static LeastSquaresProblem mgh09StartOne(double lo) {
        return LeastSquaresProblem.builder(MGH09, MGH09_Y).start(new double[]{25, 39, 41.5, 39}).bounds("b1", lo, 50)
                .bounds("b2", lo, 50).bounds("b3", lo, 50).bounds("b4", lo, 50).build();
    }

    private static final double MGH09_RSS = 3.0750560385E-04;

    /** Stalled: 1 % above the certified misfit. */
    private static final LeastSquaresOptimizer GLOBAL = LOCAL
            .withGlobalSearch(LeastSquaresOptimizer.GlobalSearch.WHEN_STALLED)
            .withStallSigma(1.01 * Math.sqrt(MGH09_RSS / MGH09_Y.length));

    private static void assertCertifiedMgh09(FitResult r) {
        for (int k = 0; k < MGH09_CERTIFIED.length; k++) {
            assertEquals(MGH09_CERTIFIED[k], r.values()[k], 1e-5 * MGH09_CERTIFIED[k], "b" + (k + 1) + "\n"
                    + r.summary() + r.stages());
        }
        assertEquals(MGH09_RSS, r.meanSquare() * MGH09_Y.length, 1e-6 * MGH09_RSS);
    }

    @Test
    void mgh09FromStartOneWithinNonNegativeBounds() {
        FitResult r = LOCAL.optimize(mgh09StartOne(0));
        assertCertifiedMgh09(r);
        assertEquals("lm", r.method());
    }

    @Test
    void multiStartRescuesMgh09FromStartOne() {
        LeastSquaresProblem p = mgh09StartOne(-1);
        FitResult local = LOCAL.optimize(p);
        assertTrue(local.sigmaI() > 5 * Math.sqrt(MGH09_RSS / MGH09_Y.length), local.summary());
        FitResult r = GLOBAL.optimize(p);
        assertCertifiedMgh09(r);
        assertEquals("lm > multistart", r.method());
    }

    @Test
    void cmaesRescuesMgh09WhereTheMultiStartStalls() {
        FitResult r = GLOBAL.optimize(mgh09StartOne(-50));
        assertCertifiedMgh09(r);
        assertEquals("lm > multistart > cmaes", r.method());
        assertTrue(r.stages().get(1).sigmaI() > 1.01 * Math.sqrt(MGH09_RSS / MGH09_Y.length), r.stages().toString());
    }
}
