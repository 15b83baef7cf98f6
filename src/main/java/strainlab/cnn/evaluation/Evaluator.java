package strainlab.cnn.evaluation;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import strainlab.cnn.LabelNormaliser;
import strainlab.cnn.LabelledCurves;
import strainlab.cnn.TrainedModel;

/**
 * Runs a trained model over a labelled set and measures it as the paper does (§3.1, table 2). The data carry the
 * full labels (truth); the model may predict all 14 labels or a reduced subset (matched by name, see
 * {@link LabelView}). The MSE is that of the training loss: mean over curves and outputs of the squared
 * difference of normalised prediction and normalised truth, with the model's own normaliser.
 *
 * <pre>{@code
 * try (TrainedModel model = TrainedModel.load(Path.of("models/cnn1"))) {
 *     Evaluation e = Evaluator.evaluate(model, test, "CNN1").withTrainMse(Evaluator.mse(model, train, 0), train.size());
 *     System.out.println(e.table2());
 * }
 * }</pre>
 */
public final class Evaluator {
    /** Curves read and predicted per chunk (bounds the memory held by inputs). */
    public static final int CHUNK = 4096;

    private Evaluator() {
    }

    /** Evaluates {@code model} on every curve of {@code test} (positions used as source indices). */
    public static Evaluation evaluate(TrainedModel model, LabelledCurves test, String label) {
        return evaluate(model, test, label, null, null);
    }

    /**
     * Evaluates {@code model} on {@code test}.
     *
     * @param sourceIndex index of each test curve in its dataset (null: positions)
     * @param progress where to print progress (null: silent)
     */
    public static Evaluation evaluate(TrainedModel model, LabelledCurves test, String label, long[] sourceIndex,
            PrintStream progress) {
        checkInputs(model, test);
        int n = test.size();
        if (n == 0) {
            throw new IllegalArgumentException("the test set is empty");
        }
        LabelView truthView = LabelView.of(test.labelNames());
        LabelView predView = LabelView.of(model.labelNames());
        checkOutputsKnown(model, truthView);
        float[][] truth = new float[n][test.labelCount()];
        float[][] predicted = new float[n][];
        double[] sqErr = new double[n];
        long t0 = System.nanoTime();
        forEachChunk(model, test, (from, normalised, labels) -> {
            for (int i = 0; i < normalised.length; i++) {
                truth[from + i] = labels[i];
                predicted[from + i] = model.normaliser().denormalise(normalised[i]);
                sqErr[from + i] = squaredError(model.normaliser(), model.labelNames(), truthView, labels[i],
                        normalised[i]);
            }
            if (progress != null) {
                progress.printf(Locale.ROOT, "  predicted %,d / %,d curves (%.0f curves/s)%n", from + normalised.length,
                        n, (from + normalised.length) / ((System.nanoTime() - t0) * 1e-9));
            }
        });
        return Evaluation.of(label, truthView, truth, predView, predicted, sqErr, sourceIndex);
    }

    /**
     * Scores label vectors obtained by other means (e.g. a prediction refined by least squares) exactly as
     * {@link #evaluate} scores the model's own predictions: true labels read from {@code test}, the same accuracies
     * and σe/e_max, and the normalised MSE with the model's normaliser.
     *
     * @param predicted one vector per curve of {@code test}, physical units, in the order of
     *                  {@code model.labelNames()}
     * @param sourceIndex index of each test curve in its dataset (null: positions)
     */
    public static Evaluation score(TrainedModel model, LabelledCurves test, float[][] predicted, String label,
            long[] sourceIndex) {
        int n = test.size();
        if (predicted.length != n) {
            throw new IllegalArgumentException("the test set holds " + n + " curves, the predictions "
                    + predicted.length);
        }
        if (n == 0) {
            throw new IllegalArgumentException("the test set is empty");
        }
        LabelView truthView = LabelView.of(test.labelNames());
        checkOutputsKnown(model, truthView);
        float[][] truth = new float[n][test.labelCount()];
        double[] sqErr = new double[n];
        for (int i = 0; i < n; i++) {
            test.readLabels(i, truth[i]);
            sqErr[i] = squaredError(model.normaliser(), model.labelNames(), truthView, truth[i],
                    model.normaliser().normalise(predicted[i]));
        }
        return Evaluation.of(label, truthView, truth, LabelView.of(model.labelNames()), predicted, sqErr, sourceIndex);
    }

    /**
     * MSE of the normalised outputs over {@code data} (inference mode), e.g. the train MSE of table 2.
     *
     * @param maxCurves evaluate only the first {@code maxCurves} curves (0: all)
     */
    public static double mse(TrainedModel model, LabelledCurves data, int maxCurves) {
        checkInputs(model, data);
        LabelView view = LabelView.of(data.labelNames());
        checkOutputsKnown(model, view);
        int n = maxCurves > 0 ? Math.min(maxCurves, data.size()) : data.size();
        if (n == 0) {
            return Double.NaN;
        }
        double[] sum = {0};
        forEachChunk(model, new CurveSubset(data, n), (from, normalised, labels) -> {
            for (int i = 0; i < normalised.length; i++) {
                sum[0] += squaredError(model.normaliser(), model.labelNames(), view, labels[i], normalised[i]);
            }
        });
        return sum[0] / n;
    }

    /** Mean over outputs of the squared difference of normalised prediction and normalised truth. */
    static double squaredError(LabelNormaliser norm, List<String> outputs, LabelView truthView, float[] truth,
            float[] normalisedPrediction) {
        double[] min = norm.min();
        double s = 0;
        for (int k = 0; k < outputs.size(); k++) {
            double y = (truthView.labelOrDerived(outputs.get(k), truth) - min[k]) / norm.range(k);
            double d = normalisedPrediction[k] - y;
            s += d * d;
        }
        return s / outputs.size();
    }

    private interface ChunkConsumer {
        void accept(int from, float[][] normalisedPredictions, float[][] labels);
    }

    private static void forEachChunk(TrainedModel model, LabelledCurves data, ChunkConsumer consumer) {
        int n = data.size();
        for (int from = 0; from < n; from += CHUNK) {
            int count = Math.min(CHUNK, n - from);
            float[][] in = new float[count][data.inputLength()];
            float[][] lab = new float[count][data.labelCount()];
            int base = from;
            java.util.stream.IntStream.range(0, count).parallel().forEach(i -> data.read(base + i, in[i], lab[i]));
            consumer.accept(from, model.predictNormalised(in), lab);
        }
    }

    private static void checkInputs(TrainedModel model, LabelledCurves data) {
        if (data.inputLength() != model.inputLength()) {
            throw new IllegalArgumentException("model " + model.dir() + " expects curves of " + model.inputLength()
                    + " samples; the data's have " + data.inputLength());
        }
        double[] g = model.inputGrid();
        double[] d = data.inputGrid();
        if (g.length != 0 && d.length != 0) {
            for (int i = 0; i < g.length; i++) {
                if (Math.abs(g[i] - d[i]) > 1e-9 * Math.max(1, Math.abs(g[i]))) {
                    throw new IllegalArgumentException("model " + model.dir() + " was trained on another input grid ["
                            + g[0] + " .. " + g[g.length - 1] + "] than the data's [" + d[0] + " .. "
                            + d[d.length - 1] + "]");
                }
            }
        }
    }

    private static void checkOutputsKnown(TrainedModel model, LabelView truthView) {
        for (String o : model.labelNames()) {
            if (!truthView.provides(o)) {
                String layout = model.metadata().outputLayout();
                throw new IllegalArgumentException("model " + model.dir() + " (outputLayout "
                        + (layout.isEmpty() ? "none" : layout) + ") predicts '" + o + "' but the data's labels "
                        + truthView.names() + " do not provide it");
            }
        }
    }
}
