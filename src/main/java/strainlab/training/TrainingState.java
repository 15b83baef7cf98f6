package strainlab.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where a run of G members stands: epochs done, each member's learning curve and best epoch (1-based, 0: none yet)
 * with its validation loss (+∞: none yet), and the wall time spent, s. {@link EpochLoop} advances it; a checkpoint
 * stores it and {@link #restored} brings it back.
 */
public final class TrainingState {
    private int epochsDone;
    private final List<List<EpochRecord>> histories = new ArrayList<>();
    private final int[] bestEpochs;
    private final double[] bestLosses;
    private double trainingSeconds;

    private TrainingState(int members) {
        bestEpochs = new int[members];
        bestLosses = new double[members];
        Arrays.fill(bestLosses, Double.POSITIVE_INFINITY);
        for (int g = 0; g < members; g++) {
            histories.add(new ArrayList<>());
        }
    }

    /** A run of {@code members} members before its first epoch. */
    public static TrainingState fresh(int members) {
        return new TrainingState(members);
    }

    /** The state a checkpoint recorded (arrays and histories one entry per member). */
    public static TrainingState restored(int epochsDone, List<List<EpochRecord>> histories, int[] bestEpochs,
            double[] bestLosses, double trainingSeconds) {
        TrainingState s = new TrainingState(histories.size());
        s.epochsDone = epochsDone;
        for (int g = 0; g < histories.size(); g++) {
            s.histories.get(g).addAll(histories.get(g));
            s.bestEpochs[g] = bestEpochs[g];
            s.bestLosses[g] = bestLosses[g];
        }
        s.trainingSeconds = trainingSeconds;
        return s;
    }

    /** Records member g's epoch; returns whether it is its new best (a first loss that is not NaN always is). */
    boolean record(int g, EpochRecord r) {
        histories.get(g).add(r);
        boolean improved = r.valLoss() < bestLosses[g] || bestEpochs[g] == 0 && !Double.isNaN(r.valLoss());
        if (improved) {
            bestLosses[g] = r.valLoss();
            bestEpochs[g] = r.epoch();
        }
        return improved;
    }

    void finishEpoch(int epoch, double seconds) {
        epochsDone = epoch;
        trainingSeconds += seconds;
    }

    public int epochsDone() {
        return epochsDone;
    }

    /** Member g's learning curve (a copy). */
    public List<EpochRecord> history(int g) {
        return List.copyOf(histories.get(g));
    }

    public List<List<EpochRecord>> histories() {
        return histories.stream().map(List::copyOf).toList();
    }

    public int[] bestEpochs() {
        return bestEpochs.clone();
    }

    public double[] bestLosses() {
        return bestLosses.clone();
    }

    public double trainingSeconds() {
        return trainingSeconds;
    }
}
