package strainlab.cnn.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import strainlab.cnn.InMemoryCurves;
import strainlab.cnn.TrainedModel;
import strainlab.dataset.DatasetSplit;
import strainlab.dataset.recipe.PaperRecipe;

/** Redrawing a shipped network's test curves and scoring it on them. */
class RedrawnEvaluationTest {
    private static final Path CNN2 = Path.of("data", "models", "cnn2-1500k-gpu");

    @Test
    void redrawnCurvesAreTheSetsCurves() {
        PaperRecipe recipe = PaperRecipe.preset("cnn2");
        InMemoryCurves run = InMemoryCurves.generate(recipe, 5, 0, 12);
        InMemoryCurves picked = InMemoryCurves.generate(recipe, 5, new long[] {11, 3});
        assertArrayEquals(run.input(11), picked.input(0));
        assertArrayEquals(run.labels(3), picked.labels(1));
        assertEquals("cnn2", picked.preset());
        assertEquals("honest", picked.noise());
    }

    @Test
    void shippedCnn2ScoresOnItsOwnTestCurves() throws Exception {
        try (TrainedModel model = TrainedModel.load(CNN2, "cpu")) {
            assertEquals(1_500_000, RedrawnEvaluation.setSize(model));
            EvaluationReport report = RedrawnEvaluation.evaluate(model, RedrawnEvaluation.SHIPPED_SEED, 300, 100,
                    "CNN2", null);
            Evaluation e = report.evaluation();
            assertEquals(300, e.size());
            long[] test = Arrays.stream(DatasetSplit.of(1_500_000, 1, 0.1, 0.1).test()).limit(300).asLongStream()
                    .toArray();
            assertArrayEquals(test, e.curves().stream().mapToLong(CurveError::sourceIndex).toArray());
            Table2Row row = report.table2Rows().get(0);
            // docs/results/cnn2-1500k-gpu: test MSE 0.0020, a(strain) 76 % over 150 000 curves
            assertTrue(row.testMse() < 0.005, "test MSE " + row.testMse());
            assertTrue(row.trainMse() < 0.005, "train MSE " + row.trainMse());
            assertTrue(row.aStrain() > 0.6, "a(strain) " + row.aStrain());
            assertTrue(row.aDr() > 0.95, "a(DR) " + row.aDr());
        }
    }

    @Test
    void figureOneTitleGivesTheErrorsShown() throws Exception {
        try (TrainedModel model = TrainedModel.load(CNN2, "cpu")) {
            EvaluationReport report = RedrawnEvaluation.evaluate(model, 1, 40, 0, "CNN2", null);
            int[] near = report.evaluation().nearest(0.1, 4);
            double lo = Arrays.stream(near).mapToDouble(i -> report.evaluation().curve(i).strainRelativeRms()).min()
                    .orElseThrow();
            String range = report.strainErrorRange(near);
            assertTrue(range.startsWith(String.format(java.util.Locale.ROOT, "σe/e_max = %.3f", lo)), range);
        }
    }

    @Test
    void paperRowsAreThePublishedTable() {
        assertEquals(7, Table2Row.paper().size());
        Table2Row cnn2 = Table2Row.paper("CNN2");
        assertEquals(0.82, cnn2.aStrain());
        assertEquals(0.00077, cnn2.trainMse());
        assertEquals(null, Table2Row.paper("CNN3[3]").aStrain());
        assertEquals(0.76, Table2Row.paper("CNN3").aStrain());
        assertThrows(IllegalArgumentException.class, () -> Table2Row.paper("CNN4"));
        Table2Row ours = new Table2Row("CNN1 (e_max ≤ 2 %)", null, 0.001, 0.6, 0.6, 0.6, 0.9, 1.0, 0.4, 500, 0);
        Table2Row other = new Table2Row("CNN9", null, 0.001, 0.6, 0.6, 0.6, 0.9, 1.0, 0.4, 500, 0);
        assertEquals(java.util.List.of(ours, Table2Row.paper("CNN1 (e_max ≤ 2 %)"), other),
                Table2Row.besidePaper(java.util.List.of(ours, other)));
    }
}
