package strainlab.training;

/**
 * The learning rate from epoch to epoch, one of three kinds:
 * <ul>
 *   <li>{@link Kind#PLATEAU}, the paper's (Keras {@code ReduceLROnPlateau(monitor='val_loss', factor=0.1,
 *       patience=10)}): after each epoch the validation loss is compared with the best so far; it counts as an
 *       improvement when it is below {@code best − minDelta}. After {@code patience} epochs without improvement the
 *       learning rate is multiplied by {@code factor} (not below {@code minLearningRate}) and the count restarts.</li>
 *   <li>{@link Kind#COSINE}: epoch {@code e} (1-based) of {@code E} trains at {@code lr0 · ½ (1 + cos(π (e − 1) /
 *       E))}, from {@code lr0} down towards zero, whatever the validation loss.</li>
 *   <li>{@link Kind#ONE_CYCLE}, a one-cycle schedule stepped per epoch, with {@code W} warm-up epochs
 *       (1 &lt;= W &lt; E), the start {@code lr0 / 25} ({@value #ONE_CYCLE_START_DIVISOR}) and the floor
 *       {@code lr0 / 1e4} ({@value #ONE_CYCLE_FLOOR_DIVISOR}): epoch {@code e} trains at
 *       <pre>
 *   e &lt;= W:  lr0/25 + (lr0 − lr0/25) · (e − 1) / W                         (linear warm-up)
 *   e &gt; W:   lr0/1e4 + (lr0 − lr0/1e4) · ½ (1 + cos(π (e − W − 1) / (E − W)))   (half cosine)
 *       </pre>
 *       so epoch 1 trains at {@code lr0/25}, epoch {@code W + 1} at the peak {@code lr0}, and the last epoch
 *       just above the floor, whatever the validation loss. (PyTorch's {@code OneCycleLR} steps per batch, warms
 *       up along a cosine by default and ends at {@code lr0 / 25 / 1e4}.)</li>
 * </ul>
 * All track the best validation loss. Mutable; {@link #state()} and {@link #restore(State)} carry it through a
 * checkpoint.
 */
public final class LearningRateSchedule {

    /** The kinds of schedule. */
    public enum Kind {
        PLATEAU, COSINE, ONE_CYCLE;

        /** The kind named {@code text} ({@code plateau}, {@code cosine} or {@code one-cycle}, any case). */
        public static Kind parse(String text) {
            for (Kind k : values()) {
                if (k.label().equalsIgnoreCase(text) || k.name().equalsIgnoreCase(text)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("schedule must be plateau, cosine or one-cycle, got " + text);
        }

        /** The name used on the command line and in messages ({@code one-cycle} for {@link #ONE_CYCLE}). */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** lr0 over the first epoch's learning rate of a one-cycle schedule. */
    public static final double ONE_CYCLE_START_DIVISOR = 25;
    /** lr0 over the floor that a one-cycle schedule's half cosine falls towards. */
    public static final double ONE_CYCLE_FLOOR_DIVISOR = 1e4;

    private final Kind kind;
    private final double initialLearningRate;
    private final int epochs;
    private final int warmupEpochs;
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
     * A plateau schedule.
     *
     * @param initialLearningRate starting learning rate
     * @param factor multiplier applied on a plateau, in (0, 1)
     * @param patience epochs without improvement before the rate drops, &gt;= 1
     * @param minDelta smallest decrease of the loss that counts as an improvement, &gt;= 0
     * @param minLearningRate floor of the learning rate, &gt;= 0
     */
    public LearningRateSchedule(double initialLearningRate, double factor, int patience, double minDelta,
            double minLearningRate) {
        this(Kind.PLATEAU, initialLearningRate, 0, 0, factor, patience, minDelta, minLearningRate);
    }

    private LearningRateSchedule(Kind kind, double initialLearningRate, int epochs, int warmupEpochs, double factor,
            int patience, double minDelta, double minLearningRate) {
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
        if (kind == Kind.COSINE && epochs < 1) {
            throw new IllegalArgumentException("a cosine schedule needs epochs >= 1, got " + epochs);
        }
        if (kind == Kind.ONE_CYCLE && (warmupEpochs < 1 || warmupEpochs >= epochs)) {
            throw new IllegalArgumentException("a one-cycle schedule needs 1 <= warm-up epochs < epochs, got "
                    + warmupEpochs + " warm-up epochs of " + epochs);
        }
        this.kind = kind;
        this.initialLearningRate = initialLearningRate;
        this.epochs = epochs;
        this.warmupEpochs = warmupEpochs;
        this.factor = factor;
        this.patience = patience;
        this.minDelta = minDelta;
        this.minLearningRate = minLearningRate;
        this.learningRate = kind == Kind.ONE_CYCLE ? oneCycleRate(1) : initialLearningRate;
    }

    /** The paper's schedule: ÷10 after 10 epochs without improvement (Keras min_delta 1e-4, no floor). */
    public static LearningRateSchedule paper(double initialLearningRate) {
        return new LearningRateSchedule(initialLearningRate, 0.1, 10, 1e-4, 0);
    }

    /** A cosine decay from {@code initialLearningRate} over {@code epochs} epochs. */
    public static LearningRateSchedule cosine(double initialLearningRate, int epochs) {
        return new LearningRateSchedule(Kind.COSINE, initialLearningRate, epochs, 0, 0.1, 1, 0, 0);
    }

    /** A one-cycle schedule of {@code epochs} epochs peaking at {@code peakLearningRate} after {@code warmupEpochs}. */
    public static LearningRateSchedule oneCycle(double peakLearningRate, int epochs, int warmupEpochs) {
        return new LearningRateSchedule(Kind.ONE_CYCLE, peakLearningRate, epochs, warmupEpochs, 0.1, 1, 0, 0);
    }

    /**
     * The default warm-up of a one-cycle schedule of {@code epochs} epochs: 5 % of them rounded up, at least 1 and
     * less than {@code epochs} (0 for a single epoch, which a one-cycle schedule cannot have).
     */
    public static int defaultWarmupEpochs(int epochs) {
        return Math.min(Math.max(1, (int) Math.ceil(epochs * 0.05)), epochs - 1);
    }

    /** The schedule that {@code options} ask for. */
    public static LearningRateSchedule of(TrainingOptions options) {
        return switch (options.schedule()) {
            case COSINE -> cosine(options.learningRate(), options.epochs());
            case ONE_CYCLE -> oneCycle(options.learningRate(), options.epochs(), options.warmupEpochs());
            case PLATEAU -> new LearningRateSchedule(options.learningRate(), options.lrFactor(), options.patience(),
                    options.minDelta(), 0);
        };
    }

    /**
     * Records the validation loss of finished epoch {@code epoch} (1-based) and returns the learning rate for the
     * next epoch. A NaN loss never counts as an improvement.
     */
    public double onEpochEnd(int epoch, double validationLoss) {
        boolean improved = validationLoss < best - minDelta;
        if (improved) {
            best = validationLoss;
            wait = 0;
        }
        if (kind == Kind.COSINE) {
            learningRate = cosineRate(epoch + 1);
        } else if (kind == Kind.ONE_CYCLE) {
            learningRate = oneCycleRate(epoch + 1);
        } else if (!improved) {
            wait++;
            if (wait >= patience) {
                learningRate = Math.max(learningRate * factor, minLearningRate);
                wait = 0;
            }
        }
        return learningRate;
    }

    private double cosineRate(int epoch) {
        return initialLearningRate * 0.5 * (1 + Math.cos(Math.PI * Math.min(epoch - 1, epochs) / epochs));
    }

    /** The one-cycle rate of 1-based {@code epoch} (after the last epoch: the floor). */
    private double oneCycleRate(int epoch) {
        double start = initialLearningRate / ONE_CYCLE_START_DIVISOR;
        if (epoch <= warmupEpochs) {
            return start + (initialLearningRate - start) * (epoch - 1) / warmupEpochs;
        }
        double floor = initialLearningRate / ONE_CYCLE_FLOOR_DIVISOR;
        int decay = epochs - warmupEpochs;
        return floor + (initialLearningRate - floor) * 0.5
                * (1 + Math.cos(Math.PI * Math.min(epoch - warmupEpochs - 1, decay) / decay));
    }

    /** Warm-up epochs of a one-cycle schedule (0 for the other kinds). */
    public int warmupEpochs() {
        return warmupEpochs;
    }

    /** The kind of schedule. */
    public Kind kind() {
        return kind;
    }

    /** Learning rate in force. */
    public double learningRate() {
        return learningRate;
    }

    /** Best validation loss seen (+∞ before the first epoch). */
    public double best() {
        return best;
    }

    /** Epochs since the last improvement (plateau schedule). */
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
