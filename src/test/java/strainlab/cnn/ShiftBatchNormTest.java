package strainlab.cnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;

class ShiftBatchNormTest {
    private static final float MOMENTUM = StrainNet.BN_MOMENTUM;
    private static final float EPSILON = StrainNet.BN_EPSILON;

    @Test
    void momentumFollowsTheKerasConventionOnBothPaths() {
        for (boolean reductions : new boolean[] {false, true}) {
            try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
                ShiftBatchNorm bn = new ShiftBatchNorm(MOMENTUM, EPSILON, reductions);
                bn.initialize(manager, DataType.FLOAT32, new Shape(4, 1));
                NDArray x = manager.create(new float[] {1, 2, 3, 6}, new Shape(4, 1));
                NDArray y = bn.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow();
                // mean 3, biased variance 14/4, unbiased 14/3; moving = 0.99·moving + 0.01·batch from 0 and 1.
                assertEquals(0.01 * 3, bn.getParameters().get("runningMean").getArray().getFloat(0), 1e-6);
                assertEquals(0.99 + 0.01 * 14 / 3.0, bn.getParameters().get("runningVar").getArray().getFloat(0), 1e-6);
                assertEquals((6 - 3) / Math.sqrt(3.5 + 1e-3), y.getFloat(3, 0), 1e-5);
                assertEquals(false, bn.getParameters().get("gamma").requiresGradient());
            }
        }
    }

    @Test
    void reductionsAgreeWithTheFusedKernelInValuesStatisticsAndGradients() {
        for (Shape shape : new Shape[] {new Shape(8, 3, 40), new Shape(16, 5)}) {
            float[][] fused = pass(shape, false);
            float[][] reductions = pass(shape, true);
            String[] what = {"output", "running mean", "running variance", "input gradient", "β gradient"};
            for (int i = 0; i < what.length; i++) {
                assertArrayEquals(fused[i], reductions[i], 2e-5f, what[i] + " of " + shape);
            }
        }
    }

    /** One training pass with a non-zero β: output, running statistics, gradients of Σ y·w for x and β. */
    private static float[][] pass(Shape shape, boolean reductions) {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            manager.getEngine().setRandomSeed(5);
            ShiftBatchNorm bn = new ShiftBatchNorm(MOMENTUM, EPSILON, reductions);
            bn.initialize(manager, DataType.FLOAT32, shape);
            NDArray beta = bn.getParameters().get("beta").getArray();
            beta.set(manager.randomNormal(beta.getShape()).toFloatArray());
            NDArray x = manager.randomNormal(shape).mul(3).add(2);
            NDArray w = manager.randomNormal(shape);
            x.setRequiresGradient(true);
            NDArray y;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                y = bn.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow();
                collector.backward(y.mul(w).sum());
            }
            return new float[][] {y.toFloatArray(), bn.getParameters().get("runningMean").getArray().toFloatArray(),
                bn.getParameters().get("runningVar").getArray().toFloatArray(), x.getGradient().toFloatArray(),
                beta.getGradient().toFloatArray()};
        }
    }

    @Test
    void savedBytesAreThoseOfDjlsBatchNormWithoutScale() throws Exception {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Shape shape = new Shape(6, 4, 9);
            BatchNorm djl = (BatchNorm) BatchNorm.builder().optScale(false).optMomentum(MOMENTUM)
                    .optEpsilon(EPSILON).build();
            djl.initialize(manager, DataType.FLOAT32, shape);
            djl.forward(new ParameterStore(manager, false), new NDList(manager.randomNormal(shape)), true);
            byte[] written = saved(djl);
            ShiftBatchNorm ours = new ShiftBatchNorm(MOMENTUM, EPSILON);
            ours.initialize(manager, DataType.FLOAT32, shape);
            ours.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(written)));
            for (String name : new String[] {"gamma", "beta", "runningMean", "runningVar"}) {
                Parameter p = ours.getParameters().get(name);
                assertArrayEquals(djl.getParameters().get(name).getArray().toFloatArray(), p.getArray().toFloatArray(),
                        name);
            }
            assertArrayEquals(written, saved(ours));
            NDArray x = manager.randomNormal(shape);
            assertArrayEquals(djl.forward(new ParameterStore(manager, false), new NDList(x), false)
                    .singletonOrThrow().toFloatArray(),
                    ours.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow()
                            .toFloatArray());
        }
    }

    private static byte[] saved(Block block) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream os = new DataOutputStream(bytes)) {
            block.saveParameters(os);
        }
        return bytes.toByteArray();
    }

    @Test
    void refusesMomentumOutsideItsRangeAndANonPositiveEpsilon() {
        assertThrows(IllegalArgumentException.class, () -> new ShiftBatchNorm(1f, EPSILON));
        assertThrows(IllegalArgumentException.class, () -> new ShiftBatchNorm(-0.1f, EPSILON));
        assertThrows(IllegalArgumentException.class, () -> new ShiftBatchNorm(MOMENTUM, 0f));
    }

    @Test
    void theThresholdPropertyIsAWholeNumberOrAnError() {
        assertEquals(250_000L, ShiftBatchNorm.reductionsFrom(null));
        assertEquals(1_000_000L, ShiftBatchNorm.reductionsFrom(" 1000000 "));
        for (String bad : new String[] {"abc", "0", "-5", "2.5e5"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ShiftBatchNorm.reductionsFrom(bad));
            assertEquals(true, e.getMessage().contains("strainlab.batchNormReductionsFrom")
                    && e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }
}
