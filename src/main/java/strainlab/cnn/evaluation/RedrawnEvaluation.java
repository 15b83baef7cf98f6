package strainlab.cnn.evaluation;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import strainlab.cnn.InMemoryCurves;
import strainlab.cnn.TrainedModel;
import strainlab.dataset.DatasetSplit;
import strainlab.dataset.recipe.PaperRecipe;

/**
 * A trained network evaluated on curves redrawn from the set it was trained on. Curve i of a set of seed s is a
 * function of (s, i) alone, so the curves of the set's test part — and of its training part, for the train MSE —
 * are simulated again from the preset and the counting noise in {@code model.json}, the set's seed and its size,
 * without the set itself. The split is the set's default one (10 % validation, 10 % test, fixed by the seed), as in
 * training, so the test curves are curves the network never saw.
 *
 * <pre>{@code
 * EvaluationReport r = RedrawnEvaluation.evaluate(Path.of("data/models/cnn2-1500k-gpu"),
 *         RedrawnEvaluation.SHIPPED_SEED, 3000, 1000, "CNN2", System.out);
 * r.table2Rows().forEach(row -> System.out.println(row.toLine()));
 * }</pre>
 */
public final class RedrawnEvaluation {
    /** Seed of the 1.5 M-curve sets behind the networks in {@code data/models} (their {@code training-log.txt}). */
    public static final long SHIPPED_SEED = 1;

    private RedrawnEvaluation() {
    }

    /**
     * Loads the network in {@code modelDir} on the CPU and evaluates it on the first {@code testCount} curves of its
     * set's test part; the train MSE is taken over the first {@code trainCount} curves of the training part (0: not
     * computed). The set's size is that of the default split behind the model's training and validation counts.
     *
     * @param seed     seed of the network's training set
     * @param label    row label of table 2
     * @param progress one line on what was drawn and how long it took (null: silent)
     * @return the report: table-2 rows and the figures of the evaluation
     */
    public static EvaluationReport evaluate(Path modelDir, long seed, int testCount, int trainCount, String label,
            PrintStream progress) throws IOException {
        try (TrainedModel model = TrainedModel.load(modelDir, "cpu")) {
            return evaluate(model, seed, testCount, trainCount, label, progress);
        }
    }

    /** As {@link #evaluate(Path, long, int, int, String, PrintStream)}, for a loaded model. */
    public static EvaluationReport evaluate(TrainedModel model, long seed, int testCount, int trainCount,
            String label, PrintStream progress) {
        if (testCount < 1 || trainCount < 0) {
            throw new IllegalArgumentException("testCount must be >= 1 and trainCount >= 0, got " + testCount + ", "
                    + trainCount);
        }
        PaperRecipe recipe = recipe(model);
        DatasetSplit split = DatasetSplit.of(setSize(model), seed, DatasetSplit.DEFAULT_FRACTION,
                DatasetSplit.DEFAULT_FRACTION);
        long t0 = System.nanoTime();
        long[] testIdx = first(split.test(), testCount);
        long[] trainIdx = first(split.train(), trainCount);
        InMemoryCurves test = InMemoryCurves.generate(recipe, seed, testIdx);
        InMemoryCurves train = trainIdx.length == 0 ? null : InMemoryCurves.generate(recipe, seed, trainIdx);
        double drawSeconds = (System.nanoTime() - t0) * 1e-9;
        t0 = System.nanoTime();
        Evaluation e = Evaluator.evaluate(model, test, label, testIdx, null);
        if (train != null) {
            e = e.withTrainMse(Evaluator.mse(model, train, 0), train.size());
        }
        double predictSeconds = (System.nanoTime() - t0) * 1e-9;
        if (progress != null) {
            progress.printf(Locale.ROOT, "%s: %,d test and %,d training curves redrawn from its %,d-curve %s set "
                    + "(seed %d, %s noise) in %.1f s, predicted in %.1f s%n", model.dir().getFileName(),
                    testIdx.length, trainIdx.length, split.train().length + split.validation().length
                    + split.test().length, recipe.ranges().name(), seed, recipe.noise().mode(), drawSeconds,
                    predictSeconds);
        }
        return new EvaluationReport(e, test, recipe, model.noise());
    }

    /** The recipe of the model's training data: its preset, with its recorded noise (honest when none is). */
    public static PaperRecipe recipe(TrainedModel model) {
        if (model.preset().isEmpty()) {
            throw new IllegalArgumentException("model " + model.dir() + " does not record its preset");
        }
        PaperRecipe preset = PaperRecipe.preset(model.preset());
        String noise = PaperRecipe.Noise.normalise(model.noise());
        return noise.isEmpty() ? preset : new PaperRecipe(preset.ranges(), PaperRecipe.Noise.ofMode(noise));
    }

    /**
     * Size of the set behind a model trained on the default split: its training and validation counts plus a test
     * part as large as the validation part.
     */
    static int setSize(TrainedModel model) {
        int train = model.metadata().trainCount();
        int val = model.metadata().valCount();
        if (train < 1 || val < 1) {
            throw new IllegalArgumentException("model " + model.dir() + " records " + train + " training and " + val
                    + " validation curves; the default split needs both");
        }
        int size = train + 2 * val;
        DatasetSplit s = DatasetSplit.of(size, 0, DatasetSplit.DEFAULT_FRACTION, DatasetSplit.DEFAULT_FRACTION);
        if (s.train().length != train || s.validation().length != val) {
            throw new IllegalArgumentException("model " + model.dir() + " was not trained on a default split ("
                    + train + " training, " + val + " validation curves)");
        }
        return size;
    }

    /** The first {@code count} of {@code indices} (all when fewer). */
    private static long[] first(int[] indices, int count) {
        return Arrays.stream(indices).limit(count).asLongStream().toArray();
    }
}
