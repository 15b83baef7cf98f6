package strainlab.nanobeam.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import strainlab.nanobeam.sim.ParameterEstimates;

/**
 * The grouped ensemble pass ({@link NanobeamEnsemble#predictGrouped}, all members in one DJL forward pass per block)
 * against member-by-member prediction ({@link NanobeamEnsemble#predictSequential}, which on the CPU runs each member
 * in the independent Vector API engine). Tolerance: every member mean and spread, in scaled label units (strain ×100,
 * ω ×10, χ ×5), within 1e-4 of the largest |member mean| of the case (float32 rounding in a different summation
 * order; the CPU engine itself matches DJL to 1e-4 relative in {@link NanobeamCpuInferenceTest}).
 */
class NanobeamEnsembleGroupedInferenceTest {
    private static final int PIXELS = 64 * 64;
    private static final double RELATIVE = 1e-4;
    /** 125 simulated patterns with Poisson noise (library maximum 7 counts, mostly zeros). */
    private static float[] simulated;

    @BeforeAll
    static void patterns() {
        simulated = HeNets.noisyPatterns(4);
    }

    /** Dense random counts in [0, 20), n patterns. */
    private static float[] dense(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n * PIXELS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (20 * rng.nextDouble());
        }
        return x;
    }


    /** An ensemble of {@code count} He-initialised members with weight seeds seed, seed+1, ... */
    private static NanobeamEnsemble ensemble(int count, long seed) {
        List<NanobeamNet> nets = new ArrayList<>();
        for (int m = 0; m < count; m++) {
            nets.add(HeNets.heNet(seed + m));
        }
        return new NanobeamEnsemble(nets);
    }

    /** Largest deviation between two predictions (means and spreads), in scaled label units; checks sizes. */
    private static double maxScaledDifference(NanobeamEnsemble.Prediction a, NanobeamEnsemble.Prediction b) {
        assertEquals(a.mean().size(), b.mean().size(), "pattern count");
        double max = 0;
        for (int d = 0; d < 3; d++) {
            double s = NanobeamNN.LABEL_SCALE[d];
            for (int i = 0; i < a.mean().size(); i++) {
                max = Math.max(max, s * Math.abs(a.mean().parameter(d)[i] - b.mean().parameter(d)[i]));
                max = Math.max(max, s * Math.abs(a.spread().parameter(d)[i] - b.spread().parameter(d)[i]));
            }
        }
        return max;
    }

    /** Largest |member mean| in scaled label units (the scale of the tolerance). */
    private static double scale(NanobeamEnsemble.Prediction p) {
        double max = 0;
        for (int d = 0; d < 3; d++) {
            for (double v : p.mean().parameter(d)) {
                max = Math.max(max, NanobeamNN.LABEL_SCALE[d] * Math.abs(v));
            }
        }
        return max;
    }

    private static void assertSame(NanobeamEnsemble.Prediction expected, NanobeamEnsemble.Prediction actual,
                                   String what) {
        double scale = scale(expected);
        assertTrue(scale > 0.1, what + ": outputs too small to test (" + scale + ")");
        double diff = maxScaledDifference(expected, actual);
        assertTrue(diff <= RELATIVE * scale, what + ": max difference " + diff + " (scaled units) > " + RELATIVE
                + " x " + scale);
    }

    private static boolean spreadIsPositive(NanobeamEnsemble.Prediction p) {
        return Arrays.stream(p.spread().strain()).allMatch(v -> v > 0);
    }

    @Test
    void groupedEqualsSequentialForEveryConvLayoutOnDenseAndSimulatedPatterns() {
        try (NanobeamEnsemble e = ensemble(3, 31)) {
            float[] dense = dense(23, 5);
            float[] sim = Arrays.copyOf(simulated, 40 * PIXELS);
            NanobeamEnsemble.Prediction seqDense = e.predictSequential(dense);
            NanobeamEnsemble.Prediction seqSim = e.predictSequential(sim);
            assertTrue(spreadIsPositive(seqDense), "members differ, so the spread is positive");
            for (ConvLayout layout : List.of(ConvLayout.GROUPED, ConvLayout.MIXED, ConvLayout.PER_MEMBER,
                    ConvLayout.AUTO)) {
                assertSame(seqDense, e.predictGrouped(dense, layout), layout + ", dense patterns");
                assertSame(seqSim, e.predictGrouped(sim, layout), layout + ", simulated patterns");
            }
        }
    }

    @Test
    void groupedMemberOutputsEqualEachMembersOwnDjlForwardPass() {
        try (NanobeamEnsemble e = ensemble(2, 41)) {
            float[] x = dense(9, 6);
            NanobeamEnsemble.Prediction grouped = e.predictGrouped(x, ConvLayout.GROUPED);
            float[] a = e.members().get(0).predictScaledWithDjl(x, 4);
            float[] b = e.members().get(1).predictScaledWithDjl(x, 4);
            double scale = 0;
            double diff = 0;
            for (int i = 0; i < 9; i++) {
                for (int d = 0; d < 3; d++) {
                    double s = NanobeamNN.LABEL_SCALE[d];
                    double mean = (a[3 * i + d] + (double) b[3 * i + d]) / 2;
                    double sd = Math.abs(a[3 * i + d] - (double) b[3 * i + d]) / Math.sqrt(2);
                    scale = Math.max(scale, Math.abs(mean));
                    diff = Math.max(diff, Math.abs(mean - s * grouped.mean().parameter(d)[i]));
                    diff = Math.max(diff, Math.abs(sd - s * grouped.spread().parameter(d)[i]));
                }
            }
            assertTrue(scale > 0.1, "outputs too small to test (" + scale + ")");
            assertTrue(diff <= RELATIVE * scale, "grouped vs per-member DJL: max difference " + diff);
        }
    }

    @Test
    void blockBoundariesDoNotChangeTheResult() {
        try (NanobeamEnsemble e = ensemble(3, 51)) {
            float[] x = dense(13, 7);
            NanobeamEnsemble.Prediction seq = e.predictSequential(x);
            NanobeamEnsemble.Prediction oneBlock = e.predictGrouped(x, ConvLayout.MIXED, 64);
            assertSame(seq, oneBlock, "one block");
            for (int block : new int[] {1, 5, 6, 12, 13}) {
                NanobeamEnsemble.Prediction blocked = e.predictGrouped(x, ConvLayout.MIXED, block);
                assertSame(seq, blocked, "blocks of " + block + " for 13 patterns");
                assertTrue(maxScaledDifference(oneBlock, blocked) <= 1e-6 * scale(seq),
                        "blocks of " + block + " vs one block: " + maxScaledDifference(oneBlock, blocked));
            }
        }
    }

    @Test
    void blockSizeKeepsMemoryBoundedForAnyEnsembleSize() {
        assertEquals(NanobeamEnsemble.MAX_BLOCK_PATTERNS, NanobeamEnsemble.blockPatterns(1));
        assertEquals(1638, NanobeamEnsemble.blockPatterns(10));
        assertEquals(1, NanobeamEnsemble.blockPatterns(100_000));
        for (int g = 1; g <= 64; g++) {
            assertTrue((long) g * NanobeamEnsemble.blockPatterns(g) <= NanobeamEnsemble.BLOCK_MEMBER_PATTERNS,
                    g + " members");
        }
    }

    @Test
    void sharedForwardPassFreesEveryActivationBeforeReturning() {
        GroupedNanobeamNN net3 = new GroupedNanobeamNN(3, ConvLayout.GROUPED);
        float[] flat = new float[Math.toIntExact(net3.flatSize())];
        try (NanobeamEnsemble e = ensemble(3, 101); NDManager base = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            for (int m = 0; m < 3; m++) {
                net3.setMember(flat, m, e.members().get(m).snapshot());
            }
            NDArray theta = base.create(flat);
            for (ConvLayout layout : List.of(ConvLayout.GROUPED, ConvLayout.MIXED, ConvLayout.PER_MEMBER)) {
                try (NDManager scope = base.newSubManager()) {
                    NDArray x = scope.create(dense(5, 12), new Shape(5, 1, 64, 64));
                    NDArray y = new GroupedNanobeamNN(3, layout).forwardShared(theta, x, scope);
                    assertEquals(new Shape(5, 3, 3), y.getShape(), layout + ": output shape");
                    long activations = scope.getManagedArrays().stream()
                            .filter(a -> a.getShape().dimension() == 4 && a.getShape().get(0) == 5).count();
                    assertEquals(1, activations, layout + ": only the input image batch is left on the scope");
                }
            }
            theta.setRequiresGradient(true);
            try (NDManager scope = base.newSubManager()) {
                NDArray x = scope.create(dense(1, 13), new Shape(1, 1, 64, 64));
                assertThrows(IllegalArgumentException.class,
                        () -> new GroupedNanobeamNN(3, ConvLayout.GROUPED).forwardShared(theta, x, scope));
                NDArray wrong = scope.create(dense(1, 13), new Shape(1, 1, 32, 128));
                theta.setRequiresGradient(false);
                IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                        () -> new GroupedNanobeamNN(3, ConvLayout.GROUPED).forwardShared(theta, wrong, scope));
                assertTrue(shape.getMessage().contains("(n, 1, 64, 64)"), shape.getMessage());
            }
        }
    }

    @Test
    void singleMemberHasZeroSpreadAndEqualsItsNet() {
        try (NanobeamEnsemble e = ensemble(1, 61)) {
            float[] x = dense(6, 8);
            NanobeamEnsemble.Prediction grouped = e.predictGrouped(x, ConvLayout.AUTO);
            assertSame(e.predictSequential(x), grouped, "one member");
            assertTrue(Arrays.stream(grouped.spread().tiltUdDeg()).allMatch(v -> v == 0), "spread of one member");
        }
    }

    @Test
    void predictOnTheCpuRunsMemberByMemberInTheCpuEngine() {
        try (NanobeamEnsemble e = ensemble(2, 71)) {
            assertFalse(e.groupedByDefault(), "CPU: sequential path");
            float[] x = dense(5, 9);
            NanobeamEnsemble.Prediction p = e.predict(x);
            NanobeamEnsemble.Prediction s = e.predictSequential(x);
            assertEquals(0.0, maxScaledDifference(p, s), "predict on the CPU is predictSequential");
            assertEquals(0, e.heldArrays(), "the CPU path builds no grouped parameters");
        }
    }

    @Test
    void repeatedCallsKeepDeviceMemoryFlatAndCloseFreesIt() {
        NanobeamEnsemble e = ensemble(3, 81);
        float[] x = dense(11, 10);
        ParameterEstimates first = e.predictGrouped(x, ConvLayout.GROUPED, 4).mean();
        int held = e.heldArrays();
        assertEquals(1, held, "only theta is held between calls");
        for (int k = 0; k < 4; k++) {
            for (ConvLayout layout : List.of(ConvLayout.GROUPED, ConvLayout.MIXED, ConvLayout.PER_MEMBER)) {
                e.predictGrouped(x, layout, 4);
                assertEquals(held, e.heldArrays(), "arrays held after call " + k + " (" + layout + ")");
            }
        }
        ParameterEstimates again = e.predictGrouped(x, ConvLayout.GROUPED, 4).mean();
        for (int d = 0; d < 3; d++) {
            assertArrayEquals(first.parameter(d), again.parameter(d), "same input, same result (parameter " + d + ")");
        }
        e.close();
        assertEquals(0, e.heldArrays(), "close() frees theta");
    }

    @Test
    void badInputsGiveClearErrors() {
        try (NanobeamEnsemble e = ensemble(2, 91)) {
            IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                    () -> e.predictGrouped(new float[100], ConvLayout.GROUPED));
            assertTrue(size.getMessage().contains("64x64"), size.getMessage());
            float[] x = dense(3, 11);
            x[PIXELS + 5] = -1;
            IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                    () -> e.predictGrouped(x, ConvLayout.GROUPED));
            assertTrue(negative.getMessage().contains("pattern 1") && negative.getMessage().contains("negative"),
                    negative.getMessage());
            IllegalArgumentException block = assertThrows(IllegalArgumentException.class,
                    () -> e.predictGrouped(dense(2, 1), ConvLayout.GROUPED, 0));
            assertTrue(block.getMessage().contains("blockPatterns"), block.getMessage());
        }
    }
}
