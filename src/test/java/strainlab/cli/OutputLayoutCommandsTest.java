package strainlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import strainlab.cnn.DatasetCurves;
import strainlab.cnn.OutputLayout;
import strainlab.dataset.ShardedDataset;

/**
 * The reduced-output variants (the paper's CNN3[12] and CNN3[3]) end to end through {@link Main#run}: a tiny
 * generated CNN3 set, {@code train --outputs 14|12|3} (1 epoch), {@code evaluate} and {@code predict}, and the
 * clear errors when model and data or folder disagree.
 */
class OutputLayoutCommandsTest {
    @TempDir
    static Path tmp;
    static Path set;
    static Path curve;

    @BeforeAll
    static void generateATinySetAndTrainEachLayout() throws Exception {
        set = tmp.resolve("set");
        CliRun g = CliRun.of("generate", "--preset", "cnn3", "--grid", "401", "--count", "120", "--seed", "4", "--threads", "2",
                "--noise", "published", "--out", set.toString());
        assertEquals(0, g.code(), g.err());
        try (ShardedDataset data = ShardedDataset.open(set)) {
            DatasetCurves test = DatasetCurves.split(data).test();
            float[] in = new float[test.inputLength()];
            test.read(0, in, new float[test.labelCount()]);
            StringBuilder b = new StringBuilder();
            for (float v : in) {
                b.append(String.format(Locale.ROOT, "%.7g%n", v));
            }
            curve = tmp.resolve("curve.txt");
            Files.writeString(curve, b.toString());
        }
        for (OutputLayout l : OutputLayout.values()) {
            CliRun t = CliRun.of("train", "--data", set.toString(), "--out", model(l).toString(), "--outputs",
                    String.valueOf(l.count()), "--epochs", "1", "--batch", "32", "--device", "cpu");
            assertEquals(0, t.code(), t.out() + t.err());
            assertTrue(t.out().contains("outputs " + l.tag()), t.out());
            assertTrue(Files.size(model(l).resolve("learning-curves.png")) > 0, "train draws the learning curves");
        }
    }

    static Path model(OutputLayout l) {
        return tmp.resolve("model-" + l.count());
    }

    static JsonObject json(Path file) throws Exception {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    @Test
    void modelFolderRecordsTheLayout() throws Exception {
        for (OutputLayout l : OutputLayout.values()) {
            JsonObject meta = json(model(l).resolve("model.json"));
            assertEquals(l.tag(), meta.get("outputLayout").getAsString());
            assertEquals(l.count(), meta.getAsJsonArray("labelNames").size());
            assertEquals(l.count(), json(model(l).resolve("normaliser.json")).getAsJsonArray("labelNames").size());
            assertEquals("published", meta.get("noise").getAsString(), "the training data's noise");
        }
        assertEquals(List.of("t_nm", "e_max", "scale_dw"), OutputLayout.T_EMAX_DW.labelNames());
    }

    @Test
    void evaluateWritesTheMetricsOfEachLayout() throws Exception {
        for (OutputLayout l : OutputLayout.values()) {
            Path report = tmp.resolve("report-" + l.count());
            CliRun e = CliRun.of("evaluate", "--model", model(l).toString(), "--data", set.toString(), "--out",
                    report.toString(), "--device", "cpu");
            assertEquals(0, e.code(), e.out() + e.err());
            assertTrue(e.out().contains("outputs " + l.tag()), e.out());
            JsonObject t2 = json(report.resolve("table2.json"));
            assertEquals(l.tag(), t2.get("outputLayout").getAsString());
            assertEquals(l.count(), t2.getAsJsonArray("outputs").size());
            List<String> absent = new ArrayList<>();
            JsonArray a = t2.getAsJsonArray("absent");
            a.forEach(x -> absent.add(x.getAsString()));
            List<String> expectAbsent = switch (l) {
                case ALL -> List.of();
                case NO_H_DR -> List.of("aH", "aDr");
                case T_EMAX_DW -> List.of("aH", "aDr", "aStrain");
            };
            assertEquals(expectAbsent, absent, l.tag());
            for (String k : List.of("aT", "aEmax", "aDw", "aH", "aDr", "aStrain")) {
                assertEquals(!expectAbsent.contains(k), t2.has(k), l.tag() + " " + k);
                if (t2.has(k)) {
                    double v = t2.get(k).getAsDouble();
                    assertTrue(v >= 0 && v <= 1, k + " = " + v);
                }
            }
            assertTrue(t2.get("testMse").getAsDouble() > 0);
            assertTrue(t2.get("trainMse").getAsDouble() > 0);
            assertEquals(12, t2.get("testCount").getAsInt());
            assertEquals("published", t2.get("noise").getAsString(), "the test curves' noise");
            assertEquals("published", t2.get("modelNoise").getAsString(), "the training data's noise");
        }
    }

    @Test
    void challengingCasesNeedNoSetAndTheFullOutputs() throws Exception {
        Path out = tmp.resolve("challenging");
        CliRun c = CliRun.of("evaluate", "--model", model(OutputLayout.ALL).toString(), "--challenging", "--out", out.toString());
        assertEquals(0, c.code(), c.out() + c.err());
        for (String f : List.of("fig8-right-tailed.png", "fig8-left-tailed.png", "fig9-buried.png")) {
            assertTrue(Files.size(out.resolve(f)) > 1000, f);
        }
        List<String> rows = Files.readAllLines(out.resolve("challenging.csv"));
        assertEquals(1 + 4 + 4 + 4, rows.size(), String.join("\n", rows));
        for (String r : rows.subList(1, rows.size())) {
            double v = Double.parseDouble(r.substring(r.lastIndexOf(',') + 1));
            assertTrue(v >= 0 && Double.isFinite(v), r);
        }
        CliRun reduced = CliRun.of("evaluate", "--model", model(OutputLayout.T_EMAX_DW).toString(), "--challenging", "--out",
                tmp.resolve("challenging-3").toString());
        assertEquals(2, reduced.code());
        assertTrue(reduced.err().contains("--challenging") && reduced.err().contains("[3]"), reduced.err());
        CliRun neither = CliRun.of("evaluate", "--model", model(OutputLayout.ALL).toString(), "--out", out.toString());
        assertEquals(2, neither.code());
        assertTrue(neither.err().contains("--data (or --challenging)"), neither.err());
    }

    @Test
    void predictPrintsTheModelsOutputs() {
        for (OutputLayout l : OutputLayout.values()) {
            CliRun p = CliRun.of("predict", "--model", model(l).toString(), "--curve", curve.toString(), "--device", "cpu");
            assertEquals(0, p.code(), p.out() + p.err());
            List<String> lines = p.out().lines().filter(s -> !s.startsWith("#")).toList();
            assertEquals(l.count(), lines.size(), p.out());
            for (int i = 0; i < l.count(); i++) {
                assertTrue(lines.get(i).startsWith(l.labelNames().get(i) + " "), lines.get(i));
            }
            assertTrue(p.out().contains("outputs " + l.tag()), p.out());
        }
    }

    @Test
    void mismatchesFailNamingTheField() throws Exception {
        CliRun bad = CliRun.of("train", "--data", set.toString(), "--out", tmp.resolve("x").toString(), "--outputs", "5");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--outputs") && bad.err().contains("14, 12 or 3"), bad.err());

        CliRun resume = CliRun.of("train", "--data", set.toString(), "--out", model(OutputLayout.ALL).toString(),
                "--outputs", "3", "--epochs", "1", "--batch", "32", "--device", "cpu");
        assertEquals(2, resume.code());
        assertTrue(resume.err().contains("outputLayout [14]") && resume.err().contains("outputLayout [3]"),
                resume.err());

        Path tampered = tmp.resolve("tampered");
        Files.createDirectories(tampered);
        for (String f : List.of("model.json", "normaliser.json", "network.params")) {
            Files.copy(model(OutputLayout.NO_H_DR).resolve(f), tampered.resolve(f));
        }
        Path meta = tampered.resolve("model.json");
        String text = Files.readString(meta);
        assertTrue(text.contains("\"outputLayout\": \"[12]\""), text.substring(0, 200));
        Files.writeString(meta, text.replace("\"outputLayout\": \"[12]\"", "\"outputLayout\": \"[3]\""));
        CliRun eval = CliRun.of("evaluate", "--model", tampered.toString(), "--data", set.toString(), "--out",
                tmp.resolve("r-bad").toString(), "--device", "cpu");
        assertEquals(1, eval.code());
        assertTrue(eval.err().contains("outputLayout [3]") && eval.err().contains("model.json"), eval.err());
        CliRun predict = CliRun.of("predict", "--model", tampered.toString(), "--curve", curve.toString());
        assertEquals(1, predict.code());
        assertTrue(predict.err().contains("outputLayout"), predict.err());

        CliRun analyze = CliRun.of("analyze", "data/examples/ysz-400-simulated.txt", "--model",
                model(OutputLayout.T_EMAX_DW).toString(), "--out", tmp.resolve("a").toString());
        assertEquals(1, analyze.code());
        assertTrue(analyze.err().contains("outputLayout [3]"), analyze.err());
        assertFalse(Files.exists(tmp.resolve("a").resolve("report.json")));
    }
}
