package strainlab.cli;

import picocli.CommandLine.Option;
import strainlab.Scale;
import strainlab.training.DataPlacement;
import strainlab.training.LearningRateSchedule;
import strainlab.training.TrainingOptions;

/**
 * The training options {@code --epochs --batch --lr --seed --schedule --patience --device --data-placement} (a picocli
 * mixin; defaults: the paper's, or the quick scale's epochs and batch under STRAINLAB_SCALE=quick), shared by
 * train and size-study.
 */
final class TrainingArgs {
    @Option(names = "--epochs", paramLabel = "N",
            description = "epochs (default ${DEFAULT-VALUE} at this scale; 5 at quick scale, 70 at paper scale)")
    private int epochs = Scale.current().pick(quickEpochs(), TrainingOptions.paper().epochs());
    @Option(names = "--batch", paramLabel = "B", description = "mini-batch size (default ${DEFAULT-VALUE} at "
            + "this scale; 64 at quick scale, 2096 at paper scale)")
    private int batch = Scale.current().pick(quickBatch(), TrainingOptions.paper().batchSize());
    @Option(names = "--lr", paramLabel = "X",
            description = "initial RMSprop learning rate (default ${DEFAULT-VALUE})")
    private double lr = TrainingOptions.paper().learningRate();
    @Option(names = "--seed", paramLabel = "S",
            description = "seed of the weights and the shuffling (default ${DEFAULT-VALUE})")
    private long seed = TrainingOptions.paper().seed();
    @Option(names = "--schedule", paramLabel = "S", description = {
        "learning rate per epoch: plateau (default: the paper's lr/10 after --patience",
        "epochs without improvement) or cosine (lr * (1 + cos(pi (e-1)/epochs)) / 2)"})
    private String schedule = "plateau";
    @Option(names = "--patience", paramLabel = "P",
            description = "epochs without validation improvement before lr/10 (default ${DEFAULT-VALUE})")
    private int patience = TrainingOptions.paper().patience();
    @Option(names = "--device", paramLabel = "D", description = "auto (GPU if visible, default), cpu or gpu")
    private String device = "auto";
    @Option(names = "--data-placement", paramLabel = "P", description = {
        "where batches come from: auto (default: device on a GPU when the",
        "training + validation sets take <= " + (DataPlacement.AUTO_DEVICE_LIMIT_BYTES >> 30)
            + " GiB, else host), host (a loader thread",
        "copies each batch) or device (both sets copied to the device once; same results)"})
    private String placement = "auto";

    TrainingOptions options() throws UsageException {
        Picocli.atLeast("--epochs", epochs, 1);
        Picocli.atLeast("--batch", batch, 2);
        Picocli.atLeast("--patience", patience, 1);
        TrainingOptions paper = TrainingOptions.paper();
        try {
            return new TrainingOptions(epochs, batch, lr, seed, device, patience, paper.lrFactor(), paper.minDelta(),
                    paper.progressSeconds(), null, LearningRateSchedule.Kind.parse(schedule), false)
                    .withDataPlacement(DataPlacement.parse(placement));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Epochs at the quick scale. */
    static int quickEpochs() {
        return 5;
    }

    /** Mini-batch size at the quick scale. */
    static int quickBatch() {
        return 64;
    }
}
