package strainlab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import strainlab.cnn.ModelMetadata;
import strainlab.dataset.recipe.Recipe;
import strainlab.io.Checksums;

class NetworkChoiceTest {
    private static List<String> names(NetworkChoice c) {
        return c.candidates().stream().map(x -> x.model().dir().getFileName().toString()).sorted().toList();
    }

    @Test
    void theShippedNetworksAreChosenByTheNoiseTheyWereTrainedOn() throws Exception {
        try (NetworkChoice honest = NetworkChoice.select(null);
                NetworkChoice published = NetworkChoice.scan(NetworkChoice.shippedFolder(), false, "published");
                NetworkChoice all = NetworkChoice.scan(NetworkChoice.shippedFolder(), false, "all")) {
            assertEquals(List.of("cnn1-1500k-gpu", "cnn2-1500k-gpu", "cnn3-1500k-gpu"), names(honest));
            assertTrue(honest.description().contains("cnn2-published-1500k-gpu (trained on published noise)"),
                    honest.description());
            assertFalse(names(published).isEmpty());
            assertTrue(published.candidates().stream().allMatch(c -> c.model().noise().equals("published")));
            assertEquals(names(honest).size() + names(published).size(), names(all).size());
        }
        assertThrows(IllegalArgumentException.class,
                () -> NetworkChoice.scan(NetworkChoice.shippedFolder(), false, "loud"));
    }

    /** A copy of the shipped CNN2 whose model.json records {@code recipe} (null: unchanged), checksums renewed. */
    private static Path copyOfCnn2(Path folder, String name, Recipe recipe) throws IOException {
        Path from = NetworkChoice.shippedFolder().resolve("cnn2-1500k-gpu");
        Path to = Files.createDirectories(folder.resolve(name));
        List<String> files = List.of(ModelMetadata.FILE_NAME, "normaliser.json", "network.params");
        for (String f : files) {
            Files.copy(from.resolve(f), to.resolve(f));
        }
        if (recipe != null) {
            JsonObject json = JsonParser.parseString(Files.readString(to.resolve(ModelMetadata.FILE_NAME)))
                    .getAsJsonObject();
            json.add("recipe", JsonParser.parseString(recipe.toJson()));
            json.addProperty("recipeSha256", recipe.sha256());
            Files.writeString(to.resolve(ModelMetadata.FILE_NAME), json.toString());
        }
        Checksums.write(to, files);
        return to;
    }

    @Test
    void aNetworkTrainedOnAnotherProfileFamilyIsSkippedWithTheReason(@TempDir Path folder) throws Exception {
        Recipe bimodal = Recipe.preset("cnn2").withFamily(Recipe.Family.BIMODAL);
        copyOfCnn2(folder, "cnn2-bimodal", bimodal);
        copyOfCnn2(folder, "cnn2-paper", Recipe.preset("cnn2"));
        String reason = "trained on bimodal profiles, smooth weights, tied DW; the analysis model is the paper "
                + "spline with smooth weights and tied DW";
        try (NetworkChoice choice = NetworkChoice.scan(folder, true, "all")) {
            assertEquals(List.of("cnn2-paper"), names(choice));
            assertTrue(choice.description().contains("skipped cnn2-bimodal (" + reason + ")"), choice.description());
            assertEquals(Recipe.preset("cnn2"), choice.candidates().get(0).model().recipe());
        }
        IOException e = assertThrows(IOException.class, () -> NetworkChoice.select(folder.resolve("cnn2-bimodal")));
        assertTrue(e.getMessage().endsWith(reason), e.getMessage());
    }
}
