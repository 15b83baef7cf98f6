package strainlab.cnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import strainlab.RunInterruptedException;
import strainlab.training.DataPlacement;
import strainlab.training.EpochRecord;
import strainlab.training.KerasRmsProp;
import strainlab.training.LearningRateSchedule;
import strainlab.training.TrainingOptions;

class CnnTrainerTest {

    private static TrainingOptions quick(int epochs) {
        return TrainingOptions.paper().withEpochs(epochs).withBatchSize(32).withDevice("cpu").withSeed(7)
                .withProgressSeconds(0);
    }

    @Test
    void lossIsTheTrueMeanSquaredError() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray label = m.create(new float[] {0f, 1f, 2f, 3f}, new ai.djl.ndarray.types.Shape(2, 2));
            NDArray prediction = m.create(new float[] {1f, 1f, 0f, 3f}, new ai.djl.ndarray.types.Shape(2, 2));
            // squared errors 1, 0, 4, 0 → mean 1.25 (DJL's default L2Loss would give 0.625)
            assertEquals(1.25f, CnnTrainer.mseLoss().evaluate(new NDList(label), new NDList(prediction)).getFloat(),
                    1e-7f);
        }
    }

    @Test
    void trainingStepsKeepTheNumberOfLiveArraysFlat() {
        float[] x = new float[4 * 401];
        float[] y = new float[4 * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 0.01);
        }
        try (Network net = new Network(401, 3, Device.cpu(), 1)) {
            KerasRmsProp optimizer = KerasRmsProp.builder().build();
            var trainable = net.block().getParameters().stream().filter(p -> p.getValue().requiresGradient())
                    .toList();
            CnnTrainer.benchStep(net, optimizer, trainable, CnnTrainer.mseLoss(), x, y, 4);
            int afterFirst = net.manager().getManagedArrays().size();
            for (int i = 0; i < 5; i++) {
                CnnTrainer.benchStep(net, optimizer, trainable, CnnTrainer.mseLoss(), x, y, 4);
            }
            assertEquals(afterFirst, net.manager().getManagedArrays().size());
            float[] out = new float[12];
            net.predict(x, 4, out);
            assertEquals(afterFirst, net.manager().getManagedArrays().size());
        }
    }

    @Test
    void shufflingIsASeededPermutation() {
        int[] a = CnnTrainer.shuffle(100, 3, 1);
        assertArrayEquals(a, CnnTrainer.shuffle(100, 3, 1));
        assertTrue(!java.util.Arrays.equals(a, CnnTrainer.shuffle(100, 3, 2)));
        assertArrayEquals(java.util.stream.IntStream.range(0, 100).toArray(),
                java.util.Arrays.stream(a).sorted().toArray());
    }

    @Test
    void trainingLowersValidationLossAndWritesTheModelFolder(@TempDir Path dir) throws IOException {
        InMemoryCurves all = TestCurves.synthetic(400, 401, 1);
        InMemoryCurves train = all.slice(0, 340);
        InMemoryCurves val = all.slice(340, 400);
        LabelNormaliser norm = CnnTrainer.fitNormaliser(train);
        double initial;
        try (Network fresh = new Network(401, 3, Device.cpu(), 7)) {
            initial = CnnTrainer.evaluate(fresh, val, norm, 64);
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TrainingRun run = CnnTrainer.train(train, val, quick(3), dir, new PrintStream(log, true),
                strainlab.plot.TrainingPlots.learningCurvesPng(dir));
        assertEquals(3, run.history().size());
        assertTrue(run.last().valLoss() < initial, "val loss " + run.last().valLoss() + " vs untrained " + initial);
        assertTrue(run.history().get(2).trainLoss() < run.history().get(0).trainLoss(), run.history().toString());
        for (String f : List.of(CnnTrainer.PARAMS_FILE, CnnTrainer.CHECKPOINT_FILE, EpochRecord.HISTORY_FILE,
                CnnTrainer.CURVES_PNG, ModelMetadata.FILE_NAME, LabelNormaliser.FILE_NAME)) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        List<EpochRecord> csv = EpochRecord.fromCsv(Files.readString(dir.resolve(EpochRecord.HISTORY_FILE)));
        assertEquals(3, csv.size());
        for (int e = 0; e < 3; e++) {
            assertEquals(run.history().get(e).valLoss(), csv.get(e).valLoss(), 1e-7 * run.history().get(e).valLoss());
        }
        assertTrue(log.toString().contains("epoch   3/3"), log.toString());

        try (TrainedModel model = TrainedModel.load(dir, "cpu")) {
            assertEquals(List.of("slope", "amplitude", "frequency"), model.labelNames());
            assertEquals("synthetic", model.preset());
            assertEquals(run.bestEpoch(), model.metadata().bestEpoch());
            assertEquals(run.bestValLoss(), model.normalisedMse(val), 1e-5);
            float[][] predicted = model.predict(new float[][] {val.input(0), val.input(1)});
            assertEquals(3, predicted[0].length);
            // Physical units: the slope label lies in [1, 5]; a trained model lands in a sensible range.
            assertTrue(predicted[0][0] > -5 && predicted[0][0] < 15, java.util.Arrays.toString(predicted[0]));
        }
    }

    @Test
    void batchesFromTheDeviceTrainExactlyAsBatchesFromTheHost(@TempDir Path dir) throws IOException {
        InMemoryCurves all = TestCurves.synthetic(201, 401, 5);
        // 161 training curves at batch 32: five full batches and a last batch of one, which both paths drop
        InMemoryCurves train = all.slice(0, 161);
        InMemoryCurves val = all.slice(161, 201);
        ByteArrayOutputStream hostLog = new ByteArrayOutputStream();
        ByteArrayOutputStream deviceLog = new ByteArrayOutputStream();
        TrainingRun host = CnnTrainer.train(train, val, quick(2).withDataPlacement(DataPlacement.HOST),
                dir.resolve("host"), new PrintStream(hostLog, true));
        TrainingRun device = CnnTrainer.train(train, val, quick(2).withDataPlacement(DataPlacement.DEVICE),
                dir.resolve("device"), new PrintStream(deviceLog, true));
        assertTrue(deviceLog.toString().contains("batches from cpu()"), deviceLog.toString());
        assertTrue(!hostLog.toString().contains("batches from"), hostLog.toString());
        for (int e = 0; e < 2; e++) {
            assertEquals(host.history().get(e).trainLoss(), device.history().get(e).trainLoss(), 0.0, "epoch " + e);
            assertEquals(host.history().get(e).valLoss(), device.history().get(e).valLoss(), 0.0, "epoch " + e);
        }
        assertArrayEquals(Files.readAllBytes(dir.resolve("host").resolve(CnnTrainer.PARAMS_FILE)),
                Files.readAllBytes(dir.resolve("device").resolve(CnnTrainer.PARAMS_FILE)));
        try (Network net = new Network(401, 3, Device.cpu(), 7);
             DeviceCurves onDevice = DeviceCurves.upload(val, host.normaliser(), net.manager(), "validation set")) {
            assertEquals(CnnTrainer.evaluate(net, val, host.normaliser(), 16),
                    CnnTrainer.evaluate(net, onDevice, 16), 0.0);
        }
    }

    @Test
    void dataPlacementResolvesAutoByDeviceAndSize() {
        assertEquals(DataPlacement.HOST, DataPlacement.AUTO.resolve(Device.cpu(), 1));
        assertEquals(DataPlacement.DEVICE, DataPlacement.AUTO.resolve(Device.gpu(), 5_400_000_000L));
        assertEquals(DataPlacement.HOST, DataPlacement.AUTO.resolve(Device.gpu(),
                DataPlacement.AUTO_DEVICE_LIMIT_BYTES + 1));
        assertEquals(DataPlacement.DEVICE, DataPlacement.DEVICE.resolve(Device.cpu(), Long.MAX_VALUE));
        assertEquals(DataPlacement.HOST, DataPlacement.parse(" Host "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataPlacement.parse("gpu"));
        assertTrue(e.getMessage().contains("'gpu'") && e.getMessage().contains("auto, host or device"),
                e.getMessage());
    }

    @Test
    void savedAndLoadedNetworksPredictIdentically(@TempDir Path dir) throws IOException {
        InMemoryCurves data = TestCurves.synthetic(40, 401, 2);
        LabelNormaliser norm = CnnTrainer.fitNormaliser(data);
        float[] buffer = new float[40 * 401];
        for (int i = 0; i < 40; i++) {
            System.arraycopy(data.input(i), 0, buffer, i * 401, 401);
        }
        float[] expected = new float[40 * 3];
        try (Network net = new Network(401, 3, Device.cpu(), 11)) {
            // One training-mode pass moves the BN running statistics away from their initial values.
            try (NDManager scope = net.manager().newSubManager()) {
                net.forward(net.input(scope, buffer, 40), true);
            }
            net.predict(buffer, 40, expected);
            net.saveParameters(dir.resolve(CnnTrainer.PARAMS_FILE));
            norm.save(dir.resolve(LabelNormaliser.FILE_NAME));
            new ModelMetadata(ModelMetadata.FORMAT, ModelMetadata.ARCHITECTURE, 401, data.inputGrid(),
                    data.labelNames(), data.labelUnits(), null, "synthetic", "", null, null, quick(1), 40, 0, 0, 0, null, null, "cpu()",
                    "2026-11-22T00:00:00Z").save(dir.resolve(ModelMetadata.FILE_NAME));
        }
        float[][] curves = new float[40][];
        for (int i = 0; i < 40; i++) {
            curves[i] = data.input(i);
        }
        try (TrainedModel model = TrainedModel.load(dir, "cpu")) {
            float[][] normalised = model.predictNormalised(curves);
            float[][] physical = model.predict(curves);
            for (int i = 0; i < 40; i++) {
                float[] row = java.util.Arrays.copyOfRange(expected, i * 3, i * 3 + 3);
                assertArrayEquals(row, normalised[i], 0f);
                assertArrayEquals(norm.denormalise(row), physical[i], 0f);
            }
        }
    }

    /** The binary part of a checkpoint (parameters and optimizer state): after the JSON header, before the trailer. */
    private static byte[] checkpointBody(Path modelDir) throws IOException {
        byte[] bytes = Files.readAllBytes(modelDir.resolve(CnnTrainer.CHECKPOINT_FILE));
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            in.readUTF();
            in.skipNBytes(in.readInt());
            return in.readNBytes(in.available() - Long.BYTES);
        }
    }

    @Test
    void resumeAfterAnInterruptionContinuesAtTheNextEpoch(@TempDir Path dir) throws IOException {
        InMemoryCurves all = TestCurves.synthetic(120, 401, 3);
        InMemoryCurves train = all.slice(0, 96);
        InMemoryCurves val = all.slice(96, 120);
        Path straight = dir.resolve("straight");
        Path killed = dir.resolve("killed");
        TrainingRun reference = CnnTrainer.train(train, val, quick(3), straight, null);

        IllegalStateException stop = assertThrows(IllegalStateException.class,
                () -> CnnTrainer.train(train, val, quick(3), killed, null, (record, improved, history) -> {
                    if (record.epoch() == 2) {
                        throw new IllegalStateException("simulated kill after epoch 2");
                    }
                }));
        assertTrue(stop.getMessage().contains("simulated kill"));
        TrainingRun resumed = CnnTrainer.train(train, val, quick(3), killed, null);
        assertEquals(2, resumed.resumedAfterEpoch());
        assertEquals(List.of(1, 2, 3), resumed.history().stream().map(EpochRecord::epoch).toList());
        for (int e = 0; e < 3; e++) {
            assertEquals(reference.history().get(e).trainLoss(), resumed.history().get(e).trainLoss(), 1e-5,
                    "train loss of epoch " + (e + 1));
            assertEquals(reference.history().get(e).valLoss(), resumed.history().get(e).valLoss(), 1e-5,
                    "val loss of epoch " + (e + 1));
        }
        assertEquals(reference.bestEpoch(), resumed.bestEpoch());
        assertArrayEquals(Files.readAllBytes(straight.resolve(CnnTrainer.PARAMS_FILE)),
                Files.readAllBytes(killed.resolve(CnnTrainer.PARAMS_FILE)), "the resumed run keeps the same weights");
        assertArrayEquals(checkpointBody(straight), checkpointBody(killed),
                "the last epoch's parameters and optimizer state are the same bytes");
        // A finished run asked for the same epochs does nothing more.
        TrainingRun again = CnnTrainer.train(train, val, quick(3), killed, null);
        assertEquals(3, again.resumedAfterEpoch());
        assertEquals(3, again.history().size());
    }

    @Test
    void anInterruptStopsTrainingAndARerunResumesIdentically(@TempDir Path dir) throws Exception {
        InMemoryCurves all = TestCurves.synthetic(160, 401, 8);
        InMemoryCurves train = all.slice(0, 128);
        InMemoryCurves val = all.slice(128, 160);
        TrainingRun reference = CnnTrainer.train(train, val, quick(3), dir.resolve("straight"), null);

        Path interrupted = dir.resolve("interrupted");
        CountDownLatch firstEpoch = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread run = new Thread(() -> {
            try {
                CnnTrainer.train(train, val, quick(3), interrupted, null, (record, improved, history) -> firstEpoch.countDown());
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "interrupted-training");
        run.start();
        assertTrue(firstEpoch.await(120, TimeUnit.SECONDS), "first epoch");
        long t0 = System.nanoTime();
        run.interrupt();
        run.join(10_000);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertFalse(run.isAlive(), "training still running 10 s after the interrupt");
        System.out.printf("training stopped %.3f s after the interrupt%n", seconds);
        assertTrue(seconds < 3, "training stopped " + seconds + " s after the interrupt");
        assertTrue(thrown.get() instanceof RunInterruptedException, "thrown: " + thrown.get());
        Matcher m = Pattern.compile("training interrupted in epoch (\\d) of 3; (\\d) epochs are checkpointed in .*: run "
                + "again to resume").matcher(thrown.get().getMessage());
        assertTrue(m.matches(), thrown.get().getMessage());
        int checkpointed = Integer.parseInt(m.group(2));
        assertTrue(checkpointed >= 1 && checkpointed < 3, thrown.get().getMessage());
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("strainlab-batch-loader") && t.isAlive()), "the loader still runs");

        TrainingRun resumed = CnnTrainer.train(train, val, quick(3), interrupted, null);
        assertEquals(checkpointed, resumed.resumedAfterEpoch());
        assertEquals(3, resumed.history().size());
        for (int e = 0; e < 3; e++) {
            assertEquals(reference.history().get(e).trainLoss(), resumed.history().get(e).trainLoss(), 1e-5,
                    "train loss of epoch " + (e + 1));
            assertEquals(reference.history().get(e).valLoss(), resumed.history().get(e).valLoss(), 1e-5,
                    "val loss of epoch " + (e + 1));
        }
    }

    @Test
    void aCosineScheduleSetsEachEpochsRateAndIsNotExtended(@TempDir Path dir) throws IOException {
        InMemoryCurves all = TestCurves.synthetic(60, 401, 4);
        TrainingOptions cosine = quick(3).withSchedule(LearningRateSchedule.Kind.COSINE);
        TrainingRun run = CnnTrainer.train(all.slice(0, 50), all.slice(50, 60), cosine, dir, null);
        for (EpochRecord r : run.history()) {
            assertEquals(1e-3 * 0.5 * (1 + Math.cos(Math.PI * (r.epoch() - 1) / 3)), r.learningRate(), 1e-12,
                    "learning rate of epoch " + r.epoch());
        }
        IllegalStateException longer = assertThrows(IllegalStateException.class,
                () -> CnnTrainer.train(all.slice(0, 50), all.slice(50, 60), quick(5)
                        .withSchedule(LearningRateSchedule.Kind.COSINE), dir, null));
        assertTrue(longer.getMessage().contains("schedule: checkpoint cosine over 3 epochs, this run cosine over 5"),
                longer.getMessage());
        IllegalStateException plateau = assertThrows(IllegalStateException.class,
                () -> CnnTrainer.train(all.slice(0, 50), all.slice(50, 60), quick(3), dir, null));
        assertTrue(plateau.getMessage().contains("this run plateau"), plateau.getMessage());
    }

    @Test
    void adamWWithAOneCycleScheduleLowersTheLossOnBothPathsAndResumesToTheSameBytes(@TempDir Path dir)
            throws IOException {
        InMemoryCurves all = TestCurves.synthetic(120, 401, 3);
        InMemoryCurves train = all.slice(0, 96);
        InMemoryCurves val = all.slice(96, 120);
        TrainingOptions options = quick(4).withOneCycle(1).withAdamW(0.01);
        Path straight = dir.resolve("straight");
        TrainingRun reference = CnnTrainer.train(train, val, options.withDataPlacement(DataPlacement.HOST), straight,
                null);
        // one warm-up epoch from lr0/25, the peak in epoch 2, then a half cosine over 3 epochs towards lr0/1e4
        double[] expected = {1e-3 / 25, 1e-3, 1e-7 + (1e-3 - 1e-7) * 0.5 * (1 + Math.cos(Math.PI / 3)),
            1e-7 + (1e-3 - 1e-7) * 0.5 * (1 + Math.cos(2 * Math.PI / 3))};
        for (EpochRecord r : reference.history()) {
            assertEquals(expected[r.epoch() - 1], r.learningRate(), 1e-15, "learning rate of epoch " + r.epoch());
        }
        assertTrue(reference.history().get(3).trainLoss() < reference.history().get(0).trainLoss() / 2,
                reference.history().toString());
        TrainingOptions recorded = ModelMetadata.load(straight.resolve(ModelMetadata.FILE_NAME)).options();
        assertEquals(strainlab.training.FlatOptimizer.Kind.ADAMW, recorded.optimizer());
        assertEquals(0.01, recorded.weightDecay());
        assertEquals(LearningRateSchedule.Kind.ONE_CYCLE, recorded.schedule());
        assertEquals(1, recorded.warmupEpochs());

        Path onDevice = dir.resolve("device");
        CnnTrainer.train(train, val, options.withDataPlacement(DataPlacement.DEVICE), onDevice, null);
        assertArrayEquals(Files.readAllBytes(straight.resolve(CnnTrainer.PARAMS_FILE)),
                Files.readAllBytes(onDevice.resolve(CnnTrainer.PARAMS_FILE)), "batches from the device");

        Path killed = dir.resolve("killed");
        IllegalStateException stop = assertThrows(IllegalStateException.class,
                () -> CnnTrainer.train(train, val, options, killed, null, (record, improved, history) -> {
                    if (record.epoch() == 2) {
                        throw new IllegalStateException("simulated kill after epoch 2");
                    }
                }));
        assertTrue(stop.getMessage().contains("simulated kill"));
        TrainingRun resumed = CnnTrainer.train(train, val, options, killed, null);
        assertEquals(2, resumed.resumedAfterEpoch());
        for (int e = 0; e < 4; e++) {
            assertEquals(reference.history().get(e).learningRate(), resumed.history().get(e).learningRate(), 0.0);
        }
        assertArrayEquals(Files.readAllBytes(straight.resolve(CnnTrainer.PARAMS_FILE)),
                Files.readAllBytes(killed.resolve(CnnTrainer.PARAMS_FILE)), "the resumed run keeps the same weights");
        assertArrayEquals(checkpointBody(straight), checkpointBody(killed),
                "the last epoch's parameters and AdamW state are the same bytes");
    }

    @Test
    void aResumeWithAnotherOptimizerIsRefusedNamingBoth(@TempDir Path dir) throws IOException {
        InMemoryCurves all = TestCurves.synthetic(60, 401, 4);
        InMemoryCurves train = all.slice(0, 50);
        InMemoryCurves val = all.slice(50, 60);
        Path rmsprop = dir.resolve("rmsprop");
        CnnTrainer.train(train, val, quick(1), rmsprop, null);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CnnTrainer.train(train, val, quick(2).withAdamW(0.01), rmsprop, null));
        assertTrue(e.getMessage().contains("optimizer: checkpoint rmsprop, this run adamw, weight decay 0.01"),
                e.getMessage());

        Path adamw = dir.resolve("adamw");
        CnnTrainer.train(train, val, quick(1).withAdamW(0.01), adamw, null);
        e = assertThrows(IllegalStateException.class, () -> CnnTrainer.train(train, val, quick(2), adamw, null));
        assertTrue(e.getMessage().contains("optimizer: checkpoint adamw, weight decay 0.01, this run rmsprop"),
                e.getMessage());
        e = assertThrows(IllegalStateException.class,
                () -> CnnTrainer.train(train, val, quick(2).withAdamW(0.1), adamw, null));
        assertTrue(e.getMessage().contains("checkpoint adamw, weight decay 0.01, this run adamw, weight decay 0.1"),
                e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> CnnTrainer.train(train, val,
                quick(2).withAdamW(0.01).withSchedule(LearningRateSchedule.Kind.ONE_CYCLE), adamw, null));
        assertTrue(e.getMessage().contains("schedule: checkpoint plateau, this run one-cycle over 2 epochs, 1 warm-up"),
                e.getMessage());
        TrainingRun extended = CnnTrainer.train(train, val, quick(2).withAdamW(0.01), adamw, null);
        assertEquals(1, extended.resumedAfterEpoch());
        assertEquals(2, extended.history().size());
    }

    @Test
    void aCheckpointOfAnotherRunIsRefused(@TempDir Path dir) throws IOException {
        InMemoryCurves all = TestCurves.synthetic(60, 401, 4);
        CnnTrainer.train(all.slice(0, 50), all.slice(50, 60), quick(1), dir, null);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CnnTrainer.train(all.slice(0, 50), all.slice(50, 60), quick(2).withSeed(8), dir, null));
        assertTrue(e.getMessage().contains("different run"), e.getMessage());
    }

    @Test
    void aModelRefusesDataOfAnotherLayout(@TempDir Path dir) throws IOException {
        InMemoryCurves all = TestCurves.synthetic(60, 401, 5);
        CnnTrainer.train(all.slice(0, 50), all.slice(50, 60), quick(1), dir, null);
        try (TrainedModel model = TrainedModel.load(dir, "cpu")) {
            InMemoryCurves longer = TestCurves.synthetic(5, 1001, 6);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.checkCompatible(longer));
            assertTrue(e.getMessage().contains("1001 samples"), e.getMessage());
            InMemoryCurves renamed = new InMemoryCurves(new float[][] {all.input(0)}, new float[][] {{1, 2}},
                    List.of("a", "b"), List.of(), all.inputGrid(), "");
            e = assertThrows(IllegalArgumentException.class, () -> model.checkCompatible(renamed));
            assertTrue(e.getMessage().contains("labels"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> model.predict(new float[][] {new float[400]}));
        }
        IOException missing = assertThrows(IOException.class, () -> TrainedModel.load(dir.resolve("nope")));
        assertTrue(missing.getMessage().contains("nope"));
    }
}
