package strainlab.cnn.evaluation;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import strainlab.cnn.CnnTrainer;
import strainlab.cnn.DatasetCurves;
import strainlab.cnn.TrainedModel;
import strainlab.dataset.DatasetWriter;
import strainlab.dataset.ShardedDataset;
import strainlab.dataset.recipe.PaperRecipe;
import strainlab.training.TrainingOptions;

/**
 * The notebooks' path from nothing to an evaluated model, with the same library calls as the command line
 * ({@code generate}, {@code train}, {@code evaluate}): generate a set (resumed or kept when already there), train a
 * model on its seeded split (resumed, or left as is when its epochs are done) and evaluate it on the test part.
 * Both folders are keyed by their arguments, so the notebooks 04–07 share one set and one model and only the first
 * to run pays for them.
 *
 * <pre>{@code
 * try (EvaluationWorkflow w = EvaluationWorkflow.prepare(PaperRecipe.preset("cnn2"), 2000, 1,
 *         Path.of("data/sets/nb02-cnn2-2000"), options, Path.of("target/notebook-models"), System.out)) {
 *     Evaluation e = w.evaluate("CNN2");
 *     w.report(e).figure3();
 * }
 * }</pre>
 */
public final class EvaluationWorkflow implements AutoCloseable {
    private final PaperRecipe recipe;
    private final ShardedDataset set;
    private final DatasetCurves.Parts parts;
    private final Path modelDir;
    private final PrintStream progress;

    private EvaluationWorkflow(PaperRecipe recipe, ShardedDataset set, DatasetCurves.Parts parts, Path modelDir,
            PrintStream progress) {
        this.recipe = recipe;
        this.set = set;
        this.parts = parts;
        this.modelDir = modelDir;
        this.progress = progress;
    }

    /**
     * Generates (or reuses) the set of {@code count} curves of {@code recipe} with {@code seed} in {@code dataDir}
     * (shards of 1000 curves), and trains (or reuses) a model on its default split (10 % validation, 10 % test)
     * in {@code modelsDir/<set>-e<epochs>-b<batch>-s<seed>}.
     *
     * @param progress progress lines (null: silent)
     */
    public static EvaluationWorkflow prepare(PaperRecipe recipe, int count, long seed, Path dataDir,
            TrainingOptions options, Path modelsDir, PrintStream progress) throws IOException {
        DatasetWriter.of(recipe).seed(seed).count(count).shardSize(1000).write(dataDir);
        ShardedDataset set = ShardedDataset.open(dataDir);
        try {
            DatasetCurves.Parts parts = DatasetCurves.split(set);
            Path modelDir = modelsDir.resolve(String.format(Locale.ROOT, "%s-e%d-b%d-s%d", dataDir.getFileName(),
                    options.epochs(), options.batchSize(), options.seed()));
            CnnTrainer.train(parts.train(), parts.validation(), options, modelDir, progress,
                    strainlab.plot.TrainingPlots.learningCurvesPng(modelDir));
            return new EvaluationWorkflow(recipe, set, parts, modelDir, progress);
        } catch (IOException | RuntimeException e) {
            set.close();
            throw e;
        }
    }

    /**
     * Generates (or reuses) the set as {@link #prepare} does, without training a model (for the dataset-size
     * study, which trains its own).
     */
    public static EvaluationWorkflow prepareData(PaperRecipe recipe, int count, long seed, Path dataDir,
            PrintStream progress) throws IOException {
        DatasetWriter.of(recipe).seed(seed).count(count).shardSize(1000).write(dataDir);
        ShardedDataset set = ShardedDataset.open(dataDir);
        try {
            return new EvaluationWorkflow(recipe, set, DatasetCurves.split(set), null, progress);
        } catch (RuntimeException e) {
            set.close();
            throw e;
        }
    }

    /** The recipe of the set. */
    public PaperRecipe recipe() {
        return recipe;
    }

    /** The open set. */
    public ShardedDataset set() {
        return set;
    }

    /** The train, validation and test parts of the set's default split. */
    public DatasetCurves.Parts parts() {
        return parts;
    }

    /** The trained model's folder (null after {@link #prepareData}). */
    public Path modelDir() {
        return modelDir;
    }

    /** Loads the trained model on the CPU (close it after use). */
    public TrainedModel model() throws IOException {
        if (modelDir == null) {
            throw new IllegalStateException("this workflow was prepared without a model (prepareData)");
        }
        return TrainedModel.load(modelDir, "cpu");
    }

    /** Evaluates the model on the test part, with the train MSE over the whole training part. */
    public Evaluation evaluate(String label) throws IOException {
        DatasetCurves test = parts.test();
        long[] source = new long[test.size()];
        for (int i = 0; i < source.length; i++) {
            source[i] = test.setIndex(i);
        }
        try (TrainedModel model = model()) {
            Evaluation e = Evaluator.evaluate(model, test, label, source, null);
            return e.withTrainMse(Evaluator.mse(model, parts.train(), 0), parts.train().size());
        }
    }

    /** The figures of an evaluation of this workflow's test part. */
    public EvaluationReport report(Evaluation evaluation) {
        return new EvaluationReport(evaluation, parts.test(), recipe);
    }

    /** A dataset-size study (fig. 7) on this set's parts, in {@code dir}. */
    public DatasetSizeStudy sizeStudy(TrainingOptions options, Path dir) {
        return new DatasetSizeStudy(parts.train(), parts.validation(), parts.test(), options, dir);
    }

    /** The progress stream given to {@link #prepare} (may be null). */
    public PrintStream progress() {
        return progress;
    }

    @Override
    public void close() {
        set.close();
    }
}
