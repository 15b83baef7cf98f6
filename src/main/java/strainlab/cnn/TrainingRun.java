package strainlab.cnn;

import java.nio.file.Path;
import java.util.List;

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

    /** Training and validation loss against epoch (log scale), as in the paper's fig. S1. */
    public org.knowm.xchart.XYChart learningCurves() {
        return learningCurves("Learning curves: " + modelDir.getFileName(), history);
    }

    /** The learning-curve chart of any history (e.g. {@link TrainedModel#history()}). */
    public static org.knowm.xchart.XYChart learningCurves(String title, List<EpochRecord> history) {
        return strainlab.plot.TrainingPlots.learningCurves(title,
                history.stream().mapToInt(EpochRecord::epoch).toArray(),
                history.stream().mapToDouble(EpochRecord::trainLoss).toArray(),
                history.stream().mapToDouble(EpochRecord::valLoss).toArray());
    }

    /** The last epoch's record. */
    public EpochRecord last() {
        if (history.isEmpty()) {
            throw new IllegalStateException("no epoch was trained");
        }
        return history.get(history.size() - 1);
    }
}
