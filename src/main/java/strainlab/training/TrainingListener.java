package strainlab.training;

import java.util.List;

/**
 * Observes a training run after every epoch, once the epoch's files are written ({@code history}: all epochs so
 * far, those before a resume included); an exception stops the run, and a later call resumes after the epoch.
 */
@FunctionalInterface
public interface TrainingListener {
    void onEpochEnd(EpochRecord record, boolean improved, List<EpochRecord> history) throws Exception;
}
