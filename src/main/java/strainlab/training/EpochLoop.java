package strainlab.training;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.ArrayList;
import java.util.List;
import strainlab.RunInterruptedException;

/**
 * The epoch loop of every trainer: per epoch the learning rate (fixed or a {@link LearningRateSchedule} that follows
 * member 0), the model's training and validation passes, a record per member, best-epoch keeping, a checkpoint
 * every {@code checkpointEvery} epochs and after the last, then the epoch's end (reports, listeners). An interrupt
 * seen between batches or while a file is written ends the run with a {@link RunInterruptedException} saying what a
 * later call resumes from.
 */
public final class EpochLoop {

    /** The model-specific part of a run of G members. */
    public interface Step {
        /** Before 1-based {@code epoch}'s timed passes, e.g. waiting for data that is still being generated. */
        default void prepare(int epoch) throws IOException {
        }

        /** Trains 1-based {@code epoch}; returns each member's training loss. */
        double[] train(int epoch, double learningRate) throws IOException;

        /** Each member's validation loss after the training pass. */
        double[] validate() throws IOException;

        /** Member g's current weights become its best. */
        void keepBest(int g) throws IOException;

        /** Writes the resumable state after {@code state.epochsDone()} epochs. */
        void checkpoint(TrainingState state) throws IOException;

        /** After the epoch and its checkpoint, if one was due. */
        void epochEnd(Epoch epoch, TrainingState state) throws IOException;

        /** The message when interrupted in {@code epoch}, with {@code checkpointed} epochs safe. */
        String interrupted(int epoch, int epochs, int checkpointed);
    }

    /** A finished epoch: per member its record and whether it improved; the training pass's wall time, s. */
    public record Epoch(int epoch, int epochs, List<EpochRecord> records, boolean[] improved, double trainSeconds) {
    }

    private EpochLoop() {
    }

    /**
     * Runs epochs {@code state.epochsDone() + 1 .. epochs}; {@code examplesPerEpoch} (one member's) gives the
     * records' throughput.
     */
    public static void run(Step step, TrainingState state, int epochs, int checkpointEvery, LearningRateSchedule schedule,
            double learningRate, int examplesPerEpoch) throws IOException {
        int checkpointed = state.epochsDone();
        for (int epoch = state.epochsDone() + 1; epoch <= epochs; epoch++) {
            try {
                RunInterruptedException.check(() -> "interrupted between batches");
                step.prepare(epoch);
                double lr = schedule == null ? learningRate : schedule.learningRate();
                long t0 = System.nanoTime();
                double[] train = step.train(epoch, lr);
                long t1 = System.nanoTime();
                double[] validation = step.validate();
                double seconds = (System.nanoTime() - t0) * 1e-9;
                if (schedule != null) {
                    schedule.onEpochEnd(epoch, validation[0]);
                }
                List<EpochRecord> records = new ArrayList<>();
                boolean[] improved = new boolean[train.length];
                for (int g = 0; g < train.length; g++) {
                    records.add(new EpochRecord(epoch, train[g], validation[g], lr, seconds,
                            examplesPerEpoch / ((t1 - t0) * 1e-9)));
                    improved[g] = state.record(g, records.get(g));
                    if (improved[g]) {
                        step.keepBest(g);
                    }
                }
                state.finishEpoch(epoch, seconds);
                if (epoch % checkpointEvery == 0 || epoch == epochs) {
                    step.checkpoint(state);
                    checkpointed = epoch;
                }
                step.epochEnd(new Epoch(epoch, epochs, List.copyOf(records), improved, (t1 - t0) * 1e-9), state);
            } catch (RunInterruptedException | ClosedByInterruptException e) {
                Thread.currentThread().interrupt();
                throw new RunInterruptedException(step.interrupted(epoch, epochs, checkpointed), e);
            }
        }
    }
}
