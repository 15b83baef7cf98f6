package strainlab.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(0, 0.1, 10, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(1e-3, 1, 10, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(1e-3, 0.1, 0, 0, 0));
    }
}
