package strainlab.nanobeam.net;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import strainlab.Permutations;
import strainlab.RunInterruptedException;
import strainlab.io.AtomicFiles;
import strainlab.nanobeam.sim.LibraryData;
import strainlab.nanobeam.sim.Patterns;
import strainlab.training.Checkpoint;
import strainlab.training.EpochLoop;
import strainlab.training.EpochRecord;
import strainlab.training.FlatAdam;
import strainlab.training.NoGradient;
import strainlab.training.RunFingerprint;
import strainlab.training.TrainingState;

/**
 * Trains G NanobeamNNs at once, as one grouped network ({@link GroupedNanobeamNN}) whose data stay on the device.
 * Member g keeps everything of its own: initial weights (those of {@code nets.get(g)}), its noise draw of the
 * training and validation sets, its batch order (a seeded permutation per epoch, {@link #epochOrder}), its MSE, its
 * gradient (the loss is the sum of the member MSEs, and no parameter is shared) and its Adam moments (Adam is
 * elementwise); so the result equals training each member alone, up to float rounding. The paper's settings: MSE of
 * the scaled labels (×100, ×10, ×5), Adam ({@link FlatAdam}), batches of 64, a validation pass after every epoch
 * and, per member, the weights of its lowest validation MSE. The epochs run in the shared {@link EpochLoop}.
 *
 * <p>Speed: the training and validation images (uint8 when they are whole counts 0..255, else float32) and the
 * scaled labels are uploaded once; per epoch one int64 index array (all members' permutations) is uploaded, each
 * batch is gathered on the device, the loss is accumulated on the device and read once per epoch, and one fused
 * Adam call updates all members. Nothing is copied between host and device inside an epoch.
 *
 * <p>Resume: every {@link NanobeamTrainingOptions#checkpointEvery()} epochs (and after the last) the state file
 * (weights, Adam moments and step count, epoch, per-member best weights, losses and histories) is written atomically,
 * then each member's best-so-far model folder; a later call with the same members, data and settings continues
 * after the last checkpoint (also to a larger number of epochs). On the CPU a resumed run gives the same bytes as an
 * uninterrupted one; on a GPU cuDNN's convolution backward may differ in the last bits from run to run.
 */
public final class NanobeamGroupedTrainer {
    /** Name of the resumable state file. */
    public static final String STATE_FILE = "training-state.bin";
    private static final int SIDE = NanobeamNN.IMAGE_SIZE;
    private static final int PIXELS = SIDE * SIDE;
    /** Patterns per upload chunk (host buffers stay small). */
    private static final int UPLOAD_CHUNK = 4096;
    /** Validation patterns per forward pass (each holds G images). */
    private static final int VALIDATION_CHUNK = 512;

    private NanobeamGroupedTrainer() {
    }

    /** One member's noise draw: its training and validation examples (labels in physical units). */
    public record MemberData(LibraryData train, LibraryData validation) {
        public MemberData {
            if (train == null || validation == null) {
                throw new IllegalArgumentException("train and validation must not be null");
            }
        }
    }

    /**
     * The progress line of an epoch: member-mean training and validation MSE (scaled labels), training patterns of all
     * members per second, the epoch's time and the time left at its pace.
     */
    public static String progressLine(EpochLoop.Epoch e) {
        int g = e.records().size();
        EpochRecord r = e.records().get(0);
        return String.format(Locale.ROOT, "epoch %d/%d: train MSE %.5f, validation MSE %.5f (mean of %d member%s),"
                        + " %.0f patterns/s, %.2f s, ~%.1f min left", e.epoch(), e.epochs(),
                e.records().stream().mapToDouble(EpochRecord::trainLoss).average().orElse(Double.NaN),
                e.records().stream().mapToDouble(EpochRecord::valLoss).average().orElse(Double.NaN), g,
                g == 1 ? "" : "s", g * r.samplesPerSecond(), r.seconds(), r.seconds() * (e.epochs() - e.epoch()) / 60);
    }

    /**
     * What a run did (whole history, also across a resume).
     *
     * @param histories          per member, one record per epoch
     * @param bestEpochs         per member, the 1-based epoch whose weights were kept
     * @param bestValidationMse  per member, its validation MSE
     * @param resumedAfterEpoch  epochs already done by the checkpoint this run started from (0: fresh start)
     */
    public record Result(List<List<EpochRecord>> histories, int[] bestEpochs, double[] bestValidationMse,
                         int resumedAfterEpoch) {
    }

    /**
     * Trains {@code nets} (G members, one device) together; each ends with its best-validation weights and its info
     * updated. {@code data.apply(g)} is called once per member, in order, and only while uploading (so one noise
     * draw at a time is on the host); all members need the same training and validation sizes.
     *
     * @param orderSeeds seeds of the members' batch orders
     * @param memberDirs per member, the model folder written at every checkpoint and at the end (null: none)
     * @param stateFile  the resumable state (null: no checkpoints, no resume)
     * @param log        messages such as "resuming after epoch k" (may be null)
     * @param onEpoch    called after every epoch with each member's record (may be null)
     */
    public static Result train(List<NanobeamNet> nets, IntFunction<MemberData> data, long[] orderSeeds,
                               NanobeamTrainingOptions o, List<Path> memberDirs, Path stateFile,
                               Consumer<String> log, Consumer<EpochLoop.Epoch> onEpoch) throws IOException {
        int members = nets.size();
        if (members < 1) {
            throw new IllegalArgumentException("at least one member is needed");
        }
        if (orderSeeds.length != members) {
            throw new IllegalArgumentException("orderSeeds has " + orderSeeds.length + " entries for " + members
                    + " members");
        }
        if (memberDirs != null && memberDirs.size() != members) {
            throw new IllegalArgumentException("memberDirs has " + memberDirs.size() + " entries for " + members
                    + " members");
        }
        Device device = nets.get(0).device();
        GroupedNanobeamNN layout = new GroupedNanobeamNN(members, o.convLayout().resolve(device));
        float[] initial = layout.flatten(nets);
        try (NDManager manager = NDManager.newBaseManager(device, "PyTorch")) {
            DeviceData d = DeviceData.upload(manager, data, members);
            Fingerprint fp = new Fingerprint(members, d.trainCount, d.validationCount, o.batchSize(), o.learningRate(),
                    Arrays.stream(orderSeeds).boxed().toList(), nets.stream().map(n -> n.info().seed()).toList(),
                    nets.stream().map(n -> n.info().noiseSeed()).toList(),
                    nets.stream().map(n -> String.valueOf(n.info().trainedRange())).toList(),
                    nets.stream().map(n -> n.info().maxCounts()).toList(), d.labelHash);
            NDArray theta = manager.create(initial);
            theta.setRequiresGradient(true);
            FlatAdam adam = new FlatAdam(theta, o.learningRate());
            float[] best = initial.clone();
            TrainingState state = TrainingState.fresh(members);
            Consumer<String> say = log == null ? m -> { } : log;
            say.accept(String.format(Locale.ROOT, "data on %s: %d member(s) x (%d training + %d validation) images as "
                    + "%s; convolutions %s", device, members, d.trainCount, d.validationCount,
                    d.trainImages.getDataType(), layout.convLayout().cliName()));
            if (stateFile != null && Files.exists(stateFile)) {
                state = StateFile.read(stateFile, fp, o.epochs(), theta, adam, best);
                say.accept("resuming after epoch " + state.epochsDone() + " from " + stateFile);
            }
            int resumedAfter = state.epochsDone();
            GroupedStep step = new GroupedStep(layout, theta, adam, d, orderSeeds, o, manager, best, new float[1][],
                    fp, stateFile, nets, memberDirs, onEpoch);
            EpochLoop.run(step, state, o.epochs(), o.checkpointEvery(), null, o.learningRate(), d.trainCount);
            if (state.epochsDone() == resumedAfter) {
                step.checkpoint(state);
            }
            return new Result(state.histories(), state.bestEpochs(), state.bestLosses(), resumedAfter);
        }
    }

    /**
     * The grouped NanobeamNN's part of the {@link EpochLoop}; {@code snapshot[0]} is the epoch's host copy of θ, taken
     * at its first improving member.
     */
    private record GroupedStep(GroupedNanobeamNN layout, NDArray theta, FlatAdam adam, DeviceData d, long[] orderSeeds,
                               NanobeamTrainingOptions o, NDManager manager, float[] best, float[][] snapshot,
                               Fingerprint fp, Path stateFile, List<NanobeamNet> nets, List<Path> dirs,
                               Consumer<EpochLoop.Epoch> onEpoch) implements EpochLoop.Step {
        @Override
        public double[] train(int epoch, double learningRate) {
            snapshot[0] = null;
            return trainEpoch(layout, theta, adam, d, orderSeeds, epoch, o.batchSize(), manager);
        }

        @Override
        public double[] validate() {
            return NanobeamGroupedTrainer.validate(layout, theta, d, manager);
        }

        @Override
        public void keepBest(int g) {
            if (snapshot[0] == null) {
                snapshot[0] = theta.toFloatArray();
            }
            layout.copyMember(snapshot[0], best, g);
        }

        /** Writes the state file (if any), then each member's best weights into its net and its folder (if any). */
        @Override
        public void checkpoint(TrainingState state) throws IOException {
            if (stateFile != null) {
                StateFile.write(stateFile, fp, theta, adam, best, state);
            }
            for (int g = 0; g < nets.size(); g++) {
                NanobeamNet net = nets.get(g);
                net.restore(layout.memberValues(best, g));
                net.setInfo(net.info().trained(state.epochsDone(), state.bestEpochs()[g], state.bestLosses()[g]));
                if (dirs != null) {
                    net.save(dirs.get(g));
                    EpochRecord.writeHistory(dirs.get(g), state.history(g));
                }
            }
        }

        @Override
        public void epochEnd(EpochLoop.Epoch e, TrainingState state) {
            if (onEpoch != null) {
                onEpoch.accept(e);
            }
        }

        @Override
        public String interrupted(int epoch, int epochs, int checkpointed) {
            return "NanobeamNN training interrupted in epoch " + epoch + " of " + epochs + "; " + (stateFile == null
                    ? "no state file, nothing to resume" : checkpointed > 0 ? "run again to resume after epoch "
                    + checkpointed + " (" + stateFile + ")" : "no epoch checkpointed yet in " + stateFile);
        }
    }
    /**
     * The order of the n training examples in a 1-based epoch: a Fisher–Yates shuffle from a stream seeded by
     * (seed, epoch), so that any epoch's order can be recomputed on resume.
     */
    static int[] epochOrder(long seed, int epoch, int n) {
        return Permutations.shuffled(n, new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 31L * epoch + 17));
    }

    private static double[] trainEpoch(GroupedNanobeamNN layout, NDArray theta, FlatAdam adam, DeviceData d,
                                       long[] orderSeeds, int epoch, int batch, NDManager manager) {
        int g = layout.members();
        int n = d.trainCount;
        long[] index = new long[n * g];
        for (int m = 0; m < g; m++) {
            int[] order = epochOrder(orderSeeds[m], epoch, n);
            long base = (long) m * n;
            for (int i = 0; i < n; i++) {
                index[i * g + m] = base + order[i];
            }
        }
        int steps = (n + batch - 1) / batch;
        try (NDManager epochScope = manager.newSubManager()) {
            NDArray order = epochScope.create(index);
            NDArray lossSum = epochScope.zeros(new Shape(g), DataType.FLOAT64);
            for (int s = 0; s < steps; s++) {
                int done = s;
                RunInterruptedException.check(() -> "interrupted after " + done + " of " + steps + " batches");
                int start = s * batch;
                int rows = Math.min(batch, n - start);
                try (NDManager scope = epochScope.newSubManager()) {
                    NDArray sel = on(scope, order.get(new NDIndex().addSliceDim((long) start * g, (long) (start + rows) * g)));
                    NDArray x = d.images(on(scope, d.trainImages.get(sel)), rows, g);
                    NDArray y = on(scope, d.trainLabels.get(sel)).reshape(rows, g, 3);
                    NDArray perMember;
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        perMember = layout.forward(theta, x, scope).sub(y).square().sum(new int[] {0, 2}).div(3f * rows);
                        gc.backward(perMember.sum());
                    }
                    lossSum.addi(perMember.toType(DataType.FLOAT64, false));
                    adam.step(theta);
                }
            }
            double[] mse = lossSum.toDoubleArray();
            for (int m = 0; m < g; m++) {
                mse[m] /= steps;
            }
            return mse;
        }
    }

    private static double[] validate(GroupedNanobeamNN layout, NDArray theta, DeviceData d, NDManager manager) {
        int g = layout.members();
        int n = d.validationCount;
        try (NoGradient off = NoGradient.open(); NDManager epochScope = manager.newSubManager()) {
            NDArray sum = epochScope.zeros(new Shape(g), DataType.FLOAT64);
            for (int start = 0; start < n; start += VALIDATION_CHUNK) {
                int rows = Math.min(VALIDATION_CHUNK, n - start);
                try (NDManager scope = epochScope.newSubManager()) {
                    NDIndex slice = new NDIndex().addSliceDim(start, start + rows);
                    NDArray x = d.images(on(scope, d.validationImages.get(slice)), rows, g);
                    NDArray y = on(scope, d.validationLabels.get(slice)).toType(DataType.FLOAT64, false);
                    NDArray out = layout.forward(theta, x, scope).toType(DataType.FLOAT64, false);
                    sum.addi(out.sub(y).square().sum(new int[] {0, 2}));
                }
            }
            double[] mse = sum.toDoubleArray();
            for (int m = 0; m < g; m++) {
                mse[m] /= 3.0 * n;
            }
            return mse;
        }
    }

    private static NDArray on(NDManager scope, NDArray a) {
        a.attach(scope);
        return a;
    }

    /**
     * The state file ({@link Checkpoint} layout): a JSON header (fingerprint, epochs done, Adam step count, per-member
     * best epochs, losses and histories), then θ, Adam's m and v, and the per-member best weights (each an int count
     * and float32 values). Written atomically (temporary file, fsync, rename).
     */
    static final class StateFile {
        private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();
        private static final Checkpoint FORMAT = new Checkpoint("strainlab-nanobeam-grouped-state/2",
                "strainlab-nanobeam-grouped-state/1",
                "written by an older StrainLab without a checksum; delete it to start the training over",
                "grouped NanobeamNN training state", "training state");

        record Header(Fingerprint fingerprint, int epochsDone, long adamSteps, int[] bestEpochs,
                      double[] bestValidationMse, List<List<EpochRecord>> histories) {
        }

        private StateFile() {
        }

        static void write(Path file, Fingerprint fp, NDArray theta, FlatAdam adam, float[] best, TrainingState state)
                throws IOException {
            Header h = new Header(fp, state.epochsDone(), adam.stepCount(), state.bestEpochs(), state.bestLosses(),
                    state.histories());
            float[][] arrays = {theta.toFloatArray(), adam.meanValues(), adam.varianceValues(), best};
            AtomicFiles.writeStream(file, os -> FORMAT.write(os, GSON.toJson(h), out -> {
                for (float[] a : arrays) {
                    out.writeInt(a.length);
                    ByteBuffer b = ByteBuffer.allocate(a.length * Float.BYTES);
                    b.asFloatBuffer().put(a);
                    out.write(b.array());
                }
            }));
        }

        /** Restores θ, Adam and the best weights from {@code file}; errors name the file and what does not match. */
        static TrainingState read(Path file, Fingerprint expected, int epochs, NDArray theta, FlatAdam adam,
                                  float[] best) throws IOException {
            float[][] arrays = new float[4][];
            Header h = FORMAT.read(file, (json, in) -> {
                Header header = GSON.fromJson(json, Header.class);
                for (int i = 0; i < arrays.length; i++) {
                    int n = in.readInt();
                    if (n != theta.size()) {
                        throw new IOException("array " + i + " has " + n + " values, expected " + theta.size());
                    }
                    byte[] raw = new byte[n * Float.BYTES];
                    in.readFully(raw);
                    arrays[i] = new float[n];
                    ByteBuffer.wrap(raw).asFloatBuffer().get(arrays[i]);
                }
                return header;
            });
            RunFingerprint.requireResumable(file, h.fingerprint(), expected);
            if (h.epochsDone() > epochs) {
                throw new IllegalStateException(file + " is already at epoch " + h.epochsDone() + ", beyond the "
                        + epochs + " epochs asked for; ask for at least " + h.epochsDone() + " or delete " + file);
            }
            theta.set(FloatBuffer.wrap(arrays[0]));
            adam.restore(h.adamSteps(), arrays[1], arrays[2]);
            System.arraycopy(arrays[3], 0, best, 0, best.length);
            return TrainingState.restored(h.epochsDone(), h.histories(), h.bestEpochs(), h.bestValidationMse(), 0);
        }
    }
    /** What must match for a run to resume from a state file. */
    record Fingerprint(int members, int trainCount, int validationCount, int batchSize, double learningRate,
                       List<Long> orderSeeds, List<Long> seeds, List<Long> noiseSeeds, List<String> trainedRanges,
                       List<Double> maxCounts, int labelHash) implements RunFingerprint<Fingerprint> {
    }

    /** Training and validation sets of all members on the device. */
    static final class DeviceData {
        /** (G·N, 4096): member g's training image i at row g·N + i. */
        NDArray trainImages;
        /** (G·N, 3) scaled labels, rows as {@link #trainImages}. */
        NDArray trainLabels;
        /** (Nv, G, 4096): member g's validation image i at [i, g]. */
        NDArray validationImages;
        /** (Nv, G, 3) scaled labels. */
        NDArray validationLabels;
        int trainCount;
        int validationCount;
        int labelHash;

        /** Reshapes gathered rows (rows·G, 4096) or (rows, G, 4096) to a float32 (rows, G, 64, 64) batch. */
        NDArray images(NDArray raw, int rows, int members) {
            NDArray x = raw.getDataType() == DataType.FLOAT32 ? raw : raw.toType(DataType.FLOAT32, false);
            return x.reshape(rows, members, SIDE, SIDE);
        }

        static DeviceData upload(NDManager manager, IntFunction<MemberData> data, int members) {
            DeviceData d = new DeviceData();
            NDList trainImages = new NDList();
            NDList trainLabels = new NDList();
            NDList valImages = new NDList();
            NDList valLabels = new NDList();
            int hash = 1;
            for (int g = 0; g < members; g++) {
                MemberData md = data.apply(g);
                LibraryData t = md.train();
                LibraryData v = md.validation();
                if (t.count() == 0 || v.count() == 0) {
                    throw new IllegalArgumentException("member " + g + ": training and validation sets must not be empty");
                }
                if (t.inputLength() != PIXELS || v.inputLength() != PIXELS) {
                    throw new IllegalArgumentException("member " + g + ": images must be " + SIDE + "x" + SIDE);
                }
                Patterns.requireValid(t.images(), SIDE);
                Patterns.requireValid(v.images(), SIDE);
                if (g == 0) {
                    d.trainCount = t.count();
                    d.validationCount = v.count();
                } else if (t.count() != d.trainCount || v.count() != d.validationCount) {
                    throw new IllegalArgumentException("member " + g + " has " + t.count() + " training and "
                            + v.count() + " validation examples; member 0 has " + d.trainCount + " and "
                            + d.validationCount + " (grouped training needs equal sizes)");
                }
                hash = 31 * (31 * hash + Arrays.hashCode(t.labels())) + Arrays.hashCode(v.labels());
                trainImages.add(uploadImages(manager, t.images(), t.count()));
                trainLabels.add(manager.create(scaledLabels(t), new Shape(t.count(), 3)));
                valImages.add(uploadImages(manager, v.images(), v.count()));
                valLabels.add(manager.create(scaledLabels(v), new Shape(v.count(), 3)));
            }
            unifyTypes(trainImages, valImages);
            d.trainImages = NDArrays.concat(trainImages, 0);
            d.trainLabels = NDArrays.concat(trainLabels, 0);
            d.validationImages = NDArrays.stack(valImages, 1);
            d.validationLabels = NDArrays.stack(valLabels, 1);
            d.labelHash = hash;
            for (NDList l : List.of(trainImages, trainLabels, valImages, valLabels)) {
                l.close();
            }
            return d;
        }

        private static float[] scaledLabels(LibraryData set) {
            float[] scale = NanobeamNN.LABEL_SCALE;
            float[] out = new float[set.count() * 3];
            for (int i = 0; i < out.length; i++) {
                out[i] = set.labels()[i] * scale[i % 3];
            }
            return out;
        }

        /** Casts every uint8 part to float32 when any part is float32 (non-integer or large counts). */
        private static void unifyTypes(NDList a, NDList b) {
            boolean allBytes = a.stream().allMatch(x -> x.getDataType() == DataType.UINT8)
                    && b.stream().allMatch(x -> x.getDataType() == DataType.UINT8);
            if (allBytes) {
                return;
            }
            for (NDList list : List.of(a, b)) {
                for (int i = 0; i < list.size(); i++) {
                    NDArray x = list.get(i);
                    if (x.getDataType() != DataType.FLOAT32) {
                        list.set(i, x.toType(DataType.FLOAT32, false));
                        x.close();
                    }
                }
            }
        }

        /** n images as an (n, 4096) array: uint8 when all are whole counts in 0..255 (exact), else float32. */
        private static NDArray uploadImages(NDManager manager, float[] images, int n) {
            boolean bytes = true;
            for (float v : images) {
                if (v > 255 || v != Math.rint(v)) {
                    bytes = false;
                    break;
                }
            }
            NDList chunks = new NDList();
            for (int start = 0; start < n; start += UPLOAD_CHUNK) {
                int rows = Math.min(UPLOAD_CHUNK, n - start);
                Shape shape = new Shape(rows, PIXELS);
                if (bytes) {
                    ByteBuffer b = ByteBuffer.allocateDirect(rows * PIXELS);
                    for (int i = start * PIXELS, end = (start + rows) * PIXELS; i < end; i++) {
                        b.put((byte) (int) images[i]);
                    }
                    b.rewind();
                    chunks.add(manager.create(b, shape, DataType.UINT8));
                } else {
                    chunks.add(manager.create(FloatBuffer.wrap(images, start * PIXELS, rows * PIXELS), shape));
                }
            }
            if (chunks.size() == 1) {
                return chunks.get(0);
            }
            NDArray all = NDArrays.concat(chunks, 0);
            chunks.close();
            return all;
        }
    }
}
