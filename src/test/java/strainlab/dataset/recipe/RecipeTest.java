package strainlab.dataset.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import strainlab.crystal.Hkl;
import strainlab.crystal.Materials;
import strainlab.dataset.DatasetWriter;
import strainlab.dataset.recipe.ParameterRanges.Distribution;
import strainlab.dataset.recipe.ParameterRanges.Range;
import strainlab.profile.SplineConvention;

/** The recipe file format: shipped presets, round trip, CIF crystals and errors that name the field. */
class RecipeTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"cnn1", "cnn2", "cnn3", "cnn3-401"})
    void shippedPresetFilesAreCanonicalAndMatchTheirRanges(String name) throws IOException {
        Recipe r = Recipe.preset(name);
        assertEquals(resourceText(name), r.toJson(), "the shipped file is what toJson writes");
        assertEquals(name, r.name());
        assertEquals(ParameterRanges.PAPER_ZRO2_004, r.ranges().setup());
        assertEquals(Recipe.Family.PAPER_SPLINE, r.family());
        assertEquals(Recipe.Dw.TIED, r.dw());
        assertEquals(SplineConvention.SMOOTH, r.convention());
        assertTrue(r.isShippedPreset());
        assertFalse(r.withStrainMaxPercent(0.5, 1).isShippedPreset());
    }

    @Test
    void everyFieldSurvivesARoundTrip() {
        Recipe base = Recipe.preset("cnn3");
        Recipe r = base.withName("gan-teaching").withCrystal("GaN", Hkl.of(0, 0, 2)).withStrainMaxPercent(0.2, 3)
                .withThicknessNm(40, 400, 0).withFamily(Recipe.Family.BIMODAL).withDw(Recipe.Dw.INDEPENDENT)
                .withConvention(SplineConvention.ABRUPT).withBackgroundSlopePerDeg(0, 0.05)
                .withReadoutSigmaCounts(2.5).withNoise(PaperRecipe.Noise.PUBLISHED).withGridPoints(401);
        r = r.withRanges(r.ranges().withFwhmDeg(new Range(0.005, 0.05, Distribution.LOG_UNIFORM)));
        Recipe back = Recipe.parse(r.toJson(), "round trip", null);
        assertEquals(r, back);
        assertEquals(r.sha256(), back.sha256());
        assertNotEquals(base.sha256(), r.sha256());
        assertEquals(Materials.GAN.setup(0, 0, 2, 1.5406), back.ranges().setup());
    }

    @Test
    void aCifCrystalIsReadRelativeToTheRecipeFile() throws Exception {
        Files.copy(Path.of(RecipeTest.class.getResource("/strainlab/io/cif/gan.cif").toURI()), tmp.resolve("gan.cif"));
        JsonObject o = presetTree("cnn3");
        setCrystal(o, "cif", "gan.cif", 0, 0, 2);
        Path file = tmp.resolve("gan.json");
        Files.writeString(file, o.toString());
        Recipe r = Recipe.read(file);
        assertEquals("gan.cif", r.crystal().cif());
        assertEquals(Materials.GAN.setup(0, 0, 2, 1.5406).dSpacingA(), r.ranges().setup().dSpacingA(), 1e-12);
        double f = Materials.GAN.setup(0, 0, 2, 1.5406).structureFactors().fhRe();
        assertEquals(f, r.ranges().setup().structureFactors().fhRe(), 1e-6 * Math.abs(f));
        assertEquals(r.withName("x"), Recipe.parse(r.withName("x").toJson(), "again", tmp));
    }

    @Test
    void badFieldsAreNamedWithTheAllowedRange() throws Exception {
        assertError(o -> setCrystal(o, "material", "Unobtainium", 0, 0, 2), "crystal.material", "unknown material");
        assertError(o -> setCrystal(o, "material", "Si", 2, 0, 0), "hkl", "forbidden reflection");
        assertError(o -> setCrystal(o, "material", "Si", 0, 0, 400), "hkl[2]", "[-100, 100]");
        assertError(o -> range(o, "layer", "strainMaxPercent", 8, 0.2), "layer.strainMaxPercent", "inverted");
        assertError(o -> range(o, "layer", "thicknessNm", 0, 100), "layer.thicknessNm.min", "[1.0, 10000.0] nm");
        assertError(o -> range(o, "profile", "dwMin", 0.1, 1.5), "profile.dwMin.max", "(0.0, 1.0]");
        assertError(o -> range(o, "instrument", "fwhmDeg", -0.01, 0.1), "instrument.fwhmDeg.min", "(0.0, 1.0]");
        assertError(o -> range(o, "intensity", "dynamicRange", 10, 12), "dynamicRange", "cannot be reached");
        assertError(o -> o.getAsJsonObject("noise").addProperty("model", "gaussian"), "noise.model", "honest");
        assertError(o -> o.getAsJsonObject("noise").addProperty("readoutSigmaCounts", -1),
                "noise.readoutSigmaCounts", "[0.0, 1000000.0]");
        assertError(o -> o.getAsJsonObject("profile").addProperty("family", "trimodal"), "profile.family",
                "bimodal");
        assertError(o -> o.getAsJsonObject("grid").addProperty("points", 500), "grid.points", "1001 or 401");
        assertError(o -> o.getAsJsonObject("layer").addProperty("lamellae", 5), "layer.lamellae", "[12, ");
        assertError(o -> o.addProperty("colour", "blue"), "unknown field 'colour'", "known fields");
        assertError(o -> o.remove("wavelengthA"), "missing field 'wavelengthA'", "");
        assertError(o -> o.getAsJsonObject("layer").getAsJsonObject("strainMaxPercent")
                .addProperty("distribution", "normal"), "layer.strainMaxPercent.distribution", "log-uniform");
        Files.copy(Path.of(RecipeTest.class.getResource("/strainlab/io/cif/no-cell.cif").toURI()),
                tmp.resolve("no-cell.cif"));
        Files.copy(Path.of(RecipeTest.class.getResource("/strainlab/io/cif/unknown-element.cif").toURI()),
                tmp.resolve("unknown-element.cif"));
        assertError(o -> setCrystal(o, "cif", "no-cell.cif", 0, 0, 4), "crystal.cif", "_cell_length_b is missing");
        assertError(o -> setCrystal(o, "cif", "unknown-element.cif", 0, 0, 4), "crystal.cif",
                "unknown element symbol 'Xq'");
        assertError(o -> setCrystal(o, "cif", "absent.cif", 0, 0, 4), "crystal.cif", "no such CIF file");
    }

    @Test
    void theDocumentedExampleLoads() throws IOException {
        Recipe r = Recipe.read(strainlab.Workspace.root().resolve("data/examples/gan-002-bimodal.recipe.json"));
        assertEquals("GaN", r.crystal().material());
        assertEquals(Hkl.of(0, 0, 2), r.crystal().hkl());
        assertEquals(Recipe.Family.BIMODAL, r.family());
        assertEquals(Distribution.LOG_UNIFORM, r.ranges().fwhmDeg().distribution());
        assertEquals(new Range(0, 0.05), r.backgroundSlopePerDeg());
        assertEquals(2.0, r.readoutSigmaCounts());
    }

    @Test
    void aBinaryFileIsRefused() throws IOException {
        Path file = tmp.resolve("binary.json");
        Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Recipe.read(file));
        assertTrue(e.getMessage().contains("not a text file"), e.getMessage());
    }

    @Test
    void strictJsonIsRequired() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Recipe.parse("{\"recipeFormat\": 1, // comment\n}", "bad.json", null));
        assertTrue(e.getMessage().startsWith("bad.json: not strict JSON"), e.getMessage());
    }

    @Test
    void aRecipeSetRecordsTheRecipeAndItsHash() throws IOException {
        Recipe r = small(Recipe.preset("cnn3").withName("gan-small").withCrystal("GaN", Hkl.of(0, 0, 2)));
        DatasetWriter.of(new PaperRecipe(r)).seed(3).count(4).shardSize(2).threads(1).write(tmp.resolve("set"));
        String manifest = Files.readString(tmp.resolve("set/manifest.json"));
        assertTrue(manifest.contains(r.sha256()), "manifest holds the recipe hash");
        assertTrue(manifest.contains("\"recipeFile\""), "manifest holds the recipe");
        assertTrue(manifest.contains("gan-small"));
    }

    /** A fast variant: thin layers, few lamellae, the 401-point grid. */
    static Recipe small(Recipe r) {
        return r.withThicknessNm(50, 150, 10).withRanges(r.ranges().withLamellae(60)).withGridPoints(401);
    }

    private void assertError(Consumer<JsonObject> edit, String field, String allowed) throws IOException {
        JsonObject o = presetTree("cnn1");
        edit.accept(o);
        Path file = tmp.resolve("edited.json");
        Files.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(o));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Recipe.read(file));
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(field), "names " + field + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(allowed), "says " + allowed + ": " + e.getMessage());
    }

    private static void setCrystal(JsonObject o, String kind, String value, int h, int k, int l) {
        JsonObject c = new JsonObject();
        c.addProperty(kind, value);
        o.add("crystal", c);
        JsonArray a = new JsonArray();
        a.add(h);
        a.add(k);
        a.add(l);
        o.add("hkl", a);
    }

    private static void range(JsonObject o, String section, String key, double min, double max) {
        JsonObject r = o.getAsJsonObject(section).getAsJsonObject(key);
        r.addProperty("min", min);
        r.addProperty("max", max);
    }

    private static JsonObject presetTree(String name) throws IOException {
        return JsonParser.parseString(resourceText(name)).getAsJsonObject();
    }

    @Test
    void withersRefuseWhatAFileWouldRefuseNamingTheField() {
        Recipe r = Recipe.preset("cnn2");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.withFwhmDeg(0.003, 2));
        assertTrue(e.getMessage().contains("instrument.fwhmDeg"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> r.withThicknessNm(500, 50, 10));
        assertTrue(e.getMessage().contains("layer.thicknessNm"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> r.withStrainMaxPercent(0.2, 40));
        assertTrue(e.getMessage().contains("strainMaxPercent"), e.getMessage());
        assertEquals(0.1, r.withFwhmDeg(0.01, 0.1).ranges().fwhmDeg().max());
    }

    private static String resourceText(String name) throws IOException {
        try (InputStream in = RecipeTest.class.getResourceAsStream("/strainlab/dataset/recipe/" + name + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
