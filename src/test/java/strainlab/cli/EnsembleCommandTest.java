package strainlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import strainlab.cnn.DatasetCurves;
import strainlab.cnn.Ensemble;
import strainlab.cnn.TrainedModel;
import strainlab.dataset.ShardedDataset;

/** {@code train --members K} and {@code evaluate} of the ensemble, at a toy size. */
class EnsembleCommandTest {
    @TempDir
    static Path tmp;
    private static Path set;
    private static Path ensemble;

    @BeforeAll
    static void trainATwoMemberEnsemble() {
        set = tmp.resolve("set");
        CliRun g = CliRun.of("generate", "--preset", "cnn3", "--grid", "401", "--count", "120", "--seed", "4",
                "--threads", "2", "--out", set.toString());
        assertEquals(0, g.code(), g.err());
        ensemble = tmp.resolve("ensemble");
        CliRun t = CliRun.of("train", "--data", set.toString(), "--out", ensemble.toString(), "--members", "2",
                "--epochs", "1", "--batch", "32", "--device", "cpu", "--seed", "5");
        assertEquals(0, t.code(), t.out() + t.err());
        assertTrue(t.out().contains("member 2 of 2 (seed 6)"), t.out());
    }

    @Test
    void theMembersAreOrdinaryModelsOfSuccessiveSeedsAndThePredictionIsTheirMean() throws Exception {
        assertTrue(Ensemble.isEnsemble(ensemble));
        JsonObject d = JsonParser.parseString(Files.readString(ensemble.resolve(Ensemble.FILE_NAME))).getAsJsonObject();
        assertEquals(Ensemble.FORMAT, d.get("format").getAsString());
        assertEquals("[\"member-01\",\"member-02\"]", d.get("members").toString());
        assertEquals("[5,6]", d.get("seeds").toString());
        try (ShardedDataset data = ShardedDataset.open(set); Ensemble e = Ensemble.load(ensemble, "cpu")) {
            DatasetCurves test = DatasetCurves.split(data).test();
            float[][] in = new float[2][test.inputLength()];
            for (int i = 0; i < 2; i++) {
                test.read(i, in[i], new float[test.labelCount()]);
            }
            List<TrainedModel> m = e.members();
            assertEquals(2, m.size());
            float[][] a = m.get(0).predict(in);
            float[][] b = m.get(1).predict(in);
            Ensemble.Prediction p = e.predict(in);
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < a[i].length; j++) {
                    assertEquals((a[i][j] + b[i][j]) / 2, p.mean()[i][j], 1e-4 * (1 + Math.abs(a[i][j])));
                    assertEquals(Math.abs(a[i][j] - b[i][j]) / Math.sqrt(2), p.std()[i][j],
                            1e-4 * (1 + Math.abs(a[i][j])));
                }
            }
            assertFalse(java.util.Arrays.equals(a[0], b[0]), "two seeds give two networks");
        }
    }

    @Test
    void evaluateScoresTheMeanEachMemberAndTheCalibration() throws Exception {
        Path out = tmp.resolve("report");
        CliRun r = CliRun.of("evaluate", "--model", ensemble.toString(), "--data", set.toString(), "--device", "cpu",
                "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("evaluating the ensemble " + ensemble + " (2 members)"), r.out());
        assertTrue(r.out().contains("calibration: strain within ±1σ"), r.out());
        JsonObject t2 = JsonParser.parseString(Files.readString(out.resolve("table2.json"))).getAsJsonObject();
        assertEquals(2, t2.get("members").getAsInt());
        assertEquals(2, t2.getAsJsonArray("memberRows").size());
        JsonObject cal = t2.getAsJsonObject("calibration");
        for (String k : List.of("strainWithin1Sigma", "strainWithin2Sigma", "dwWithin1Sigma", "dwWithin2Sigma")) {
            double v = cal.get(k).getAsDouble();
            assertTrue(v >= 0 && v <= 1, k + " " + v);
        }
        assertTrue(cal.get("strainWithin2Sigma").getAsDouble() >= cal.get("strainWithin1Sigma").getAsDouble());
        assertEquals(cal, JsonParser.parseString(Files.readString(out.resolve("calibration.json"))));
        assertTrue(Files.exists(out.resolve("curve-errors.csv")));
    }

    @Test
    void badEnsembleInputsAreUsageErrors() throws Exception {
        CliRun r = CliRun.of("train", "--data", set.toString(), "--out", tmp.resolve("x").toString(), "--members", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--members must be ≥ 1, got 0"), r.err());
        r = CliRun.of("evaluate", "--model", ensemble.toString(), "--challenging", "--out", tmp.resolve("y").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("is evaluated on --data only"), r.err());
        Path broken = Files.createDirectories(tmp.resolve("broken"));
        Files.writeString(broken.resolve(Ensemble.FILE_NAME), "{\"format\": \"strainlab-ensemble/1\", \"members\": "
                + "[\"../set\"], \"seeds\": [1]}");
        r = CliRun.of("evaluate", "--model", broken.toString(), "--data", set.toString(), "--out",
                tmp.resolve("z").toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("lies outside the ensemble folder"), r.err());
        assertFalse(Files.exists(tmp.resolve("z")));
    }
}
