package strainlab.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import strainlab.RunInterruptedException;
import strainlab.crystal.DiffractionSetup;
import strainlab.crystal.Materials;
import strainlab.lsq.FitResult;
import strainlab.lsq.ForwardModel;
import strainlab.lsq.LeastSquaresOptimizer;
import strainlab.lsq.LeastSquaresProblem;
import strainlab.lsq.ParameterSpec;
import strainlab.profile.DepthProfiles;

class FitTest {
    private static final LeastSquaresOptimizer LOCAL = new LeastSquaresOptimizer()
            .withGlobalSearch(LeastSquaresOptimizer.GlobalSearch.NEVER);

    /** A small simulated case: ZrO2 004, 201 angles, 40 lamellae, 5 strain weights, tied DW. */
    static CurveModel smallModel() {
        DiffractionSetup s = Materials.byName("zro2").setup(4, 0, 0, 1.5406);
        double tb = s.braggAngleRad();
        double[] th = new double[201];
        for (int i = 0; i < th.length; i++) {
            th[i] = tb - Math.toRadians(0.8) + i * Math.toRadians(0.005);
        }
        return CurveModel.builder(s, th).lamellae(40).strainWeights(5).tiedDw().build();
    }

    static double[] truth(CurveModel m) {
        return m.values().strainWeightsPercent(0.3, 1.2, 2.0, 1.0, 0.2).scaleDw(0.7).thicknessNm(150)
                .fwhmThetaDeg(0.01).eta(0.001).scale(1).background(1e-4).offsetThetaDeg(0).build();
    }

    static double strainErrorOverMax(CurveModel m, double[] fit, double[] truth) {
        double[] a = m.profiles(fit).strain();
        double[] b = m.profiles(truth).strain();
        // compare on relative depth (thicknesses may differ slightly): both have the same node count
        double s = 0;
        double max = 0;
        for (int j = 0; j < a.length; j++) {
            s += (a[j] - b[j]) * (a[j] - b[j]);
            max = Math.max(max, b[j]);
        }
        return Math.sqrt(s / a.length) / max;
    }

    @Test
    void recoversSimulatedTruthFromPerturbedParameters() {
        CurveModel m = smallModel();
        double[] truth = truth(m);
        double[] y = m.evaluate(truth);
        Random rng = new Random(3);
        double[] start = truth.clone();
        for (int i = 0; i < start.length; i++) {
            if (i != m.index(CurveModel.ETA)) {
                start[i] = truth[i] * (1 + 0.15 * (2 * rng.nextDouble() - 1));
            }
        }
        start[m.index(CurveModel.OFFSET_THETA_DEG)] = 0.002;
        FitResult r = LOCAL.optimize(LeastSquaresProblem.builder(m, y).start(start).fix(CurveModel.ETA).build());
        double err = strainErrorOverMax(m, r.values(), truth);
        assertTrue(err < 0.02, "σe/emax = " + err + "\n" + r.summary());
        assertTrue(r.sigmaI() < 1e-3, r.summary());
        assertEquals(150, r.get(CurveModel.THICKNESS_NM), 1.5);
        assertEquals(truth[m.index(CurveModel.ETA)], r.get(CurveModel.ETA));
        assertTrue(Double.isNaN(r.uncertainty(CurveModel.ETA)));
        assertTrue(r.uncertainty(CurveModel.THICKNESS_NM) >= 0);
        assertEquals("lm", r.method());
    }

    @Test
    void globalFallbackRescuesAStalledLocalFit() {
        CurveModel m = smallModel();
        double[] truth = truth(m);
        double[] y = m.evaluate(truth);
        // right profile shape, wrong thickness and DW: the fringes trap LM in a secondary minimum
        double[] start = m.values().from(truth).thicknessNm(400).scaleDw(0.5).build();
        FitResult local = LOCAL.optimize(configure(m, y, start));
        assertTrue(local.sigmaI() > 0.1, "the local fit alone should stall here: " + local.summary());
        FitResult global = new LeastSquaresOptimizer().withSeed(7).optimize(configure(m, y, start));
        assertTrue(global.sigmaI() < 1e-3, global.summary() + global.stages());
        assertEquals(150, global.get(CurveModel.THICKNESS_NM), 0.5);
        assertTrue(global.method().startsWith("lm > multistart"), global.method());
        assertTrue(global.stages().get(1).note().contains("stalled"), global.stages().toString());
    }

    @Test
    void anInterruptEndsTheFitWithAnExceptionNotAPartialResult() throws Exception {
        CurveModel m = smallModel();
        double[] truth = truth(m);
        double[] y = m.evaluate(truth);
        double[] start = m.values().from(truth).thicknessNm(400).scaleDw(0.5).build();
        LeastSquaresProblem problem = configure(m, y, start);
        LeastSquaresOptimizer fit = new LeastSquaresOptimizer().withGlobalSearch(LeastSquaresOptimizer.GlobalSearch.ALWAYS)
                .withCmaes(true).withSeed(7);
        AtomicReference<Object> outcome = new AtomicReference<>();
        // the interrupt arrives before the first model evaluation: whatever the machine's speed, the fit must
        // notice it at its next check and end with the exception, never with a partial result
        Thread run = new Thread(() -> {
            Thread.currentThread().interrupt();
            try {
                outcome.set(fit.optimize(problem));
            } catch (Throwable e) {
                outcome.set(e);
            }
        }, "interrupted-fit");
        long t0 = System.nanoTime();
        run.start();
        run.join(10_000);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertFalse(run.isAlive(), "fit still running 10 s after the interrupt");
        assertTrue(seconds < 3, "fit stopped " + seconds + " s after the interrupt");
        assertTrue(outcome.get() instanceof RunInterruptedException, "outcome: " + outcome.get());
        assertTrue(((Exception) outcome.get()).getMessage().matches("fit interrupted after \\d+ model evaluations .*"),
                ((Exception) outcome.get()).getMessage());
    }

    private static LeastSquaresProblem configure(CurveModel m, double[] y, double[] start) {
        return LeastSquaresProblem.builder(m, y).start(start).fixAll("strain_").fix(CurveModel.ETA)
                .bounds(CurveModel.THICKNESS_NM, 50, 500).bounds(CurveModel.FWHM_THETA_DEG, 0.002, 0.05)
                .bounds(CurveModel.LOG10_BACKGROUND, -6, -2).bounds(CurveModel.OFFSET_THETA_DEG, -0.02, 0.02).build();
    }

    @Test
    void boundsAndFixedParametersAreRespected() {
        CurveModel m = smallModel();
        double[] truth = truth(m);
        double[] y = m.evaluate(truth);
        double[] start = m.values().from(truth).thicknessNm(130).build();
        FitResult r = LOCAL.withMaxEvaluations(300).optimize(LeastSquaresProblem.builder(m, y).start(start)
                .fix(CurveModel.FWHM_THETA_DEG, CurveModel.ETA).bounds(CurveModel.THICKNESS_NM, 100, 140).build());
        assertTrue(r.get(CurveModel.THICKNESS_NM) <= 140 && r.get(CurveModel.THICKNESS_NM) >= 100);
        assertEquals(0.01, r.get(CurveModel.FWHM_THETA_DEG));
        assertTrue(r.evaluations() <= 300 + m.parameters().size(), "budget: " + r.evaluations());
        assertTrue(r.uncertaintyMap().keySet().stream().noneMatch(k -> k.equals(CurveModel.FWHM_THETA_DEG)));
    }

    @Test
    void unknownParameterIsNamed() {
        CurveModel m = smallModel();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LeastSquaresProblem.builder(m, m.evaluate(truth(m))).fix("thickness"));
        assertTrue(e.getMessage().contains("'thickness'") && e.getMessage().contains("thickness_nm"));
    }

    /** Straight line with Gaussian noise: the covariance uncertainties match the textbook formula. */
    @Test
    void uncertaintiesMatchLinearRegression() {
        int n = 200;
        double[] x = new double[n];
        double[] y = new double[n];
        Random rng = new Random(11);
        for (int i = 0; i < n; i++) {
            x[i] = i / (double) n;
            y[i] = 1.5 + 0.7 * x[i] + 0.05 * rng.nextGaussian();
        }
        ForwardModel line = new ForwardModel() {
            @Override
            public List<ParameterSpec> parameters() {
                return List.of(new ParameterSpec("a", -10, 10, 1), new ParameterSpec("b", -10, 10, 1));
            }

            @Override
            public int size() {
                return n;
            }

            @Override
            public double[] evaluate(double[] p) {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = p[0] + p[1] * x[i];
                }
                return v;
            }
        };
        FitResult r = new LeastSquaresOptimizer().optimize(LeastSquaresProblem.builder(line, y).start(new double[]{0, 0})
                .build());
        double mx = 0;
        for (double v : x) {
            mx += v / n;
        }
        double sxx = 0;
        for (double v : x) {
            sxx += (v - mx) * (v - mx);
        }
        double s2 = r.meanSquare() * n / (n - 2);
        assertEquals(Math.sqrt(s2 / sxx), r.uncertainty("b"), 1e-4);
        assertEquals(Math.sqrt(s2 * (1.0 / n + mx * mx / sxx)), r.uncertainty("a"), 1e-4);
        assertEquals("lm", r.method());
    }

    @Test
    void noiseEstimateOfWhiteNoise() {
        Random rng = new Random(5);
        double[] y = new double[20_000];
        for (int i = 0; i < y.length; i++) {
            y[i] = 0.1 * rng.nextGaussian();
        }
        assertEquals(0.1, LeastSquaresOptimizer.noiseEstimate(y), 0.003);
    }

    @Test
    void tiedDwProfileFollowsTheRule() {
        CurveModel m = smallModel();
        DepthProfiles p = m.profiles(truth(m));
        double max = p.maxStrain();
        for (int j = 0; j <= p.lamellae(); j++) {
            double r = p.strainAt(j) / max;
            assertEquals(Math.exp(-0.7 * r * r), p.dwAt(j), 1e-12);
        }
        assertEquals(1500.0, p.thicknessA());
    }
}
