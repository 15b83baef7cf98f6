package strainlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/strainlab nanobeam map|count-levels} end to end on a tiny model (5³ grid, one member, one epoch). */
class NanobeamStudyCommandTest {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final List<String> PARAMETERS = List.of("strain", "tilt_lr_deg", "tilt_ud_deg");

    @TempDir
    static Path shared;
    private static Path model;

    /** Exit code, stdout and stderr of one command line. */
    @BeforeAll
    static void trainTinyModel() {
        model = shared.resolve("model");
        CliRun o = CliRun.of("nanobeam", "train", "--out", model.toString(), "--grid", "5", "--members", "1",
                "--epochs", "1", "--threads", "2", "--device", "cpu");
        assertEquals(0, o.code(), o.err());
    }

    private static JsonObject json(Path file) throws Exception {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    private static void assertPng(Path file) throws Exception {
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(file), PNG.length);
        assertArrayEquals(PNG, head, file + " is a PNG");
    }

    private static void assertFinite(JsonObject perParameter, String what) {
        for (String p : PARAMETERS) {
            double v = perParameter.get(p).getAsDouble();
            assertTrue(Double.isFinite(v) && v >= 0, what + " " + p + ": " + v);
        }
    }

    @Test
    void mapWritesFiguresAndAReportWithFiniteRmses(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("map");
        CliRun o = CliRun.of("nanobeam", "map", "--model", model.toString(), "--out", out.toString(), "--width", "6",
                "--threads", "2", "--device", "cpu", "--seed", "3", "--repeats", "2");
        assertEquals(0, o.code(), o.err());
        for (String f : NanobeamStudyCommand.MAP_FILES) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f + " written");
            if (f.endsWith(".png")) {
                assertPng(out.resolve(f));
            }
        }
        try (var files = Files.list(out)) {
            assertEquals(NanobeamStudyCommand.MAP_FILES.size(), files.count(), "no temporary files left");
        }
        JsonObject r = json(out.resolve("map-report.json"));
        assertEquals(6, r.get("width").getAsInt());
        assertEquals(36, r.get("pixels").getAsInt());
        assertEquals(3, r.get("seed").getAsLong());
        assertEquals(7.0, r.get("max_counts").getAsDouble(), 0, "default: the model's training level");
        assertEquals(125, r.getAsJsonObject("correlation_grid").get("points").getAsInt());
        assertEquals(1, r.getAsJsonObject("model").get("members").getAsInt());
        assertFinite(r.getAsJsonObject("rmse").getAsJsonObject("cnn"), "CNN RMSE");
        assertFinite(r.getAsJsonObject("rmse").getAsJsonObject("correlation"), "fit RMSE");
        JsonObject t = r.getAsJsonObject("timings_s");
        assertEquals(2, t.getAsJsonArray("cnn_inference_runs").size());
        for (String k : List.of("scan_simulation", "cnn_inference", "correlation_library_build",
                "correlation_fit_excl_library", "correlation_fit_incl_library")) {
            assertTrue(t.get(k).getAsDouble() > 0, k);
        }
        assertEquals(t.get("correlation_library_build").getAsDouble()
                + t.get("correlation_fit_excl_library").getAsDouble(),
                t.get("correlation_fit_incl_library").getAsDouble(), 1e-9);
        List<String> csv = Files.readAllLines(out.resolve("map-values.csv"));
        assertEquals(37, csv.size());
        assertTrue(csv.get(0).startsWith("row,column,strain_true,strain_cnn,strain_cnn_spread,strain_fit"), csv.get(0));
        assertTrue(o.out().contains("NanobeamNN") && o.out().contains("correlation fit"), o.out());

        Path again = dir.resolve("again");
        assertEquals(0, CliRun.of("nanobeam", "map", "--model", model.toString(), "--out", again.toString(), "--width", "6",
                "--threads", "1", "--device", "cpu", "--seed", "3", "--repeats", "1", "--figure-format", "svg,png",
                "--dpi", "144").code());
        for (String f : NanobeamStudyCommand.MAP_FIGURES) {
            assertTrue(Files.size(again.resolve(f + ".svg")) > 0, f + ".svg written");
            assertPng(again.resolve(f + ".png"));
        }
        assertTrue(json(again.resolve("map-report.json")).getAsJsonArray("files").toString()
                .contains("\"figureS4.svg\""));
        assertArrayEquals(Files.readAllBytes(out.resolve("map-values.csv")),
                Files.readAllBytes(again.resolve("map-values.csv")), "same seed, any thread count: same maps");
    }

    @Test
    void countLevelsTestsGivenModelsAndTrainsItsOwn(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("s3");
        CliRun o = CliRun.of("nanobeam", "count-levels", "--models", "a=" + model + ",b=" + model, "--out", out.toString(),
                "--test-levels", "3,30", "--threads", "2", "--device", "cpu");
        assertEquals(0, o.code(), o.err());
        for (String f : NanobeamStudyCommand.COUNT_LEVEL_FILES) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f + " written");
        }
        assertPng(out.resolve("figureS3.png"));
        JsonObject r = json(out.resolve("count-levels.json"));
        JsonArray rows = r.getAsJsonArray("rows");
        assertEquals(4, rows.size());
        for (JsonElement e : rows) {
            JsonObject row = e.getAsJsonObject();
            assertEquals(7.0, row.get("train_counts").getAsDouble(), 0);
            for (String c : List.of("rmse_strain", "rmse_tilt_lr_deg", "rmse_tilt_ud_deg")) {
                assertTrue(Double.isFinite(row.get(c).getAsDouble()), c);
            }
        }
        assertEquals(rows.get(0).getAsJsonObject().get("rmse_strain"), rows.get(2).getAsJsonObject().get("rmse_strain"),
                "the same model under two names gives the same numbers");
        assertEquals(5, Files.readAllLines(out.resolve("count-levels.csv")).size());

        Path trained = dir.resolve("trained");
        o = CliRun.of("nanobeam", "count-levels", "--train-levels", "100", "--grid", "5", "--epochs", "1", "--out",
                trained.toString(), "--test-levels", "10", "--threads", "2", "--device", "cpu");
        assertEquals(0, o.code(), o.err());
        JsonObject t = json(trained.resolve("count-levels.json"));
        assertEquals("train-levels", t.get("mode").getAsString());
        assertEquals(1, t.getAsJsonArray("rows").size());
        assertEquals(100.0, t.getAsJsonArray("rows").get(0).getAsJsonObject().get("train_counts").getAsDouble(), 0);
    }

    @Test
    void badOptionsExitWith2AndNameTheOption(@TempDir Path dir) throws Exception {
        String out = dir.resolve("o").toString();
        String m = model.toString();
        Path notModel = Files.createDirectories(dir.resolve("empty"));
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        String[][] cases = {
            {"--width", "map", "--model", m, "--out", out, "--width", "1"},
            {"--width", "map", "--model", m, "--out", out, "--width", "wide"},
            {"--fov", "map", "--model", m, "--out", out, "--fov", "wide"},
            {"--max-counts", "map", "--model", m, "--out", out, "--max-counts", "-7"},
            {"--threads", "map", "--model", m, "--out", out, "--threads", "0"},
            {"--repeats", "map", "--model", m, "--out", out, "--repeats", "0"},
            {"--seed", "map", "--model", m, "--out", out, "--seed", "1.5"},
            {"--device", "map", "--model", m, "--out", out, "--device", "tpu"},
            {"--model", "map", "--model", dir.resolve("missing").toString(), "--out", out},
            {"--model", "map", "--model", notModel.toString(), "--out", out},
            {"--model", "map", "--out", out},
            {"--out", "map", "--model", m, "--out", file.toString()},
            {"--colour", "map", "--model", m, "--out", out, "--colour", "red"},
            {"--models", "count-levels", "--out", out},
            {"--models", "count-levels", "--models", "a=" + m + ",a=" + m, "--out", out},
            {"--models", "count-levels", "--models", "a=" + notModel, "--out", out},
            {"--train-levels", "count-levels", "--models", "a=" + m, "--train-levels", "10", "--out", out},
            {"--epochs", "count-levels", "--models", "a=" + m, "--epochs", "3", "--out", out},
            {"--test-levels", "count-levels", "--models", "a=" + m, "--test-levels", "10,0", "--out", out},
            {"--train-levels", "count-levels", "--train-levels", "ten", "--out", out},
        };
        for (String[] c : cases) {
            String[] args = new String[c.length];
            args[0] = "nanobeam";
            System.arraycopy(c, 1, args, 1, c.length - 1);
            CliRun o = CliRun.of(args);
            String line = String.join(" ", args);
            assertEquals(2, o.code(), line + " -> " + o.err());
            String first = o.err().lines().findFirst().orElse("");
            assertTrue(first.contains(c[0]), line + ": the message names " + c[0] + ": " + first);
        }
        assertTrue(Files.notExists(dir.resolve("o")), "nothing written on a usage error");
    }
}
