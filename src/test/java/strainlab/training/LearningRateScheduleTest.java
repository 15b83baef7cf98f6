package strainlab.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void dividesByTenAfterTenEpochsWithoutImprovement() {
        LearningRateSchedule s = LearningRateSchedule.paper(1e-3);
        assertEquals(1e-3, s.onEpochEnd(0, 1.0));
        assertEquals(1e-3, s.onEpochEnd(0, 0.5));
        for (int i = 1; i <= 9; i++) {
            assertEquals(1e-3, s.onEpochEnd(0, 0.5 + 0.01 * i), "epoch " + i + " without improvement");
        }
        assertEquals(1e-4, s.onEpochEnd(0, 0.6), 1e-15);
        assertEquals(0, s.epochsWithoutImprovement());
        // An improvement smaller than min_delta (1e-4) does not count.
        for (int i = 1; i <= 9; i++) {
            s.onEpochEnd(0, 0.49995);
        }
        assertEquals(1e-5, s.onEpochEnd(0, 0.49995), 1e-16);
        assertEquals(0.5, s.best());
    }

    @Test
    void improvementResetsTheCountAndStateRestores() {
        LearningRateSchedule s = new LearningRateSchedule(0.1, 0.5, 3, 0, 0.02);
        s.onEpochEnd(0, 1.0);
        s.onEpochEnd(0, 1.1);
        s.onEpochEnd(0, 1.2);
        s.onEpochEnd(0, 0.9);
        assertEquals(0, s.epochsWithoutImprovement());
        s.onEpochEnd(0, 1.0);
        s.onEpochEnd(0, 1.0);
        LearningRateSchedule copy = new LearningRateSchedule(0.1, 0.5, 3, 0, 0.02);
        copy.restore(s.state());
        assertEquals(0.05, copy.onEpochEnd(0, 1.0), 1e-15);
        for (int i = 0; i < 6; i++) {
            copy.onEpochEnd(0, Double.NaN);
        }
        assertEquals(0.02, copy.learningRate(), 1e-15);
    }

    @Test
    void cosineFallsFromTheInitialRateTowardsZeroWhateverTheLoss() {
        LearningRateSchedule s = LearningRateSchedule.cosine(1e-3, 4);
        assertEquals(1e-3, s.learningRate(), 1e-18);
        assertEquals(1e-3 * 0.5 * (1 + Math.cos(Math.PI / 4)), s.onEpochEnd(1, 1.0), 1e-18);
        assertEquals(0.5e-3, s.onEpochEnd(2, 2.0), 1e-15);
        assertEquals(1e-3 * 0.5 * (1 + Math.cos(3 * Math.PI / 4)), s.onEpochEnd(3, 0.5), 1e-18);
        assertEquals(0, s.onEpochEnd(4, 0.4), 1e-18);
        assertEquals(0.4, s.best());
        LearningRateSchedule copy = LearningRateSchedule.cosine(1e-3, 4);
        copy.restore(s.state());
        assertEquals(s.learningRate(), copy.learningRate());
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(1e-3, 0));
        assertEquals(LearningRateSchedule.Kind.COSINE, LearningRateSchedule.Kind.parse("Cosine"));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.Kind.parse("step"));
    }

    @Test
    void oneCycleWarmsUpLinearlyToThePeakThenFallsAlongAHalfCosineTowardsTheFloor() {
        // 10 epochs, 2 of warm-up, peak 1e-3: start 1e-3/25 = 4e-5, floor 1e-3/1e4 = 1e-7
        LearningRateSchedule s = LearningRateSchedule.oneCycle(1e-3, 10, 2);
        double[] rates = new double[11];
        rates[1] = s.learningRate();
        for (int e = 1; e < 10; e++) {
            rates[e + 1] = s.onEpochEnd(e, 1.0 / e);
        }
        assertEquals(4e-5, rates[1], 1e-18, "epoch 1: lr0/25");
        assertEquals(4e-5 + (1e-3 - 4e-5) / 2, rates[2], 1e-18, "epoch 2: half-way up");
        assertEquals(1e-3, rates[3], 1e-18, "epoch W + 1 = 3: the peak");
        for (int e = 4; e <= 10; e++) {
            assertEquals(1e-7 + (1e-3 - 1e-7) * 0.5 * (1 + Math.cos(Math.PI * (e - 3) / 8)), rates[e], 1e-18,
                    "epoch " + e);
            assertTrue(rates[e] < rates[e - 1], "falls after the peak, epoch " + e);
        }
        assertEquals(1e-7 + (1e-3 - 1e-7) * 0.5 * (1 + Math.cos(7 * Math.PI / 8)), rates[10], 1e-18, "last epoch");
        assertEquals(1e-7, s.onEpochEnd(10, 0.05), 1e-18, "after the run: the floor");
        assertEquals(2, s.warmupEpochs());

        LearningRateSchedule copy = LearningRateSchedule.oneCycle(1e-3, 10, 2);
        copy.restore(s.state());
        assertEquals(s.learningRate(), copy.learningRate());
        assertEquals(0.05, copy.best());
    }

    @Test
    void oneCycleNeedsAWarmUpShorterThanTheRun() {
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.oneCycle(1e-3, 10, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LearningRateSchedule.oneCycle(1e-3, 10, 10));
        assertTrue(e.getMessage().contains("warm-up epochs < epochs"), e.getMessage());
        assertEquals(4, LearningRateSchedule.defaultWarmupEpochs(70));
        assertEquals(1, LearningRateSchedule.defaultWarmupEpochs(20));
        assertEquals(2, LearningRateSchedule.defaultWarmupEpochs(21));
        assertEquals(1, LearningRateSchedule.defaultWarmupEpochs(2));
        assertEquals(LearningRateSchedule.Kind.ONE_CYCLE, LearningRateSchedule.Kind.parse("One-Cycle"));
        assertEquals(LearningRateSchedule.Kind.ONE_CYCLE, LearningRateSchedule.Kind.parse("one_cycle"));
        assertEquals("one-cycle", LearningRateSchedule.Kind.ONE_CYCLE.label());
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(0, 0.1, 10, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(1e-3, 1, 10, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(1e-3, 0.1, 0, 0, 0));
    }
}
