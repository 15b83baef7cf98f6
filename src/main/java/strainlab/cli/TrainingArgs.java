package strainlab.cli;

import picocli.CommandLine.Option;
import strainlab.Scale;
import strainlab.training.AdamW;
import strainlab.training.DataPlacement;
import strainlab.training.FlatOptimizer;
import strainlab.training.LearningRateSchedule;
import strainlab.training.TrainingOptions;

/**
 * The training options {@code --epochs --batch --lr --seed --schedule --warmup-epochs --patience --optimizer
 * --weight-decay --device --data-placement} (a picocli mixin; defaults: the paper's, or the quick scale's epochs and
 * batch under STRAINLAB_SCALE=quick), shared by train and size-study.
 */
final class TrainingArgs {
    @Option(names = "--epochs", paramLabel = "N",
            description = "epochs (default ${DEFAULT-VALUE} at this scale; 5 at quick scale, 70 at paper scale)")
    private int epochs = Scale.current().pick(quickEpochs(), TrainingOptions.paper().epochs());
    @Option(names = "--batch", paramLabel = "B", description = "mini-batch size (default ${DEFAULT-VALUE} at "
            + "this scale; 64 at quick scale, 2096 at paper scale)")
    private int batch = Scale.current().pick(quickBatch(), TrainingOptions.paper().batchSize());
    @Option(names = "--lr", paramLabel = "X",
            description = "initial learning rate, the peak of one-cycle (default ${DEFAULT-VALUE})")
    private double lr = TrainingOptions.paper().learningRate();
    @Option(names = "--seed", paramLabel = "S",
            description = "seed of the weights and the shuffling (default ${DEFAULT-VALUE})")
    private long seed = TrainingOptions.paper().seed();
    @Option(names = "--schedule", paramLabel = "S", description = {
        "learning rate per epoch: plateau (default: the paper's lr/10 after --patience",
        "epochs without improvement), cosine (lr * (1 + cos(pi (e-1)/epochs)) / 2) or",
        "one-cycle (linear from lr/25 in epoch 1 to lr in epoch W+1, then a half cosine",
        "towards lr/1e4: lr/1e4 + (lr - lr/1e4) (1 + cos(pi (e-W-1)/(epochs-W))) / 2)"})
    private String schedule = "plateau";
    @Option(names = "--warmup-epochs", paramLabel = "W", description = {
        "warm-up epochs of --schedule one-cycle, 1 <= W < epochs (default: 5 %% of",
        "the epochs rounded up)"})
    private Integer warmupEpochs;
    @Option(names = "--patience", paramLabel = "P",
            description = "epochs without validation improvement before lr/10 (default ${DEFAULT-VALUE})")
    private int patience = TrainingOptions.paper().patience();
    @Option(names = "--optimizer", paramLabel = "O", description = {
        "rmsprop (default: the paper's, Keras semantics) or adamw (PyTorch's AdamW:",
        "betas 0.9, 0.999, eps 1e-8, decoupled --weight-decay on the weights of 2+",
        "dimensions, not on biases and batch-normalisation parameters)"})
    private String optimizer = "rmsprop";
    @Option(names = "--weight-decay", paramLabel = "WD", description = {
        "AdamW's decoupled weight decay: theta <- theta - lr (m^/(sqrt(v^) + eps) + WD theta)",
        "(default 0.01; --optimizer adamw only)"})
    private Double weightDecay;
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
        LearningRateSchedule.Kind kind = parsed("--schedule", () -> LearningRateSchedule.Kind.parse(schedule));
        int warmup = warmup(kind);
        FlatOptimizer.Kind opt = parsed("--optimizer", () -> FlatOptimizer.Kind.parse(optimizer));
        double wd = weightDecay(opt);
        TrainingOptions paper = TrainingOptions.paper();
        try {
            return new TrainingOptions(epochs, batch, lr, seed, device, patience, paper.lrFactor(), paper.minDelta(),
                    paper.progressSeconds(), null, kind, false, opt, wd, warmup)
                    .withDataPlacement(DataPlacement.parse(placement));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The value {@code parse} gives, or a usage error naming {@code option}. */
    private static <T> T parsed(String option, java.util.function.Supplier<T> parse) throws UsageException {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }

    /** --warmup-epochs checked against the schedule and the epochs (0: the schedule's default or none). */
    private int warmup(LearningRateSchedule.Kind kind) throws UsageException {
        if (kind != LearningRateSchedule.Kind.ONE_CYCLE) {
            if (warmupEpochs != null) {
                throw new UsageException("--warmup-epochs needs --schedule one-cycle (the schedule is "
                        + kind.label() + ")");
            }
            return 0;
        }
        if (epochs < 2) {
            throw new UsageException("--schedule one-cycle needs --epochs ≥ 2 (warm-up, then decay), got " + epochs);
        }
        if (warmupEpochs == null) {
            return LearningRateSchedule.defaultWarmupEpochs(epochs);
        }
        Picocli.atLeast("--warmup-epochs", warmupEpochs, 1);
        if (warmupEpochs >= epochs) {
            throw new UsageException("--warmup-epochs must be less than --epochs (" + epochs + "), got "
                    + warmupEpochs);
        }
        return warmupEpochs;
    }

    /** --weight-decay checked against the optimizer (AdamW's default when not given). */
    private double weightDecay(FlatOptimizer.Kind opt) throws UsageException {
        if (weightDecay != null) {
            Picocli.nonNegative("--weight-decay", weightDecay);
        }
        if (opt != FlatOptimizer.Kind.ADAMW) {
            if (weightDecay != null) {
                throw new UsageException("--weight-decay is AdamW's decoupled weight decay: it needs --optimizer "
                        + "adamw (the optimizer is " + opt.label() + ")");
            }
            return 0;
        }
        return weightDecay == null ? AdamW.DEFAULT_WEIGHT_DECAY : weightDecay;
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
