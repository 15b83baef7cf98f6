package strainlab.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import strainlab.crystal.DiffractionSetup;
import strainlab.crystal.Materials;
import strainlab.crystal.StructureFactors;
import strainlab.io.RadmaxProject;
import strainlab.lsq.FitResult;
import strainlab.lsq.LeastSquaresOptimizer;
import strainlab.lsq.LeastSquaresProblem;

/** The measured YSZ 400 scan and the expert RaDMaX fit in ../shared. */
public class MeasuredYszTest {
    public static Path shared(String rel) {
        Path p = Path.of("..", "shared").resolve(rel);
        Assumptions.assumeTrue(Files.exists(p), "../shared/" + rel + " is absent: skipping the measured-data check");
        return p;
    }

    static JsonObject reference() throws IOException {
        return JsonParser.parseString(Files.readString(shared("data/reference/RaDMaX_YSZ.json"))).getAsJsonObject();
    }

    static double[] array(JsonArray a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsDouble();
        }
        return v;
    }

    @Test
    void modelReproducesRadmaxOwnCurveFromTheProject() throws IOException {
        RadmaxProject p = RadmaxProject.read(shared("data/measured/ysz-400/test.ini"));
        JsonObject in = reference().getAsJsonObject("inputs");
        StructureFactors sf = StructureFactors.of(array(in.getAsJsonArray("F0")), array(in.getAsJsonArray("FH")),
                array(in.getAsJsonArray("FmH")));
        DiffractionSetup setup = new DiffractionSetup(p.wavelengthA(), p.dSpacingA(), p.unitCellVolumeA3(), sf);
        CurveModel m = CurveModel.forProject(p, setup);
        double[] model = m.intensity(m.parametersOf(p));
        double[] radmax = array(reference().getAsJsonObject("outputs").getAsJsonArray("Icalc_radmax_code_headless"));
        for (int i = 0; i < model.length; i++) {
            assertEquals(radmax[i], model[i], 1e-6 * radmax[i], "point " + i);
        }
        double expert = MeasuredCurve.of(p.scan()).sigmaI(m.evaluate(m.parametersOf(p)));
        assertEquals(0.13343, expert, 1e-4);
    }

    @Test
    void leastSquaresFromTheRadmaxWeightsBeatsTheExpertFit() throws IOException {
        RadmaxProject p = RadmaxProject.read(shared("data/measured/ysz-400/test.ini"));
        DiffractionSetup setup = Materials.byName("ysz").setup(4, 0, 0, p.wavelengthA());
        CurveModel m = CurveModel.forProject(p, setup);
        MeasuredCurve data = MeasuredCurve.of(p.scan());
        FitResult r = new LeastSquaresOptimizer().withGlobalSearch(LeastSquaresOptimizer.GlobalSearch.NEVER)
                .withMaxEvaluations(600).optimize(LeastSquaresProblem.builder(m, data.log10Intensity())
                        .start(m.parametersOf(p)).fix(CurveModel.ETA).build());
        assertTrue(r.meanSquare() <= 0.0178, "mean square log10 misfit " + r.meanSquare() + "\n" + r.summary());
        assertEquals(r.sigmaI(), data.sigmaI(m.evaluate(r.values())), 1e-12);
    }
}
