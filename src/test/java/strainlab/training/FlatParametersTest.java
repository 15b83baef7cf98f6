package strainlab.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.L2Loss;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FlatParametersTest {
    private static final Shape INPUT = new Shape(6, 3);

    /** Dense 3 → 5 → 3: tensors of 15, 5, 15 and 3 values, so every one but the first is preceded by a gap. */
    private static SequentialBlock block(NDManager manager, int seed) {
        SequentialBlock b = new SequentialBlock();
        b.add(Linear.builder().setUnits(5).build());
        b.add(Activation.reluBlock());
        b.add(Linear.builder().setUnits(3).build());
        Engine.getInstance().setRandomSeed(seed);
        b.initialize(manager, DataType.FLOAT32, INPUT);
        return b;
    }

    private static List<Parameter> trainable(SequentialBlock b) {
        return b.getParameters().values().stream().filter(Parameter::requiresGradient).toList();
    }

    private static NDArray[] batch(NDManager m, int step) {
        SplittableRandom r = new SplittableRandom(step);
        float[] x = new float[18];
        float[] y = new float[18];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
            y[i] = (float) r.nextGaussian();
        }
        return new NDArray[] {m.create(x, INPUT), m.create(y, INPUT)};
    }

    private static KerasRmsProp clippedAndDecayed() {
        return KerasRmsProp.builder().optLearningRate(0.05f).optClipGrad(0.3f).optWeightDecays(0.01f).build();
    }

    @Test
    void clippedAndDecayedUpdatesOfTheBufferHaveThePerParameterBits() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SequentialBlock reference = block(m, 5);
            SequentialBlock packed = block(m, 5);
            KerasRmsProp perParameter = clippedAndDecayed();
            KerasRmsProp flat = clippedAndDecayed();
            FlatParameters buffer = flat.pack(trainable(packed));
            L2Loss loss = new L2Loss("l2", 1f);
            for (int s = 0; s < 4; s++) {
                try (NDManager scope = m.newSubManager()) {
                    NDArray[] b = batch(scope, s);
                    try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                        NDArray p = reference.forward(new ParameterStore(scope, false), new NDList(b[0]), true)
                                .head();
                        c.backward(loss.evaluate(new NDList(b[1]), new NDList(p)));
                    }
                    for (Parameter p : trainable(reference)) {
                        try (NDArray g = p.getArray().getGradient()) {
                            perParameter.update(p.getId(), p.getArray(), g);
                        }
                    }
                    try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                        NDArray p = buffer.forward(packed, new NDList(b[0])).head();
                        c.backward(loss.evaluate(new NDList(b[1]), new NDList(p)));
                    }
                    flat.update(buffer);
                }
            }
            List<Parameter> a = trainable(reference);
            List<Parameter> b = trainable(packed);
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i).getArray().toFloatArray(), b.get(i).getArray().toFloatArray(), 0f,
                        a.get(i).getName());
                assertArrayEquals(perParameter.velocityOf(a.get(i).getId()).toFloatArray(),
                        flat.velocityOf(b.get(i).getId()).toFloatArray(), 0f, a.get(i).getName());
            }
            assertTrue(a.get(0).getArray().sub(block(m, 5).getParameters().get(0).getValue().getArray()).abs().sum()
                    .getFloat() > 0, "the steps moved the weights");
            float[] gradient = buffer.values().getGradient().toFloatArray();
            assertArrayEquals(new float[gradient.length], gradient, 0f, "the update zeroes the flat gradient");
        }
    }

    @Test
    void packingKeepsValuesAndAlignsEveryTensor() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SequentialBlock b = block(m, 7);
            List<Parameter> list = trainable(b);
            float[][] before = list.stream().map(p -> p.getArray().toFloatArray()).toArray(float[][]::new);
            Shape[] shapes = list.stream().map(Parameter::getShape).toArray(Shape[]::new);
            FlatParameters flat = FlatParameters.pack(list);
            NDArray values = flat.values();
            assertEquals(1, values.getShape().dimension());
            assertTrue(values.hasGradient());
            long end = 0;
            for (int i = 0; i < list.size(); i++) {
                Parameter p = list.get(i);
                long offset = flat.offset(i);
                assertEquals(0, offset % FlatParameters.ALIGNMENT, p.getName());
                assertTrue(offset >= end);
                assertArrayEquals(new float[(int) (offset - end)],
                        values.get(new NDIndex().addSliceDim(end, offset)).toFloatArray(), 0f, "gap is zero");
                assertEquals(shapes[i], p.getArray().getShape());
                assertArrayEquals(before[i], p.getArray().toFloatArray(), 0f, p.getName());
                assertArrayEquals(before[i],
                        values.get(new NDIndex().addSliceDim(offset, offset + before[i].length)).toFloatArray(), 0f);
                end = offset + before[i].length;
            }
            assertEquals(end, values.size());
            // the parameters' arrays are views: a change of the buffer shows in them
            try (NDArray alias = values.stopGradient()) {
                alias.muli(2);
            }
            for (int i = 0; i < list.size(); i++) {
                float[] doubled = before[i].clone();
                for (int k = 0; k < doubled.length; k++) {
                    doubled[k] *= 2;
                }
                assertArrayEquals(doubled, list.get(i).getArray().toFloatArray(), 0f);
            }
        }
    }

    @Test
    void aParameterArrayReplacedAfterPackingIsRefused() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SequentialBlock b = block(m, 3);
            List<Parameter> list = trainable(b);
            FlatParameters flat = FlatParameters.pack(list);
            Parameter first = list.get(0);
            first.close();
            first.initialize(m, DataType.FLOAT32);
            NDList x = new NDList(batch(m, 0)[0]);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> flat.forward(b, x));
                assertTrue(e.getMessage().contains("replaced after packing"), e.getMessage());
            }
        }
    }

    @Test
    void theOptimizerPacksAListOnce() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            List<Parameter> one = trainable(block(m, 1));
            List<Parameter> two = trainable(block(m, 2));
            KerasRmsProp optimizer = KerasRmsProp.builder().build();
            FlatParameters packed = optimizer.pack(one);
            assertSame(packed, optimizer.pack(List.copyOf(one)));
            assertNotSame(packed, optimizer.pack(two));
            assertThrows(IllegalArgumentException.class, () -> FlatParameters.pack(List.of()));
            assertThrows(IllegalArgumentException.class, () -> FlatParameters.pack(List.of(two.get(0), two.get(0))));
        }
    }
}
