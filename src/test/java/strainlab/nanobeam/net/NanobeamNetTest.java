package strainlab.nanobeam.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import strainlab.dataset.DatasetSplit;
import strainlab.nanobeam.sim.LibraryData;
import strainlab.nanobeam.sim.NanobeamLibrary;
import strainlab.nanobeam.sim.NanobeamSimulator;
import strainlab.nanobeam.sim.ParameterEstimates;
import strainlab.nanobeam.sim.ParameterGrid;
import strainlab.training.EpochRecord;

class NanobeamNetTest {
    private static NanobeamLibrary library;
    private static LibraryData data;
    private static DatasetSplit split;

    @BeforeAll
    static void library() {
        library = NanobeamLibrary.create(NanobeamSimulator.paper(), ParameterGrid.cube(5), 7, 2);
        data = library.materialise(3, true, 2, null);
        split = NanobeamEnsemble.split(library.size());
    }

    private static NanobeamNet fresh(long seed) {
        return NanobeamNet.create(Device.cpu(), NanobeamModelInfo.untrained(library.grid(), 7, seed, 3));
    }

    @Test
    void architectureHas27771ParametersAndMapsImagesToThreeOutputs() {
        try (NanobeamNet net = fresh(1)) {
            long count = net.parameterCount();
            System.out.println("NanobeamNN trainable parameters: " + count);
            assertEquals(NanobeamNN.PARAMETER_COUNT, count);
            assertEquals(27_771, count);
            assertEquals(14, net.block().getParameters().size(), "6 convolutions + 1 linear, weight and bias each");
            try (NDManager m = net.manager().newSubManager()) {
                NDArray y = net.forward(m.zeros(NanobeamNN.inputShape(5)), false);
                assertEquals(new Shape(5, 3), y.getShape());
            }
        }
    }

    @Test
    void initialWeightsDependOnlyOnTheSeed() {
        try (NanobeamNet a = fresh(7); NanobeamNet b = fresh(7); NanobeamNet c = fresh(8)) {
            float[] x = data.subset(new int[] {0, 1}).images();
            assertArrayEquals(a.predictScaled(x), b.predictScaled(x));
            assertTrue(!java.util.Arrays.equals(a.predictScaled(x), c.predictScaled(x)));
        }
    }

    @Test
    void trainingKeepsTheBestValidationEpochAndSaveLoadGivesIdenticalPredictions(@TempDir Path dir) throws IOException {
        LibraryData train = data.subset(split.train());
        LibraryData val = data.subset(split.validation());
        NanobeamTrainingOptions o = NanobeamTrainingOptions.paper(3, 5).withLearningRate(1e-3).withCheckpointDir(dir);
        try (NanobeamNet net = NanobeamNet.create(Device.cpu(), NanobeamModelInfo.untrained(library.grid(), 7, 5, 3))) {
            double before = NanobeamTrainer.validationMse(net, val);
            NanobeamTrainer.Result r = NanobeamTrainer.train(net, train, val, o, null);
            assertEquals(3, r.history().size());
            double best = r.history().stream().mapToDouble(EpochRecord::valLoss).min().orElseThrow();
            assertEquals(best, r.bestValidationMse(), 0.0);
            assertEquals(best, r.history().get(r.bestEpoch() - 1).valLoss(), 0.0);
            assertEquals(best, NanobeamTrainer.validationMse(net, val), 1e-6, "net ends with its best weights");
            assertTrue(best < before, "validation loss improved from " + before + " to " + best);
            assertTrue(Files.isRegularFile(dir.resolve(NanobeamNet.PARAMS_FILE)));
            List<EpochRecord> csv = EpochRecord.fromCsv(Files.readString(dir.resolve(EpochRecord.HISTORY_FILE)));
            assertEquals(3, csv.size());

            float[] test = data.subset(split.test()).images();
            float[] expected = net.predictScaled(test);
            try (NanobeamNet loaded = NanobeamNet.load(dir, Device.cpu())) {
                assertArrayEquals(expected, loaded.predictScaled(test), "identical predictions after save/load");
                assertEquals(r.bestEpoch(), loaded.info().bestEpoch());
                assertEquals(library.grid(), loaded.trainedRange());
            }
        }
    }

    @Test
    void ensembleAveragesItsMembersAndReportsTheirSpread(@TempDir Path dir) throws IOException {
        NanobeamTrainingOptions o = NanobeamTrainingOptions.paper(1, 11);
        try (NanobeamEnsemble e = NanobeamEnsemble.train(library, 2, o, dir, "cpu", 2, null)) {
            float[] x = data.subset(new int[] {4, 60, 99}).images();
            NanobeamEnsemble.Prediction p = e.predict(x);
            ParameterEstimates a = e.members().get(0).predict(x);
            ParameterEstimates b = e.members().get(1).predict(x);
            for (int i = 0; i < 3; i++) {
                assertEquals((a.strain()[i] + b.strain()[i]) / 2, p.mean().strain()[i], 1e-12);
                assertEquals(Math.abs(a.tiltUdDeg()[i] - b.tiltUdDeg()[i]) / Math.sqrt(2), p.spread().tiltUdDeg()[i], 1e-12);
            }
            assertEquals(11, e.members().get(0).info().seed());
            assertEquals(12, e.members().get(1).info().seed());
            assertEquals(12, e.members().get(1).info().noiseSeed());
            try (NanobeamEnsemble loaded = NanobeamEnsemble.load(dir, "cpu")) {
                assertEquals(2, loaded.size());
                assertArrayEquals(p.mean().tiltLrDeg(), loaded.predict(x).mean().tiltLrDeg(), 0.0);
            }
            // re-running the same training resumes: finished members are loaded, not retrained
            java.util.List<String> log = new java.util.ArrayList<>();
            try (NanobeamEnsemble resumed = NanobeamEnsemble.train(library, 2, o, dir, "cpu", 2, log::add)) {
                assertEquals(2, log.stream().filter(l -> l.contains("already trained")).count(), log.toString());
                assertArrayEquals(p.mean().strain(), resumed.predict(x).mean().strain(), 0.0);
            }
        }
    }

    @Test
    void badInputsAreRefusedWithClearMessages(@TempDir Path dir) {
        try (NanobeamNet net = fresh(1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.predict(new float[63 * 64]));
            assertTrue(e.getMessage().contains("64x64"), e.getMessage());
            float[] x = new float[4096];
            x[4095] = Float.NaN;
            e = assertThrows(IllegalArgumentException.class, () -> net.predict(x));
            assertTrue(e.getMessage().contains("row 63, column 63"), e.getMessage());
        }
        IOException io = assertThrows(IOException.class, () -> NanobeamNet.load(dir, Device.cpu()));
        assertTrue(io.getMessage().contains("nanobeamnn.json"), io.getMessage());
    }
}
