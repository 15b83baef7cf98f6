package strainlab.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import strainlab.crystal.DiffractionSetup;
import strainlab.fit.CurveModel;
import strainlab.fit.MeasuredYszTest;
import strainlab.lsq.FitResult;

/**
 * The automatic analysis of the two measured RaDMaX projects in ../shared with the shipped networks, as
 * {@code bin/strainlab analyze PROJECT.ini} runs it: no human start.
 */
class MeasuredScansAnalysisTest {
    private static AnalysisResult analyse(String project) throws Exception {
        return analyse(project, 2);
    }

    private static AnalysisResult analyse(String project, int threads) throws Exception {
        Path ini = MeasuredYszTest.shared(project);
        AnalysisInput in = AnalysisInput.read(ini, null, null, Double.NaN, null);
        DiffractionSetup setup = in.setup();
        NetworkChoice choice = NetworkChoice.scan(NetworkChoice.shippedFolder(), false,
                NetworkChoice.DEFAULT_NOISE_FAMILY, new NetworkChoice.Target(setup, in.reflection()));
        return in.analyse(setup, choice, threads, 60, 1);
    }

    @Test
    void yszReachesTheNoiseInThePaperModelWithTheZirconiaNetworks() throws Exception {
        AnalysisResult r = analyse("data/measured/ysz-400/test.ini");
        assertTrue(r.sigmaI() <= 0.1046, "σ_I " + r.sigmaI() + ": " + r.startMethod());
        assertEquals(CurveModel.DwMode.TIED, r.model().dwMode(), "the paper model suffices: " + r.startMethod());
        assertTrue(r.trusted(), r.warnings().toString());
    }

    @Test
    void sicBeatsTheExpertFitInTheProjectsOwnModelFromTheFallbackNetworks() throws Exception {
        AnalysisResult r = analyse("data/measured/sic-3c-400/test.ini");
        // the expert RaDMaX fit of this scan: σ_I 0.0657; the paper model alone stops at 0.130
        assertTrue(r.sigmaI() <= 0.0657, "σ_I " + r.sigmaI() + ": " + r.startMethod());
        assertEquals(15, r.model().strainWeightCount());
        assertEquals(CurveModel.DwMode.SPLINE, r.model().dwMode());
        assertEquals(12, r.model().dwWeightCount());
        assertTrue(r.startMethod().contains("no network was trained for SiC-3C 400"), r.startMethod());
        assertTrue(r.startMethod().contains("refined in the project's model (15 strain weights, 12-weight spline DW"),
                r.startMethod());
        assertEquals(r.sigmaI(), r.data().sigmaI(r.model().evaluate(r.fit().values())), 1e-12);
        assertEquals(r.model().parameterNames().size(), r.cnnParameters().length);
        assertTrue(r.trusted(), r.warnings().toString());
    }

    @Test
    void theSicResultDoesNotDependOnTheThreadCount() throws Exception {
        AnalysisResult one = analyse("data/measured/sic-3c-400/test.ini", 1);
        AnalysisResult three = analyse("data/measured/sic-3c-400/test.ini", 3);
        assertArrayEquals(one.fit().values(), three.fit().values(), 0);
        assertArrayEquals(one.fit().uncertainties(), three.fit().uncertainties(), 0);
        assertEquals(one.fit().evaluations(), three.fit().evaluations());
        assertEquals(one.fit().stages().stream().map(FitResult.Stage::evaluations).toList(),
                three.fit().stages().stream().map(FitResult.Stage::evaluations).toList());
        assertEquals(one.fit().history().size(), three.fit().history().size());
        for (int i = 0; i < one.fit().history().size(); i++) {
            double[] h1 = one.fit().history().get(i);
            double[] h3 = three.fit().history().get(i);
            assertEquals(h1[0], h3[0], 0, "evaluations at improvement " + i);
            assertEquals(h1[2], h3[2], 0, "σ_I at improvement " + i);
        }
    }
}
