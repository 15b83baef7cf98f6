package strainlab.cli;

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
import strainlab.Workspace;

/** {@code bin/strainlab evaluate --refine N} end to end on a small generated set with the shipped CNN2. */
class EvaluateRefineCommandTest {
    @TempDir
    static Path tmp;
    private static Path set;
    private static final String MODEL = Workspace.root().resolve("data/models/cnn2-published-1500k-gpu").toString();

    @BeforeAll
    static void generate() {
        set = tmp.resolve("set");
        CliRun r = CliRun.of("generate", "--preset", "cnn2", "--noise", "published", "--seed", "7", "--count", "60",
                "--out", set.toString());
        assertEquals(0, r.code(), r.out() + r.err());
    }

    /** {@code evaluate --refine …} of the shipped network on the set, on two threads on the CPU; exits 0. */
    private static CliRun refined(Path out, String... refineOptions) {
        List<String> args = new java.util.ArrayList<>(List.of("evaluate", "--model", MODEL, "--data", set.toString(),
                "--threads", "2", "--device", "cpu", "--out", out.toString()));
        args.addAll(List.of(refineOptions));
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.out() + r.err());
        return r;
    }

    @Test
    void refinesScoresAndWritesBothRows() throws Exception {
        Path out = tmp.resolve("report");
        CliRun r = refined(out, "--refine", "5");
        assertTrue(r.out().contains("refined 5 / 5 curves"), r.out());
        assertTrue(r.out().contains("+ least squares"), r.out());
        JsonObject t2 = JsonParser.parseString(Files.readString(out.resolve("table2.json"))).getAsJsonObject();
        assertEquals(5, t2.get("refinedCurves").getAsInt());
        assertEquals(5, t2.get("testCount").getAsInt());
        assertEquals(2, t2.get("threads").getAsInt());
        assertTrue(t2.get("secondsPerCurve").getAsDouble() > 0);
        JsonObject cnn = t2.getAsJsonObject("cnnAlone");
        for (String k : List.of("aT", "aEmax", "aDw", "aH", "aDr", "aStrain")) {
            double refined = t2.get(k).getAsDouble();
            assertTrue(refined >= 0 && refined <= 1, k + " " + refined);
            double alone = cnn.get(k).getAsDouble();
            assertTrue(alone >= 0 && alone <= 1, k + " " + alone);
        }
        assertEquals(5, cnn.get("testCount").getAsInt());
        assertEquals(6, Files.readAllLines(out.resolve("curve-errors.csv")).size());
        List<String> curves = Files.readAllLines(out.resolve("refined-curves.csv"));
        assertEquals(6, curves.size());
        assertTrue(curves.get(0).startsWith("index,source_index,start_sigma_i,refined_sigma_i,t_nm_true"),
                curves.get(0));
        assertTrue(curves.get(0).endsWith(",kept_fit,prior_mean_square"), curves.get(0));
        assertEquals("cnn", t2.get("prior").getAsString(), "from the network's start the prior is the default");
        assertEquals(0.03, t2.get("priorWidthFactor").getAsDouble());
        assertEquals("cnn", t2.get("start").getAsString());
        for (String line : curves.subList(1, curves.size())) {
            String[] f = line.split(",");
            assertTrue(Double.parseDouble(f[3]) <= Double.parseDouble(f[2]) + 1e-9, line);
        }
    }

    @Test
    void theCurvesAsTheGeneratorDrewThemAreRefinedLocallyWithTheGeneratorsLamellae() throws Exception {
        Path out = tmp.resolve("raw");
        refined(out, "--refine", "3", "--refine-raw", "--refine-local", "--refine-lamellae", "120", "--refine-poisson",
                "--refine-start", "truth");
        JsonObject t2 = JsonParser.parseString(Files.readString(out.resolve("table2.json"))).getAsJsonObject();
        assertEquals("regenerated on the generator's θ grid, counts", t2.get("curves").getAsString());
        assertEquals(120, t2.get("lamellae").getAsInt());
        assertFalse(t2.get("globalSearch").getAsBoolean());
        assertTrue(t2.get("poissonWeights").getAsBoolean());
        assertEquals(0, t2.get("failedFits").getAsInt());
        assertEquals(0, t2.get("bellFitsKept").getAsInt());
        // from the true labels, on the curves as drawn, every refined profile stays within the 10 % criterion
        assertEquals(1.0, t2.get("aStrain").getAsDouble(), 1e-9, t2.toString());
    }

    @Test
    void aPriorCentredOnThePredictionIsRecordedWithItsWidths() throws Exception {
        Path out = tmp.resolve("prior");
        CliRun r = refined(out, "--refine", "3", "--refine-split", "validation", "--refine-prior", "cnn",
                "--refine-prior-width", "0.5");
        assertTrue(r.out().contains("refining the first 3 validation curves"), r.out());
        assertTrue(r.out().contains("prior centred on the prediction"), r.out());
        JsonObject t2 = JsonParser.parseString(Files.readString(out.resolve("table2.json"))).getAsJsonObject();
        assertEquals("cnn", t2.get("prior").getAsString());
        assertEquals("validation", t2.get("split").getAsString());
        assertEquals(0.5, t2.get("priorWidthFactor").getAsDouble());
        JsonObject widths = t2.getAsJsonObject("priorWidths");
        assertEquals(14, widths.size());
        for (String k : widths.keySet()) {
            double w = widths.get(k).getAsDouble();
            assertTrue(w > 0 && w < 1, k + " " + w);
        }
        List<String> curves = Files.readAllLines(out.resolve("refined-curves.csv"));
        assertEquals(4, curves.size());
        for (String line : curves.subList(1, curves.size())) {
            String[] f = line.split(",");
            assertTrue(Double.parseDouble(f[f.length - 1]) >= 0, line);
        }
    }

    /**
     * Released and moved fits chosen at a tolerance of 0 keep each curve's lowest σ_I among all its fits, which
     * refined-fits.csv lists, one marked kept; table2.json records the tolerance.
     */
    @Test
    void everyFitIsWrittenAndTheLowestMisfitKeptAtToleranceZero() throws Exception {
        Path out = tmp.resolve("all-fits");
        refined(out, "--refine", "2", "--refine-split", "validation", "--refine-release", "--refine-moves", "1",
                "--refine-choice-tolerance", "0", "--refine-all-fits");
        JsonObject t2 = JsonParser.parseString(Files.readString(out.resolve("table2.json"))).getAsJsonObject();
        assertEquals(0.0, t2.get("choiceTolerance").getAsDouble());
        List<String> fits = Files.readAllLines(out.resolve("refined-fits.csv"));
        assertTrue(fits.get(0).startsWith("index,source_index,fit,start,kind,sigma_i,prior_score"), fits.get(0));
        List<String> curves = Files.readAllLines(out.resolve("refined-curves.csv"));
        for (int i = 0; i < 2; i++) {
            String prefix = i + ",";
            List<String[]> rows = fits.stream().filter(l -> l.startsWith(prefix)).map(l -> l.split(",")).toList();
            assertTrue(rows.size() > 1, "curve " + i + ": " + rows.size() + " fits");
            double lowest = rows.stream().mapToDouble(f -> Double.parseDouble(f[5])).min().orElseThrow();
            List<String[]> kept = rows.stream().filter(f -> f[12].equals("1")).toList();
            assertEquals(1, kept.size(), "curve " + i);
            assertEquals(lowest, Double.parseDouble(kept.get(0)[5]), 1e-9 * lowest, "curve " + i);
            String[] c = curves.get(1 + i).split(",");
            assertEquals(Double.parseDouble(c[3]), lowest, 1e-5 * lowest, curves.get(1 + i));
            assertEquals(Double.parseDouble(c[11]), Double.parseDouble(kept.get(0)[9]), 1e-5, "σe/e_max, curve " + i);
        }
    }

    @Test
    void badPriorOptionsAreUsageErrorsAndWriteNothing() {
        Path out = tmp.resolve("bad-prior");
        String[][] cases = {
            {"--refine", "2", "--refine-prior", "flat"}, {"--refine-prior must be cnn or none, got 'flat'"},
            {"--refine", "2", "--refine-prior", "none", "--refine-prior-width", "0.5"},
            {"--refine-prior-width needs --refine-prior cnn"},
            {"--refine", "2", "--refine-start", "truth", "--refine-prior-width", "0.5"},
            {"--refine-prior-width needs --refine-prior cnn"},
            {"--refine", "2", "--refine-prior", "cnn", "--refine-prior-width", "0"},
            {"--refine-prior-width must be finite and > 0"},
            {"--refine", "2", "--refine-prior", "cnn", "--refine-start", "truth"},
            {"cannot be combined with --refine-start truth"},
            {"--refine-prior", "cnn"}, {"--refine-prior and --refine-prior-width need --refine N"},
            {"--refine", "2", "--refine-split", "train"}, {"--refine-split must be test or validation, got 'train'"},
            {"--refine", "2", "--refine-prior", "none", "--refine-release"}, {"--refine-release releases the fits"},
            {"--refine", "2", "--refine-start", "truth", "--refine-release"}, {"--refine-release releases the fits"},
            {"--refine-release"}, {"--refine-release needs --refine N"},
            {"--refine", "2", "--refine-moves", "1"}, {"--refine-moves chooses among the free fits"},
            {"--refine", "2", "--refine-release", "--refine-moves", "-1"}, {"--refine-moves must be ≥ 0, got -1"},
            {"--refine-moves", "1"}, {"--refine-moves needs --refine N"},
            {"--refine", "2", "--refine-release", "--refine-move-fits", "3"},
            {"--refine-move-fits, --refine-move-shifts and --refine-move-stretches need --refine-moves R"},
            {"--refine", "2", "--refine-release", "--refine-moves", "1", "--refine-move-fits", "0"},
            {"--refine-move-fits must be ≥ 1, got 0"},
            {"--refine", "2", "--refine-release", "--refine-moves", "1", "--refine-move-shifts", "10"},
            {"--refine-move-shifts must be below the 10 strain nodes, got 10"},
            {"--refine", "2", "--refine-release", "--refine-moves", "1", "--refine-move-stretches", "0.8,1"},
            {"--refine-move-stretches must be finite, > 0 and ≠ 1, got 1.0"},
            {"--refine", "2", "--refine-release", "--refine-moves", "1", "--refine-move-stretches", "-2"},
            {"--refine-move-stretches must be finite, > 0 and ≠ 1, got -2.0"},
            {"--refine", "2", "--refine-choice-tolerance", "0"}, {"--refine-choice-tolerance sets the choice among the"
                    + " released fits; it needs --refine-release"},
            {"--refine", "2", "--refine-release", "--refine-choice-tolerance", "-0.01"},
            {"--refine-choice-tolerance must be finite and ≥ 0, got '-0.01'"},
            {"--refine-all-fits"}, {"--refine-all-fits needs --refine N"},
        };
        for (int c = 0; c < cases.length; c += 2) {
            List<String> args = new java.util.ArrayList<>(List.of("evaluate", "--model", MODEL, "--data",
                    set.toString(), "--device", "cpu", "--out", out.toString()));
            args.addAll(List.of(cases[c]));
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertEquals(2, r.code(), String.join(" ", cases[c]) + ": " + r.out() + r.err());
            assertTrue(r.err().contains(cases[c + 1][0]), r.err());
        }
        assertFalse(Files.exists(out));
    }

    @Test
    void badCountsAndReducedModelsAreUsageErrorsAndWriteNothing() {
        Path out = tmp.resolve("bad");
        CliRun r = CliRun.of("evaluate", "--model", MODEL, "--data", set.toString(), "--refine", "0", "--out",
                out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--refine must be ≥ 1, got 0"), r.err());
        r = CliRun.of("evaluate", "--model", MODEL, "--data", set.toString(), "--refine", "7", "--device", "cpu",
                "--out", out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--refine 7: the test part of " + set + " holds only 6 curves"), r.err());
        r = CliRun.of("evaluate", "--model", Workspace.root().resolve("data/models/cnn3-12-1500k-gpu").toString(),
                "--data", set.toString(), "--refine", "2", "--device", "cpu", "--out", out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--refine needs a model with the full [14] outputs"), r.err());
        r = CliRun.of("evaluate", "--model", MODEL, "--data", set.toString(), "--refine", "2", "--threads", "0",
                "--out", out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--threads must be ≥ 1"), r.err());
        r = CliRun.of("evaluate", "--model", MODEL, "--data", set.toString(), "--refine", "2", "--refine-start", "guess",
                "--device", "cpu", "--out", out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--refine-start must be cnn or truth, got 'guess'"), r.err());
        r = CliRun.of("evaluate", "--model", MODEL, "--data", set.toString(), "--refine", "2", "--refine-lamellae", "1",
                "--device", "cpu", "--out", out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--refine-lamellae must lie in [2, 5000], got 1"), r.err());
        assertFalse(Files.exists(out));
    }
}
