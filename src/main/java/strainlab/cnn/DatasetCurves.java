package strainlab.cnn;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import strainlab.dataset.DatasetSplit;
import strainlab.dataset.ShardedDataset;
import strainlab.dataset.recipe.LabelLayout;
import strainlab.dataset.recipe.PaperRecipe;
import strainlab.dataset.recipe.Recipe;

/**
 * A part of a stored, sharded data set ({@link ShardedDataset}, memory-mapped) seen as {@link LabelledCurves}:
 * example {@code i} of this view is example {@code indices[i]} of the set. Reads are thread-safe; the set must
 * stay open while the view is used.
 */
public final class DatasetCurves implements LabelledCurves {
    private final ShardedDataset set;
    private final int[] indices;

    /** The train, validation and test parts of a split. */
    public record Parts(DatasetCurves train, DatasetCurves validation, DatasetCurves test) {
    }

    private DatasetCurves(ShardedDataset set, int[] indices) {
        this.set = set;
        this.indices = indices.clone();
        long n = set.size();
        for (int i : this.indices) {
            if (i < 0 || i >= n) {
                throw new IllegalArgumentException("index " + i + " outside the set " + set.dir() + " of " + n
                        + " examples");
            }
        }
    }

    /** The whole set, in index order. */
    public static DatasetCurves all(ShardedDataset set) {
        return new DatasetCurves(set, java.util.stream.IntStream.range(0, Math.toIntExact(set.size())).toArray());
    }

    /** The examples {@code indices} of the set, in that order. */
    public static DatasetCurves of(ShardedDataset set, int[] indices) {
        return new DatasetCurves(set, indices);
    }

    /** The set's default split (10 % validation, 10 % test, fixed by the set's seed), as in the paper. */
    public static Parts split(ShardedDataset set) {
        return parts(set, set.split());
    }

    /** The parts of a given split of the set. */
    public static Parts parts(ShardedDataset set, DatasetSplit split) {
        return new Parts(of(set, split.train()), of(set, split.validation()), of(set, split.test()));
    }

    /** The CRC-32C of the set's manifest (which lists the CRC-32C of every shard). */
    @Override
    public String dataChecksum() {
        return strainlab.io.Checksums.crc32c(set.manifest().toJson());
    }

    @Override
    public String dataName() {
        return set.dir().toString();
    }

    /** The underlying set. */
    public ShardedDataset set() {
        return set;
    }

    /** Index in the set of example {@code i} of this view. */
    public int setIndex(int i) {
        return indices[i];
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public int inputLength() {
        return set.inputLength();
    }

    @Override
    public List<String> labelNames() {
        return set.labelNames();
    }

    @Override
    public List<String> labelUnits() {
        return set.labelNames().equals(LabelLayout.names()) ? LabelLayout.units() : List.of();
    }

    @Override
    public double[] inputGrid() {
        return set.inputGrid();
    }

    @Override
    public String preset() {
        JsonObject source = set.manifest().source();
        JsonElement preset = source == null ? null : source.get("preset");
        return preset == null || preset.isJsonNull() ? "" : preset.getAsString();
    }

    /** The set's recipe ({@link Recipe#ofManifest}). */
    @Override
    public Recipe recipe() {
        return Recipe.ofManifest(set.manifest());
    }

    @Override
    public String noise() {
        return PaperRecipe.Noise.normalise(set.manifest().noise());
    }

    @Override
    public void read(int index, float[] input, float[] labels) {
        int i = indices[index];
        set.input(i, input);
        set.labels(i, labels, 0);
    }

    @Override
    public void readLabels(int index, float[] labels) {
        set.labels(indices[index], labels, 0);
    }

    @Override
    public strainlab.dataset.ExpectedCounts expectedCounts() {
        return set.expectedCounts();
    }

    @Override
    public void readExpected(int index, float[] row) {
        set.expectedRow(indices[index], row);
    }
}
