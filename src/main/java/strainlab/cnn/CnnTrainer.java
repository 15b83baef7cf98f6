package strainlab.cnn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import strainlab.Permutations;
import strainlab.RunInterruptedException;
import strainlab.WorkerThreads;
import strainlab.dataset.recipe.Recipe;
import strainlab.io.AtomicFiles;
import strainlab.training.BatchProgress;
import strainlab.training.Checkpoint;
import strainlab.training.DataPlacement;
import strainlab.training.Devices;
import strainlab.training.EpochLoop;
import strainlab.training.EpochRecord;
import strainlab.training.FlatParameters;
import strainlab.training.FlatOptimizer;
import strainlab.training.KerasRmsProp;
import strainlab.training.LearningRateSchedule;
import strainlab.training.MeanSquaredError;
import strainlab.training.NoGradient;
import strainlab.training.NoiseOnTheFly;
import strainlab.training.RunFingerprint;
import strainlab.training.TrainingListener;
import strainlab.training.TrainingOptions;
import strainlab.training.TrainingState;

/**
 * Trains {@link StrainNet} as in the paper (§2.2.2): MSE on min–max normalised labels, {@link KerasRmsProp}
 * (or {@link strainlab.training.AdamW} on request; {@link FlatOptimizer}), mini-batches drawn without replacement
 * from a seeded per-epoch shuffle, validation after every epoch, learning rate ÷10 on a 10-epoch plateau (or a
 * cosine or one-cycle schedule on request; {@link LearningRateSchedule}) and the best-validation parameters kept;
 * the epochs run in the shared {@link EpochLoop}, this class supplies the CNN's passes and files.
 * A {@link GrowingCurves} training set is a pool still being generated: each epoch waits for, and trains on, the
 * part of it that its {@link strainlab.training.PoolSchedule} names.
 *
 * <p>Everything goes to a model folder ({@link TrainedModel} reads it): {@code network.params} (best
 * validation), {@code normaliser.json}, {@code model.json}, {@code history.csv} and {@code checkpoint.bin} (last
 * epoch: parameters, optimizer accumulators, schedule and history, written atomically); a listener may add more
 * (e.g. the learning-curve PNG). Calling {@link #train} again on the same folder with the same data and settings
 * resumes after the last completed epoch; a larger {@code epochs} extends a finished run.
 */
public final class CnnTrainer {
    /** Parameters of the best-validation epoch. */
    public static final String PARAMS_FILE = "network.params";
    /** Resumable state of the last completed epoch. */
    public static final String CHECKPOINT_FILE = "checkpoint.bin";
    /** Learning curves as PNG (drawn by a listener at the edge, e.g. {@code strainlab.plot.TrainingPlots}). */
    public static final String CURVES_PNG = "learning-curves.png";

    /** Files of a model folder that {@link TrainedModel#load} reads, covered by its {@code checksums.json}. */
    public static final List<String> CHECKSUMMED = List.of(ModelMetadata.FILE_NAME, LabelNormaliser.FILE_NAME,
            PARAMS_FILE);

    private CnnTrainer() {
    }

    /**
     * What must be the same for a run to resume from a checkpoint: sizes, labels, settings and the data's identity
     * ({@link LabelledCurves#dataChecksum()} of the training and validation sets); {@code dataName} only names the
     * data in messages (a moved set still resumes). {@code noise} is {@value #NOISE_ON_THE_FLY} for fresh noise every
     * epoch, null for the set's stored noisy curves (also what a checkpoint without one means); {@code pool} is the
     * {@link GrowingCurves} schedule of a growing training pool, null for a whole set every epoch; {@code optimizer}
     * is null for RMSprop (also what a checkpoint without one means), else the optimizer and its weight decay.
     */
    record Fingerprint(int trainCount, int valCount, int inputLength, List<String> labelNames, long seed,
            int batchSize, double learningRate, String trainData, String validationData, String dataName,
            String schedule, String noise, String pool, String optimizer) implements RunFingerprint<Fingerprint> {
        /** The {@code noise} component of a run with {@code --noise-on-the-fly}. */
        static final String NOISE_ON_THE_FLY = "drawn every epoch";

        static String noiseText(TrainingOptions options) {
            return options.noiseOnTheFly() ? NOISE_ON_THE_FLY : null;
        }

        /**
         * The {@code schedule} component of a run: "plateau" (also what a checkpoint without one means), "cosine
         * over E epochs" or "one-cycle over E epochs, W warm-up" (their epochs are part of the schedule, so such a
         * run is not extended).
         */
        static String scheduleText(TrainingOptions options) {
            return switch (options.schedule()) {
                case COSINE -> "cosine over " + options.epochs() + " epochs";
                case ONE_CYCLE -> "one-cycle over " + options.epochs() + " epochs, " + options.warmupEpochs()
                        + " warm-up";
                case PLATEAU -> "plateau";
            };
        }

        /** What the {@code optimizer} component of a run's checkpoint means when it has none. */
        static final String RMSPROP = "rmsprop";

        /** The {@code optimizer} component of a run: null for RMSprop, "adamw, weight decay WD" for AdamW. */
        static String optimizerText(TrainingOptions options) {
            return options.optimizer() == FlatOptimizer.Kind.RMSPROP ? null
                    : options.optimizer().label() + ", weight decay " + options.weightDecay();
        }

        @Override
        public String difference(String name, Object checkpoint, Object current, Fingerprint run) {
            return switch (name) {
                case "schedule" -> RunFingerprint.super.difference(name,
                        checkpoint == null ? "plateau" : checkpoint, current, run);
                case "optimizer" -> RunFingerprint.super.difference(name, checkpoint == null ? RMSPROP : checkpoint,
                        current == null ? RMSPROP : current, run);
                case "trainData" -> Objects.equals(trainData, run.trainData)
                        && Objects.equals(validationData, run.validationData) ? null
                        : "data set: the checkpoint was trained on " + dataText() + ", this run reads " + run.dataText();
                case "validationData", "dataName" -> null;
                case "noise" -> Objects.equals(checkpoint, current) ? null
                        : "noise: the checkpoint was trained " + (checkpoint == null ? "on the set's stored noisy curves"
                        : "with fresh noise every epoch (--noise-on-the-fly)") + ", this run "
                        + (current == null ? "reads the stored curves" : "draws fresh noise (--noise-on-the-fly)");
                default -> RunFingerprint.super.difference(name, checkpoint, current, run);
            };
        }

        private String dataText() {
            String sums = "CRC-32C " + trainData + (Objects.equals(trainData, validationData) ? ""
                    : " (validation " + validationData + ")");
            return (dataName == null || dataName.isEmpty() ? "unnamed data" : dataName) + " [" + sums + "]";
        }
    }

    /** The checkpoint header (JSON). */
    record CheckpointState(Fingerprint fingerprint, int epochsCompleted, LearningRateSchedule.State schedule,
            int bestEpoch, double bestValLoss, List<EpochRecord> history, double trainingSeconds) {
    }

    /** The loss: the true mean squared error over all elements (DJL's {@code L2Loss} halves by default). */
    public static Loss mseLoss() {
        return new MeanSquaredError("mse");
    }

    /** Trains with progress lines on {@code progress} and no listener (so no {@value #CURVES_PNG}). */
    public static TrainingRun train(LabelledCurves train, LabelledCurves validation, TrainingOptions options,
            Path modelDir, PrintStream progress) throws IOException {
        return train(train, validation, options, modelDir, progress, null);
    }

    /**
     * Trains (or resumes) a network on {@code train}, validating on {@code validation}, into {@code modelDir}.
     *
     * @param progress where progress lines go (null: silent)
     * @param listener called after each epoch (null: none); an exception from it stops training (the epoch's
     *                 files are already written, so a later call resumes after it); an epoch whose files a kill
     *                 cut short is reported again when a later call completes them
     * @throws RunInterruptedException when the calling thread is interrupted: training stops at the next batch;
     *         the epochs completed before are checkpointed and a later call resumes after them
     */
    public static TrainingRun train(LabelledCurves train, LabelledCurves validation, TrainingOptions options,
            Path modelDir, PrintStream progress, TrainingListener listener) throws IOException {
        checkData(train, validation);
        Files.createDirectories(modelDir);
        try (strainlab.io.FolderLock lock = strainlab.io.FolderLock.acquire(modelDir, "model folder")) {
            return trainLocked(train, validation, options, modelDir, progress, listener);
        }
    }

    private static TrainingRun trainLocked(LabelledCurves train, LabelledCurves validation, TrainingOptions options,
            Path modelDir, PrintStream progress, TrainingListener listener) throws IOException {
        PrintStream log = progress == null ? new PrintStream(java.io.OutputStream.nullOutputStream()) : progress;
        GrowingCurves pool = train instanceof GrowingCurves g ? g : null;
        Fingerprint fingerprint = new Fingerprint(train.size(), validation.size(), train.inputLength(),
                List.copyOf(train.labelNames()), options.seed(), options.batchSize(), options.learningRate(),
                train.dataChecksum(), validation.dataChecksum(), train.dataName(), Fingerprint.scheduleText(options),
                Fingerprint.noiseText(options), pool == null ? null
                : pool.schedule().describe() + ", " + pool.size() + " curves in all",
                Fingerprint.optimizerText(options));
        NoiseOnTheFly noise = options.noiseOnTheFly() ? NoiseOnTheFly.of(train.expectedCounts(), train.noise(),
                train.inputGrid(), train.dataName().isEmpty() ? "the training set" : "data set " + train.dataName())
                : null;
        Path checkpointFile = modelDir.resolve(CHECKPOINT_FILE);
        Path normaliserFile = modelDir.resolve(LabelNormaliser.FILE_NAME);
        boolean resume = Files.exists(checkpointFile);
        if (resume && strainlab.io.Checksums.present(modelDir)) {
            strainlab.io.Checksums.verify(modelDir, CHECKSUMMED);
        }

        LabelNormaliser normaliser;
        if (resume && Files.exists(normaliserFile)) {
            normaliser = LabelNormaliser.load(normaliserFile);
        } else if (pool != null) {
            int first = pool.poolSize(1);
            pool.await(first, log);
            normaliser = fitNormaliser(train, first);
        } else {
            normaliser = fitNormaliser(train);
        }
        Device device = Devices.select(options.device());
        int inLength = train.inputLength();
        int outputs = train.labelCount();
        FlatOptimizer optimizer = FlatOptimizer.of(options);
        LearningRateSchedule schedule = LearningRateSchedule.of(options);
        TrainingState state = TrainingState.fresh(1);

        WorkerThreads loaderThread = new WorkerThreads("strainlab-batch-loader");
        ExecutorService loader = Executors.newSingleThreadExecutor(loaderThread);
        try (Network net = new Network(inLength, outputs, device, options.seed())) {
            if (resume) {
                SavedRun saved = readCheckpoint(checkpointFile, net);
                RunFingerprint.requireResumable(checkpointFile, saved.state().fingerprint(), fingerprint);
                saved.loadOptimizer(checkpointFile, optimizer, net);
                CheckpointState header = saved.state();
                schedule.restore(header.schedule());
                state = TrainingState.restored(header.epochsCompleted(), List.of(header.history()),
                        new int[] {header.bestEpoch()}, new double[] {header.bestValLoss()}, header.trainingSeconds());
                log.printf(Locale.ROOT, "resuming %s after epoch %d (best val_loss %.6g at epoch %d)%n",
                        modelDir, state.epochsDone(), state.bestLosses()[0], state.bestEpochs()[0]);
            } else {
                strainlab.io.Checksums.delete(modelDir);
                normaliser.save(normaliserFile);
                log.printf(Locale.ROOT, "training %s: %d train / %d validation curves of %d samples, %d labels, "
                                + "%,d trainable parameters, device %s, batch %d, %d epochs%n",
                        modelDir, train.size(), validation.size(), inLength, outputs,
                        StrainNet.trainableParameterCount(net.block()), device, options.batchSize(),
                        options.epochs());
            }
            int startEpoch = state.epochsDone();
            List<Pair<String, Parameter>> trainable = new ArrayList<>();
            for (Pair<String, Parameter> p : net.block().getParameters()) {
                if (p.getValue().requiresGradient()) {
                    trainable.add(p);
                }
            }
            // packed before the first forward pass, so that evaluation reads the buffer too
            FlatParameters parameters = packed(optimizer, trainable);
            DeviceCurves onDeviceTrain = null;
            DeviceCurves onDeviceValidation = null;
            long setBytes = (noise != null ? DeviceCurves.expectedBytes(train) : DeviceCurves.bytes(train))
                    + DeviceCurves.bytes(validation);
            if (startEpoch < options.epochs()
                    && options.dataPlacement().resolve(device, setBytes) == DataPlacement.DEVICE) {
                long u0 = System.nanoTime();
                if (pool != null) {
                    onDeviceTrain = noise != null ? DeviceCurves.reserveExpected(train, noise, net.manager(),
                            "training pool") : DeviceCurves.reserve(train, net.manager(), "training pool");
                } else {
                    onDeviceTrain = noise != null
                            ? DeviceCurves.uploadExpected(train, normaliser, noise, net.manager(), "training set")
                            : DeviceCurves.upload(train, normaliser, net.manager(), "training set");
                }
                onDeviceValidation = DeviceCurves.upload(validation, normaliser, net.manager(), "validation set");
                log.printf(Locale.ROOT, "batches from %s: %.2f GB %s in %.1f s%n", device, setBytes / 1e9,
                        pool != null ? "reserved (the pool's curves are copied as it grows)" : "copied",
                        (System.nanoTime() - u0) * 1e-9);
            }
            XrdStep step = new XrdStep(net, optimizer, parameters, train, validation, onDeviceTrain,
                    onDeviceValidation, normaliser, options, loader, log, modelDir, fingerprint, schedule, listener,
                    noise, pool);
            EpochLoop.run(step, state, options.epochs(), 1, schedule, options.learningRate(),
                    pool != null ? pool.schedule().epochCurves() : train.size());
            if (startEpoch >= options.epochs()) {
                log.printf("%s already has %d completed epochs (asked for %d): nothing to train%n", modelDir,
                        startEpoch, options.epochs());
                if (startEpoch > 0 && !strainlab.io.Checksums.present(modelDir)) {
                    // killed after the last checkpoint but before its reports and checksums: complete them
                    List<EpochRecord> history = state.history(0);
                    EpochRecord last = history.get(history.size() - 1);
                    step.writeReports(state);
                    step.notifyListener(last, last.epoch() == state.bestEpochs()[0], history);
                }
            }
            // freed here; on an exception the network's manager, their parent, frees them
            if (onDeviceTrain != null) {
                onDeviceTrain.close();
                onDeviceValidation.close();
            }
            return new TrainingRun(modelDir, state.history(0), state.bestEpochs()[0], state.bestLosses()[0], startEpoch,
                    device.toString(), normaliser);
        } finally {
            RunInterruptedException.stopPool(loader, loaderThread);
        }
    }

    /** The XRD CNN's part of the {@link EpochLoop}: its passes, files and epoch line. */
    private record XrdStep(Network net, FlatOptimizer optimizer, FlatParameters parameters,
            LabelledCurves train, LabelledCurves validation, DeviceCurves deviceTrain, DeviceCurves deviceValidation,
            LabelNormaliser normaliser, TrainingOptions options, ExecutorService loader, PrintStream log,
            Path modelDir, Fingerprint fingerprint, LearningRateSchedule schedule, TrainingListener listener,
            NoiseOnTheFly noise, GrowingCurves pool) implements EpochLoop.Step {
        /** With a growing pool: waits for the epoch's curves and copies the new ones to the device. */
        @Override
        public void prepare(int epoch) throws IOException {
            if (pool == null) {
                return;
            }
            int rows = pool.poolSize(epoch);
            double waited = pool.await(rows, log);
            long t0 = System.nanoTime();
            int copied = deviceTrain == null ? 0 : deviceTrain.loadUpTo(train, normaliser, rows, "training pool");
            log.printf(Locale.ROOT, "epoch %d: pool of %,d curves (waited %.1f s for the generator%s)%n", epoch, rows,
                    waited, copied == 0 ? "" : String.format(Locale.ROOT, "; %,d copied to %s in %.1f s", copied,
                            net.device(), (System.nanoTime() - t0) * 1e-9));
        }

        @Override
        public double[] train(int epoch, double learningRate) throws IOException {
            optimizer.setLearningRate((float) learningRate);
            int[] order = pool != null ? pool.schedule().epochOrder(pool.poolSize(epoch), options.seed(), epoch)
                    : shuffle(train.size(), options.seed(), epoch);
            return new double[] {deviceTrain != null
                    ? trainEpochOnDevice(net, optimizer, parameters, deviceTrain, order, options, epoch, log)
                    : trainEpoch(net, optimizer, parameters, train, order, normaliser, options, epoch, loader, log,
                            noise)};
        }

        @Override
        public double[] validate() {
            return new double[] {deviceValidation != null
                    ? evaluate(net, deviceValidation, options.batchSize())
                    : evaluate(net, validation, normaliser, options.batchSize())};
        }

        @Override
        public void keepBest(int g) throws IOException {
            strainlab.io.Checksums.delete(modelDir);
            net.saveParameters(modelDir.resolve(PARAMS_FILE));
        }

        @Override
        public void checkpoint(TrainingState state) throws IOException {
            strainlab.io.Checksums.delete(modelDir);
            writeCheckpoint(modelDir.resolve(CHECKPOINT_FILE), new CheckpointState(fingerprint, state.epochsDone(),
                    schedule.state(), state.bestEpochs()[0], state.bestLosses()[0], state.history(0),
                    state.trainingSeconds()), net, optimizer);
        }

        @Override
        public void epochEnd(EpochLoop.Epoch e, TrainingState state) throws IOException {
            EpochRecord record = e.records().get(0);
            boolean improved = e.improved()[0];
            writeReports(state);
            log.printf(Locale.ROOT, "epoch %3d/%d  loss %.6f  val_loss %.6f  lr %.1e  %,.0f samples/s  %.1f s%s%n",
                    e.epoch(), e.epochs(), record.trainLoss(), record.valLoss(), record.learningRate(),
                    record.samplesPerSecond(), record.seconds(), improved ? "  *best" : "");
            notifyListener(record, improved, state.history(0));
        }

        @Override
        public String interrupted(int epoch, int epochs, int checkpointed) {
            return "training interrupted in epoch " + epoch + " of " + epochs + "; " + checkpointed
                    + " epochs are checkpointed in " + modelDir + ": run again to resume";
        }

        /** history.csv and model.json, then the checksums of the folder. */
        void writeReports(TrainingState state) throws IOException {
            List<EpochRecord> history = state.history(0);
            EpochRecord.writeHistory(modelDir, history);
            EpochRecord last = history.get(history.size() - 1);
            int bestEpoch = state.bestEpochs()[0];
            EpochRecord best = history.stream().filter(r -> r.epoch() == bestEpoch).findFirst().orElse(last);
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("bestValLoss", state.bestLosses()[0]);
            metrics.put("trainLossAtBest", best.trainLoss());
            metrics.put("lastTrainLoss", last.trainLoss());
            metrics.put("lastValLoss", last.valLoss());
            metrics.put("trainableParameters", (double) StrainNet.trainableParameterCount(net.block()));
            metrics.put("trainingSeconds", state.trainingSeconds());
            Recipe recipe = train.recipe();
            new ModelMetadata(ModelMetadata.FORMAT, ModelMetadata.ARCHITECTURE, train.inputLength(),
                    train.inputGrid(), train.labelNames(), train.labelUnits(), null, train.preset(), train.noise(),
                    recipe == null ? null : JsonParser.parseString(recipe.toJson()).getAsJsonObject(),
                    recipe == null ? "" : recipe.sha256(), options, train.size(), validation.size(), last.epoch(), bestEpoch, metrics, versions(),
                    net.device().toString(), Instant.now().toString()).save(modelDir.resolve(ModelMetadata.FILE_NAME));
            strainlab.io.Checksums.write(modelDir, CHECKSUMMED);
        }

        void notifyListener(EpochRecord record, boolean improved, List<EpochRecord> history) {
            if (listener == null) {
                return;
            }
            try {
                listener.onEpochEnd(record, improved, history);
            } catch (RuntimeException ex) {
                throw ex;
            } catch (Exception ex) {
                throw new IllegalStateException("epoch listener stopped training: " + ex.getMessage(), ex);
            }
        }
    }

    /** Fits the min–max label normaliser over the whole training set. */
    public static LabelNormaliser fitNormaliser(LabelledCurves train) {
        return fitNormaliser(train, train.size());
    }

    /** Fits the min–max label normaliser over the first {@code count} training curves (a growing pool's first epoch). */
    static LabelNormaliser fitNormaliser(LabelledCurves train, int count) {
        LabelNormaliser.Accumulator acc = new LabelNormaliser.Accumulator(train.labelNames());
        float[] labels = new float[train.labelCount()];
        for (int i = 0; i < count; i++) {
            train.readLabels(i, labels);
            acc.add(labels);
        }
        return acc.build();
    }

    /** The permutation of {@code n} examples used in {@code epoch} (depends only on seed and epoch). */
    static int[] shuffle(int n, long seed, int epoch) {
        return Permutations.shuffled(n, new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch));
    }

    /** A filled mini-batch: inputs (n × L) and normalised labels (n × K), packed row after row. */
    record Batch(float[] inputs, float[] labels, int n) {
    }

    /** Fills rows {@code order[from..from+n)} (or {@code from..from+n} when order is null) into the buffers. */
    static Batch fill(LabelledCurves data, int[] order, int from, int n, LabelNormaliser normaliser,
            float[] inputs, float[] labels) {
        return fillNoisy(data, order, from, n, normaliser, null, 0, inputs, labels);
    }

    /**
     * As {@link #fill}; with {@code noise} given, each row's input is drawn afresh from its expected counts, row
     * {@code i} with {@link NoiseOnTheFly#rowSeed} of {@code batchSeed}, instead of read as stored.
     */
    static Batch fillNoisy(LabelledCurves data, int[] order, int from, int n, LabelNormaliser normaliser,
            NoiseOnTheFly noise, long batchSeed, float[] inputs, float[] labels) {
        int inLength = data.inputLength();
        int k = data.labelCount();
        float[] expected = noise == null ? null : new float[noise.layout().width()];
        float[] row = new float[inLength];
        float[] lab = new float[k];
        for (int i = 0; i < n; i++) {
            int index = order == null ? from + i : order[from + i];
            if (noise == null) {
                data.read(index, row, lab);
            } else {
                data.readExpected(index, expected);
                noise.draw(expected, NoiseOnTheFly.rowSeed(batchSeed, i), row);
                data.readLabels(index, lab);
            }
            System.arraycopy(row, 0, inputs, i * inLength, inLength);
            normaliser.normaliseInPlace(lab, 0);
            System.arraycopy(lab, 0, labels, i * k, k);
        }
        return new Batch(inputs, labels, n);
    }

    /** A training batch: stored inputs, or fresh noise when {@code noise} is given. */
    private static Batch load(LabelledCurves data, int[] order, int from, int n, LabelNormaliser normaliser,
            NoiseOnTheFly noise, long seed, int epoch, float[] inputs, float[] labels) {
        return fillNoisy(data, order, from, n, normaliser, noise, NoiseOnTheFly.batchSeed(seed, epoch, from), inputs,
                labels);
    }

    /**
     * Examples an epoch of {@code n} uses at {@code batch}: batch normalisation needs at least two examples, so a
     * last batch of one is dropped.
     */
    private static int usableCount(int n, int batch) {
        return n % batch == 1 ? n - 1 : n;
    }


    private static double trainEpoch(Network net, FlatOptimizer optimizer, FlatParameters parameters,
            LabelledCurves train, int[] order, LabelNormaliser normaliser, TrainingOptions options, int epoch,
            ExecutorService loader, PrintStream log, NoiseOnTheFly noise) throws IOException {
        int n = order.length;
        int batch = Math.min(options.batchSize(), n);
        int usable = usableCount(n, batch);
        float[][] inBuf = {new float[batch * train.inputLength()], new float[batch * train.inputLength()]};
        float[][] labBuf = {new float[batch * train.labelCount()], new float[batch * train.labelCount()]};
        Loss loss = mseLoss();
        double sum = 0;
        long seen = 0;
        BatchProgress progress = new BatchProgress(log, epoch, usable, options.progressSeconds());
        long seed = options.seed();
        Future<Batch> next = loader.submit(() -> load(train, order, 0, Math.min(batch, usable), normaliser, noise,
                seed, epoch, inBuf[0], labBuf[0]));
        int slot = 0;
        for (int from = 0; from < usable; from += batch) {
            checkInterrupt();
            Batch b;
            try {
                b = next.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RunInterruptedException("interrupted while reading a batch", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException("reading a training batch failed: " + e.getCause().getMessage(), e.getCause());
            }
            int nextFrom = from + batch;
            if (nextFrom < usable) {
                int nextSlot = 1 - slot;
                int count = Math.min(batch, usable - nextFrom);
                next = loader.submit(() -> load(train, order, nextFrom, count, normaliser, noise, seed, epoch,
                        inBuf[nextSlot], labBuf[nextSlot]));
            }
            float value = step(net, optimizer, parameters, loss, b);
            sum += (double) value * b.n();
            seen += b.n();
            slot = 1 - slot;
            if (progress.due()) {
                progress.print(seen, sum / seen);
            }
        }
        return sum / seen;
    }

    /** One optimisation step on a filled batch; returns its loss. Every temporary lives in a sub-manager. */
    private static float step(Network net, FlatOptimizer optimizer, FlatParameters parameters, Loss loss, Batch b) {
        try (NDManager scope = net.manager().newSubManager()) {
            NDArray x = net.input(scope, b.inputs(), b.n());
            NDArray y = net.labels(scope, b.labels(), b.n());
            return step(net, optimizer, parameters, loss, x, y).getFloat();
        }
    }

    /**
     * One optimisation step on a batch already on the device; returns its loss as a scalar array on the inputs'
     * manager, not read back (reading it would make the host wait for the step).
     */
    private static NDArray step(Network net, FlatOptimizer optimizer, FlatParameters parameters, Loss loss,
            NDArray x, NDArray y) {
        NDArray l;
        try (GradientCollector collector = x.getManager().getEngine().newGradientCollector()) {
            NDArray prediction = parameters.forward(net.block(), new NDList(x)).singletonOrThrow();
            l = loss.evaluate(new NDList(y), new NDList(prediction));
            collector.backward(l);
        }
        optimizer.update(parameters); // all parameters at once; also zeroes the gradient
        return l;
    }

    /**
     * The trainable parameters packed into one buffer by the optimizer (on the first call for them; before the
     * network's first forward pass, so that every pass sees the buffer).
     */
    private static FlatParameters packed(FlatOptimizer optimizer, List<Pair<String, Parameter>> trainable) {
        List<Parameter> parameters = new ArrayList<>(trainable.size());
        for (Pair<String, Parameter> p : trainable) {
            parameters.add(p.getValue());
        }
        return optimizer.pack(parameters);
    }

    /**
     * One epoch with the training set on the device ({@link DataPlacement#DEVICE}): the epoch's order is
     * uploaded once, each batch gathered on the device, and the loss summed there; the host reads it back only
     * for progress lines and at the end. Same batches and the same sum as {@link #trainEpoch}; with fresh noise, the
     * inputs are drawn on the device for several batches at once ({@link DeviceCurves.NoisyInputs}).
     */
    private static double trainEpochOnDevice(Network net, FlatOptimizer optimizer,
            FlatParameters parameters, DeviceCurves train, int[] order, TrainingOptions options, int epoch,
            PrintStream log) {
        int n = order.length;
        int batch = Math.min(options.batchSize(), n);
        int usable = usableCount(n, batch);
        long[] index = new long[usable];
        for (int i = 0; i < usable; i++) {
            index[i] = order[i];
        }
        Loss loss = mseLoss();
        try (NDManager epochScope = net.manager().newSubManager()) {
            NDArray all = epochScope.create(index);
            DeviceCurves.NoisyInputs noisy = train.noisyInputs(epochScope, all, usable,
                    DeviceCurves.drawRows(batch), position -> NoiseOnTheFly.batchSeed(options.seed(), epoch, position));
            NDArray sum = epochScope.zeros(new Shape(), DataType.FLOAT64);
            // batch sizes as device scalars made once: a number in an operation is copied to the device each time
            NDArray fullBatch = epochScope.create((double) batch);
            NDArray lastBatch = epochScope.create((double) (usable % batch == 0 ? batch : usable % batch));
            long seen = 0;
            BatchProgress progress = new BatchProgress(log, epoch, usable, options.progressSeconds());
            for (int from = 0; from < usable; from += batch) {
                checkInterrupt();
                int count = Math.min(batch, usable - from);
                try (NDManager scope = epochScope.newSubManager()) {
                    NDArray sel = all.get(new NDIndex().addSliceDim(from, from + count));
                    sel.attach(scope);
                    NDIndex rows = new NDIndex("{}", sel);
                    NDArray x = noisy != null ? noisy.batch(scope, from, count) : train.inputRows(scope, rows, count);
                    NDArray l = step(net, optimizer, parameters, loss, x, train.labelRows(scope, rows));
                    sum.addi(l.toType(DataType.FLOAT64, false).muli(count == batch ? fullBatch : lastBatch));
                }
                seen += count;
                if (progress.due()) {
                    progress.print(seen, sum.getDouble() / seen);
                }
            }
            return sum.getDouble() / seen;
        }
    }

    /** {@link #evaluate} for a set on the device: the squared errors are summed there and read once. */
    static double evaluate(Network net, DeviceCurves data, int batchSize) {
        int n = data.size();
        int batch = Math.max(1, Math.min(batchSize, n));
        try (NoGradient off = NoGradient.open(); NDManager setScope = net.manager().newSubManager()) {
            NDArray sum = setScope.zeros(new Shape(), DataType.FLOAT64);
            for (int from = 0; from < n; from += batch) {
                checkInterrupt();
                int count = Math.min(batch, n - from);
                try (NDManager scope = setScope.newSubManager()) {
                    NDIndex rows = new NDIndex().addSliceDim(from, from + count);
                    NDArray prediction = net.forward(data.inputRows(scope, rows, count), false);
                    NDArray y = data.labelRows(scope, rows);
                    sum.addi(prediction.sub(y).square().sum().toType(DataType.FLOAT64, false));
                }
            }
            return sum.getDouble() / ((double) n * data.labelCount());
        }
    }

    /**
     * One training step on packed arrays (for the training benchmark, {@code bin/strainlab bench train}); returns the
     * loss. The first call packs {@code trainable} into the optimizer's buffer ({@link FlatOptimizer#pack}): make it
     * before the network's first forward pass.
     */
    public static float benchStep(Network net, FlatOptimizer optimizer, List<Pair<String, Parameter>> trainable,
            Loss loss, float[] inputs, float[] labels, int n) {
        return step(net, optimizer, packed(optimizer, trainable), loss, new Batch(inputs, labels, n));
    }

    /**
     * Mean squared error of the network's normalised predictions over a whole set (inference mode: batch
     * normalisation uses its running statistics).
     */
    static double evaluate(Network net, LabelledCurves data, LabelNormaliser normaliser, int batchSize) {
        int n = data.size();
        int batch = Math.max(1, Math.min(batchSize, n));
        float[] in = new float[batch * data.inputLength()];
        float[] lab = new float[batch * data.labelCount()];
        double sum = 0;
        try (NoGradient off = NoGradient.open()) {
            for (int from = 0; from < n; from += batch) {
                checkInterrupt();
                int count = Math.min(batch, n - from);
                fill(data, null, from, count, normaliser, in, lab);
                try (NDManager scope = net.manager().newSubManager()) {
                    NDArray prediction = net.forward(net.input(scope, in, count), false);
                    NDArray y = net.labels(scope, lab, count);
                    sum += prediction.sub(y).square().sum().getFloat();
                }
            }
        }
        return sum / ((double) n * data.labelCount());
    }

    /** Throws when the calling thread has been interrupted (checked once per batch). */
    private static void checkInterrupt() {
        RunInterruptedException.check(() -> "interrupted between batches");
    }

    private static void checkData(LabelledCurves train, LabelledCurves validation) {
        if (train.size() < 2) {
            throw new IllegalArgumentException("training set: need at least 2 curves, got " + train.size());
        }
        if (validation.size() < 1) {
            throw new IllegalArgumentException("validation set is empty");
        }
        if (train.inputLength() != validation.inputLength()) {
            throw new IllegalArgumentException("training curves have " + train.inputLength()
                    + " samples but validation curves have " + validation.inputLength());
        }
        if (!train.labelNames().equals(validation.labelNames())) {
            throw new IllegalArgumentException("training labels " + train.labelNames()
                    + " differ from validation labels " + validation.labelNames());
        }
        double[] g1 = train.inputGrid();
        double[] g2 = validation.inputGrid();
        if (g1.length != 0 && g2.length != 0 && !Arrays.equals(g1, g2)) {
            throw new IllegalArgumentException("training and validation curves are on different input grids");
        }
        StrainNet.flattenedSize(train.inputLength());
    }

    /** Checkpoint format: magic, JSON header, parameters, optimizer state, then the CRC-32C of all before it. */
    private static final Checkpoint CHECKPOINT = new Checkpoint("strainlab-checkpoint/2", "strainlab-checkpoint/1",
            "written by an older StrainLab (no checksum, no data identity); delete it to start the training over",
            "StrainLab checkpoint", "checkpoint");

    private static void writeCheckpoint(Path file, CheckpointState state, Network net, FlatOptimizer optimizer)
            throws IOException {
        AtomicFiles.writeStream(file, os -> CHECKPOINT.write(os, ModelFiles.GSON.toJson(state), out -> {
            net.saveParameters(out);
            optimizer.saveState(out, net.idToName());
        }));
    }

    /**
     * A checkpoint read up to its optimizer state, whose bytes wait until the run is known to resume the same
     * training ({@link RunFingerprint#requireResumable}): another optimizer's state would not read as this one's.
     */
    private record SavedRun(CheckpointState state, byte[] optimizerState) {
        void loadOptimizer(Path file, FlatOptimizer optimizer, Network net) throws IOException {
            try (java.io.DataInputStream in = new java.io.DataInputStream(
                    new java.io.ByteArrayInputStream(optimizerState))) {
                optimizer.loadState(in, net.nameToId(), net.manager());
            } catch (IOException | RuntimeException e) {
                String why = e instanceof java.io.EOFException ? "ends early (truncated)" : e.getMessage();
                throw new IOException(file + ": cannot resume from this checkpoint: " + why, e);
            }
        }
    }

    private static SavedRun readCheckpoint(Path file, Network net) throws IOException {
        return CHECKPOINT.read(file, (header, in) -> {
            CheckpointState state = ModelFiles.GSON.fromJson(header, CheckpointState.class);
            net.loadParameters(in);
            return new SavedRun(state, in.readAllBytes());
        });
    }

    static Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("strainlab", strainlab.Info.STRAINLAB_VERSION);
        v.put("djl", Engine.getDjlVersion());
        v.put("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        v.put("java", System.getProperty("java.version"));
        return v;
    }
}
