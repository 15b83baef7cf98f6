package strainlab.cnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrainNetTest {

    @Test
    void paperNetworkHasTheKerasParameterCount() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            SequentialBlock net = StrainNet.build(1001, 14);
            net.initialize(manager, DataType.FLOAT32, StrainNet.inputShape(2, 1001));
            assertEquals(1_104_478L, StrainNet.trainableParameterCount(net));
            assertEquals(3_160L, StrainNet.runningStatisticCount(net));
            assertEquals(new Shape(2, 14), net.getOutputShapes(new Shape[] {StrainNet.inputShape(2, 1001)})[0]);
            NDArray x = manager.randomNormal(StrainNet.inputShape(3, 1001));
            NDArray y = net.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
            assertEquals(new Shape(3, 14), y.getShape());
        }
    }

    @Test
    void featureLengthsFollowKerasSamePaddingAndValidPooling() {
        assertEquals(512, StrainNet.flattenedSize(1001));
        assertEquals(128, StrainNet.flattenedSize(401));
        // Per block: pad, conv s2 ('same' = ceil(L/2)), BN, ReLU, pad, conv s1, BN, ReLU, pool (floor(L/2)).
        assertEquals(List.of(1015L, 501L, 501L, 501L, 515L, 501L, 501L, 501L, 250L,
                263L, 125L, 125L, 125L, 139L, 125L, 125L, 125L, 62L,
                75L, 31L, 31L, 31L, 45L, 31L, 31L, 31L, 15L,
                29L, 8L, 8L, 8L, 22L, 8L, 8L, 8L, 4L), lengths(StrainNet.build(1001, 14, false)));
        // A symmetric padding (all of stride 1, stride 2 on odd lengths) is the convolution's: its block passes on.
        assertEquals(List.of(1001L, 501L, 501L, 501L, 501L, 501L, 501L, 501L, 250L,
                263L, 125L, 125L, 125L, 125L, 125L, 125L, 125L, 62L,
                75L, 31L, 31L, 31L, 31L, 31L, 31L, 31L, 15L,
                15L, 8L, 8L, 8L, 8L, 8L, 8L, 8L, 4L), lengths(StrainNet.build(1001, 14)));
    }

    /** The last-axis length after each block of {@code net}, for one curve of 1001 samples. */
    private static List<Long> lengths(SequentialBlock net) {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Shape[] shape = {StrainNet.inputShape(1, 1001)};
            net.initialize(manager, DataType.FLOAT32, shape);
            List<Long> lengths = new ArrayList<>();
            for (var child : net.getChildren().values()) {
                shape = child.getOutputShapes(shape);
                if (shape[0].dimension() == 3) {
                    lengths.add(shape[0].get(2));
                }
            }
            assertEquals(new Shape(1, 14), shape[0]);
            return lengths;
        }
    }

    @Test
    void reducedOutputAndLowStrainVariantsBuild() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            SequentialBlock net12 = StrainNet.build(1001, 12);
            net12.initialize(manager, DataType.FLOAT32, StrainNet.inputShape(1, 1001));
            assertEquals(1_104_478L - 2 * 101, StrainNet.trainableParameterCount(net12));
            SequentialBlock net401 = StrainNet.build(401, 3);
            net401.initialize(manager, DataType.FLOAT32, StrainNet.inputShape(1, 401));
            assertEquals(new Shape(5, 3), net401.getOutputShapes(new Shape[] {StrainNet.inputShape(5, 401)})[0]);
            // Dense 1000 sees 128 features instead of 512, and the head has 3 outputs instead of 14.
            assertEquals(1_104_478L - 384 * 1000 - 11 * 101, StrainNet.trainableParameterCount(net401));
        }
        assertThrows(IllegalArgumentException.class, () -> StrainNet.build(10, 14));
        assertThrows(IllegalArgumentException.class, () -> StrainNet.build(1001, 0));
    }

    @Test
    void kerasSamePaddingIsAsymmetricOnEvenLengthsWithStrideTwo() {
        assertArrayEquals(new int[] {7, 7}, KerasSamePadding1d.padding(1001, 15, 2));
        assertArrayEquals(new int[] {6, 7}, KerasSamePadding1d.padding(250, 15, 2));
        assertArrayEquals(new int[] {6, 7}, KerasSamePadding1d.padding(62, 15, 2));
        assertArrayEquals(new int[] {7, 7}, KerasSamePadding1d.padding(15, 15, 2));
        assertArrayEquals(new int[] {7, 7}, KerasSamePadding1d.padding(250, 15, 1));
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray x = manager.arange(1f, 5f).reshape(1, 1, 4);
            NDArray padded = new KerasSamePadding1d(3, 2)
                    .forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
            // L=4, k=3, s=2: out 2, total pad 1 -> 0 left, 1 right.
            assertArrayEquals(new float[] {1, 2, 3, 4, 0}, padded.toFloatArray());
            NDArray odd = manager.arange(1f, 4f).reshape(1, 1, 3);
            NDArray paddedOdd = new KerasSamePadding1d(4, 1)
                    .forward(new ParameterStore(manager, false), new NDList(odd), false).singletonOrThrow();
            assertArrayEquals(new float[] {0, 1, 2, 3, 0, 0}, paddedOdd.toFloatArray());
        }
    }

    @Test
    void batchNormMomentumFollowsTheKerasConvention() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            ShiftBatchNorm bn = new ShiftBatchNorm(StrainNet.BN_MOMENTUM, StrainNet.BN_EPSILON);
            bn.initialize(manager, DataType.FLOAT32, new Shape(4, 1));
            NDArray x = manager.create(new float[] {1, 2, 3, 6}, new Shape(4, 1));
            bn.forward(new ParameterStore(manager, false), new NDList(x), true);
            float mean = 3f;
            Parameter runningMean = bn.getParameters().get("runningMean");
            // Keras: moving = 0.99·moving + 0.01·batch (moving mean starts at 0).
            assertEquals(0.01 * mean, runningMean.getArray().getFloat(0), 1e-6);
            Parameter gamma = bn.getParameters().get("gamma");
            assertEquals(false, gamma.requiresGradient());
        }
    }

    @Test
    void convolutionsThatPadThemselvesGiveTheOutputsOfExplicitPadding() throws Exception {
        for (int length : new int[] {1001, 401}) {
            try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
                manager.getEngine().setRandomSeed(3);
                SequentialBlock padded = StrainNet.build(length, 14, false);
                SequentialBlock folded = StrainNet.build(length, 14);
                long folds = folded.getChildren().values().stream().filter(b -> b instanceof KerasSamePadding1d k
                        && k.byTheConvolution()).count();
                assertEquals(6, folds, "symmetric paddings of L = " + length);
                padded.initialize(manager, DataType.FLOAT32, StrainNet.inputShape(2, length));
                folded.initialize(manager, DataType.FLOAT32, StrainNet.inputShape(2, length));
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                try (java.io.DataOutputStream os = new java.io.DataOutputStream(bytes)) {
                    padded.saveParameters(os);
                }
                folded.loadParameters(manager, new java.io.DataInputStream(
                        new java.io.ByteArrayInputStream(bytes.toByteArray())));
                NDArray x = manager.randomNormal(StrainNet.inputShape(3, length));
                for (boolean training : new boolean[] {false, true}) {
                    float[] expected = padded.forward(new ParameterStore(manager, false), new NDList(x), training)
                            .singletonOrThrow().toFloatArray();
                    float[] actual = folded.forward(new ParameterStore(manager, false), new NDList(x), training)
                            .singletonOrThrow().toFloatArray();
                    assertArrayEquals(expected, actual, 1e-4f, "L = " + length + ", training " + training);
                }
            }
        }
    }
}
