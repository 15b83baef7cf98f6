package strainlab.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import strainlab.crystal.DiffractionSetup;
import strainlab.crystal.Materials;
import strainlab.profile.SplineConvention;

/**
 * {@link CurveModel#intensity} is pinned to values recorded from the model as first written: three parameter
 * vectors (spline DW, tied DW with a θ offset and a Lorentz fraction, abrupt splines) on a YSZ 400 grid of
 * 401 angles; every point must agree to 1e-12 relative.
 */
class CurveModelAgreementTest {
    /** YSZ 400 at Cu Kα1, θ from θB − 1.2° to θB + 0.4° in 401 even steps. */
    static DiffractionSetup setup() {
        return Materials.byName("ysz").setup(4, 0, 0, 1.5406);
    }

    static double[] grid(DiffractionSetup setup) {
        double thB = setup.braggAngleRad();
        double[] th = new double[401];
        for (int i = 0; i < th.length; i++) {
            th[i] = thB + Math.toRadians(-1.2 + 1.6 * i / (th.length - 1));
        }
        return th;
    }

    /** The three models and vectors, in the order of the recorded values. */
    static List<double[]> intensities() {
        DiffractionSetup setup = setup();
        double[] th = grid(setup);
        List<double[]> out = new ArrayList<>();
        CurveModel spline = CurveModel.builder(setup, th).lamellae(60).build();
        out.add(spline.intensity(spline.values()
                .strainWeightsPercent(0.1, 0.4, 0.9, 1.6, 2.0, 1.8, 1.2, 0.6, 0.2, 0.05)
                .dwWeights(0.9, 0.85, 0.8, 0.7, 0.6, 0.65, 0.75, 0.85, 0.95, 1.0)
                .thicknessNm(220).fwhmThetaDeg(0.012).eta(0.2).scale(1.0).background(3e-5).build()));
        CurveModel tied = CurveModel.builder(setup, th).lamellae(80).tiedDw().build();
        out.add(tied.intensity(tied.values()
                .strainWeightsPercent(0.0, 0.3, 0.8, 1.5, 2.4, 3.0, 2.2, 1.1, 0.4, 0.1)
                .scaleDw(1.4).thicknessNm(450).fwhmThetaDeg(0.006).eta(0.05).scale(2.5).background(1e-6)
                .offsetThetaDeg(0.013).build()));
        CurveModel abrupt = CurveModel.builder(setup, th).lamellae(40).convention(SplineConvention.ABRUPT)
                .strainWeights(6).splineDw(6).build();
        out.add(abrupt.intensity(abrupt.values().strainWeightsPercent(0.5, 1.0, 0.8, 0.3, -0.2, 0.1)
                .dwWeights(1.0, 0.9, 0.7, 0.8, 0.9, 1.0).thicknessNm(90).fwhmThetaDeg(0.02).eta(0.5).scale(0.8)
                .background(1e-4).offsetThetaDeg(-0.004).build()));
        return out;
    }

    static List<double[]> recorded() throws IOException {
        try (InputStream in = CurveModelAgreementTest.class.getResourceAsStream("curve-model-intensity.txt")) {
            List<double[]> out = new ArrayList<>();
            List<Double> cur = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.isBlank()) {
                    out.add(cur.stream().mapToDouble(Double::doubleValue).toArray());
                    cur = new ArrayList<>();
                } else {
                    cur.add(Double.parseDouble(line.trim()));
                }
            }
            if (!cur.isEmpty()) {
                out.add(cur.stream().mapToDouble(Double::doubleValue).toArray());
            }
            return out;
        }
    }

    @Test
    void intensityEqualsTheRecordedValues() throws IOException {
        List<double[]> expected = recorded();
        List<double[]> actual = intensities();
        assertEquals(3, expected.size());
        for (int c = 0; c < expected.size(); c++) {
            double[] e = expected.get(c);
            double[] a = actual.get(c);
            assertEquals(e.length, a.length, "case " + c);
            for (int i = 0; i < e.length; i++) {
                assertEquals(e[i], a[i], 1e-12 * Math.abs(e[i]), "case " + c + ", point " + i);
            }
        }
    }
}
