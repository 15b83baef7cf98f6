package strainlab.cnn;

import java.nio.file.Path;
import java.util.List;
import strainlab.training.EpochRecord;

/**
 * What {@link CnnTrainer#train} did.
 *
 * @param modelDir the model folder ({@link TrainedModel#load(Path)} reads it)
 * @param history learning curves of all epochs so far (including those before a resume)
 * @param bestEpoch epoch of the saved parameters
 * @param bestValLoss validation MSE of that epoch (normalised labels)
 * @param resumedAfterEpoch epochs already completed when this call started (0 for a fresh run)
 * @param device device used
 * @param normaliser label normaliser of the training set
 */
public record TrainingRun(Path modelDir, List<EpochRecord> history, int bestEpoch, double bestValLoss,
        int resumedAfterEpoch, String device, LabelNormaliser normaliser) {

    public TrainingRun {
        history = List.copyOf(history);
    }

    /** The last epoch's record. */
    public EpochRecord last() {
        if (history.isEmpty()) {
            throw new IllegalStateException("no epoch was trained");
        }
        return history.get(history.size() - 1);
    }

    /** One line for a log: "done: best val_loss V at epoch E of N; model in DIR". */
    public String summary() {
        return String.format(java.util.Locale.ROOT, "done: best val_loss %.6g at epoch %d of %d; model in %s",
                bestValLoss, bestEpoch, history.size(), modelDir);
    }
}
