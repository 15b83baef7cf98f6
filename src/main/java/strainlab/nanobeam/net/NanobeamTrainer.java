package strainlab.nanobeam.net;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import strainlab.cnn.EpochRecord;
import strainlab.nanobeam.sim.LibraryData;
import strainlab.nanobeam.sim.Patterns;

/**
 * Trains a {@link NanobeamNet} as the paper does: Adam (DJL's, learning rate 1e-4), MSE on the scaled labels
 * (×100, ×10, ×5), mini-batches of 64 in a seeded random order each epoch, a validation pass after every epoch, and
 * the weights of the epoch with the lowest validation loss kept (and written to the checkpoint folder, with
 * {@code history.csv}, each time the validation loss improves).
 */
public final class NanobeamTrainer {
    /** The file of the learning curves in a model folder (the XRD CNN's {@link EpochRecord} CSV). */
    public static final String HISTORY_FILE = "history.csv";
    private static final int PIXELS = NanobeamNN.IMAGE_SIZE * NanobeamNN.IMAGE_SIZE;

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
        /** Mean wall time per epoch, s. */
        public double secondsPerEpoch() {
            return history.stream().mapToDouble(EpochRecord::seconds).average().orElse(0);
        }
    }

    /** Trains {@code net} on {@code train}, validating on {@code validation}; the net ends with its best weights. */
    public static Result train(NanobeamNet net, LibraryData train, LibraryData validation, NanobeamTrainingOptions o,
                               Consumer<EpochRecord> onEpoch) throws IOException {
        Patterns.requireValid(train.images(), NanobeamNN.IMAGE_SIZE);
        Patterns.requireValid(validation.images(), NanobeamNN.IMAGE_SIZE);
        if (train.count() == 0 || validation.count() == 0) {
            throw new IllegalArgumentException("training and validation sets must not be empty");
        }
        Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) o.learningRate())).build();
        SplittableRandom order = new SplittableRandom(o.seed() * 0x9E3779B97F4A7C15L + 17);
        int b = o.batchSize();
        float[] xb = new float[b * PIXELS];
        float[] yb = new float[b * 3];
        float[] scale = NanobeamNN.LABEL_SCALE;
        List<EpochRecord> history = new ArrayList<>();
        float[][] best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        List<Pair<String, Parameter>> params = net.block().getParameters().stream().toList();
        for (int epoch = 1; epoch <= o.epochs(); epoch++) {
            long t0 = System.nanoTime();
            int[] perm = permutation(train.count(), order);
            double lossSum = 0;
            int batches = 0;
            for (int start = 0; start < perm.length; start += b) {
                int m = Math.min(b, perm.length - start);
                for (int q = 0; q < m; q++) {
                    int i = perm[start + q];
                    System.arraycopy(train.images(), i * PIXELS, xb, q * PIXELS, PIXELS);
                    for (int d = 0; d < 3; d++) {
                        yb[q * 3 + d] = train.labels()[3 * i + d] * scale[d];
                    }
                }
                try (NDManager scope = net.manager().newSubManager()) {
                    NDArray x = scope.create(FloatBuffer.wrap(xb, 0, m * PIXELS), NanobeamNN.inputShape(m));
                    NDArray y = scope.create(FloatBuffer.wrap(yb, 0, m * 3), new Shape(m, 3));
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray loss = net.forward(x, true).sub(y).square().mean();
                        gc.backward(loss);
                        lossSum += loss.getFloat();
                    }
                    for (Pair<String, Parameter> p : params) {
                        NDArray w = p.getValue().getArray();
                        NDArray g = w.getGradient();
                        adam.update(p.getValue().getId(), w, g);
                        g.subi(g);
                        g.close();
                    }
                }
                batches++;
            }
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            double valLoss = validationMse(net, validation);
            double seconds = (System.nanoTime() - t0) / 1e9;
            EpochRecord rec = new EpochRecord(epoch, lossSum / batches, valLoss, o.learningRate(), seconds,
                    train.count() / trainSeconds);
            history.add(rec);
            if (valLoss < bestLoss) {
                bestLoss = valLoss;
                bestEpoch = epoch;
                best = net.snapshot();
                if (o.checkpointDir() != null) {
                    net.setInfo(net.info().trained(epoch, bestEpoch, bestLoss));
                    net.save(o.checkpointDir());
                }
            }
            if (o.checkpointDir() != null) {
                writeHistory(o.checkpointDir(), history);
            }
            if (onEpoch != null) {
                onEpoch.accept(rec);
            }
        }
        net.restore(best);
        net.setInfo(net.info().trained(o.epochs(), bestEpoch, bestLoss));
        if (o.checkpointDir() != null) {
            net.save(o.checkpointDir());
        }
        return new Result(List.copyOf(history), bestEpoch, bestLoss);
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

    /** Writes the learning curves of the run to {@code dir/history.csv} atomically. */
    static void writeHistory(java.nio.file.Path dir, List<EpochRecord> history) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        NanobeamNet.writeAtomically(dir.resolve(HISTORY_FILE),
                os -> os.write(EpochRecord.toCsv(history).getBytes(StandardCharsets.UTF_8)));
    }

    private static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
