package strainlab.cnn.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import strainlab.Workspace;
import strainlab.dataset.recipe.PaperRecipe;

/**
 * Each shipped network trained on the authors' noise ({@code data/models/*-published-*}) scores, on 2 000 fresh
 * published-noise curves of another seed, what its paper-scale evaluation ({@code docs/results/NAME/table2.json},
 * 150 000 test curves) recorded, within sampling error; an ensemble folder is scored by its members' mean.
 */
class ShippedPublishedNetworksTest {
    private static final int CURVES = 2000;

    @Test
    void eachPublishedNetworkReproducesItsRecordedAccuracies() throws IOException {
        Path models = Workspace.root().resolve("data/models");
        List<Path> published;
        try (Stream<Path> s = Files.list(models)) {
            published = s.filter(p -> p.getFileName().toString().contains("-published-")).sorted().toList();
        }
        assertFalse(published.isEmpty(), "no network trained on the authors' noise in " + models);
        for (Path dir : published) {
            String name = dir.getFileName().toString();
            Path recorded = Workspace.root().resolve("docs/results").resolve(name).resolve("table2.json");
            JsonObject t2 = JsonParser.parseString(Files.readString(recorded)).getAsJsonObject();
            assertEquals("published", t2.get("modelNoise").getAsString(), recorded.toString());
            CrossNoise.Cell cell = CrossNoise.run(List.of(dir), List.of(PaperRecipe.Noise.PUBLISHED), 11, CURVES,
                    "cpu").get(0);
            assertEquals("published", cell.modelNoise(), name + "/model.json");
            Table2Row fresh = cell.row();
            for (Parameter p : Parameter.values()) {
                if (t2.has(p.accuracyKey())) {
                    within(name + " " + p.accuracyKey(), t2.get(p.accuracyKey()).getAsDouble(), fresh.accuracy(p));
                }
            }
            if (t2.has("aStrain")) {
                within(name + " aStrain", t2.get("aStrain").getAsDouble(), fresh.aStrain());
            }
            double mse = t2.get("testMse").getAsDouble();
            assertTrue(Math.abs(fresh.testMse() - mse) < 0.3 * mse, String.format(Locale.ROOT,
                    "%s test MSE %.5f on %d fresh curves, %.5f recorded", name, fresh.testMse(), CURVES, mse));
        }
    }

    /** A fraction measured on {@value #CURVES} curves agrees with the recorded one within four binomial σ. */
    private static void within(String what, double recorded, double fresh) {
        double sigma = Math.sqrt(Math.max(recorded * (1 - recorded), 1e-4) / CURVES);
        assertTrue(Math.abs(fresh - recorded) < 4 * sigma, String.format(Locale.ROOT,
                "%s: %.4f on %d fresh curves, %.4f recorded (4σ = %.4f)", what, fresh, CURVES, recorded, 4 * sigma));
    }
}
