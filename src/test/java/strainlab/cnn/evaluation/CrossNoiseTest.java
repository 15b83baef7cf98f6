package strainlab.cnn.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import strainlab.Workspace;
import strainlab.cnn.InMemoryCurves;
import strainlab.dataset.recipe.PaperRecipe;
import strainlab.dataset.recipe.ParameterRanges;

class CrossNoiseTest {
    private static final Path CNN2 = Workspace.root().resolve("data/models/cnn2-1500k-gpu");

    @Test
    void testCurvesOfOneSeedShareTheirParametersAcrossNoises() {
        float[][] labels = null;
        float[][] inputs = null;
        for (PaperRecipe.Noise noise : PaperRecipe.Noise.values()) {
            InMemoryCurves c = InMemoryCurves.generate(new PaperRecipe(ParameterRanges.cnn2(), noise), 7,
                    CrossNoise.FIRST_INDEX, 8);
            assertEquals(noise.mode(), c.noise());
            float[][] l = new float[8][c.labelCount()];
            float[][] in = new float[8][c.inputLength()];
            for (int i = 0; i < 8; i++) {
                c.read(i, in[i], l[i]);
            }
            if (labels != null) {
                for (int i = 0; i < 8; i++) {
                    assertArrayEquals(labels[i], l[i], "labels of curve " + i + " with " + noise.mode() + " noise");
                    assertFalse(Arrays.equals(inputs[i], in[i]), "curve " + i + " with " + noise.mode() + " noise");
                }
            }
            labels = l;
            inputs = in;
        }
    }

    @Test
    void theShippedNetworkIsScoredOnEachNoise() throws Exception {
        List<PaperRecipe.Noise> noises = List.of(PaperRecipe.Noise.POISSON, PaperRecipe.Noise.PUBLISHED,
                PaperRecipe.Noise.NONE);
        List<CrossNoise.Cell> cells = CrossNoise.run(List.of(CNN2), noises, 7, 400, "cpu");
        assertEquals(3, cells.size());
        for (int k = 0; k < 3; k++) {
            CrossNoise.Cell c = cells.get(k);
            assertEquals(noises.get(k).mode(), c.testNoise());
            assertEquals("cnn2", c.preset());
            assertEquals("honest", c.modelNoise(), "model.json records the training noise");
            assertEquals(400, c.row().testCount());
            // the paper-scale CNN2 gets about three in four strain profiles within 10 % on any of these noises
            assertTrue(c.row().aStrain() > 0.6 && c.row().aStrain() < 0.95, c.testNoise() + ": " + c.row());
        }
        String csv = CrossNoise.csv(cells);
        assertEquals(4, csv.lines().count());
        assertTrue(csv.lines().skip(1).allMatch(l -> l.startsWith("cnn2-1500k-gpu,cnn2,honest,")), csv);
    }
}
