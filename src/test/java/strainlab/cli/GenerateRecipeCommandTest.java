package strainlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import strainlab.crystal.Hkl;
import strainlab.dataset.recipe.Recipe;

/** {@code generate --recipe FILE}: a recipe file makes a set; a bad one fails naming the field, writing nothing. */
class GenerateRecipeCommandTest {
    @TempDir
    Path tmp;

    private Recipe small() {
        Recipe r = Recipe.preset("cnn3").withName("uo2-plateau").withCrystal("UO2", Hkl.of(0, 0, 4))
                .withFamily(Recipe.Family.PLATEAU).withThicknessNm(50, 150, 10).withGridPoints(401);
        return r.withRanges(r.ranges().withLamellae(60));
    }

    @Test
    void aRecipeFileMakesASetThatRecordsIt() throws Exception {
        Path file = tmp.resolve("uo2.json");
        Files.writeString(file, small().toJson());
        CliRun run = CliRun.of("generate", "--recipe", file.toString(), "--count", "4", "--shard-size", "2",
                "--threads", "1", "--out", tmp.resolve("set").toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("recipe uo2-plateau"), run.out());
        String manifest = Files.readString(tmp.resolve("set/manifest.json"));
        assertTrue(manifest.contains(Recipe.read(file).sha256()), manifest);
        CliRun again = CliRun.of("generate", "--recipe", file.toString(), "--count", "4", "--shard-size", "2",
                "--threads", "1", "--out", tmp.resolve("set").toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("already present and verified"), again.out());
    }

    @Test
    void aBadRecipeNamesTheFieldAndWritesNothing() throws Exception {
        Path file = tmp.resolve("bad.json");
        Files.writeString(file, small().toJson().replace("\"family\": \"plateau\"", "\"family\": \"trimodal\""));
        Path out = tmp.resolve("set");
        CliRun run = CliRun.of("generate", "--recipe", file.toString(), "--count", "4", "--out", out.toString());
        assertEquals(2, run.code());
        assertTrue(run.err().contains("profile.family") && run.err().contains("paper-spline"), run.err());
        assertFalse(Files.exists(out) && hasFiles(out), "nothing written");

        Files.writeString(file, small().toJson().replace("\"hkl\": [\n    0,\n    0,\n    4\n  ]",
                "\"hkl\": [\n    0,\n    0,\n    3\n  ]"));
        CliRun forbidden = CliRun.of("generate", "--recipe", file.toString(), "--count", "4", "--out", out.toString());
        assertEquals(2, forbidden.code());
        assertTrue(forbidden.err().contains("hkl") && forbidden.err().contains("forbidden"), forbidden.err());

        CliRun both = CliRun.of("generate", "--recipe", file.toString(), "--preset", "cnn1", "--count", "4",
                "--out", out.toString());
        assertEquals(2, both.code());
        assertTrue(both.err().contains("either --preset NAME or --recipe FILE"), both.err());
    }

    private static boolean hasFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isPresent();
        }
    }
}
