package strainlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import strainlab.Workspace;
import strainlab.analysis.AnalysisInput;
import strainlab.analysis.AnalysisResult;
import strainlab.analysis.EnsembleSpread;
import strainlab.analysis.NetworkChoice;
import strainlab.cnn.Ensemble;
import strainlab.plot.FitPlots;

/** {@code analyze} of a network ensemble: the members' mean as the start, their spread in the report, at toy size. */
class AnalyzeEnsembleTest {
    private static final Path SCAN = Workspace.root().resolve("data/examples/ysz-400-simulated.txt");
    @TempDir
    static Path tmp;
    private static Path ensemble;

    @BeforeAll
    static void trainATwoMemberEnsembleForZro2004() {
        Path set = tmp.resolve("set");
        CliRun g = CliRun.of("generate", "--preset", "cnn2", "--grid", "401", "--count", "120", "--seed", "4",
                "--threads", "2", "--out", set.toString());
        assertEquals(0, g.code(), g.err());
        ensemble = tmp.resolve("models").resolve("ensemble");
        CliRun t = CliRun.of("train", "--data", set.toString(), "--out", ensemble.toString(), "--members", "2",
                "--epochs", "1", "--batch", "32", "--device", "cpu", "--seed", "5");
        assertEquals(0, t.code(), t.out() + t.err());
    }


    private static AnalysisResult analyse(NetworkChoice choice) throws IOException {
        AnalysisInput in = AnalysisInput.read(SCAN, null, null, Double.NaN, null);
        return in.analyse(in.setup(), choice, 2, 60, 1);
    }

    private static NetworkChoice.Target ysz400() throws IOException {
        AnalysisInput in = AnalysisInput.read(SCAN, null, null, Double.NaN, null);
        return new NetworkChoice.Target(in.setup(), in.reflection());
    }

    @Test
    void analyzeOfAnEnsembleWritesTheMembersSpreadAndItsBands() throws Exception {
        Path out = tmp.resolve("analysis");
        CliRun r = CliRun.of("analyze", SCAN.toString(), "--model", ensemble.toString(), "--out", out.toString());
        assertTrue(r.code() == 0 || r.code() == 3, r.out() + r.err());
        assertTrue(r.out().contains("(preset cnn2, ensemble of 2, 401-point input, as given)"), r.out());
        assertTrue(r.out().contains("ensemble  2 members, spread (1σ): thickness "), r.out());
        JsonObject report = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
        JsonObject e = report.getAsJsonObject("cnnEnsemble");
        assertEquals(2, e.get("members").getAsInt());
        assertEquals("[\"member-01\",\"member-02\"]", e.get("memberFolders").toString());
        JsonObject labels = e.getAsJsonObject("labels");
        assertEquals(14, labels.size());
        JsonObject t = labels.getAsJsonObject("t_nm");
        assertEquals("nm", t.get("unit").getAsString());
        assertTrue(t.get("sd").getAsDouble() > 0, "two seeds disagree on the thickness: " + t);
        JsonObject p = e.getAsJsonObject("profiles");
        JsonArray depth = p.getAsJsonArray("depthNm");
        assertEquals(201, depth.size(), "the band's depths");
        assertEquals(0, depth.get(0).getAsDouble(), 1e-9);
        double deepest = Math.max(labels.getAsJsonObject("t_nm").get("mean").getAsDouble(), 0);
        assertTrue(depth.get(depth.size() - 1).getAsDouble() >= deepest - 1e-6,
                "the band reaches the deepest member's interface, below the members' mean thickness " + deepest);
        List<String> csv = Files.readAllLines(out.resolve("profiles.csv"));
        assertTrue(csv.get(0).contains("strain_ensemble_sd"), csv.get(0));
        for (String k : List.of("strainMeanPercent", "strainSdPercent", "dwMean", "dwSd")) {
            assertEquals(depth.size(), p.getAsJsonArray(k).size(), k);
        }
        double maxSd = 0;
        for (var v : p.getAsJsonArray("strainSdPercent")) {
            assertTrue(v.getAsDouble() >= 0);
            maxSd = Math.max(maxSd, v.getAsDouble());
        }
        assertTrue(maxSd > 0, "two seeds disagree on the strain profile");
        assertTrue(csv.get(0).contains("strain_ensemble_mean") && csv.get(0).contains("dw_ensemble_sd"), csv.get(0));
        assertTrue(Files.size(out.resolve("report.png")) > 0);
        assertEquals(ensemble.toString(), report.get("model").getAsString());
    }

    @Test
    void identicalMembersHaveNoSpreadAndTheStartIsTheirCommonPrediction() throws Exception {
        Path twins = Files.createDirectories(tmp.resolve("twins"));
        ModelFolders.copy(ensemble.resolve("member-01"), twins.resolve("member-01"));
        ModelFolders.copy(ensemble.resolve("member-01"), twins.resolve("member-02"));
        Ensemble.write(twins, List.of("member-01", "member-02"), List.of(5L, 5L));
        AnalysisResult both = analyse(NetworkChoice.select(twins, ysz400()));
        AnalysisResult one = analyse(NetworkChoice.select(twins.resolve("member-01"), ysz400()));
        EnsembleSpread s = both.cnnEnsemble();
        assertNotNull(s);
        assertEquals(2, s.members());
        for (double sd : s.labelSd()) {
            assertEquals(0, sd, 1e-12);
        }
        EnsembleSpread.Bands b = both.cnnBands();
        assertEquals(0, b.maxStrainSd(), 1e-15);
        assertEquals(0, b.maxDwSd(), 1e-15);
        assertEquals(one.cnnSigmaI(), both.cnnSigmaI(), 1e-12);
        assertNull(one.cnnEnsemble(), "a single network has no ensemble spread");
        assertFalse(one.report(null).containsKey("cnnEnsemble"));
        for (int panel = 1; panel <= 2; panel++) {
            assertTrue(FitPlots.panels(both, null, "truth").get(panel).getSeriesCollection().stream()
                    .anyMatch(x -> x.getName().equals(FitPlots.ENSEMBLE_BAND)), "strain and DW panels carry the band");
            assertFalse(FitPlots.panels(one, null, "truth").get(panel).getSeriesCollection().stream()
                    .anyMatch(x -> x.getName().equals(FitPlots.ENSEMBLE_BAND)));
            assertFalse(FitPlots.panels(one, null, "truth").get(panel).getSeriesCollection().stream()
                    .anyMatch(x -> x.getName().equals(FitPlots.ENSEMBLE_MEAN)));
        }
        double[] strainMean = FitPlots.panels(both, null, "truth").get(1).getSeriesCollection().stream()
                .filter(x -> x.getName().equals(FitPlots.ENSEMBLE_MEAN)).findFirst().orElseThrow().getYData();
        for (int i = 0; i < strainMean.length; i++) {
            assertEquals(100 * b.strainMean()[i], strainMean[i], 1e-12, "the dashed line is the band's centre");
        }
    }

    @Test
    void aSingleNetworkWritesNoEnsembleColumns() throws Exception {
        Path out = tmp.resolve("single");
        CliRun r = CliRun.of("analyze", SCAN.toString(), "--model", ensemble.resolve("member-02").toString(),
                "--out", out.toString());
        assertTrue(r.code() == 0 || r.code() == 3, r.out() + r.err());
        assertFalse(r.out().contains("\nensemble  "), r.out());
        assertFalse(Files.readString(out.resolve("report.json")).contains("cnnEnsemble"));
        assertFalse(Files.readAllLines(out.resolve("profiles.csv")).get(0).contains("ensemble"));
    }

    @Test
    void aScannedFolderCountsAnEnsembleAsOneNetworkAndNeverItsMembersApart() throws Exception {
        Path models = tmp.resolve("models");
        try (NetworkChoice c = NetworkChoice.scan(models, true, "all", ysz400())) {
            assertEquals(1, c.candidates().size(), c.description());
            NetworkChoice.Candidate only = c.candidates().get(0);
            assertNotNull(only.ensemble());
            assertEquals(ensemble.toString(), only.name());
            assertEquals(2, only.members().size());
            assertTrue(c.scanned().get(0).endsWith(": 1 network(s), 1 usable for ysz 400"), c.scanned().toString());
            assertTrue(c.description().contains("(preset cnn2, ensemble of 2)"), c.description());
        }
        try (NetworkChoice c = NetworkChoice.scan(ensemble, true, "all", ysz400())) {
            assertEquals(1, c.candidates().size(), c.description());
            assertNotNull(c.candidates().get(0).ensemble());
        }
        Path mixed = Files.createDirectories(tmp.resolve("mixed"));
        ModelFolders.copy(ensemble, mixed.resolve("ens"));
        ModelFolders.copy(ensemble.resolve("member-01"), mixed.resolve("single"));
        try (NetworkChoice c = NetworkChoice.scan(mixed, true, "all", ysz400())) {
            assertEquals(List.of(mixed.resolve("ens").toAbsolutePath().normalize().toString(),
                    mixed.resolve("single").toAbsolutePath().normalize().toString()),
                    c.candidates().stream().map(NetworkChoice.Candidate::name).toList());
            assertNotNull(c.candidates().get(0).ensemble());
            assertNull(c.candidates().get(1).ensemble());
            assertTrue(c.description().contains("the prediction that fits the scan best is kept"), c.description());
        }
    }

    @Test
    void anEnsembleNamingAMissingMemberIsRefusedWithTheFileNamedAndNothingWritten() throws Exception {
        Path broken = ModelFolders.copy(ensemble, tmp.resolve("broken-models").resolve("broken"));
        Ensemble.write(broken, List.of("member-01", "member-02", "member-03"), List.of(5L, 6L, 7L));
        Path out = tmp.resolve("refused");
        CliRun r = CliRun.of("analyze", SCAN.toString(), "--model", broken.toString(), "--out", out.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(broken.resolve(Ensemble.FILE_NAME) + ": member 'member-03' is missing"), r.err());
        assertFalse(Files.exists(out));
        try (NetworkChoice c = NetworkChoice.scan(broken.getParent(), true, "all", ysz400())) {
            assertTrue(c.candidates().isEmpty());
            assertTrue(c.description().contains("member 'member-03' is missing"), c.description());
        }
        Files.writeString(broken.resolve(Ensemble.FILE_NAME), "{\"format\": \"strainlab-ensemble/1\"}");
        r = CliRun.of("analyze", SCAN.toString(), "--model", broken.toString(), "--out", out.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(broken.resolve(Ensemble.FILE_NAME) + ": expected {"), r.err());
        assertFalse(Files.exists(out));
    }
}
