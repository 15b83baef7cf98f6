package strainlab.cnn.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import strainlab.dataset.recipe.LabelLayout;

/** Metric definitions of table 2 on hand-made label vectors, with known answers. */
class MetricsTest {
    private static final LabelView FULL = LabelView.of(LabelLayout.names());

    /** A full label vector: all 10 weights equal to {@code w} (%), DWmin, t, H, DR. */
    private static float[] labels(double w, double dwMin, double tNm, double hDeg, double dr) {
        double[] weights = new double[10];
        Arrays.fill(weights, w);
        float[] out = new float[LabelLayout.COUNT];
        LabelLayout.write(weights, -Math.log(dwMin), tNm, hDeg, dr, out);
        return out;
    }

    private static float[][] rows(float[]... r) {
        return r;
    }

    /** B3 written from the physics conventions, independent of strainlab.profile. */
    private static double b3(double x) {
        if (x <= 0 || x > 4) {
            return 0;
        }
        if (x <= 1) {
            return x * x * x / 6;
        }
        if (x <= 2) {
            return 2.0 / 3 + x * (-2 + x * (2 - x / 2));
        }
        if (x <= 3) {
            return -22.0 / 3 + x * (10 + x * (-4 + x / 2));
        }
        return 32.0 / 3 + x * (-8 + x * (2 - x / 6));
    }

    /** Smooth spline of 10 equal unit weights at relative height z/t (0 = interface). */
    private static double unitSpline(double zOverT) {
        double[] w = new double[13];
        for (int i = 3; i < 13; i++) {
            w[i] = 1;
        }
        double u = zOverT * 10;
        double s = 0;
        for (int i = 0; i < 13; i++) {
            s += w[i] * b3(u - i + 3);
        }
        return s;
    }

    @Test
    void perfectPredictionScoresOneHundredPercent() {
        float[][] truth = rows(labels(1.5, 0.4, 300, 0.02, 4.5), labels(0.8, 0.9, 700, 0.05, 3.5));
        Evaluation e = Evaluation.of("perfect", FULL, truth, FULL, truth.clone(), new double[] {0, 0}, null);
        Table2Row row = e.table2();
        for (Parameter p : Parameter.values()) {
            assertEquals(1.0, row.accuracy(p), p.name());
        }
        assertEquals(1.0, row.aStrain());
        assertEquals(0.0, row.testMse());
        assertEquals(0.0, e.curve(0).strainRelativeRms(), 1e-12);
        assertEquals(2, row.testCount());
    }

    @Test
    void twentyPercentErrorScoresZeroAndFivePercentScoresAll() {
        float[] t = labels(1.0, 0.5, 400, 0.02, 4.0);
        float[] off20 = labels(1.2, 0.6, 480, 0.024, 4.8);
        float[] off5 = labels(1.05, 0.525, 420, 0.021, 4.2);
        Evaluation bad = Evaluation.of("20%", FULL, rows(t), FULL, rows(off20), null, null);
        Evaluation good = Evaluation.of("5%", FULL, rows(t), FULL, rows(off5), null, null);
        for (Parameter p : Parameter.values()) {
            assertEquals(0.2, bad.curve(0).relativeError(p), 1e-5, p.name());
            assertEquals(0.0, bad.accuracy(p), p.name());
            assertEquals(1.0, good.accuracy(p), p.name());
        }
        // thickness also changes, so the profiles differ by more than the 20 % scale alone
        assertTrue(bad.curve(0).strainRelativeRms() > 0.1);
        assertEquals(0.0, bad.strainAccuracy());
        assertNull(bad.testMse(), "no MSE without network outputs");
    }

    @Test
    void accuracyIsTheFractionStrictlyBelowTheThreshold() {
        double[] errors = {0.0, -0.05, 0.0999, 0.1, -0.1, 0.2, Double.NaN, 0.01};
        assertEquals(4.0 / 8, Evaluation.fractionBelow(errors, 0.1, true));
        assertNull(Evaluation.fractionBelow(new double[0], 0.1, true));
    }

    @Test
    void relativeRmsOfAScaledProfileMatchesAnIndependentQuadrature() {
        // truth: 10 unit weights; prediction: the same profile scaled by 1.2, same thickness
        int n = 500;
        double sum = 0;
        double max = 0;
        for (int j = 0; j <= n; j++) {
            double v = unitSpline((double) j / n);
            sum += v * v;
            max = Math.max(max, v);
        }
        double rmsOverMax = Math.sqrt(sum / (n + 1)) / max;
        double[] w = new double[10];
        Arrays.fill(w, 1.0);
        double[] w12 = new double[10];
        Arrays.fill(w12, 1.2);
        assertEquals(1.0, max, 1e-12, "equal weights: the profile reaches the weight (partition of unity)");
        assertEquals(0.2 * rmsOverMax, ProfileComparison.relativeRms(w, 250, w12, 250, n), 1e-9);
        // a zero prediction: σe/e_max = rms(e)/max(e)
        assertEquals(rmsOverMax, ProfileComparison.relativeRms(w, 250, new double[10], 250, n), 1e-9);
    }

    @Test
    void commonGridCoversTheThickerLayerWithZeroStrainBelowALayer() {
        double[] w = new double[10];
        Arrays.fill(w, 1.0);
        double same = ProfileComparison.relativeRms(w, 200, new double[10], 200, 500);
        // predicted layer twice as thick but strain-free: the grid doubles, half of it is zero for both profiles
        double thick = ProfileComparison.relativeRms(w, 200, new double[10], 400, 500);
        assertEquals(same / Math.sqrt(2), thick, 2e-3 * same);
        // a profile evaluated beyond its layer is zero
        double[] e = ProfileComparison.strainPercentAtDepths(w, 100, new double[] {0, 50, 100, 100.5, 300});
        assertEquals(1.0, e[0], 1e-12);
        assertEquals(1.0, e[1], 1e-12);
        assertEquals(0.0, e[2], 1e-12);
        assertEquals(0.0, e[3]);
        assertEquals(0.0, e[4]);
        // the error is symmetric in which profile is the thicker one when both are the same shape
        double a = ProfileComparison.relativeRms(w, 300, w, 360, 500);
        assertTrue(a > 0.1, "a 20 % thicker layer of the same weights is a > 10 % error: " + a);
    }

    @Test
    void reducedOutputsAreReportedAbsentNotFaked() {
        float[] t = labels(1.0, 0.5, 400, 0.02, 4.0);
        List<String> twelve = LabelLayout.names().subList(0, 12);
        LabelView v12 = LabelView.of(twelve);
        float[] p12 = Arrays.copyOf(t, 12);
        Evaluation e12 = Evaluation.of("CNN3[12]", FULL, rows(t), v12, rows(p12), new double[] {0}, null);
        Table2Row r12 = e12.table2();
        assertNull(r12.aH());
        assertNull(r12.aDr());
        assertEquals(1.0, r12.aT());
        assertEquals(1.0, r12.aStrain());

        LabelView v3 = LabelView.of(List.of("t_nm", LabelView.E_MAX_LABEL, "scale_dw"));
        float[] p3 = {400f, 1.0f, (float) -Math.log(0.5)};
        Evaluation e3 = Evaluation.of("CNN3[3]", FULL, rows(t), v3, rows(p3), new double[] {0}, null);
        Table2Row r3 = e3.table2();
        assertNull(r3.aStrain());
        assertNull(r3.aH());
        assertEquals(1.0, r3.aEmax(), "e_max read from the direct output");
        assertEquals(1.0, r3.aDw());
        assertFalse(e3.predictsProfile());
        JsonObject json = JsonParser.parseString(EvaluationReport.table2Json(List.of(r3))).getAsJsonObject();
        assertFalse(json.has("aStrain"));
        assertFalse(json.has("aH"));
        assertTrue(json.getAsJsonArray("absent").toString().contains("aStrain"));
        assertEquals(1.0, json.get("aT").getAsDouble());
    }

    @Test
    void table2JsonHasTheRequiredFieldsInRange() {
        float[] t = labels(1.0, 0.5, 400, 0.02, 4.0);
        float[] p = labels(1.3, 0.52, 410, 0.02, 4.1);
        Evaluation e = Evaluation.of("CNN", FULL, rows(t, t), FULL, rows(t, p), new double[] {0.0, 0.004}, null)
                .withTrainMse(0.001, 10);
        JsonObject json = JsonParser.parseString(EvaluationReport.table2Json(List.of(e.table2()))).getAsJsonObject();
        for (String k : List.of("trainMse", "testMse", "aT", "aEmax", "aDw", "aH", "aDr", "aStrain", "testCount")) {
            assertTrue(json.has(k), k);
        }
        for (String k : List.of("aT", "aEmax", "aDw", "aH", "aDr", "aStrain")) {
            double a = json.get(k).getAsDouble();
            assertTrue(a >= 0 && a <= 1, k + " = " + a);
        }
        assertEquals(0.5, json.get("aEmax").getAsDouble());
        assertEquals(1.0, json.get("aT").getAsDouble());
        assertEquals(0.002, json.get("testMse").getAsDouble(), 1e-12);
        assertEquals(0.001, json.get("trainMse").getAsDouble());
        assertEquals(2, json.get("testCount").getAsInt());
        assertEquals(e.table2(), Table2Row.fromJson(e.table2().toJson()));
    }

    @Test
    void subsetsAndExtremeSets() {
        float[] lo = labels(1.0, 0.5, 400, 0.02, 4.0);
        float[] hi = labels(5.0, 0.5, 400, 0.02, 4.0);
        float[] hiOff = labels(6.5, 0.5, 400, 0.02, 4.0);
        Evaluation e = Evaluation.of("CNN1", FULL, rows(lo, hi, hi), FULL, rows(lo, hi, hiOff), null, null);
        Evaluation low = e.lowStrain(2.0);
        assertEquals(1, low.size());
        assertEquals(1.0, low.table2().aStrain());
        assertEquals(2.0 / 3, e.table2().aEmax(), 1e-12);
        assertEquals(2, e.highest(1)[0]);
        assertEquals(2, e.rankedByStrainError()[2]);
        assertEquals(1000, Evaluation.extremeCount(150_000));
        assertEquals(1000, Evaluation.extremeCount(3_000_000));
        assertEquals(10, Evaluation.extremeCount(500));
        assertEquals(2, Evaluation.extremeCount(8));
        assertThrows(IllegalArgumentException.class,
                () -> Evaluation.of("x", FULL, rows(lo), FULL, rows(lo, lo), null, null));
    }
}
