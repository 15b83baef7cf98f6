package strainlab.nanobeam.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import strainlab.nanobeam.sim.ParameterGrid;

class NanobeamCpuInferenceTest {
    private static final int PIXELS = 64 * 64;
    /** 125 simulated patterns with Poisson noise, library maximum 7 counts (mostly zeros, as measured). */
    private static float[] patterns;

    @BeforeAll
    static void patterns() {
        patterns = HeNets.noisyPatterns(3);
    }



    private static float[] first(int n) {
        return Arrays.copyOf(patterns, n * PIXELS);
    }

    private static void assertClose(float[] expected, float[] actual, double relative, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        assertTrue(scale > 0.1, what + ": outputs too small to test (" + scale + ")");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], relative * scale, what + ": output " + i + " (pattern " + i / 3 + ")");
        }
    }

    @Test
    void equalsTheDjlForwardPassOnSimulatedPatternsForOddBatchesAndOnePattern() {
        try (NanobeamNet net = HeNets.heNet(11)) {
            NanobeamCpuInference engine = NanobeamCpuInference.of(net.block());
            for (int n : new int[] {1, 7, 13, 125}) {
                float[] x = first(n);
                float[] djl = net.predictScaledWithDjl(x, 64);
                for (int threads : new int[] {1, 3}) {
                    assertClose(djl, engine.predictScaled(x, threads), 1e-4, n + " patterns, " + threads + " threads");
                }
            }
        }
    }

    @Test
    void equalsTheDjlForwardPassWithPyTorchDefaultWeightsAndDenseInputs() {
        try (NanobeamNet net = NanobeamNet.create(Device.cpu(),
                NanobeamModelInfo.untrained(ParameterGrid.cube(5), 7, 5, 1))) {
            SplittableRandom rng = new SplittableRandom(2);
            float[] x = new float[9 * PIXELS];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (200 * rng.nextDouble());
            }
            assertClose(net.predictScaledWithDjl(x, 4), NanobeamCpuInference.of(net.block()).predictScaled(x, 2), 1e-4,
                    "dense inputs");
        }
    }

    @Test
    void netPredictsOnTheCpuWithTheEngineAndItsCurrentWeights() {
        try (NanobeamNet net = HeNets.heNet(12)) {
            float[] x = first(10);
            float[] before = net.predictScaled(x);
            assertArrayEquals(NanobeamCpuInference.of(net.block()).predictScaled(x, 1), before);
            assertClose(net.predictScaledWithDjl(x, 2048), before, 1e-4, "predictScaled on the CPU");
            NDArray bias = net.block().getParameters().get(13).getValue().getArray();
            bias.set(FloatBuffer.wrap(new float[] {1f, 2f, 3f}));
            float[] after = net.predictScaled(x);
            assertClose(net.predictScaledWithDjl(x, 2048), after, 1e-4, "after changing the linear bias");
            assertTrue(Math.abs(after[0] - before[0]) > 0.5, "the engine reads the current weights");
        }
    }

    @Test
    void resultsDoNotDependOnBatchPositionOrThreadCount() {
        try (NanobeamNet net = HeNets.heNet(13)) {
            NanobeamCpuInference engine = NanobeamCpuInference.of(net.block());
            float[] x = first(21);
            float[] all = engine.predictScaled(x, 2);
            assertArrayEquals(all, engine.predictScaled(x, 1));
            assertArrayEquals(all, engine.predictScaled(x, 5));
            for (int p : new int[] {0, 8, 20}) {
                float[] one = engine.predictScaled(Arrays.copyOfRange(x, p * PIXELS, (p + 1) * PIXELS), 1);
                assertArrayEquals(Arrays.copyOfRange(all, 3 * p, 3 * p + 3), one, "pattern " + p + " alone");
            }
        }
    }

    @Test
    void theLastFourRowsAndColumnsNeverReachTheOutput() {
        try (NanobeamNet net = HeNets.heNet(14)) {
            float[] x = first(3);
            float[] y = x.clone();
            for (int p = 0; p < 3; p++) {
                for (int i = 0; i < PIXELS; i++) {
                    if (i / 64 >= 60 || i % 64 >= 60) {
                        y[p * PIXELS + i] = 50 + i % 7;
                    }
                }
            }
            assertArrayEquals(net.predictScaledWithDjl(x, 3), net.predictScaledWithDjl(y, 3),
                    "DJL's full forward pass ignores the border the engine skips");
            float[] z = x.clone();
            for (int p = 0; p < 3; p++) {
                for (int i = 0; i < PIXELS; i++) {
                    if ((i / 64 == 59 || i % 64 == 59) && i / 64 < 60 && i % 64 < 60) {
                        z[p * PIXELS + i] = 50 + i % 7;
                    }
                }
            }
            float[] inside = net.predictScaledWithDjl(z, 3);
            assertTrue(!Arrays.equals(net.predictScaledWithDjl(x, 3), inside), "row and column 59 do reach the output");
            assertClose(inside, NanobeamCpuInference.of(net.block()).predictScaled(z, 2), 1e-4, "row and column 59");
        }
    }

    @Test
    void badInputsGiveClearErrors() {
        try (NanobeamNet net = HeNets.heNet(15)) {
            NanobeamCpuInference engine = NanobeamCpuInference.of(net.block());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> engine.predictScaled(new float[63 * 64], 2));
            assertTrue(e.getMessage().contains("64x64"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> net.predictScaled(new float[0]));
            assertTrue(e.getMessage().contains("64x64"), e.getMessage());
            float[] x = first(2);
            x[PIXELS + 5 * 64 + 7] = -1;
            e = assertThrows(IllegalArgumentException.class, () -> net.predictScaled(x));
            assertTrue(e.getMessage().contains("pattern 1, pixel (row 5, column 7)")
                    && e.getMessage().contains("negative count"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> engine.predictScaled(first(1), 0));
            assertTrue(e.getMessage().contains("threads"), e.getMessage());

            List<float[]> params = new ArrayList<>();
            net.block().getParameters().forEach(p -> params.add(p.getValue().getArray().toFloatArray()));
            params.set(4, new float[287]);
            e = assertThrows(IllegalArgumentException.class, () -> new NanobeamCpuInference(params));
            assertTrue(e.getMessage().contains("conv3 weight") && e.getMessage().contains("288"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> new NanobeamCpuInference(params.subList(0, 12)));
            assertTrue(e.getMessage().contains("14"), e.getMessage());
        }
    }
}
