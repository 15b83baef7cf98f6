package strainlab.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import strainlab.crystal.DiffractionSetup;
import strainlab.crystal.Materials;
import strainlab.diffraction.DynamicalDiffraction;
import strainlab.profile.DepthProfiles;
import strainlab.profile.SplineConvention;

/** The forward model's workspace: reuse across grids of different lengths, and no allocation in steady state. */
class ForwardModelWorkspaceTest {
    private static final DiffractionSetup SETUP = Materials.byName("ysz").setup(4, 0, 0, 1.5406);
    private static final DepthProfiles PROFILES = DepthProfiles.withTiedDwScale(2000, 50,
            new double[] {0, 0.2, 0.6, 1.2, 1.8, 1.5, 0.9, 0.4, 0.1, 0}, SplineConvention.SMOOTH, 1.0);
    private static final Resolution RESOLUTION = Resolution.paper(0.02, 0.001);
    private static final Background BACKGROUND = Background.constant(3);

    private static double[] grid(int m) {
        return ThetaGrid.uniform(SETUP.braggAngleRad() - Math.toRadians(0.8), Math.toRadians(0.005), m);
    }

    /** Runs every stage; returns the counts followed by the rescaled curve. */
    private static double[] run(XrdSimulator.Workspace w, double[] theta, Convolution.Method method, long seed) {
        double[] rescaled = new double[NetworkGrid.CNN_1001.points()];
        w.reflectivity(SETUP, PROFILES, theta, DynamicalDiffraction.Kernel.SCALAR).convolve(RESOLUTION, method)
                .scaled(1e5, BACKGROUND).noise(PoissonNoise.Mode.COUNTING, new SplittableRandom(seed))
                .rescale(NetworkGrid.CNN_1001.x(), SETUP, SETUP.braggAngleRad(), rescaled);
        double[] counts = w.counts();
        double[] out = new double[counts.length + rescaled.length];
        System.arraycopy(counts, 0, out, 0, counts.length);
        System.arraycopy(rescaled, 0, out, counts.length, rescaled.length);
        return out;
    }

    @Test
    void aReusedWorkspaceGivesWhatAFreshOneGives() {
        for (Convolution.Method method : Convolution.Method.values()) {
            XrdSimulator.Workspace reused = new XrdSimulator.Workspace();
            run(reused, grid(700), method, 1);
            for (int m : new int[] {300, 41, 650}) {
                assertArrayEquals(run(new XrdSimulator.Workspace(), grid(m), method, m), run(reused, grid(m), method, m),
                        0.0, method + ", " + m + " points after longer curves");
            }
        }
    }

    @Test
    void theStagesAfterTheRecursionAllocateNothingInSteadyState() {
        Assumptions.assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        double[] theta = grid(600);
        double[] gridX = NetworkGrid.CNN_1001.x();
        double[] rescaled = new double[gridX.length];
        SplittableRandom rng = new SplittableRandom(5);
        XrdSimulator.Workspace w = new XrdSimulator.Workspace();
        w.reflectivity(SETUP, PROFILES, theta, DynamicalDiffraction.Kernel.SCALAR);
        long id = Thread.currentThread().getId();
        long perCurve = Long.MAX_VALUE;
        for (int round = 0; round < 20 && perCurve > 0; round++) {
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < 50; i++) {
                w.convolve(RESOLUTION, Convolution.Method.FFT).scaled(1e5, BACKGROUND)
                        .noise(PoissonNoise.Mode.COUNTING, rng).rescale(gridX, SETUP, SETUP.braggAngleRad(), rescaled);
                w.convolve(RESOLUTION, Convolution.Method.DIRECT).scaled(1e5, BACKGROUND);
            }
            perCurve = (threads.getThreadAllocatedBytes(id) - before) / 50;
        }
        assertTrue(perCurve == 0, "bytes allocated per curve in steady state: " + perCurve);
    }
}
