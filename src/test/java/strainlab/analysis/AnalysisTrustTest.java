package strainlab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import strainlab.cnn.TrainedModel;
import strainlab.crystal.DiffractionSetup;
import strainlab.crystal.Materials;
import strainlab.fit.CurveModel;
import strainlab.fit.MeasuredCurve;
import strainlab.io.MeasuredScan;
import strainlab.io.TextScanReader;
import strainlab.lsq.FitResult;

/** Which refined results {@link Analysis} flags: parameters at a bound, profiles outside the trained range. */
class AnalysisTrustTest {
    private static final DiffractionSetup YSZ = Materials.byName("ysz").setup(4, 0, 0, 1.5406);

    private static MeasuredScan example() throws IOException {
        return TextScanReader.read(Path.of("data/examples/ysz-400-simulated.txt"), null).withWavelength(1.5406);
    }

    private static FitResult fit(CurveModel model, double[] values) {
        int n = values.length;
        boolean[] fixed = new boolean[n];
        fixed[model.parameterNames().indexOf(CurveModel.ETA)] = true;
        return new FitResult(model.parameterNames(), values, new double[n], fixed, 0.1, new double[model.size()], 1,
                0, "lm", List.of(), List.of());
    }

    private static double[] truth(CurveModel m) {
        return m.values().strainWeightsPercent(new double[]{0.03, 0.1, 0.3, 0.55, 0.85, 1.0, 0.8, 0.45, 0.2, 0.15})
                .scaleDw(0.6).thicknessNm(180).fwhmThetaDeg(0.006).eta(0.001).scale(1).background(1.5e-5)
                .offsetThetaDeg(0.004).build();
    }

    @Test
    void parametersAtTheirBoundsAreNamed() throws IOException {
        Analysis a = Analysis.of(example(), YSZ);
        CurveModel m = a.model(MeasuredCurve.of(example()));
        double[] v = truth(m);
        assertEquals(List.of(), Analysis.atBound(fit(m, v), m, 1.0));
        int dw = m.parameterNames().indexOf(CurveModel.SCALE_DW);
        int bg = m.parameterNames().indexOf(CurveModel.LOG10_BACKGROUND);
        v[dw] = 0;
        v[bg] = -10;
        v[9] = -0.5;
        assertEquals(List.of(), Analysis.atBound(fit(m, v), m, 1.0),
                "no disorder, no background and a dip at −0.5·emax are answers, not limits");
        v[dw] = 6.0;
        v[bg] = -0.5;
        v[0] = 2.5;
        v[m.parameterNames().indexOf(CurveModel.THICKNESS_NM)] = 10;
        assertEquals(List.of("strain_w1_percent", CurveModel.SCALE_DW, CurveModel.THICKNESS_NM,
                CurveModel.LOG10_BACKGROUND), Analysis.atBound(fit(m, v), m, 1.0));
    }

    @Test
    void aProfileOutsideEveryNetworksTrainingRangeIsNamed() throws IOException {
        try (TrainedModel cnn3 = TrainedModel.load(Path.of("data/models/cnn3-1500k-gpu"), "cpu")) {
            Analysis a = Analysis.of(example(), YSZ).network(cnn3, "cnn3");
            CurveModel m = a.model(MeasuredCurve.of(example()));
            double[] v = truth(m);
            assertEquals(List.of(), a.outsideTrainedRange(fit(m, v), m));
            v[m.parameterNames().indexOf(CurveModel.THICKNESS_NM)] = 1510;
            Arrays.fill(v, 0, 10, 3.0);
            assertEquals(List.of("outside the trained range: thickness_nm 1510.0 (the networks were trained on"
                    + " 100–1000 nm)", "outside the trained range: largest strain weight 3.000 % (the networks were"
                    + " trained up to 2.000 %)"), a.outsideTrainedRange(fit(m, v), m));
        }
    }
}
