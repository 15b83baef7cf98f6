package strainlab.training;

/**
 * Learning-rate schedule of the paper (Keras {@code ReduceLROnPlateau(monitor='val_loss', factor=0.1,
 * patience=10)}): after each epoch the validation loss is compared with the best so far; it counts as an
 * improvement when it is below {@code best − minDelta}. After {@code patience} epochs without improvement the
 * learning rate is multiplied by {@code factor} (not below {@code minLearningRate}) and the count restarts.
 *
 * <p>Mutable; {@link #state()} and {@link #restore(State)} carry it through a checkpoint.
 */
public final class PlateauSchedule {
    private final double factor;
    private final int patience;
    private final double minDelta;
    private final double minLearningRate;
    private double learningRate;
    private double best = Double.POSITIVE_INFINITY;
    private int wait;

    /** The checkpointable part of the schedule. */
    public record State(double learningRate, double best, int epochsWithoutImprovement) {
    }

    /**
     * @param initialLearningRate starting learning rate
     * @param factor multiplier applied on a plateau, in (0, 1)
     * @param patience epochs without improvement before the rate drops, &gt;= 1
     * @param minDelta smallest decrease of the loss that counts as an improvement, &gt;= 0
     * @param minLearningRate floor of the learning rate, &gt;= 0
     */
    public PlateauSchedule(double initialLearningRate, double factor, int patience, double minDelta,
            double minLearningRate) {
        if (!(initialLearningRate > 0) || Double.isInfinite(initialLearningRate)) {
            throw new IllegalArgumentException("initialLearningRate must be positive, got " + initialLearningRate);
        }
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("factor must be in (0, 1), got " + factor);
        }
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be >= 1, got " + patience);
        }
        if (!(minDelta >= 0)) {
            throw new IllegalArgumentException("minDelta must be >= 0, got " + minDelta);
        }
        if (!(minLearningRate >= 0)) {
            throw new IllegalArgumentException("minLearningRate must be >= 0, got " + minLearningRate);
        }
        this.learningRate = initialLearningRate;
        this.factor = factor;
        this.patience = patience;
        this.minDelta = minDelta;
        this.minLearningRate = minLearningRate;
    }

    /** The paper's schedule: ÷10 after 10 epochs without improvement (Keras min_delta 1e-4, no floor). */
    public static PlateauSchedule paper(double initialLearningRate) {
        return new PlateauSchedule(initialLearningRate, 0.1, 10, 1e-4, 0);
    }

    /**
     * Records the validation loss of a finished epoch and returns the learning rate for the next epoch.
     * A NaN loss never counts as an improvement.
     */
    public double onEpochEnd(double validationLoss) {
        if (validationLoss < best - minDelta) {
            best = validationLoss;
            wait = 0;
        } else {
            wait++;
            if (wait >= patience) {
                learningRate = Math.max(learningRate * factor, minLearningRate);
                wait = 0;
            }
        }
        return learningRate;
    }

    /** Learning rate in force. */
    public double learningRate() {
        return learningRate;
    }

    /** Best validation loss seen (+∞ before the first epoch). */
    public double best() {
        return best;
    }

    /** Epochs since the last improvement. */
    public int epochsWithoutImprovement() {
        return wait;
    }

    /** Snapshot for a checkpoint. */
    public State state() {
        return new State(learningRate, best, wait);
    }

    /** Restores a snapshot taken by {@link #state()}. */
    public void restore(State state) {
        this.learningRate = state.learningRate();
        this.best = state.best();
        this.wait = state.epochsWithoutImprovement();
    }
}
