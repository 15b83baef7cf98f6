package strainlab.nanobeam.net;

import java.nio.file.Path;

/**
 * Training settings of NanobeamNN (the paper: Adam, learning rate 1e-4, batch 64, 500 epochs, MSE on the scaled
 * labels, the weights of the epoch with the lowest validation loss are kept).
 *
 * @param epochs          number of epochs, ≥ 1
 * @param batchSize       mini-batch size, ≥ 1
 * @param learningRate    Adam learning rate, &gt; 0
 * @param seed            seed of the initial weights and of the batch order
 * @param noiseSeed       seed of the Poisson noise drawn on the training library
 * @param checkpointDir   folder that receives the best model, {@code history.csv} and the resumable training state
 *                        as training goes; null for none
 * @param checkpointEvery epochs between resumable checkpoints (model folders and training state), ≥ 1; the last
 *                        epoch is always written
 * @param convLayout      how the members' convolutions run in grouped training (speed only; {@link ConvLayout#AUTO}
 *                        picks by device)
 */
public record NanobeamTrainingOptions(int epochs, int batchSize, double learningRate, long seed, long noiseSeed,
                                      Path checkpointDir, int checkpointEvery, ConvLayout convLayout) {
    /** Default epochs between checkpoints. */
    public static final int DEFAULT_CHECKPOINT_EVERY = 5;

    public NanobeamTrainingOptions {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be finite and > 0, got " + learningRate);
        }
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpointEvery must be >= 1, got " + checkpointEvery);
        }
        if (convLayout == null) {
            throw new IllegalArgumentException("convLayout must not be null (use ConvLayout.AUTO)");
        }
    }

    /** Settings with a checkpoint every {@value #DEFAULT_CHECKPOINT_EVERY} epochs and the device's conv layout. */
    public NanobeamTrainingOptions(int epochs, int batchSize, double learningRate, long seed, long noiseSeed,
                                   Path checkpointDir) {
        this(epochs, batchSize, learningRate, seed, noiseSeed, checkpointDir, DEFAULT_CHECKPOINT_EVERY, ConvLayout.AUTO);
    }

    /** The paper's settings with the given number of epochs (500 in the paper) and seed. */
    public static NanobeamTrainingOptions paper(int epochs, long seed) {
        return new NanobeamTrainingOptions(epochs, 64, 1e-4, seed, seed, null);
    }

    public NanobeamTrainingOptions withSeeds(long weights, long noise) {
        return new NanobeamTrainingOptions(epochs, batchSize, learningRate, weights, noise, checkpointDir,
                checkpointEvery, convLayout);
    }

    public NanobeamTrainingOptions withCheckpointDir(Path dir) {
        return new NanobeamTrainingOptions(epochs, batchSize, learningRate, seed, noiseSeed, dir, checkpointEvery,
                convLayout);
    }

    public NanobeamTrainingOptions withLearningRate(double lr) {
        return new NanobeamTrainingOptions(epochs, batchSize, lr, seed, noiseSeed, checkpointDir, checkpointEvery,
                convLayout);
    }

    public NanobeamTrainingOptions withEpochs(int n) {
        return new NanobeamTrainingOptions(n, batchSize, learningRate, seed, noiseSeed, checkpointDir, checkpointEvery,
                convLayout);
    }

    public NanobeamTrainingOptions withCheckpointEvery(int n) {
        return new NanobeamTrainingOptions(epochs, batchSize, learningRate, seed, noiseSeed, checkpointDir, n,
                convLayout);
    }

    public NanobeamTrainingOptions withConvLayout(ConvLayout layout) {
        return new NanobeamTrainingOptions(epochs, batchSize, learningRate, seed, noiseSeed, checkpointDir,
                checkpointEvery, layout);
    }
}
