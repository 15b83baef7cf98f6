package strainlab.nanobeam.net;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import strainlab.dataset.DatasetSplit;
import strainlab.nanobeam.sim.LibraryData;
import strainlab.nanobeam.sim.NanobeamLibrary;
import strainlab.nanobeam.sim.ParameterEstimates;
import strainlab.nanobeam.sim.ParameterGrid;
import strainlab.nanobeam.sim.Patterns;
import strainlab.training.Devices;
import strainlab.training.EpochRecord;

/**
 * An ensemble of NanobeamNNs trained with different initial weights and different Poisson-noise draws of the
 * same library (the paper averages ten); the prediction is the member mean and its uncertainty the member
 * standard deviation. Stored as {@code member-00/}, {@code member-01/}, ... model folders.
 *
 * <p>Inference ({@link #predict}) picks its path by device: on a GPU two or more members run as one grouped network
 * ({@link #predictGrouped}: each block of patterns is uploaded once and read by every member), on the CPU member after
 * member in the Vector API engine ({@link #predictSequential}). Not thread-safe (as its members).
 */
public final class NanobeamEnsemble implements AutoCloseable {
    /** Seed of the fixed train/validation/test split (as in the published scripts). */
    public static final long SPLIT_SEED = 8;

    /** Member-patterns per block of the grouped pass (see {@link #blockPatterns(int)}). */
    static final int BLOCK_MEMBER_PATTERNS = 16_384;
    /** Most patterns per block of the grouped pass. */
    static final int MAX_BLOCK_PATTERNS = 4_096;
    private static final int PIXELS = NanobeamNN.IMAGE_SIZE * NanobeamNN.IMAGE_SIZE;

    private final List<NanobeamNet> members;
    /**
     * Owner of θ for the grouped pass (created with it, a sub-manager of member 0's, so θ is also freed when that
     * member is closed); per-block arrays live on its sub-managers.
     */
    private NDManager groupedManager;
    private NDArray theta;
    private ByteBuffer staging;

    public NanobeamEnsemble(List<NanobeamNet> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one member");
        }
        this.members = List.copyOf(members);
    }

    /** The paper's 80/10/10 split of a library of n examples (fixed seed {@value #SPLIT_SEED}). */
    public static DatasetSplit split(int n) {
        return DatasetSplit.of(n, SPLIT_SEED, 0.1, 0.1);
    }

    /**
     * Trains {@code count} members at once as one grouped network ({@link NanobeamGroupedTrainer}): member m uses
     * weight seed {@code base.seed()+m}, noise seed {@code base.noiseSeed()+m} (its own Poisson draw of the library,
     * split 80/10/10 with {@link #SPLIT_SEED}) and batch-order seed {@code base.seed()+m}. With {@code dir} non-null
     * member m is written to {@code dir/member-mm} and the resumable state to {@code dir/}{@value
     * NanobeamGroupedTrainer#STATE_FILE} every {@code base.checkpointEvery()} epochs; a killed run resumes from it,
     * and when every member folder already holds a finished member with these settings they are loaded instead.
     * Progress lines (one per epoch: member-mean MSEs, patterns/s) go to {@code log}. {@code device} is a device
     * name resolved by {@link Devices#select} ({@code auto}, {@code cpu}, {@code gpu}, {@code gpu:N}).
     */
    public static NanobeamEnsemble train(NanobeamLibrary library, int count, NanobeamTrainingOptions base, Path dir,
                                         String device, int threads, Consumer<String> log) throws IOException {
        Device on = Devices.select(device);
        return inModelFolder(dir, count, d -> trainLocked(library, count, base, d, on, threads, log));
    }

    /** A training run into a model folder (null: none). */
    @FunctionalInterface
    private interface Training {
        NanobeamEnsemble run(Path dir) throws IOException;
    }

    /**
     * Runs {@code training} into {@code dir} under the folder's lock, with its checksums removed while the members
     * are rewritten and written again for {@code count} members at the end; without a folder it simply runs.
     */
    private static NanobeamEnsemble inModelFolder(Path dir, int count, Training training) throws IOException {
        if (dir == null) {
            return training.run(null);
        }
        Files.createDirectories(dir);
        try (strainlab.io.FolderLock lock = strainlab.io.FolderLock.acquire(dir, "model folder")) {
            strainlab.io.Checksums.delete(dir);
            NanobeamEnsemble e = training.run(dir);
            writeChecksums(dir, count);
            return e;
        }
    }

    private static NanobeamEnsemble trainLocked(NanobeamLibrary library, int count, NanobeamTrainingOptions base,
                                                Path dir, Device device, int threads, Consumer<String> log)
            throws IOException {
        List<NanobeamTrainingOptions> opts = memberOptions(count, base, dir);
        if (dir != null && opts.stream().allMatch(o -> isFinished(o.checkpointDir(), o, library.grid(), library.maxCounts()))) {
            return loadFinished(opts, device, log);
        }
        DatasetSplit split = split(library.size());
        List<NanobeamNet> nets = new ArrayList<>();
        long[] orderSeeds = new long[count];
        try {
            for (int m = 0; m < count; m++) {
                NanobeamTrainingOptions o = opts.get(m);
                nets.add(NanobeamNet.create(device,
                        NanobeamModelInfo.untrained(library.grid(), library.maxCounts(), o.seed(), o.noiseSeed())));
                orderSeeds[m] = o.seed();
            }
            IntFunction<NanobeamGroupedTrainer.MemberData> data = m -> {
                long t0 = System.nanoTime();
                LibraryData d = library.materialise(opts.get(m).noiseSeed(), true, threads, null);
                if (log != null) {
                    log.accept(String.format(Locale.ROOT, "member %d: noise draw %d of the %d-pattern library (%.1f s)",
                            m, opts.get(m).noiseSeed(), library.size(), (System.nanoTime() - t0) / 1e9));
                }
                return new NanobeamGroupedTrainer.MemberData(d.subset(split.train()), d.subset(split.validation()));
            };
            if (log != null) {
                log.accept(String.format(Locale.ROOT, "training %d member(s) together on %s: %d training + %d validation "
                                + "patterns each, batch %d, %d epochs%s", count, device, split.train().length,
                        split.validation().length, base.batchSize(), base.epochs(), dir == null ? ""
                                : ", checkpoint every " + base.checkpointEvery() + " epochs in " + dir));
            }
            NanobeamGroupedTrainer.train(nets, data, orderSeeds, base,
                    dir == null ? null : opts.stream().map(NanobeamTrainingOptions::checkpointDir).toList(),
                    dir == null ? null : dir.resolve(NanobeamGroupedTrainer.STATE_FILE), log,
                    log == null ? null : p -> log.accept(NanobeamGroupedTrainer.progressLine(p)));
        } catch (IOException | RuntimeException e) {
            nets.forEach(NanobeamNet::close);
            throw e;
        }
        return new NanobeamEnsemble(nets);
    }

    /**
     * Trains the members one after the other (each as in {@link #train}, alone: same seeds and data, so the same
     * members up to float rounding, but G times the steps); a member already finished in its folder is loaded, and an
     * unfinished one resumes from the training state in its folder.
     */
    public static NanobeamEnsemble trainSequential(NanobeamLibrary library, int count, NanobeamTrainingOptions base,
                                                   Path dir, String device, int threads, Consumer<String> log)
            throws IOException {
        Device on = Devices.select(device);
        return inModelFolder(dir, count, d -> trainSequentialLocked(library, count, base, d, on, threads, log));
    }

    private static NanobeamEnsemble trainSequentialLocked(NanobeamLibrary library, int count,
                                                          NanobeamTrainingOptions base, Path dir, Device device,
                                                          int threads, Consumer<String> log) throws IOException {
        List<NanobeamTrainingOptions> opts = memberOptions(count, base, dir);
        DatasetSplit split = split(library.size());
        List<NanobeamNet> nets = new ArrayList<>();
        try {
            for (int m = 0; m < count; m++) {
                NanobeamTrainingOptions o = opts.get(m);
                if (o.checkpointDir() != null && isFinished(o.checkpointDir(), o, library.grid(), library.maxCounts())) {
                    nets.add(NanobeamNet.load(o.checkpointDir(), device));
                    if (log != null) {
                        log.accept("member " + m + ": already trained in " + o.checkpointDir() + ", kept");
                    }
                    continue;
                }
                LibraryData data = library.materialise(o.noiseSeed(), true, threads, null);
                NanobeamNet net = NanobeamNet.create(device,
                        NanobeamModelInfo.untrained(library.grid(), library.maxCounts(), o.seed(), o.noiseSeed()));
                nets.add(net);
                int member = m;
                Consumer<EpochRecord> onEpoch = log == null ? null : r -> log.accept(String.format(Locale.ROOT,
                        "member %d epoch %d/%d: train MSE %.5f, validation MSE %.5f, %.0f patterns/s, %.2f s", member,
                        r.epoch(), o.epochs(), r.trainLoss(), r.valLoss(), r.samplesPerSecond(), r.seconds()));
                NanobeamTrainer.train(net, data.subset(split.train()), data.subset(split.validation()), o, onEpoch);
            }
        } catch (IOException | RuntimeException e) {
            nets.forEach(NanobeamNet::close);
            throw e;
        }
        return new NanobeamEnsemble(nets);
    }

    private static List<NanobeamTrainingOptions> memberOptions(int count, NanobeamTrainingOptions base, Path dir) {
        if (count < 1) {
            throw new IllegalArgumentException("ensemble size must be >= 1, got " + count);
        }
        List<NanobeamTrainingOptions> opts = new ArrayList<>();
        for (int m = 0; m < count; m++) {
            opts.add(base.withSeeds(base.seed() + m, base.noiseSeed() + m)
                    .withCheckpointDir(dir == null ? null : memberDir(dir, m)));
        }
        return opts;
    }

    private static NanobeamEnsemble loadFinished(List<NanobeamTrainingOptions> opts, Device device, Consumer<String> log)
            throws IOException {
        List<NanobeamNet> nets = new ArrayList<>();
        try {
            for (int m = 0; m < opts.size(); m++) {
                nets.add(NanobeamNet.load(opts.get(m).checkpointDir(), device));
                if (log != null) {
                    log.accept("member " + m + ": already trained in " + opts.get(m).checkpointDir() + ", kept");
                }
            }
        } catch (IOException | RuntimeException e) {
            nets.forEach(NanobeamNet::close);
            throw e;
        }
        return new NanobeamEnsemble(nets);
    }

    /**
     * Whether {@code dir} holds a network trained to completion with these options (epochs, weight and noise seeds;
     * noise seed -1 for a noise-free library) on {@code grid} at {@code maxCounts}: resume after a kill. A member
     * folder is rewritten at every checkpoint, so epochs run = epochs asked means finished.
     */
    public static boolean isFinished(Path dir, NanobeamTrainingOptions o, ParameterGrid grid, double maxCounts) {
        if (!Files.isRegularFile(dir.resolve(NanobeamModelInfo.FILE_NAME))) {
            return false;
        }
        try {
            NanobeamModelInfo info = NanobeamModelInfo.read(dir);
            return info.epochs() == o.epochs() && info.seed() == o.seed() && info.noiseSeed() == o.noiseSeed()
                    && grid.equals(info.trainedRange()) && info.maxCounts() == maxCounts;
        } catch (IOException e) {
            return false;
        }
    }

    /** Folder of member m inside an ensemble folder. */
    public static Path memberDir(Path dir, int m) {
        return dir.resolve(String.format(Locale.ROOT, "member-%02d", m));
    }

    /**
     * Loads every {@code member-NN} folder of {@code dir}, in order. The ensemble's {@code checksums.json} lists the
     * files of every member: a missing, damaged or unlisted member is an error naming it, never a smaller ensemble.
     * An ensemble without it (written before checksums existed) loads with a one-line warning, and a gap in the
     * member numbers is still an error. {@code deviceName} as in {@link #train}.
     */
    public static NanobeamEnsemble load(Path dir, String deviceName) throws IOException {
        Device device = Devices.select(deviceName);
        int count = checkMembers(dir);
        List<NanobeamNet> nets = new ArrayList<>();
        try {
            for (int m = 0; m < count; m++) {
                nets.add(NanobeamNet.load(memberDir(dir, m), device));
            }
        } catch (IOException | RuntimeException e) {
            nets.forEach(NanobeamNet::close);
            throw e;
        }
        if (nets.isEmpty()) {
            if (Files.isRegularFile(dir.resolve(NanobeamModelInfo.FILE_NAME))) {
                nets.add(NanobeamNet.load(dir, device));
            } else {
                throw new IOException(dir + ": no member-00 folder and no " + NanobeamModelInfo.FILE_NAME
                        + " (not a NanobeamNN model or ensemble)");
            }
        }
        return new NanobeamEnsemble(nets);
    }

    /** The member folder names of an ensemble folder (sorted). */
    private static java.util.TreeSet<String> memberFolders(Path dir) throws IOException {
        java.util.TreeSet<String> found = new java.util.TreeSet<>();
        if (Files.isDirectory(dir)) {
            try (var ds = Files.newDirectoryStream(dir, p -> Files.isDirectory(p)
                    && p.getFileName().toString().matches("member-\\d{2,}"))) {
                ds.forEach(p -> found.add(p.getFileName().toString()));
            }
        }
        return found;
    }

    /**
     * Checks the member folders of {@code dir} against its checksum file (or, without one, for gaps) and returns
     * the number of members (0 when there are none).
     */
    public static int checkMembers(Path dir) throws IOException {
        java.util.TreeSet<String> found = memberFolders(dir);
        if (found.isEmpty()) {
            return 0;
        }
        java.util.Set<String> listed = strainlab.io.Checksums.verify(dir, List.of());
        java.util.TreeSet<String> expected = new java.util.TreeSet<>();
        if (!listed.isEmpty()) {
            for (String f : listed) {
                expected.add(f.substring(0, Math.max(0, f.indexOf('/'))));
            }
            for (int m = 0; m < expected.size(); m++) {
                String name = memberDir(dir, m).getFileName().toString();
                if (!expected.contains(name)) {
                    throw new IOException(dir.resolve(strainlab.io.Checksums.FILE_NAME) + ": lists no " + name
                            + " (not an ensemble written by StrainLab)");
                }
                for (String file : NanobeamNet.CHECKSUMMED) {
                    if (!listed.contains(name + "/" + file)) {
                        throw new IOException(dir.resolve(strainlab.io.Checksums.FILE_NAME) + ": does not list "
                                + name + "/" + file);
                    }
                }
            }
            for (String f : found) {
                if (!expected.contains(f)) {
                    throw new IOException(dir.resolve(f) + ": a member folder not listed in "
                            + dir.resolve(strainlab.io.Checksums.FILE_NAME) + " (the ensemble has " + expected.size()
                            + " members); remove it or run 'bin/strainlab models checksum " + dir + "'");
                }
            }
            return expected.size();
        }
        for (int m = 0; m < found.size(); m++) {
            Path member = memberDir(dir, m);
            if (!found.contains(member.getFileName().toString())) {
                throw new IOException(member + ": missing, but " + dir + " holds " + found.size()
                        + " member folders up to " + found.last() + "; the ensemble is incomplete");
            }
        }
        return found.size();
    }

    /**
     * Writes the ensemble's {@code checksums.json}: every member's files, so that a missing or damaged member is
     * found when the ensemble is loaded.
     */
    public static void writeChecksums(Path dir, int count) throws IOException {
        List<String> files = new ArrayList<>();
        for (int m = 0; m < count; m++) {
            for (String f : NanobeamNet.CHECKSUMMED) {
                files.add(memberDir(dir, m).getFileName() + "/" + f);
            }
        }
        strainlab.io.Checksums.write(dir, files);
    }

    public List<NanobeamNet> members() {
        return members;
    }

    public int size() {
        return members.size();
    }

    /** The trained range (of the first member). */
    public ParameterGrid trainedRange() {
        return members.get(0).trainedRange();
    }

    /**
     * Mean and spread of the member predictions.
     *
     * @param mean   member mean per pattern
     * @param spread member standard deviation (n−1 in the denominator; zero for a single member)
     */
    public record Prediction(ParameterEstimates mean, ParameterEstimates spread) {
    }

    /**
     * Predicts n patterns (counts, row-major 64×64 each) with every member. With two or more members on one GPU this is
     * {@link #predictGrouped} with the device's default layout ({@link ConvLayout#AUTO}); otherwise it is
     * {@link #predictSequential}: on the CPU each member runs in {@link NanobeamCpuInference} (the Vector API engine
     * is several times faster there than any PyTorch CPU pass, grouped or not), and a single member gains nothing from
     * grouping.
     */
    public Prediction predict(float[] images) {
        return groupedByDefault() ? predictGrouped(images, ConvLayout.AUTO) : predictSequential(images);
    }

    /** Whether {@link #predict} takes the grouped pass: two or more members, all on one device that is not a CPU. */
    boolean groupedByDefault() {
        Device d = members.get(0).device();
        return members.size() > 1 && !Device.Type.CPU.equals(d.getDeviceType())
                && members.stream().allMatch(m -> m.device().equals(d));
    }

    /** Member by member: each member's own {@link NanobeamNet#predict} (its device's fastest single-net path). */
    public Prediction predictSequential(float[] images) {
        List<ParameterEstimates> all = new ArrayList<>();
        for (NanobeamNet net : members) {
            all.add(net.predict(images));
        }
        return summarise(all);
    }

    /**
     * All members as one grouped network ({@link GroupedNanobeamNN#forwardShared}) on their common device, in blocks
     * of {@link #blockPatterns(int)} patterns: per block the images go to the device in one host→device copy shared by
     * every member, one forward pass gives all G outputs, and one copy brings them back. The flat parameters θ are
     * built from the members' weights at the first grouped call and kept until {@link #close()} (the members must not
     * be retrained in between). Equals {@link #predictSequential} to float rounding.
     *
     * @param layout how the convolutions run ({@link ConvLayout#AUTO}: grouped on a GPU, mixed on a CPU)
     */
    public Prediction predictGrouped(float[] images, ConvLayout layout) {
        return predictGrouped(images, layout, blockPatterns(members.size()));
    }

    /** {@link #predictGrouped(float[], ConvLayout)} with blocks of {@code blockPatterns} patterns. */
    Prediction predictGrouped(float[] images, ConvLayout layout, int blockPatterns) {
        if (layout == null) {
            throw new IllegalArgumentException("layout must not be null");
        }
        if (blockPatterns < 1) {
            throw new IllegalArgumentException("blockPatterns must be >= 1, got " + blockPatterns);
        }
        int n = Patterns.requireValid(images, NanobeamNN.IMAGE_SIZE);
        int g = members.size();
        NDArray params = flatParameters();
        GroupedNanobeamNN net = new GroupedNanobeamNN(g, layout.resolve(params.getDevice()));
        int rowsMax = Math.min(blockPatterns, n);
        ByteBuffer staging = staging(rowsMax * PIXELS * Float.BYTES);
        float[] y = new float[Math.multiplyExact(n, 3 * g)];
        for (int start = 0; start < n; start += rowsMax) {
            int rows = Math.min(rowsMax, n - start);
            staging.clear();
            staging.asFloatBuffer().put(images, start * PIXELS, rows * PIXELS);
            staging.limit(rows * PIXELS * Float.BYTES);
            try (NDManager scope = groupedManager.newSubManager()) {
                NDArray x = scope.create(staging, NanobeamNN.inputShape(rows), DataType.FLOAT32);
                float[] block = net.forwardShared(params, x, scope).toFloatArray();
                System.arraycopy(block, 0, y, start * g * 3, block.length);
            }
        }
        List<ParameterEstimates> all = new ArrayList<>();
        for (int m = 0; m < g; m++) {
            float[] scale = members.get(m).info().labelScale();
            ParameterEstimates e = ParameterEstimates.zeros(n);
            for (int i = 0; i < n; i++) {
                int o = (i * g + m) * 3;
                e.strain()[i] = y[o] / (double) scale[0];
                e.tiltLrDeg()[i] = y[o + 1] / (double) scale[1];
                e.tiltUdDeg()[i] = y[o + 2] / (double) scale[2];
            }
            all.add(e);
        }
        return summarise(all);
    }

    /**
     * Patterns per block of {@link #predictGrouped} for g members: {@value #BLOCK_MEMBER_PATTERNS} / g, at least 1 and
     * at most {@value #MAX_BLOCK_PATTERNS} (1 638 for ten members, 4 096 for one to four). A block's peak device memory
     * is then at most {@value #BLOCK_MEMBER_PATTERNS} × 115.2 kB ≈ 1.9 GB of activations (two consecutive activations
     * at the second convolution, see {@link GroupedNanobeamNN#forwardShared}) plus its float32 images (16 kB per
     * pattern, ≤ 64 MB, also the size of the host staging buffer) and the convolution workspace.
     */
    static int blockPatterns(int g) {
        return Math.max(1, Math.min(MAX_BLOCK_PATTERNS, BLOCK_MEMBER_PATTERNS / g));
    }

    /** The host staging buffer of the block uploads (direct, native order), grown when a call needs more. */
    private ByteBuffer staging(int bytes) {
        if (staging == null || staging.capacity() < bytes) {
            staging = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        }
        return staging;
    }

    /** The members' weights as one flat vector θ on their device (built once, freed by {@link #close()}). */
    private NDArray flatParameters() {
        if (theta != null) {
            return theta;
        }
        float[] flat = new GroupedNanobeamNN(members.size(), ConvLayout.GROUPED).flatten(members);
        groupedManager = members.get(0).manager().newSubManager();
        theta = groupedManager.create(flat);
        return theta;
    }

    /** Arrays held by the grouped pass between calls (θ once built, else none): constant over calls. */
    int heldArrays() {
        return groupedManager == null ? 0 : groupedManager.getManagedArrays().size();
    }

    /** Member mean and spread (n−1) of per-member estimates. */
    private static Prediction summarise(List<ParameterEstimates> all) {
        int n = all.get(0).size();
        ParameterEstimates mean = ParameterEstimates.zeros(n);
        ParameterEstimates spread = ParameterEstimates.zeros(n);
        int k = all.size();
        for (int d = 0; d < 3; d++) {
            double[] mu = mean.parameter(d);
            double[] sd = spread.parameter(d);
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (ParameterEstimates e : all) {
                    s += e.parameter(d)[i];
                }
                mu[i] = s / k;
                double v = 0;
                for (ParameterEstimates e : all) {
                    double q = e.parameter(d)[i] - mu[i];
                    v += q * q;
                }
                sd[i] = k > 1 ? Math.sqrt(v / (k - 1)) : 0;
            }
        }
        return new Prediction(mean, spread);
    }

    /** Saves every member to {@code dir/member-NN}, then the ensemble's {@code checksums.json}. */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        strainlab.io.Checksums.delete(dir);
        for (int m = 0; m < members.size(); m++) {
            members.get(m).save(memberDir(dir, m));
        }
        writeChecksums(dir, members.size());
    }

    @Override
    public void close() {
        if (groupedManager != null) {
            groupedManager.close();
            groupedManager = null;
            theta = null;
        }
        staging = null;
        members.forEach(NanobeamNet::close);
    }
}
