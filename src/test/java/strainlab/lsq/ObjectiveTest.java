package strainlab.lsq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import strainlab.RunInterruptedException;

/**
 * The evaluation count, best point and history of an {@link Objective} are those of evaluating its points one after
 * another, whatever the threads and the order in which parallel evaluations finish.
 */
class ObjectiveTest {
    /** n parameters in [−10, 10]; 4 output points, each p₀², after a pause of {@code millis} per evaluation. */
    private static ForwardModel model(int n, long millis) {
        return new ForwardModel() {
            @Override
            public List<ParameterSpec> parameters() {
                List<ParameterSpec> ps = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    ps.add(new ParameterSpec("p" + k, -10, 10, 1));
                }
                return ps;
            }

            @Override
            public int size() {
                return 4;
            }

            @Override
            public double[] evaluate(double[] p) {
                pause(millis);
                return new double[]{p[0] * p[0], p[0] * p[0], p[0] * p[0], p[0] * p[0]};
            }
        };
    }

    /** {@code inner} with its evaluation replaced by {@code evaluate} (which may call {@code inner}'s). */
    private static ForwardModel evaluatedBy(ForwardModel inner, UnaryOperator<double[]> evaluate) {
        return new ForwardModel() {
            @Override
            public List<ParameterSpec> parameters() {
                return inner.parameters();
            }

            @Override
            public int size() {
                return inner.size();
            }

            @Override
            public double[] evaluate(double[] p) {
                return evaluate.apply(p);
            }
        };
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Objective objective(ForwardModel m, ForkJoinPool pool, int maxEvaluations) {
        return new Objective(LeastSquaresProblem.builder(m, new double[4]).start(new double[m.parameters().size()])
                .build(), pool, maxEvaluations, Long.MAX_VALUE);
    }

    @Test
    void pointsScoredInParallelAreRecordedInTheirOrder() {
        // each point waits until the next one has been evaluated: they finish last to first
        int n = 4;
        CountDownLatch[] done = new CountDownLatch[n];
        for (int i = 0; i < n; i++) {
            done[i] = new CountDownLatch(1);
        }
        double[] p0 = {1, 2, 3, -1};
        ForwardModel inner = model(1, 0);
        ForwardModel m = evaluatedBy(inner, p -> {
            for (int i = 0; i < n; i++) {
                if (p[0] == p0[i]) {
                    try {
                        if (i + 1 < n) {
                            done[i + 1].await(5, TimeUnit.SECONDS);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    double[] v = inner.evaluate(p);
                    done[i].countDown();
                    return v;
                }
            }
            return inner.evaluate(p);
        });
        ForkJoinPool pool = new ForkJoinPool(n);
        try {
            Objective obj = objective(m, pool, 100);
            List<double[]> xs = new ArrayList<>();
            for (double p : p0) {
                xs.add(new double[]{p});
            }
            assertArrayEquals(new double[]{1, 16, 81, 1}, obj.costs(xs), 0);
            assertArrayEquals(new double[]{1}, obj.bestX(), 0, "the first of two equal costs is the best point");
            assertEquals(1, obj.history().size());
            assertEquals(1, obj.history().get(0)[0], 0, "the best point was the first evaluation");
            obj.value(new double[]{-1});
            assertEquals(4, obj.evaluations(), "the last point scored is the one remembered");
        } finally {
            RunInterruptedException.stopPool(pool);
        }
    }

    @Test
    void aPointEqualToTheOneBeforeItIsNotEvaluatedAgain() {
        ForkJoinPool pool = new ForkJoinPool(3);
        try {
            Objective obj = objective(model(1, 1), pool, 100);
            obj.value(new double[]{2});
            double[] costs = obj.costs(List.of(new double[]{2}, new double[]{3}, new double[]{3}, new double[]{2},
                    new double[]{4}));
            assertArrayEquals(new double[]{16, 81, 81, 16, 256}, costs, 0);
            assertEquals(4, obj.evaluations());
        } finally {
            RunInterruptedException.stopPool(pool);
        }
    }

    @Test
    void scoringStopsAtTheFirstPointBeyondTheBudget() {
        ForkJoinPool pool = new ForkJoinPool(4);
        try {
            Objective obj = objective(model(1, 1), pool, 3);
            obj.value(new double[]{5});
            List<double[]> xs = List.of(new double[]{4}, new double[]{3}, new double[]{2}, new double[]{1});
            assertThrows(Objective.BudgetExceeded.class, () -> obj.costs(xs));
            assertEquals(3, obj.evaluations());
            assertArrayEquals(new double[]{3}, obj.bestX(), 0, "the points within the budget are the first ones");
        } finally {
            RunInterruptedException.stopPool(pool);
        }
    }

    @Test
    void noJacobianColumnRunsAfterTheBudgetIsSpent() throws Exception {
        // the worker of the first column is held up after it (as on a busy machine) while the next column finds the
        // budget spent; a column handed to another pool (the common pool, held busy here) would run after the end,
        // and count once the budget is off, as it is for the evaluation at the solution
        int common = Math.max(1, ForkJoinPool.getCommonPoolParallelism());
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(common);
        for (int i = 0; i < common; i++) {
            ForkJoinPool.commonPool().execute(() -> {
                busy.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        busy.await(10, TimeUnit.SECONDS);
        ForwardModel slow = model(32, 5);
        AtomicBoolean heldUp = new AtomicBoolean();
        ForwardModel holdsUpItsWorker = evaluatedBy(slow, p -> {
            if (Thread.currentThread() instanceof ForkJoinWorkerThread && heldUp.compareAndSet(false, true)) {
                ForkJoinTask.adapt(() -> pause(100)).fork();
            }
            return slow.evaluate(p);
        });
        ForkJoinPool pool = new ForkJoinPool(1);
        int budget = 2;
        try {
            Objective obj = objective(holdsUpItsWorker, pool, budget);
            double[] x = new double[32];
            obj.value(x);
            assertThrows(Objective.BudgetExceeded.class, () -> obj.jacobian(x));
            obj.enforceBudget(false);
            release.countDown();
            ForkJoinPool.commonPool().awaitQuiescence(10, TimeUnit.SECONDS);
            pool.awaitQuiescence(10, TimeUnit.SECONDS);
            assertEquals(budget, obj.evaluations());
        } finally {
            release.countDown();
            RunInterruptedException.stopPool(pool);
        }
    }
}
