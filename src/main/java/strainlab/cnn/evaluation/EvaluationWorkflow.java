package strainlab.cnn.evaluation;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import strainlab.cnn.DatasetCurves;
import strainlab.dataset.DatasetWriter;
import strainlab.dataset.ShardedDataset;
import strainlab.dataset.recipe.PaperRecipe;
import strainlab.training.TrainingOptions;

/**
 * The notebooks' training set, with the same library calls as {@code generate}: the set of a recipe generated (or
 * resumed, or kept when already there) in a folder keyed by its arguments, opened with its seeded default split, so
 * that the notebooks share one set and only the first to run pays for it.
 *
 * <pre>{@code
 * try (EvaluationWorkflow w = EvaluationWorkflow.prepareData(PaperRecipe.preset("cnn2"), 2000, 1,
 *         Path.of("data/sets/nb06-cnn2-2000"), System.out)) {
 *     w.sizeStudy(options, Path.of("target/fig7")).run(System.out);
 * }
 * }</pre>
 */
public final class EvaluationWorkflow implements AutoCloseable {
    private final PaperRecipe recipe;
    private final ShardedDataset set;
    private final DatasetCurves.Parts parts;
    private final PrintStream progress;

    private EvaluationWorkflow(PaperRecipe recipe, ShardedDataset set, DatasetCurves.Parts parts,
            PrintStream progress) {
        this.recipe = recipe;
        this.set = set;
        this.parts = parts;
        this.progress = progress;
    }

    /**
     * Generates (or reuses) the set of {@code count} curves of {@code recipe} with {@code seed} in {@code dataDir}
     * (shards of 1000 curves) and opens it with its default split (10 % validation, 10 % test).
     *
     * @param progress progress lines (null: silent)
     */
    public static EvaluationWorkflow prepareData(PaperRecipe recipe, int count, long seed, Path dataDir,
            PrintStream progress) throws IOException {
        DatasetWriter.of(recipe).seed(seed).count(count).shardSize(1000).write(dataDir);
        ShardedDataset set = ShardedDataset.open(dataDir);
        try {
            return new EvaluationWorkflow(recipe, set, DatasetCurves.split(set), progress);
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

    /** A dataset-size study (fig. 7) on this set's parts, in {@code dir}. */
    public DatasetSizeStudy sizeStudy(TrainingOptions options, Path dir) {
        return new DatasetSizeStudy(parts.train(), parts.validation(), parts.test(), options, dir);
    }

    /** The progress stream given to {@link #prepareData} (may be null). */
    public PrintStream progress() {
        return progress;
    }

    @Override
    public void close() {
        set.close();
    }
}
