package strainlab.cnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import strainlab.Workspace;
import strainlab.dataset.recipe.Recipe;

/** What {@link Ensemble#metadata} accepts as members trained on the same data. */
class EnsembleMetadataTest {
    private static final Path SHIPPED = Workspace.root().resolve("data/models/cnn2-published-1500k-gpu");

    /** The model.json of the shipped published-noise CNN2 (no recorded recipe), with {@code recipe} recorded. */
    private static void member(Path ensemble, String name, Recipe recipe) throws IOException {
        Path dir = Files.createDirectories(ensemble.resolve(name));
        String json = Files.readString(SHIPPED.resolve(ModelMetadata.FILE_NAME));
        if (recipe != null) {
            JsonObject o = JsonParser.parseString(json).getAsJsonObject();
            o.add("recipe", JsonParser.parseString(recipe.toJson()));
            o.addProperty("recipeSha256", recipe.sha256());
            json = o.toString();
        }
        Files.writeString(dir.resolve(ModelMetadata.FILE_NAME), json);
    }

    @Test
    void aNetworkWrittenBeforeRecipesWereRecordedJoinsOneTrainedOnItsPresetsRecipe(@TempDir Path dir)
            throws IOException {
        member(dir, "member-01", null);
        member(dir, "member-02", Recipe.shipped("cnn2", "published", 1001));
        Ensemble.write(dir, List.of("member-01", "member-02"), List.of(1L, 2L));
        assertEquals("cnn2", Ensemble.metadata(dir).preset());
    }

    @Test
    void shippedNetworksWrittenBeforeTheOptimizerWasRecordedReadAsTrainedWithRmsProp() throws IOException {
        List<Path> folders;
        try (var list = Files.list(SHIPPED.getParent())) {
            folders = list.filter(d -> d.getFileName().toString().startsWith("cnn")
                    && Files.isRegularFile(d.resolve(ModelMetadata.FILE_NAME))).sorted().toList();
        }
        assertTrue(folders.size() >= 6, folders.toString());
        for (Path d : folders) {
            String json = Files.readString(d.resolve(ModelMetadata.FILE_NAME));
            assertTrue(!json.contains("\"optimizer\"") && !json.contains("\"weightDecay\""), d.toString());
            strainlab.training.TrainingOptions options = ModelMetadata.load(d.resolve(ModelMetadata.FILE_NAME))
                    .options();
            assertEquals(strainlab.training.FlatOptimizer.Kind.RMSPROP, options.optimizer(), d.toString());
            assertEquals(0, options.weightDecay(), d.toString());
            assertEquals(0, options.warmupEpochs(), d.toString());
        }
    }

    @Test
    void aMemberTrainedOnAnotherRecipeIsRefusedNamingItsFile(@TempDir Path dir) throws IOException {
        member(dir, "member-01", null);
        member(dir, "member-02", Recipe.shipped("cnn2", "published", 1001).withFamily(Recipe.Family.BIMODAL));
        Ensemble.write(dir, List.of("member-01", "member-02"), List.of(1L, 2L));
        IOException e = assertThrows(IOException.class, () -> Ensemble.metadata(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("member-02").resolve(ModelMetadata.FILE_NAME) + ": "),
                e.getMessage());
    }
}
