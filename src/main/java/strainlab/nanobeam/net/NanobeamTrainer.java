package strainlab.nanobeam.net;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import strainlab.nanobeam.sim.LibraryData;
import strainlab.training.EpochRecord;
import strainlab.training.FlatAdam;

/**
 * Trains one {@link NanobeamNet} as the paper does: Adam (learning rate 1e-4, {@link FlatAdam}), MSE on the scaled
 * labels (×100, ×10, ×5), mini-batches of 64 in a seeded random order each epoch, a validation pass after every
 * epoch, and the weights of the epoch with the lowest validation loss kept. It is the one-member case of
 * {@link NanobeamGroupedTrainer} (data on the device, no host copy per step); with a checkpoint folder the best
 * model, {@code history.csv} and the resumable training state are written there every
 * {@link NanobeamTrainingOptions#checkpointEvery()} epochs, and a later call with the same net, data and options
 * resumes after the last checkpoint.
 */
public final class NanobeamTrainer {
    private NanobeamTrainer() {
    }

    /**
     * What a training run did.
     *
     * @param history           one record per epoch (losses are MSE of the scaled labels)
     * @param bestEpoch         1-based epoch whose weights were kept
     * @param bestValidationMse its validation loss
     */
    public record Result(List<EpochRecord> history, int bestEpoch, double bestValidationMse) {
    }

    /**
     * Trains {@code net} from its current weights on {@code train} (batch order seeded by {@code o.seed()}),
     * validating on {@code validation}; the net ends with its best weights.
     */
    public static Result train(NanobeamNet net, LibraryData train, LibraryData validation, NanobeamTrainingOptions o,
                               Consumer<EpochRecord> onEpoch) throws IOException {
        Path dir = o.checkpointDir();
        NanobeamGroupedTrainer.MemberData data = new NanobeamGroupedTrainer.MemberData(train, validation);
        NanobeamGroupedTrainer.Result r = NanobeamGroupedTrainer.train(List.of(net), g -> data, new long[] {o.seed()},
                o, dir == null ? null : List.of(dir), dir == null ? null : dir.resolve(NanobeamGroupedTrainer.STATE_FILE),
                null, onEpoch == null ? null : e -> onEpoch.accept(e.records().get(0)));
        return new Result(r.histories().get(0), r.bestEpochs()[0], r.bestValidationMse()[0]);
    }

    /** Mean squared error of the scaled labels over a set (inference mode). */
    public static double validationMse(NanobeamNet net, LibraryData set) {
        float[] pred = net.predictScaled(set.images());
        double s = 0;
        float[] scale = NanobeamNN.LABEL_SCALE;
        for (int i = 0; i < set.count(); i++) {
            for (int d = 0; d < 3; d++) {
                double e = pred[3 * i + d] - set.labels()[3 * i + d] * scale[d];
                s += e * e;
            }
        }
        return s / (3.0 * set.count());
    }
}
