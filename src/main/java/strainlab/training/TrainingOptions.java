package strainlab.training;

/**
 * Settings of one training run. {@link #paper()} gives the paper's: 70 epochs, mini-batch 2096, RMSprop lr 1e-3,
 * lr ÷10 after 10 epochs without a validation improvement larger than 1e-4 (the plateau schedule). Records written
 * before an option existed read as the paper's setting of it.
 *
 * @param epochs number of epochs (≥ 1)
 * @param batchSize mini-batch size (≥ 2: batch normalisation needs two examples)
 * @param learningRate initial learning rate (the peak of a one-cycle schedule)
 * @param seed seed of the weight initialisation and of the per-epoch shuffling
 * @param device {@code auto} (GPU when one is visible, else CPU), {@code cpu}, {@code gpu} or {@code gpu:N}
 * @param patience epochs without validation improvement before the learning rate drops
 * @param lrFactor factor applied to the learning rate on a plateau
 * @param minDelta smallest validation-loss decrease that counts as an improvement
 * @param progressSeconds interval of the within-epoch progress lines (0: epoch lines only)
 * @param dataPlacement where mini-batches are read from (host memory or the device; {@link DataPlacement}); null
 *                      means {@code AUTO}, as in records written before the option existed
 * @param schedule how the learning rate changes ({@link LearningRateSchedule}); null means the paper's plateau
 *                 schedule, as in records written before the option existed
 * @param noiseOnTheFly draw fresh counting noise for every training curve in every epoch from the set's stored
 *                      expected counts ({@link NoiseOnTheFly}) instead of reading its stored noisy curves; false in
 *                      records written before the option existed
 * @param optimizer the optimizer ({@link FlatOptimizer.Kind}); null means the paper's RMSprop, as in records
 *                  written before the option existed
 * @param weightDecay {@link AdamW}'s decoupled weight decay, &gt;= 0; must be 0 with RMSprop (0 in records written
 *                    before the option existed)
 * @param warmupEpochs warm-up epochs of a one-cycle schedule, 1 &lt;= W &lt; epochs; 0 there means
 *                     {@link LearningRateSchedule#defaultWarmupEpochs}; must be 0 with the other schedules
 */
public record TrainingOptions(int epochs, int batchSize, double learningRate, long seed, String device,
        int patience, double lrFactor, double minDelta, int progressSeconds, DataPlacement dataPlacement,
        LearningRateSchedule.Kind schedule, boolean noiseOnTheFly, FlatOptimizer.Kind optimizer, double weightDecay,
        int warmupEpochs) {

    public TrainingOptions {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 2) {
            throw new IllegalArgumentException("batchSize must be >= 2 (batch normalisation), got " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be positive and finite, got " + learningRate);
        }
        Devices.parse(device);
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be >= 1, got " + patience);
        }
        if (!(lrFactor > 0 && lrFactor < 1)) {
            throw new IllegalArgumentException("lrFactor must be in (0, 1), got " + lrFactor);
        }
        if (!(minDelta >= 0)) {
            throw new IllegalArgumentException("minDelta must be >= 0, got " + minDelta);
        }
        if (progressSeconds < 0) {
            throw new IllegalArgumentException("progressSeconds must be >= 0, got " + progressSeconds);
        }
        if (dataPlacement == null) {
            dataPlacement = DataPlacement.AUTO;
        }
        if (schedule == null) {
            schedule = LearningRateSchedule.Kind.PLATEAU;
        }
        if (optimizer == null) {
            optimizer = FlatOptimizer.Kind.RMSPROP;
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be >= 0 and finite, got " + weightDecay);
        }
        if (optimizer == FlatOptimizer.Kind.RMSPROP && weightDecay != 0) {
            throw new IllegalArgumentException("weightDecay is AdamW's decoupled weight decay; RMSprop takes none, got "
                    + weightDecay);
        }
        if (schedule == LearningRateSchedule.Kind.ONE_CYCLE) {
            if (epochs < 2) {
                throw new IllegalArgumentException("a one-cycle schedule needs epochs >= 2 (warm-up and decay), got "
                        + epochs);
            }
            if (warmupEpochs == 0) {
                warmupEpochs = LearningRateSchedule.defaultWarmupEpochs(epochs);
            }
            if (warmupEpochs < 1 || warmupEpochs >= epochs) {
                throw new IllegalArgumentException("warmupEpochs must be >= 1 and less than epochs (" + epochs
                        + "), got " + warmupEpochs);
            }
        } else if (warmupEpochs != 0) {
            throw new IllegalArgumentException("warmupEpochs applies to the one-cycle schedule only, got "
                    + warmupEpochs + " with " + schedule.label());
        }
    }

    /** The paper's settings (70 epochs, batch 2096, lr 1e-3, seed 1, device auto). */
    public static TrainingOptions paper() {
        return new TrainingOptions(70, 2096, 1e-3, 1, "auto", 10, 0.1, 1e-4, 30, DataPlacement.AUTO,
                LearningRateSchedule.Kind.PLATEAU, false, FlatOptimizer.Kind.RMSPROP, 0, 0);
    }

    /** The paper's settings with another number of epochs. */
    public TrainingOptions withEpochs(int n) {
        return new TrainingOptions(n, batchSize, learningRate, seed, device, patience, lrFactor, minDelta,
                progressSeconds, dataPlacement, schedule, noiseOnTheFly, optimizer, weightDecay, warmupEpochs);
    }

    /** The same settings with another mini-batch size. */
    public TrainingOptions withBatchSize(int n) {
        return new TrainingOptions(epochs, n, learningRate, seed, device, patience, lrFactor, minDelta,
                progressSeconds, dataPlacement, schedule, noiseOnTheFly, optimizer, weightDecay, warmupEpochs);
    }

    /** The same settings with another seed. */
    public TrainingOptions withSeed(long s) {
        return new TrainingOptions(epochs, batchSize, learningRate, s, device, patience, lrFactor, minDelta,
                progressSeconds, dataPlacement, schedule, noiseOnTheFly, optimizer, weightDecay, warmupEpochs);
    }

    /** The same settings on another device ({@code auto}, {@code cpu}, {@code gpu}, {@code gpu:N}). */
    public TrainingOptions withDevice(String d) {
        return new TrainingOptions(epochs, batchSize, learningRate, seed, d, patience, lrFactor, minDelta,
                progressSeconds, dataPlacement, schedule, noiseOnTheFly, optimizer, weightDecay, warmupEpochs);
    }

    /** The same settings with another progress-line interval (0: one line per epoch). */
    public TrainingOptions withProgressSeconds(int s) {
        return new TrainingOptions(epochs, batchSize, learningRate, seed, device, patience, lrFactor, minDelta, s,
                dataPlacement, schedule, noiseOnTheFly, optimizer, weightDecay, warmupEpochs);
    }

    /**
     * These settings with what does not define a run's result set to its default: device {@code auto}, placement
     * {@code AUTO}, no progress lines. Two runs whose identities are equal train the same network on the same
     * schedule (up to the numerics of the device), so a run may resume under the other's settings.
     */
    public TrainingOptions resultIdentity() {
        return new TrainingOptions(epochs, batchSize, learningRate, seed, "auto", patience, lrFactor, minDelta, 0,
                DataPlacement.AUTO, schedule, noiseOnTheFly, optimizer, weightDecay, warmupEpochs);
    }

    /** The same settings with batches read from {@code placement}. */
    public TrainingOptions withDataPlacement(DataPlacement placement) {
        return new TrainingOptions(epochs, batchSize, learningRate, seed, device, patience, lrFactor, minDelta,
                progressSeconds, placement, schedule, noiseOnTheFly, optimizer, weightDecay, warmupEpochs);
    }

    /** The same settings with fresh noise every epoch (true) or the set's stored noisy curves (false). */
    public TrainingOptions withNoiseOnTheFly(boolean on) {
        return new TrainingOptions(epochs, batchSize, learningRate, seed, device, patience, lrFactor, minDelta,
                progressSeconds, dataPlacement, schedule, on, optimizer, weightDecay, warmupEpochs);
    }

    /** The same settings with another learning-rate schedule (a one-cycle one with its default warm-up). */
    public TrainingOptions withSchedule(LearningRateSchedule.Kind kind) {
        return new TrainingOptions(epochs, batchSize, learningRate, seed, device, patience, lrFactor, minDelta,
                progressSeconds, dataPlacement, kind, noiseOnTheFly, optimizer, weightDecay, 0);
    }

    /** The same settings with a one-cycle schedule of {@code w} warm-up epochs. */
    public TrainingOptions withOneCycle(int w) {
        return new TrainingOptions(epochs, batchSize, learningRate, seed, device, patience, lrFactor, minDelta,
                progressSeconds, dataPlacement, LearningRateSchedule.Kind.ONE_CYCLE, noiseOnTheFly, optimizer,
                weightDecay, w);
    }

    /** The same settings with RMSprop. */
    public TrainingOptions withRmsProp() {
        return new TrainingOptions(epochs, batchSize, learningRate, seed, device, patience, lrFactor, minDelta,
                progressSeconds, dataPlacement, schedule, noiseOnTheFly, FlatOptimizer.Kind.RMSPROP, 0, warmupEpochs);
    }

    /** The same settings with AdamW of decoupled weight decay {@code wd}. */
    public TrainingOptions withAdamW(double wd) {
        return new TrainingOptions(epochs, batchSize, learningRate, seed, device, patience, lrFactor, minDelta,
                progressSeconds, dataPlacement, schedule, noiseOnTheFly, FlatOptimizer.Kind.ADAMW, wd, warmupEpochs);
    }
}
