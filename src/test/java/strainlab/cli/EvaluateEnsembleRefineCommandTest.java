package strainlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import strainlab.Workspace;
import strainlab.analysis.StartPrior;
import strainlab.analysis.TestSetRefinement;
import strainlab.cnn.DatasetCurves;
import strainlab.cnn.Ensemble;
import strainlab.cnn.LabelledCurves;
import strainlab.cnn.evaluation.CurveSubset;
import strainlab.cnn.evaluation.Predictor;
import strainlab.dataset.ShardedDataset;

/**
 * {@code bin/strainlab evaluate --refine N} of an ensemble, end to end on a small generated set: {@code pair} holds the
 * two shipped CNN2 networks (published and honest noise) as members, so they disagree; {@code twins} holds two
 * byte-identical copies of the published-noise one, whose mean is that network's prediction.
 */
class EvaluateEnsembleRefineCommandTest {
    @TempDir
    static Path tmp;
    private static Path set;
    private static Path pair;
    private static Path twins;
    private static final Path MODELS = Workspace.root().resolve("data/models");
    private static final String MODEL = MODELS.resolve("cnn2-published-1500k-gpu").toString();

    @BeforeAll
    static void generateAndAssemble() throws IOException {
        set = tmp.resolve("set");
        CliRun r = CliRun.of("generate", "--preset", "cnn2", "--noise", "published", "--seed", "7", "--count", "60",
                "--out", set.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        pair = ensemble("pair", "cnn2-published-1500k-gpu", "cnn2-1500k-gpu");
        twins = ensemble("twins", "cnn2-published-1500k-gpu", "cnn2-published-1500k-gpu");
    }

    /** An ensemble folder of copies of the shipped model folders {@code members}. */
    private static Path ensemble(String name, String... members) throws IOException {
        Path dir = tmp.resolve(name);
        List<String> names = new ArrayList<>();
        for (int k = 0; k < members.length; k++) {
            names.add(Ensemble.memberName(k + 1));
            ModelFolders.copy(MODELS.resolve(members[k]), dir.resolve(names.get(k)));
        }
        Ensemble.write(dir, names, names.stream().map(n -> 1L).toList());
        return dir;
    }


    private static CliRun evaluate(String model, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("evaluate", "--model", model, "--data", set.toString(),
                "--device", "cpu", "--label", "cnn2", "--out", out.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static JsonObject table2(Path report) throws IOException {
        return JsonParser.parseString(Files.readString(report.resolve("table2.json"))).getAsJsonObject();
    }

    private static Set<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    /** The rows of a CSV split at commas, header first. */
    private static List<String[]> rows(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().map(l -> l.split(",", -1)).toList();
    }

    /** refined-curves.csv without the columns that may differ between runs or starts: seconds and start. */
    private static List<String> refinedWithoutSecondsAndStart(Path report) throws IOException {
        List<String[]> rows = rows(report.resolve(TestSetRefinement.CURVES_FILE));
        List<String> header = List.of(rows.get(0));
        int seconds = header.indexOf("seconds");
        int start = header.indexOf("start");
        List<String> out = new ArrayList<>();
        for (String[] row : rows) {
            List<String> keep = new ArrayList<>(Arrays.asList(row));
            keep.remove(start);
            keep.remove(seconds);
            out.add(String.join(",", keep));
        }
        return out;
    }

    @Test
    void anEnsembleRefinesFromItsMeanAndWritesWhatANetworkWrites() throws Exception {
        Path single = tmp.resolve("single");
        CliRun one = evaluate(MODEL, single, "--refine", "3", "--threads", "2");
        assertEquals(0, one.code(), one.out() + one.err());
        Path ens = tmp.resolve("ensemble");
        CliRun r = evaluate(pair.toString(), ens, "--refine", "3", "--threads", "2");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("from the members' mean prediction of the ensemble " + pair + " (2 members)"),
                r.out());
        assertTrue(r.out().contains("refined 3 / 3 curves"), r.out());
        assertTrue(r.out().contains("prior centred on the prediction, widths from the ensemble mean's errors"),
                r.out());
        assertEquals(files(single), files(ens));
        JsonObject t1 = table2(single);
        JsonObject t2 = table2(ens);
        assertTrue(t2.keySet().containsAll(t1.keySet()), t1.keySet() + " against " + t2.keySet());
        assertEquals(3, t2.get("refinedCurves").getAsInt());
        assertEquals("cnn", t2.get("start").getAsString());
        assertEquals("cnn", t2.get("prior").getAsString());
        assertEquals(2, t2.get("members").getAsInt());
        assertEquals("mean", t2.get("refineStarts").getAsString());
        assertEquals("{\"mean\":3}", t2.get("startsKept").toString());
        assertTrue(t2.get("secondsPerCurve").getAsDouble() > 0);
        assertEquals(3, t2.getAsJsonObject("cnnAlone").get("testCount").getAsInt());
        assertNotEquals(t1.get("priorWidths"), t2.get("priorWidths"), "the mean's validation errors set the widths");
        for (String f : List.of("curve-errors.csv", TestSetRefinement.CURVES_FILE)) {
            List<String> a = Files.readAllLines(single.resolve(f));
            List<String> b = Files.readAllLines(ens.resolve(f));
            assertEquals(a.get(0), b.get(0), f);
            assertEquals(a.size(), b.size(), f);
        }
        List<String[]> curves = rows(ens.resolve(TestSetRefinement.CURVES_FILE));
        int start = List.of(curves.get(0)).indexOf("start");
        for (String[] row : curves.subList(1, curves.size())) {
            assertEquals("mean", row[start], String.join(",", row));
        }
        assertEquals("cnn", rows(single.resolve(TestSetRefinement.CURVES_FILE)).get(1)[start]);
    }

    /**
     * Two members that are one network predict what it predicts, so only the predictor differs from that network's
     * own run: the same prior, the same refined labels (curve-errors.csv byte for byte), whatever the threads.
     */
    @Test
    void twinMembersRefineAsTheirNetworkAlone() throws Exception {
        Path single = tmp.resolve("twin-single");
        CliRun one = evaluate(MODEL, single, "--refine", "3", "--threads", "2");
        assertEquals(0, one.code(), one.out() + one.err());
        Path ens = tmp.resolve("twin-ensemble");
        CliRun r = evaluate(twins.toString(), ens, "--refine", "3", "--threads", "1");
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals(Files.readString(single.resolve("curve-errors.csv")),
                Files.readString(ens.resolve("curve-errors.csv")));
        assertEquals(refinedWithoutSecondsAndStart(single), refinedWithoutSecondsAndStart(ens));
        JsonObject t1 = table2(single);
        JsonObject t2 = table2(ens);
        assertEquals(t1.get("priorWidths"), t2.get("priorWidths"));
        for (String k : List.of("aT", "aEmax", "aDw", "aH", "aDr", "aStrain", "testMse")) {
            assertEquals(t1.get(k), t2.get(k), k);
        }
    }

    /**
     * With {@code --refine-starts members} each curve is fitted from the mean and from each member's prediction, all
     * with the mean's prior; the kept fit is the candidate of lowest σ_I, as refinements from each start alone give
     * it, and refined-curves.csv names it. Two threads write what one writes.
     */
    @Test
    void memberStartsKeepTheCandidateOfLowestSigmaI() throws Exception {
        int n = 4;
        Path ens = tmp.resolve("members");
        CliRun r = evaluate(pair.toString(), ens, "--refine", String.valueOf(n), "--refine-starts", "members",
                "--threads", "2");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("(2 members, and each member's)"), r.out());
        assertTrue(r.out().contains("fits kept per start (lowest σ_I): {mean="), r.out());
        JsonObject t2 = table2(ens);
        assertEquals("members", t2.get("refineStarts").getAsString());
        JsonObject kept = t2.getAsJsonObject("startsKept");
        assertEquals(List.of("mean", "member-01", "member-02"), List.copyOf(kept.keySet()));
        assertEquals(n, kept.get("mean").getAsInt() + kept.get("member-01").getAsInt()
                + kept.get("member-02").getAsInt());

        List<TestSetRefinement.Result> alone = new ArrayList<>();
        try (Ensemble e = Ensemble.load(pair, "cpu"); ShardedDataset data = ShardedDataset.open(set)) {
            Predictor predictor = Predictor.of(e);
            DatasetCurves.Parts parts = DatasetCurves.split(data);
            LabelledCurves first = CurveSubset.first(parts.test(), n);
            long[] source = new long[n];
            for (int i = 0; i < n; i++) {
                source[i] = parts.test().setIndex(i);
            }
            StartPrior prior = RefinedEvaluation.prior(predictor, parts.validation(), RefineOptions.WIDTH_FACTOR);
            Predictor.Predictions p = predictor.evaluate(first, "cnn2", source);
            List<float[][]> starts = List.of(p.meanLabels(), p.memberLabels(0), p.memberLabels(1));
            for (float[][] s : starts) {
                alone.add(TestSetRefinement.of(first, source, s, TestSetRefinement.rangesOf(first)).prior(prior)
                        .threads(2).run());
            }
        }
        List<String> names = List.of("mean", "member-01", "member-02");
        List<String[]> rows = rows(ens.resolve(TestSetRefinement.CURVES_FILE));
        List<String> header = List.of(rows.get(0));
        int start = header.indexOf("start");
        int sigma = header.indexOf("refined_sigma_i");
        int startSigma = header.indexOf("start_sigma_i");
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int k = 1; k < names.size(); k++) {
                if (alone.get(k).curves().get(i).sigmaI() < alone.get(best).curves().get(i).sigmaI()) {
                    best = k;
                }
            }
            String[] row = rows.get(i + 1);
            StringBuilder msg = new StringBuilder("curve " + i + ": " + String.join(",", row) + "; candidates' σ_I");
            for (int k = 0; k < names.size(); k++) {
                msg.append(' ').append(names.get(k)).append(' ').append(alone.get(k).curves().get(i).sigmaI());
            }
            TestSetRefinement.Curve winner = alone.get(best).curves().get(i);
            assertEquals(names.get(best), row[start], msg.toString());
            assertEquals(winner.sigmaI(), Double.parseDouble(row[sigma]), 1e-5 * winner.sigmaI(), msg.toString());
            assertEquals(winner.startSigmaI(), Double.parseDouble(row[startSigma]), 1e-5 * winner.startSigmaI(),
                    msg.toString());
        }
        assertTrue(rows.subList(1, rows.size()).stream().anyMatch(row -> !row[start].equals("mean")),
                "a member's start wins on some curve");

        Path oneThread = tmp.resolve("members-1");
        CliRun r1 = evaluate(pair.toString(), oneThread, "--refine", String.valueOf(n), "--refine-starts", "members",
                "--threads", "1");
        assertEquals(0, r1.code(), r1.out() + r1.err());
        assertEquals(Files.readString(ens.resolve("curve-errors.csv")),
                Files.readString(oneThread.resolve("curve-errors.csv")));
        assertEquals(refinedWithoutSecondsAndStart(ens), refinedWithoutSecondsAndStart(oneThread));
        assertEquals(rows.stream().map(row -> row[start]).toList(),
                rows(oneThread.resolve(TestSetRefinement.CURVES_FILE)).stream().map(row -> row[start]).toList());
    }

    @Test
    void badStartOptionsAreUsageErrorsAndWriteNothing() {
        Path out = tmp.resolve("bad-starts");
        String[][] cases = {
            {MODEL, "--refine", "2", "--refine-starts", "members"},
            {"--refine-starts members needs an ensemble (a folder with ensemble.json); " + MODEL
                    + " is a single network"},
            {pair.toString(), "--refine", "2", "--refine-starts", "all"},
            {"--refine-starts must be mean or members, got 'all'"},
            {pair.toString(), "--refine-starts", "members"}, {"--refine-starts needs --refine N"},
            {pair.toString(), "--refine", "2", "--refine-starts", "members", "--refine-start", "truth"},
            {"--refine-starts members fits from each member's prediction; it cannot be combined with --refine-start"
                    + " truth"},
            {pair.toString(), "--refine", "2", "--challenging"},
            {"--refine needs --data and cannot be combined with --challenging"},
            {pair.toString(), "--challenging"}, {"is evaluated on --data only, without --challenging"},
        };
        for (int c = 0; c < cases.length; c += 2) {
            String[] more = Arrays.copyOfRange(cases[c], 1, cases[c].length);
            CliRun r = evaluate(cases[c][0], out, more);
            assertEquals(2, r.code(), String.join(" ", cases[c]) + ": " + r.out() + r.err());
            assertTrue(r.err().contains(cases[c + 1][0]), r.err());
        }
        assertFalse(Files.exists(out));
    }
}
