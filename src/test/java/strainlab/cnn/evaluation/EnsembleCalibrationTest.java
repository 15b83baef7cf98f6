package strainlab.cnn.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import strainlab.dataset.recipe.LabelLayout;

class EnsembleCalibrationTest {
    private static final LabelView VIEW = LabelView.of(LabelLayout.names());

    /** Labels of a 200 nm layer with a bell of strain weights (×{@code f}) and scale_dw 1.5. */
    private static float[] labels(double f) {
        float[] l = new float[LabelLayout.COUNT];
        float[] w = {0.1f, 0.3f, 0.6f, 0.9f, 1.0f, 0.9f, 0.7f, 0.5f, 0.3f, 0.1f};
        for (int i = 0; i < 10; i++) {
            l[i] = (float) (w[i] * f);
        }
        l[10] = 1.5f;
        l[11] = 200;
        l[12] = 0.02f;
        l[13] = 4;
        return l;
    }

    @Test
    void aSpreadAroundTheTruthCoversItAndAnOffsetWithoutSpreadDoesNot() {
        float[][] truth = {labels(1)};
        EnsembleCalibration around = EnsembleCalibration.of(VIEW, truth,
                List.of(new float[][] {labels(0.9)}, new float[][] {labels(1.1)}));
        assertEquals(1, around.strainWithin1Sigma(), 1e-12);
        assertEquals(1, around.dwWithin2Sigma(), 1e-12);
        assertEquals(ProfileComparison.PAPER_LAMELLAE + 1, around.points());
        EnsembleCalibration off = EnsembleCalibration.of(VIEW, truth,
                List.of(new float[][] {labels(1.5)}, new float[][] {labels(1.5)}));
        // both members agree on a profile 50 % too strong: σ = 0, and only the strain-free depths are covered
        assertEquals(0, off.strainWithin2Sigma(), 0.05);
        assertThrows(IllegalArgumentException.class, () -> EnsembleCalibration.of(VIEW, truth,
                List.<float[][]>of(new float[][] {labels(1), labels(1)})));
    }
}
