package strainlab.cnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Half-precision parameter files: float16 parameters come back as their rounding, the float32 ones exactly, a
 * shipped paper-scale network in half precision predicts within 1e-3 of float32 on curves of its recipe, and bad
 * files are refused by name.
 */
class HalfPrecisionTest {
    private static final Path SHIPPED = Path.of("data/models/cnn2-published-1500k-gpu");

    @Test
    void float16ParametersComeBackAsTheirRoundingAndTheOthersExactly(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("half.params");
        try (Network a = new Network(401, 14, Device.cpu(), 7); Network b = new Network(401, 14, Device.cpu(), 8)) {
            a.saveHalfParameters(file, name -> name.endsWith("_weight"));
            b.loadParameters(file);
            ai.djl.nn.ParameterList pa = a.block().getParameters();
            ai.djl.nn.ParameterList pb = b.block().getParameters();
            assertEquals(pa.size(), pb.size());
            for (int i = 0; i < pa.size(); i++) {
                NDArray source = pa.get(i).getValue().getArray();
                NDArray want = pa.get(i).getKey().endsWith("_weight")
                        ? source.toType(DataType.FLOAT16, true).toType(DataType.FLOAT32, false) : source;
                NDArray got = pb.get(i).getValue().getArray();
                assertEquals(DataType.FLOAT32, got.getDataType(), pa.get(i).getKey());
                assertArrayEquals(want.toFloatArray(), got.toFloatArray(), pa.get(i).getKey());
            }
        }
        long floats = 0;
        try (Network a = new Network(401, 14, Device.cpu(), 7)) {
            for (Pair<String, Parameter> p : a.block().getParameters()) {
                floats += p.getValue().getArray().size();
            }
        }
        assertTrue(Files.size(file) < 0.6 * 4 * floats, "about two bytes a value: " + Files.size(file));
    }

    @Test
    void aShippedNetworkInHalfPrecisionPredictsWithin1e3OfFloat32(@TempDir Path dir) throws IOException {
        Path model = shippedCopy(dir.resolve("model"));
        List<HalfPrecision.Report> reports = HalfPrecision.convert(model, 64, 1e-3);
        HalfPrecision.Report r = reports.get(0);
        assertFalse(r.alreadyHalf());
        assertTrue(r.maxDifference() > 0 && r.maxDifference() <= 1e-3, "max difference " + r.maxDifference());
        assertTrue(r.bytesAfter() < 0.6 * r.bytesBefore(), r.bytesAfter() + " of " + r.bytesBefore());
        assertTrue(r.halfParameters().contains("38Linear_weight"), "the largest weights: " + r.halfParameters());
        assertTrue(HalfPrecision.isHalf(model.resolve("network.params")));
        float[][] curves = TestCurvesOfRecipe.of(model, 8);
        try (TrainedModel full = TrainedModel.load(SHIPPED, "cpu");
             TrainedModel half = TrainedModel.load(model, "cpu")) {
            float[][] a = full.predictNormalised(curves);
            float[][] b = half.predictNormalised(curves);
            for (int i = 0; i < a.length; i++) {
                for (int k = 0; k < a[i].length; k++) {
                    assertEquals(a[i][k], b[i][k], 1e-3, "curve " + i + " output " + k);
                }
            }
        }
        HalfPrecision.Report again = HalfPrecision.convert(model, 64, 1e-3).get(0);
        assertTrue(again.alreadyHalf(), "a folder already in half precision is left as it is");
        assertThrows(IOException.class, () -> HalfPrecision.convert(model.resolve("nothing"), 8, 1e-3));
    }

    @Test
    void aToleranceTheNetworkCannotMeetLeavesTheFolderInFloat32(@TempDir Path dir) throws IOException {
        Path model = shippedCopy(dir.resolve("model"));
        byte[] before = Files.readAllBytes(model.resolve("network.params"));
        IOException e = assertThrows(IOException.class, () -> HalfPrecision.convert(model, 16, 1e-9));
        assertTrue(e.getMessage().contains("left in float32") && e.getMessage().contains(model.toString()),
                e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(model.resolve("network.params")));
        try (var files = Files.list(model)) {
            assertEquals(4, files.count(), "no temporary file left");
        }
    }

    @Test
    void anEnsembleIsStoredWholeOrNotAtAll(@TempDir Path dir) throws IOException {
        Path ensemble = dir.resolve("ensemble");
        shippedCopy(ensemble.resolve("member-01"));
        shippedCopy(ensemble.resolve("member-02"));
        Ensemble.write(ensemble, List.of("member-01", "member-02"), List.of(1L, 2L));
        Path damaged = ensemble.resolve("member-02").resolve("network.params");
        byte[] bytes = Files.readAllBytes(damaged);
        bytes[bytes.length / 2] ^= 1;
        Files.write(damaged, bytes);
        byte[] firstBefore = Files.readAllBytes(ensemble.resolve("member-01").resolve("network.params"));
        IOException e = assertThrows(IOException.class, () -> HalfPrecision.convert(ensemble, 16, 1e-3));
        assertTrue(e.getMessage().contains("member-02"), e.getMessage());
        assertArrayEquals(firstBefore, Files.readAllBytes(ensemble.resolve("member-01").resolve("network.params")),
                "the member that passed its check is not converted alone");
        try (var files = Files.list(ensemble.resolve("member-01"))) {
            assertEquals(4, files.count(), "no pending file left");
        }
    }

    @Test
    void badHalfFilesAreRefusedNamingTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("half.params");
        try (Network a = new Network(401, 14, Device.cpu(), 7)) {
            a.saveHalfParameters(file, name -> true);
        }
        byte[] bytes = Files.readAllBytes(file);
        Path truncated = dir.resolve("truncated.params");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        Path longer = dir.resolve("longer.params");
        Files.write(longer, java.util.Arrays.copyOf(bytes, bytes.length + 3));
        try (Network b = new Network(401, 14, Device.cpu(), 8);
             Network other = new Network(1001, 14, Device.cpu(), 8)) {
            IOException e1 = assertThrows(IOException.class, () -> b.loadParameters(truncated));
            assertTrue(e1.getMessage().startsWith(truncated.toString()) && e1.getMessage().contains("truncated"),
                    e1.getMessage());
            IOException e2 = assertThrows(IOException.class, () -> b.loadParameters(longer));
            assertTrue(e2.getMessage().contains("after its last parameter"), e2.getMessage());
            IOException e3 = assertThrows(IOException.class, () -> other.loadParameters(file));
            assertTrue(e3.getMessage().startsWith(file.toString()) && e3.getMessage().contains("shape"),
                    e3.getMessage());
        }
    }

    /** A copy of the shipped model's files in the new folder {@code model}. */
    private static Path shippedCopy(Path model) throws IOException {
        Files.createDirectories(model);
        for (String f : List.of("model.json", "normaliser.json", "network.params", "checksums.json")) {
            Files.copy(SHIPPED.resolve(f), model.resolve(f));
        }
        return model;
    }

    /** Network inputs generated from a model folder's recorded recipe (seed 2, unlike the conversion's check). */
    private static final class TestCurvesOfRecipe {
        static float[][] of(Path model, int n) throws IOException {
            try (TrainedModel m = TrainedModel.load(model, "cpu")) {
                strainlab.dataset.recipe.PaperRecipe g = new strainlab.dataset.recipe.PaperRecipe(m.recipe());
                float[][] curves = new float[n][g.inputLength()];
                float[] labels = new float[strainlab.dataset.recipe.LabelLayout.COUNT];
                for (int i = 0; i < n; i++) {
                    g.generate(2, i, curves[i], labels);
                }
                return curves;
            }
        }
    }
}
