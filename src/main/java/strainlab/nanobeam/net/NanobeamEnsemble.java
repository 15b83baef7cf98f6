package strainlab.nanobeam.net;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import strainlab.cnn.EpochRecord;
import strainlab.dataset.DatasetSplit;
import strainlab.nanobeam.sim.LibraryData;
import strainlab.nanobeam.sim.NanobeamLibrary;
import strainlab.nanobeam.sim.ParameterEstimates;
import strainlab.nanobeam.sim.ParameterGrid;

/**
 * An ensemble of NanobeamNNs trained with different initial weights and different Poisson-noise draws of the
 * same library (the paper averages ten); the prediction is the member mean and its uncertainty the member
 * standard deviation. Stored as {@code member-00/}, {@code member-01/}, ... model folders.
 */
public final class NanobeamEnsemble implements AutoCloseable {
    /** Seed of the fixed train/validation/test split (as in the published scripts). */
    public static final long SPLIT_SEED = 8;

    private final List<NanobeamNet> members;

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
     * Trains {@code count} members: member m uses weight seed {@code base.seed()+m} and noise seed
     * {@code base.noiseSeed()+m}; with {@code dir} non-null member m is written to {@code dir/member-mm}, and a
     * member already trained there to completion with the same settings is loaded instead (so a killed run resumes
     * at the member it was training).
     */
    public static NanobeamEnsemble train(NanobeamLibrary library, int count, NanobeamTrainingOptions base, Path dir,
                                         Device device, int threads, Consumer<String> log) throws IOException {
        if (count < 1) {
            throw new IllegalArgumentException("ensemble size must be >= 1, got " + count);
        }
        DatasetSplit split = split(library.size());
        List<NanobeamNet> nets = new ArrayList<>();
        for (int m = 0; m < count; m++) {
            NanobeamTrainingOptions o = base.withSeeds(base.seed() + m, base.noiseSeed() + m)
                    .withCheckpointDir(dir == null ? null : memberDir(dir, m));
            if (o.checkpointDir() != null && isFinished(o.checkpointDir(), o, library)) {
                nets.add(NanobeamNet.load(o.checkpointDir(), device));
                if (log != null) {
                    log.accept("member " + m + ": already trained in " + o.checkpointDir() + ", kept");
                }
                continue;
            }
            LibraryData data = library.materialise(o.noiseSeed(), true, threads, null);
            NanobeamNet net = NanobeamNet.create(device,
                    NanobeamModelInfo.untrained(library.grid(), library.maxCounts(), o.seed(), o.noiseSeed()));
            int member = m;
            Consumer<EpochRecord> onEpoch = log == null ? null : r -> log.accept(String.format(Locale.ROOT,
                    "member %d epoch %d: train MSE %.5f, validation MSE %.5f, %.1f s", member, r.epoch(),
                    r.trainLoss(), r.valLoss(), r.seconds()));
            NanobeamTrainer.train(net, data.subset(split.train()), data.subset(split.validation()), o, onEpoch);
            nets.add(net);
        }
        return new NanobeamEnsemble(nets);
    }

    /** Whether {@code dir} holds a member trained to completion with these options (resume after a kill). */
    static boolean isFinished(Path dir, NanobeamTrainingOptions o, NanobeamLibrary library) {
        if (!Files.isRegularFile(dir.resolve(NanobeamModelInfo.FILE_NAME))) {
            return false;
        }
        try {
            NanobeamModelInfo info = NanobeamModelInfo.read(dir);
            return info.epochs() == o.epochs() && info.seed() == o.seed() && info.noiseSeed() == o.noiseSeed()
                    && library.grid().equals(info.trainedRange()) && info.maxCounts() == library.maxCounts();
        } catch (IOException e) {
            return false;
        }
    }

    /** Folder of member m inside an ensemble folder. */
    public static Path memberDir(Path dir, int m) {
        return dir.resolve(String.format(Locale.ROOT, "member-%02d", m));
    }

    /** Loads every {@code member-NN} folder of {@code dir}, in order. */
    public static NanobeamEnsemble load(Path dir, Device device) throws IOException {
        List<NanobeamNet> nets = new ArrayList<>();
        for (int m = 0; Files.isDirectory(memberDir(dir, m)); m++) {
            nets.add(NanobeamNet.load(memberDir(dir, m), device));
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

    /** Predicts n patterns (counts, row-major 64×64 each) with every member. */
    public Prediction predict(float[] images) {
        List<ParameterEstimates> all = new ArrayList<>();
        for (NanobeamNet net : members) {
            all.add(net.predict(images));
        }
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

    /** Saves every member to {@code dir/member-NN}. */
    public void save(Path dir) throws IOException {
        for (int m = 0; m < members.size(); m++) {
            members.get(m).save(memberDir(dir, m));
        }
    }

    @Override
    public void close() {
        members.forEach(NanobeamNet::close);
    }
}
