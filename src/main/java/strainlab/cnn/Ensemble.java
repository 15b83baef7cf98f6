package strainlab.cnn;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import strainlab.dataset.recipe.Recipe;
import strainlab.io.Checksums;
import strainlab.io.ResultFiles;
import strainlab.training.TrainingListener;
import strainlab.training.TrainingOptions;

/**
 * Networks of one recipe trained from different seeds, used together: the prediction is the members' mean and its
 * uncertainty their spread (standard deviation, per output). On disk a folder with {@value #FILE_NAME} naming its
 * member folders (each an ordinary model folder, e.g. {@code member-01}, written by {@code train --members K}, or
 * copied from separate runs by {@code models ensemble}) and, optionally, a {@value Checksums#FILE_NAME} over both.
 */
public final class Ensemble implements AutoCloseable {
    /** The file that makes a folder an ensemble. */
    public static final String FILE_NAME = "ensemble.json";
    /** Folder format tag. */
    public static final String FORMAT = "strainlab-ensemble/1";

    private final Path dir;
    private final List<TrainedModel> members;

    private Ensemble(Path dir, List<TrainedModel> members) {
        this.dir = dir;
        this.members = List.copyOf(members);
    }

    /** What {@value #FILE_NAME} holds: the format, the member folders (relative to the ensemble) and their seeds. */
    record Description(String format, List<String> members, List<Long> seeds) {
    }

    /** The name of member {@code k} (1-based) of an ensemble: {@code member-01}, {@code member-02}, … */
    public static String memberName(int k) {
        return String.format("member-%02d", k);
    }

    /** Whether {@code dir} is an ensemble folder (holds {@value #FILE_NAME}). */
    public static boolean isEnsemble(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE_NAME));
    }

    /** Writes {@value #FILE_NAME} into {@code dir} for member folders {@code members} trained with {@code seeds}. */
    public static void write(Path dir, List<String> members, List<Long> seeds) throws IOException {
        if (members.isEmpty() || members.size() != seeds.size()) {
            throw new IllegalArgumentException("an ensemble needs ≥ 1 member and one seed per member, got "
                    + members.size() + " and " + seeds.size());
        }
        ResultFiles.writeJson(dir.resolve(FILE_NAME), new Description(FORMAT, members, seeds));
    }

    /**
     * The member folders {@value #FILE_NAME} in {@code dir} names, in its order, without loading them: each must lie
     * inside {@code dir} and hold a {@value ModelMetadata#FILE_NAME}. Errors name {@value #FILE_NAME}.
     */
    public static List<Path> memberDirs(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        Description d;
        try {
            d = new Gson().fromJson(Files.readString(file), Description.class);
        } catch (JsonParseException | IOException e) {
            throw new IOException(file + ": not an ensemble description (" + e.getMessage() + ")", e);
        }
        if (d == null || !FORMAT.equals(d.format()) || d.members() == null || d.members().isEmpty()) {
            throw new IOException(file + ": expected {\"format\": \"" + FORMAT + "\", \"members\": [...], ...}");
        }
        List<Path> dirs = new ArrayList<>();
        for (String m : d.members()) {
            if (m == null || m.isBlank()) {
                throw new IOException(file + ": a member name is empty");
            }
            Path memberDir = dir.resolve(m).normalize();
            if (!memberDir.startsWith(dir.normalize()) || memberDir.equals(dir.normalize())) {
                throw new IOException(file + ": member '" + m + "' lies outside the ensemble folder");
            }
            if (!Files.isRegularFile(memberDir.resolve(ModelMetadata.FILE_NAME))) {
                throw new IOException(file + ": member '" + m + "' is missing (no " + memberDir.resolve(
                        ModelMetadata.FILE_NAME) + "); restore the member folder or retrain the ensemble");
            }
            dirs.add(memberDir);
        }
        return dirs;
    }

    /**
     * The description of the ensemble's training, read from its members' {@value ModelMetadata#FILE_NAME} without
     * loading the networks: the first member's, once every member is found to share its output layout, labels,
     * input length, preset, noise and recipe (members of one {@code train --members} run do). Errors name the file.
     */
    public static ModelMetadata metadata(Path dir) throws IOException {
        ModelMetadata first = null;
        Path firstFile = null;
        for (Path m : memberDirs(dir)) {
            Path f = m.resolve(ModelMetadata.FILE_NAME);
            ModelMetadata meta = ModelMetadata.load(f);
            if (first == null) {
                first = meta;
                firstFile = f;
            } else if (!meta.outputLayout().equals(first.outputLayout()) || !meta.labelNames().equals(
                    first.labelNames()) || meta.inputLength() != first.inputLength()
                    || !meta.preset().equals(first.preset()) || !meta.noise().equals(first.noise())
                    || !recipeHash(meta, f).equals(recipeHash(first, firstFile))) {
                throw new IOException(f + ": outputs, input, preset, noise or recipe differ from " + firstFile
                        + "'s: members of an ensemble must be trained on the same data");
            }
        }
        return first;
    }

    /**
     * The SHA-256 of the recipe a member was trained on: the recorded one, or for a network written before recipes
     * were recorded its preset's ({@link ModelMetadata#trainingRecipe}); "" when neither is known.
     */
    private static String recipeHash(ModelMetadata meta, Path file) throws IOException {
        try {
            Recipe r = meta.trainingRecipe();
            return r == null ? "" : r.sha256();
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Trains an ensemble of {@code members} networks into {@code dir}: member k (1-based) into
     * {@link #memberName(int) member-0k} with seed {@code options.seed() + k − 1}, then writes {@value #FILE_NAME}.
     * Each member is an ordinary {@link CnnTrainer#train} run, so a call after a kill resumes where it stopped and
     * finished members are not trained again. An ensemble {@value Checksums#FILE_NAME} is removed first and, when
     * there was one, written again at the end.
     *
     * @param progress    where each member's lines go (null: silent)
     * @param listenerFor the listener of each member folder (null, or returning null: none)
     * @return each member's run, in member order
     */
    public static List<TrainingRun> train(LabelledCurves train, LabelledCurves validation, TrainingOptions options,
            Path dir, int members, PrintStream progress, Function<Path, TrainingListener> listenerFor)
            throws IOException {
        if (members < 1) {
            throw new IllegalArgumentException("an ensemble needs at least 1 member, got " + members);
        }
        boolean listed = Checksums.present(dir);
        Checksums.delete(dir);
        List<TrainingRun> runs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Long> seeds = new ArrayList<>();
        for (int k = 1; k <= members; k++) {
            Path to = dir.resolve(memberName(k));
            TrainingOptions o = options.withSeed(options.seed() + k - 1);
            if (progress != null) {
                progress.printf(Locale.ROOT, "member %d of %d (seed %d) in %s%n", k, members, o.seed(), to);
            }
            TrainingRun run = CnnTrainer.train(train, validation, o, to, progress,
                    listenerFor == null ? null : listenerFor.apply(to));
            if (progress != null) {
                progress.println(run.summary());
            }
            runs.add(run);
            names.add(to.getFileName().toString());
            seeds.add(o.seed());
        }
        write(dir, names, seeds);
        if (listed) {
            writeChecksums(dir);
        }
        if (progress != null) {
            progress.println("ensemble of " + members + " members in " + dir);
        }
        return runs;
    }

    /**
     * Loads every member of the ensemble in {@code dir} on {@code device}; members must share their labels and input
     * ({@link #requireShared}). A {@value Checksums#FILE_NAME} in {@code dir} must list {@value #FILE_NAME} and every
     * member's files, and each must match ({@link #verifyChecksums}). Errors name the file or member folder.
     */
    public static Ensemble load(Path dir, String device) throws IOException {
        List<Path> memberDirs = memberDirs(dir);
        verifyChecksums(dir, memberDirs);
        List<TrainedModel> loaded = new ArrayList<>();
        try {
            for (Path memberDir : memberDirs) {
                TrainedModel t = TrainedModel.load(memberDir, device);
                loaded.add(t);
                requireShared(loaded.get(0), t);
            }
        } catch (IOException | RuntimeException e) {
            loaded.forEach(TrainedModel::close);
            throw e;
        }
        return new Ensemble(dir, loaded);
    }

    /**
     * Refuses {@code member} as a member beside {@code first} unless both have the same labels (and so the same
     * output layout), input length and input grid. The message names both folders.
     */
    public static void requireShared(TrainedModel first, TrainedModel member) throws IOException {
        String differs = difference(first, member);
        if (differs != null) {
            throw new IOException(member.dir() + ": " + differs + " of " + first.dir()
                    + ": members of an ensemble must share labels and input grid");
        }
    }

    /** How {@code member}'s labels or input differ from {@code first}'s, or null when they agree. */
    private static String difference(TrainedModel first, TrainedModel member) {
        if (!member.labelNames().equals(first.labelNames())) {
            return "labels " + member.labelNames() + " differ from " + first.labelNames();
        }
        if (member.inputLength() != first.inputLength() || !Arrays.equals(member.inputGrid(), first.inputGrid())) {
            return "input grid (" + describeGrid(member) + ") differs from " + describeGrid(first);
        }
        return null;
    }

    /** A network's input grid in words: its points and, when recorded, the first and last x value. */
    private static String describeGrid(TrainedModel m) {
        double[] x = m.inputGrid();
        return x.length == 0 ? m.inputLength() + " points"
                : String.format(Locale.ROOT, "%d points, %g to %g", x.length, x[0], x[x.length - 1]);
    }

    /**
     * Writes the ensemble's {@value Checksums#FILE_NAME}: {@value #FILE_NAME} and the files of every member it names
     * (each member keeps its own as well), so that a load finds a changed, missing or swapped member.
     */
    public static void writeChecksums(Path dir) throws IOException {
        Checksums.write(dir, checksummedFiles(dir, memberDirs(dir)));
    }

    /**
     * Checks the ensemble's {@value Checksums#FILE_NAME}, when it has one, against {@value #FILE_NAME} and the files
     * of {@code memberDirs}; returns the listed paths (empty without the file: each member is still verified by its
     * own on load).
     *
     * @throws IOException naming the first file that is not listed, missing or damaged
     */
    public static Set<String> verifyChecksums(Path dir, List<Path> memberDirs) throws IOException {
        return Checksums.present(dir) ? Checksums.verify(dir, checksummedFiles(dir, memberDirs)) : Set.of();
    }

    /** {@value #FILE_NAME} and each member's checksummed files, as paths relative to {@code dir}. */
    private static List<String> checksummedFiles(Path dir, List<Path> memberDirs) {
        List<String> files = new ArrayList<>(List.of(FILE_NAME));
        for (Path m : memberDirs) {
            String member = dir.normalize().relativize(m).toString().replace('\\', '/');
            CnnTrainer.CHECKSUMMED.forEach(f -> files.add(member + "/" + f));
        }
        return files;
    }

    /** The ensemble folder. */
    public Path dir() {
        return dir;
    }

    /** The members, in the order of {@value #FILE_NAME}. */
    public List<TrainedModel> members() {
        return members;
    }

    /**
     * Per-curve labels in physical units: the members' mean and standard deviation (n − 1 in the denominator; 0 for
     * a single member), each {@code [curve][label]}.
     */
    public record Prediction(float[][] mean, float[][] std) {
    }

    /** The members' mean and spread of the labels of each curve. */
    public Prediction predict(float[][] curves) {
        List<float[][]> each = new ArrayList<>();
        for (TrainedModel m : members) {
            each.add(m.predict(curves));
        }
        return combine(each);
    }

    /** The mean and spread of the members' label vectors {@code each.get(k)[curve][label]}. */
    public static Prediction combine(List<float[][]> each) {
        int n = each.get(0).length;
        int labels = n == 0 ? 0 : each.get(0)[0].length;
        int k = each.size();
        float[][] mean = new float[n][labels];
        float[][] std = new float[n][labels];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < labels; j++) {
                double s = 0;
                for (float[][] e : each) {
                    s += e[i][j];
                }
                double m = s / k;
                double v = 0;
                for (float[][] e : each) {
                    v += (e[i][j] - m) * (e[i][j] - m);
                }
                mean[i][j] = (float) m;
                std[i][j] = (float) (k > 1 ? Math.sqrt(v / (k - 1)) : 0);
            }
        }
        return new Prediction(mean, std);
    }

    @Override
    public void close() {
        members.forEach(TrainedModel::close);
    }
}
