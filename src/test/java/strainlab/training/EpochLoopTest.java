package strainlab.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import strainlab.RunInterruptedException;

/** The loop's bookkeeping: records, best epochs, checkpoint cadence, resume and interrupts. */
class EpochLoopTest {

    /** Two members with fixed validation losses per epoch; logs what the loop asks of it. */
    private static final class Scripted implements EpochLoop.Step {
        final double[][] validation;
        final List<String> calls = new ArrayList<>();
        int interruptInEpoch = -1;
        int epoch;

        Scripted(double[][] validation) {
            this.validation = validation;
        }

        @Override
        public double[] train(int epoch, double learningRate) {
            this.epoch = epoch;
            if (epoch == interruptInEpoch) {
                Thread.currentThread().interrupt();
                RunInterruptedException.check(() -> "interrupted in a batch");
            }
            calls.add("train " + epoch + " lr " + learningRate);
            return new double[] {1.0 / epoch, 2.0 / epoch};
        }

        @Override
        public double[] validate() {
            return validation[epoch - 1];
        }

        @Override
        public void keepBest(int g) {
            calls.add("best " + g);
        }

        @Override
        public void checkpoint(TrainingState state) {
            calls.add("checkpoint " + state.epochsDone());
        }

        @Override
        public void epochEnd(EpochLoop.Epoch e, TrainingState state) {
            calls.add("end " + e.epoch() + "/" + e.epochs());
        }

        @Override
        public String interrupted(int epoch, int epochs, int checkpointed) {
            return "stopped in " + epoch + " of " + epochs + ", " + checkpointed + " safe";
        }
    }

    private static final double[][] LOSSES = {{0.5, Double.NaN}, {0.4, 0.9}, {0.45, 0.8}, {0.3, 0.8}, {0.35, 0.7},
        {0.2, 0.6}};

    @Test
    void keepsEachMembersBestAndCheckpointsEveryKEpochsAndAfterTheLast() throws Exception {
        Scripted step = new Scripted(LOSSES);
        TrainingState state = TrainingState.fresh(2);
        EpochLoop.run(step, state, 5, 2, null, 1e-3, 100);
        assertEquals(List.of("train 1 lr 0.001", "best 0", "end 1/5",
                "train 2 lr 0.001", "best 0", "best 1", "checkpoint 2", "end 2/5",
                "train 3 lr 0.001", "best 1", "end 3/5",
                "train 4 lr 0.001", "best 0", "checkpoint 4", "end 4/5",
                "train 5 lr 0.001", "best 1", "checkpoint 5", "end 5/5"), step.calls);
        assertArrayEquals(new int[] {4, 5}, state.bestEpochs());
        assertArrayEquals(new double[] {0.3, 0.7}, state.bestLosses());
        assertEquals(5, state.epochsDone());
        assertEquals(5, state.history(1).size());
        assertEquals(0.5, state.history(1).get(3).trainLoss());
    }

    @Test
    void aRestoredStateContinuesAfterItsLastEpochWithTheSchedulesRate() throws Exception {
        Scripted first = new Scripted(LOSSES);
        TrainingState done = TrainingState.fresh(2);
        EpochLoop.run(first, done, 3, 1, null, 1e-3, 100);
        TrainingState restored = TrainingState.restored(done.epochsDone(), done.histories(), done.bestEpochs(),
                done.bestLosses(), done.trainingSeconds());
        Scripted second = new Scripted(LOSSES);
        LearningRateSchedule schedule = new LearningRateSchedule(1e-3, 0.1, 1, 0, 0);
        EpochLoop.run(second, restored, 6, 1, schedule, 1, 100);
        assertEquals("train 4 lr 0.001", second.calls.get(0));
        assertEquals(List.of(1, 2, 3, 4, 5, 6), restored.history(0).stream().map(EpochRecord::epoch).toList());
        assertEquals(1e-3, restored.history(0).get(4).learningRate(), "epoch 5 after the schedule's first epoch");
        assertEquals(1e-4, restored.history(0).get(5).learningRate(), 1e-18, "epoch 5 did not improve member 0");
        assertArrayEquals(new int[] {6, 6}, restored.bestEpochs());
    }

    @Test
    void anInterruptSaysHowMuchIsCheckpointedAndKeepsTheFlag() {
        Scripted step = new Scripted(LOSSES);
        step.interruptInEpoch = 4;
        TrainingState state = TrainingState.fresh(2);
        try {
            RunInterruptedException e = assertThrows(RunInterruptedException.class,
                    () -> EpochLoop.run(step, state, 5, 2, null, 1e-3, 100));
            assertEquals("stopped in 4 of 5, 2 safe", e.getMessage());
            assertTrue(Thread.currentThread().isInterrupted());
            assertEquals(3, state.epochsDone());
        } finally {
            Thread.interrupted();
        }
    }
}
