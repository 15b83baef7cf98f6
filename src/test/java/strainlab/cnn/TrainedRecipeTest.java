package strainlab.cnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import strainlab.Workspace;
import strainlab.dataset.DatasetWriter;
import strainlab.dataset.ShardedDataset;
import strainlab.dataset.recipe.PaperRecipe;
import strainlab.dataset.recipe.Recipe;
import strainlab.training.TrainingOptions;

/** A trained network records the recipe of its training set in model.json and gives it back. */
class TrainedRecipeTest {
    @TempDir
    Path work;

    @Test
    void aNetworkTrainedOnARecipeSetRecordsThatRecipe() throws IOException {
        Recipe recipe = Recipe.preset("cnn3").withName("cnn3-bimodal").withFamily(Recipe.Family.BIMODAL)
                .withDw(Recipe.Dw.INDEPENDENT).withGridPoints(401);
        Path data = work.resolve("set");
        DatasetWriter.of(new PaperRecipe(recipe)).seed(2).count(200).shardSize(100).write(data);
        Path modelDir = work.resolve("model");
        try (ShardedDataset set = ShardedDataset.open(data)) {
            DatasetCurves.Parts parts = DatasetCurves.split(set);
            TrainingOptions options = TrainingOptions.paper().withEpochs(1).withBatchSize(32).withSeed(1)
                    .withDevice("cpu").withProgressSeconds(0);
            CnnTrainer.train(parts.train(), parts.validation(), options, modelDir, null);
        }
        JsonObject json = JsonParser.parseString(Files.readString(modelDir.resolve(ModelMetadata.FILE_NAME)))
                .getAsJsonObject();
        assertEquals(recipe.sha256(), json.get("recipeSha256").getAsString());
        assertEquals(JsonParser.parseString(recipe.toJson()), json.get("recipe"));
        try (TrainedModel model = TrainedModel.load(modelDir, "cpu")) {
            assertEquals(recipe, model.recipe());
            assertEquals(recipe.sha256(), model.metadata().recipeSha256());
        }
    }

    @Test
    void aShippedNetworkWithoutARecordedRecipeGivesItsPresetWithItsNoise() throws IOException {
        Path models = Workspace.root().resolve("data/models");
        ModelMetadata published = ModelMetadata.load(models.resolve("cnn2-published-1500k-gpu/model.json"));
        assertNull(published.recipe());
        Recipe r = published.trainingRecipe();
        assertEquals(Recipe.preset("cnn2").withNoise(PaperRecipe.Noise.PUBLISHED), r);
        assertEquals(Recipe.Family.PAPER_SPLINE, r.family());
        ModelMetadata unknown = new ModelMetadata(ModelMetadata.FORMAT, ModelMetadata.ARCHITECTURE, 401, null,
                published.labelNames(), null, null, "synthetic", "", null, null, published.options(), 1, 0, 0, 0,
                null, null, "cpu()", "2026-12-06T00:00:00Z");
        assertNull(unknown.trainingRecipe());
    }
}
