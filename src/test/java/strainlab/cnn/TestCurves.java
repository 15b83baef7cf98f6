package strainlab.cnn;

import java.util.List;
import java.util.SplittableRandom;

/** Small synthetic, learnable data sets for fast training tests (the real-recipe test is in CnnTrainerTest). */
final class TestCurves {
    private TestCurves() {
    }

    /**
     * {@code n} curves of {@code length} samples: a decaying log-like curve {@code −a·x + b·sin(2πfx)} plus
     * noise, labelled (a, b, f).
     */
    static InMemoryCurves synthetic(int n, int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] in = new float[n][length];
        float[][] lab = new float[n][3];
        double[] grid = new double[length];
        for (int j = 0; j < length; j++) {
            grid[j] = 3 - 4.0 * j / (length - 1);
        }
        for (int i = 0; i < n; i++) {
            double a = 1 + 4 * random.nextDouble();
            double b = random.nextDouble();
            double f = 2 + 6 * random.nextDouble();
            for (int j = 0; j < length; j++) {
                double x = (double) j / (length - 1);
                in[i][j] = (float) (-a * x + b * Math.sin(2 * Math.PI * f * x) + 0.02 * random.nextGaussian());
            }
            lab[i] = new float[] {(float) a, (float) b, (float) f};
        }
        return new InMemoryCurves(in, lab, List.of("slope", "amplitude", "frequency"), List.of("1", "1", "1/x"),
                grid, "synthetic");
    }
}
