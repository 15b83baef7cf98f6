package strainlab.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrainingOptionsTest {

    private static String refused(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void thePapersSettingsUseRmsPropWithoutDecayOrWarmUp() {
        TrainingOptions paper = TrainingOptions.paper();
        assertEquals(FlatOptimizer.Kind.RMSPROP, paper.optimizer());
        assertEquals(0, paper.weightDecay());
        assertEquals(0, paper.warmupEpochs());
        TrainingOptions adamw = paper.withAdamW(0.01);
        assertEquals(FlatOptimizer.Kind.ADAMW, adamw.optimizer());
        assertEquals(0.01, adamw.weightDecay());
        assertEquals(paper, adamw.withRmsProp());
    }

    @Test
    void aOneCycleScheduleGetsItsDefaultWarmUpUnlessGivenOne() {
        TrainingOptions o = TrainingOptions.paper().withSchedule(LearningRateSchedule.Kind.ONE_CYCLE);
        assertEquals(4, o.warmupEpochs(), "5 % of 70 epochs, rounded up");
        assertEquals(7, TrainingOptions.paper().withOneCycle(7).warmupEpochs());
        assertEquals(0, o.withSchedule(LearningRateSchedule.Kind.COSINE).warmupEpochs());
        assertEquals(1, TrainingOptions.paper().withEpochs(2).withSchedule(LearningRateSchedule.Kind.ONE_CYCLE)
                .warmupEpochs());
    }

    @Test
    void inconsistentSettingsAreRefusedNamingTheSetting() {
        TrainingOptions paper = TrainingOptions.paper();
        String m = refused(() -> paper.withAdamW(-1));
        assertTrue(m.contains("weightDecay must be >= 0"), m);
        m = refused(() -> paper.withAdamW(Double.NaN));
        assertTrue(m.contains("weightDecay"), m);
        m = refused(() -> new TrainingOptions(70, 2096, 1e-3, 1, "auto", 10, 0.1, 1e-4, 0, null, null, false,
                FlatOptimizer.Kind.RMSPROP, 0.01, 0));
        assertTrue(m.contains("RMSprop takes none"), m);
        m = refused(() -> paper.withOneCycle(70));
        assertTrue(m.contains("warmupEpochs must be >= 1 and less than epochs (70), got 70"), m);
        m = refused(() -> paper.withEpochs(1).withSchedule(LearningRateSchedule.Kind.ONE_CYCLE));
        assertTrue(m.contains("one-cycle schedule needs epochs >= 2"), m);
        m = refused(() -> new TrainingOptions(70, 2096, 1e-3, 1, "auto", 10, 0.1, 1e-4, 0, null,
                LearningRateSchedule.Kind.COSINE, false, null, 0, 3));
        assertTrue(m.contains("warmupEpochs applies to the one-cycle schedule only"), m);
    }

    @Test
    void recordsWrittenBeforeTheOptionsExistedReadAsThePapers() {
        TrainingOptions old = new TrainingOptions(70, 2096, 1e-3, 1, "gpu", 10, 0.1, 1e-4, 30, null, null, false,
                null, 0, 0);
        assertEquals(FlatOptimizer.Kind.RMSPROP, old.optimizer());
        assertEquals(LearningRateSchedule.Kind.PLATEAU, old.schedule());
        assertEquals(TrainingOptions.paper().resultIdentity(), old.resultIdentity());
    }
}
