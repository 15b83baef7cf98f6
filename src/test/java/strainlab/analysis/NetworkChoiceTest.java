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
import strainlab.crystal.Hkl;
import strainlab.crystal.Materials;
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

    /** The cnn2 preset redrawn for another crystal, reflection and wavelength, as a recipe file would give it. */
    private static Recipe recipeFor(String material, int h, int k, int l, double wavelengthA) {
        JsonObject json = JsonParser.parseString(Recipe.preset("cnn2").withCrystal(material, Hkl.of(h, k, l))
                .withName(material + "-" + h + k + l).toJson()).getAsJsonObject();
        json.addProperty("wavelengthA", wavelengthA);
        return Recipe.parse(json.toString(), "test recipe", null);
    }

    private static NetworkChoice.Target target(String material, int h, int k, int l, double wavelengthA) {
        return new NetworkChoice.Target(Materials.byName(material).setup(h, k, l, wavelengthA),
                material + " " + h + k + l);
    }

    @Test
    void theNetworksTrainedForTheScansReflectionAreChosenAndOthersServeOnlyAsAWarnedFallback(@TempDir Path folder)
            throws Exception {
        copyOfCnn2(folder, "zro2-004", Recipe.preset("cnn2"));
        copyOfCnn2(folder, "sic-400", recipeFor("3C-SiC", 4, 0, 0, 1.5498));
        try (NetworkChoice sic = NetworkChoice.scan(folder, true, "all", target("3C-SiC", 4, 0, 0, 1.5498));
                NetworkChoice ysz = NetworkChoice.scan(folder, true, "all", target("YSZ", 4, 0, 0, 1.5406));
                NetworkChoice gan = NetworkChoice.scan(folder, true, "all", target("GaN", 0, 0, 2, 1.5406));
                NetworkChoice any = NetworkChoice.scan(folder, true, "all")) {
            assertEquals(List.of("sic-400"), names(sic));
            assertTrue(sic.warnings().isEmpty(), sic.warnings().toString());
            assertTrue(sic.description().contains("skipped zro2-004 (not for this reflection: trained for the "
                    + "paper's ZrO2 004 (λ 1.5406 Å, d 1.28584 Å against 1.0899"), sic.description());
            // the paper's ZrO2 004 networks read YSZ 400 (same fluorite cell within 0.04 %)
            assertEquals(List.of("zro2-004"), names(ysz));
            assertTrue(ysz.scanned().get(0).endsWith("1 usable for YSZ 400"), ysz.scanned().toString());
            assertTrue(ysz.description().contains("skipped sic-400 (not for this reflection: trained for 3C-SiC 400 "
                    + "(λ 1.5498 Å, d 1.0899"), ysz.description());
            assertEquals(List.of("sic-400", "zro2-004"), names(gan));
            assertEquals(1, gan.warnings().size());
            String w = gan.warnings().get(0);
            assertTrue(w.startsWith("no network was trained for GaN 002 at λ 1.5406 Å; "), w);
            assertTrue(w.contains("zro2-004 trained for the paper's ZrO2 004 (d 1.28584 Å against 2.5925"), w);
            assertTrue(w.contains("sic-400 trained for 3C-SiC 400 (λ 1.5498 Å, d 1.0899"), w);
            assertTrue(w.endsWith("they serve only as a fallback start for least squares (train a network for this "
                    + "reflection: docs/recipe-format.md)"), w);
            assertTrue(gan.reportLines(true).contains("warning   " + w));
            assertEquals(2, names(any).size());
            assertTrue(any.warnings().isEmpty());
        }
        try (NetworkChoice given = NetworkChoice.select(folder.resolve("zro2-004"),
                target("3C-SiC", 4, 0, 0, 1.5498))) {
            assertEquals(List.of("zro2-004"), names(given));
            assertTrue(given.warnings().get(0).contains("it serves only as a fallback start"), given.warnings().toString());
        }
    }

    @Test
    void aNetworkOfTheShippedSicRecipeWouldServeTheMeasuredSicProject(@TempDir Path folder) throws Exception {
        Recipe sic = Recipe.read(strainlab.Workspace.root().resolve("data/examples/sic-3c-400.recipe.json"));
        copyOfCnn2(folder, "sic-3c-400", sic);
        AnalysisInput in = AnalysisInput.read(strainlab.fit.MeasuredYszTest.shared("data/measured/sic-3c-400/test.ini"),
                null, null, Double.NaN, null);
        try (NetworkChoice c = NetworkChoice.scan(folder, true, "all",
                new NetworkChoice.Target(in.setup(), in.reflection()))) {
            assertEquals(List.of("sic-3c-400"), names(c));
            assertTrue(c.warnings().isEmpty(), c.warnings().toString());
        }
    }
}
