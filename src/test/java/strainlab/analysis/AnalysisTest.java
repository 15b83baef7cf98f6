package strainlab.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import strainlab.crystal.Materials;
import strainlab.fit.CurveModel;
import strainlab.fit.ExampleScan;
import strainlab.fit.MeasuredCurve;
import strainlab.fit.MeasuredYszTest;
import strainlab.instrument.NetworkGrid;
import strainlab.io.MeasuredScan;
import strainlab.io.TextScanReader;

class AnalysisTest {
    @TempDir
    Path tmp;

    static Path example(String file) {
        return Path.of("data", "examples", file);
    }

    @Test
    void committedExampleIsReproducibleFromItsSeed() throws IOException {
        ExampleScan.write(tmp, ExampleScan.SEED);
        for (String f : List.of(ExampleScan.SCAN_FILE, ExampleScan.TRUTH_FILE)) {
            assertArrayEquals(Files.readAllBytes(example(f)), Files.readAllBytes(tmp.resolve(f)),
                    f + " differs from what ExampleScan writes with seed " + ExampleScan.SEED);
        }
        MeasuredScan s = TextScanReader.read(example(ExampleScan.SCAN_FILE));
        assertEquals(1.5406, s.wavelengthA());
        assertEquals(521, s.size());
        // another seed gives other counts
        assertTrue(!java.util.Arrays.equals(s.intensity(), ExampleScan.generate(1).scan().intensity()));
    }

    @Test
    void exampleTruthIsConsistentWithItsScan() throws IOException {
        ExampleScan.Example e = ExampleScan.generate(ExampleScan.SEED);
        MeasuredCurve data = MeasuredCurve.of(e.scan());
        CurveModel m = Analysis.of(e.scan(), ExampleScan.setup()).model(data);
        // the true curve explains the noisy scan at the level of the counting noise
        double sigma = data.sigmaI(m.evaluate(e.truth()));
        assertTrue(sigma < 0.15, "σ_I of the truth " + sigma);
        assertEquals(m.parameterNames(), e.parameterNames());
    }

    @Test
    void networkInputPutsTheMeasuredPeakWhereTheGeneratorPutsIt() {
        ExampleScan.Example e = ExampleScan.generate(ExampleScan.SEED);
        MeasuredCurve data = MeasuredCurve.of(e.scan());
        strainlab.dataset.recipe.ParameterRanges ranges = strainlab.dataset.recipe.ParameterRanges.cnn1();
        for (boolean even : new boolean[] {false, true}) {
            CnnStart.Mapping m = CnnStart.map(data, ranges, 1001, even);
            double[] in = m.input();
            double[] x = NetworkGrid.ofPoints(1001).x();
            int argmax = 0;
            for (int i = 1; i < in.length; i++) {
                if (in[i] > in[argmax]) {
                    argmax = i;
                }
            }
            double thB = ranges.setup().braggAngleRad();
            double expected = NetworkGrid.abscissa(new double[] {thB + m.generator().offsetRad()}, thB,
                    ranges.setup().dSpacingA())[0];
            assertEquals(0.0, in[argmax], 1e-12);
            assertEquals(expected, x[argmax], 0.009, "peak at x = " + x[argmax] + ", generator's at " + expected);
            // beyond the measured range (x = 8 % /Å is far outside a 1.3° scan) the minimum is filled in
            double min = java.util.Arrays.stream(in).min().orElseThrow();
            assertEquals(min, in[0], 1e-12);
        }
    }

    @Test
    void automaticAnalysisOfTheMeasuredYszScanBeatsTheExpertAndWritesTheReport() throws IOException {
        Path scanFile = MeasuredYszTest.shared("data/measured/ysz-400/YSZ-XRD.txt");
        MeasuredScan scan = TextScanReader.read(scanFile).withWavelength(1.5406);
        AnalysisResult r = Analysis.of(scan, Materials.byName("ysz").setup(4, 0, 0, 1.5406))
                .timeLimitSeconds(120).run();
        assertTrue(r.sigmaI() <= 0.133, "σ_I " + r.sigmaI() + "\n" + r.fit().summary() + r.fit().stages());
        assertTrue(r.startMethod().startsWith("automatic"), r.startMethod());
        r.writeFiles(tmp, null);
        JsonObject rep = JsonParser.parseString(Files.readString(tmp.resolve("report.json"))).getAsJsonObject();
        for (String k : List.of("sigmaI", "seconds", "model", "parameters", "uncertainties")) {
            assertTrue(rep.has(k), "report.json lacks " + k);
        }
        assertEquals(r.sigmaI(), rep.get("sigmaI").getAsDouble(), 1e-15);
        assertTrue(rep.getAsJsonObject("parameters").has(CurveModel.THICKNESS_NM));
        List<String> prof = Files.readAllLines(tmp.resolve("profiles.csv"));
        assertTrue(prof.get(0).startsWith("depth_A_from_surface,"), prof.get(0));
        assertTrue(prof.get(1).startsWith("0.0,"), prof.get(1));
        List<String> curves = Files.readAllLines(tmp.resolve("curves.csv"));
        assertEquals(scan.size() + 1, curves.size());
        assertTrue(curves.get(0).contains("log10_I_measured") && curves.get(0).contains("log10_I_fit"));
    }

    @Test
    void warmUpLeavesTheAnalysisUnchanged() throws InterruptedException {
        ExampleScan.Example e = ExampleScan.generate(ExampleScan.SEED);
        double[] start = e.truth().clone();
        start[0] *= 1.2;
        java.util.function.Supplier<AnalysisResult> analysis = () -> Analysis.of(e.scan(), ExampleScan.setup())
                .start(start, "given").globalSearch(false).threads(1).run();
        AnalysisResult before = analysis.get();
        Analysis.of(e.scan(), ExampleScan.setup()).warmUp();
        Thread other = new Thread(() -> Analysis.of(e.scan(), ExampleScan.setup()).warmUp());
        other.start();
        other.join();
        AnalysisResult after = analysis.get();
        assertArrayEquals(before.fit().values(), after.fit().values());
        assertArrayEquals(before.fitCurve(), after.fitCurve());
        assertEquals(before.fit().evaluations(), after.fit().evaluations());
    }

    @Test
    void poissonWeightsAreTheIntensitiesWithMeanOne() {
        double[] w = Analysis.poissonWeights(new double[]{0, -1, -2, -3});
        assertEquals(4, java.util.Arrays.stream(w).sum(), 1e-12);
        assertEquals(10, w[0] / w[1], 1e-12);
        assertEquals(1000, w[0] / w[3], 1e-9);
    }
}
