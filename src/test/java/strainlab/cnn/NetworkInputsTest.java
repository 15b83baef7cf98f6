package strainlab.cnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import strainlab.dataset.recipe.PaperRecipe;
import strainlab.instrument.SimulatedCurve;

class NetworkInputsTest {

    @Test
    void aSimulatedScanIsRescaledExactlyAsTheTrainingInputs(@TempDir Path dir) throws IOException {
        PaperRecipe recipe = PaperRecipe.preset("cnn2");
        SimulatedCurve sim = recipe.simulate(5, 0);
        double[] twoTheta = sim.twoThetaDeg();
        double[] counts = sim.intensity();
        StringBuilder b = new StringBuilder("2theta_deg,intensity\n");
        for (int i = 0; i < twoTheta.length; i++) {
            b.append(twoTheta[i]).append(',').append(counts[i]).append('\n');
        }
        Path scan = dir.resolve("scan.csv");
        Files.writeString(scan, b.toString());
        float[] input = NetworkInputs.read(scan, 1001, recipe.inputGrid(), "cnn2");
        double[] read = new double[input.length];
        for (int k = 0; k < read.length; k++) {
            read[k] = input[k];
        }
        assertArrayEquals(sim.rescaledLog10(), read, 1e-6);
    }

    @Test
    void rescaledCurvesAreReadAsTheyAre(@TempDir Path dir) throws IOException {
        double[] grid = {3, 1, -1};
        Path one = dir.resolve("one.csv");
        Files.writeString(one, "# rescaled\nlog10\n-1.5\n0\n-3.25\n");
        assertArrayEquals(new float[] {-1.5f, 0f, -3.25f}, NetworkInputs.read(one, 3, grid, ""));
        Path two = dir.resolve("two.csv");
        Files.writeString(two, "x,log10\n3,-1.5\n1,0\n-1,-3.25\n");
        assertArrayEquals(new float[] {-1.5f, 0f, -3.25f}, NetworkInputs.read(two, 3, grid, ""));
        IOException e = assertThrows(IOException.class, () -> NetworkInputs.read(one, 5, new double[0], ""));
        assertTrue(e.getMessage().contains("one.csv") && e.getMessage().contains("preset"), e.getMessage());
    }
}
