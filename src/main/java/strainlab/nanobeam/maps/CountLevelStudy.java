package strainlab.nanobeam.maps;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import strainlab.dataset.DatasetSplit;
import strainlab.nanobeam.net.NanobeamEnsemble;
import strainlab.nanobeam.net.NanobeamGroupedTrainer;
import strainlab.nanobeam.net.NanobeamModelInfo;
import strainlab.nanobeam.net.NanobeamNet;
import strainlab.nanobeam.net.NanobeamTrainingOptions;
import strainlab.nanobeam.sim.LibraryData;
import strainlab.nanobeam.sim.NanobeamLibrary;
import strainlab.nanobeam.sim.NanobeamSimulator;
import strainlab.nanobeam.sim.ParameterEstimates;
import strainlab.nanobeam.sim.ParameterGrid;
import strainlab.training.Devices;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Figure S3: networks trained at different count levels (the paper: noise-free libraries scaled to 10 … 10 000
 * photons at the brightest pixel), each tested on Poisson-noisy test patterns of several count levels, rescaled to
 * the network's training level before prediction.
 *
 * <p>Test patterns: the test part of the fixed 80/10/10 split of the network's library grid, noise-free, scaled so
 * that the brightest pixel of the whole library is the test level, Poisson counts from the stream of
 * (noise seed, test example), multiplied by train level / test level. The result has one row per (model, test level)
 * with the RMSE of the (ensemble-mean) estimates per parameter; columns {@link #COLUMNS}.
 */
public final class CountLevelStudy {
    private CountLevelStudy() {
    }

    /** Column names of the result table (RMSE of strain as a fraction, of the tilts in degrees). */
    public static final String[] COLUMNS = {"model", "train_counts", "test_counts", "test_patterns", "rmse_strain",
        "rmse_tilt_lr_deg", "rmse_tilt_ud_deg"};

    /**
     * A trained model under test.
     *
     * @param name     label of its curve
     * @param ensemble the model (one member or an ensemble; the member mean is tested)
     */
    public record Model(String name, NanobeamEnsemble ensemble) {
        public Model {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("model name must not be blank");
            }
            if (ensemble == null) {
                throw new IllegalArgumentException("model '" + name + "': ensemble must not be null");
            }
        }

        /** Photons at the brightest pixel of the model's training library (from its model info). */
        public double trainCounts() {
            return ensemble.members().get(0).info().maxCounts();
        }
    }

    /**
     * Tests trained models across count levels. Each model is tested on its own library grid (models sharing a grid
     * share the test patterns), simulated with {@code simulator} (the convention the models were trained with).
     */
    public static Table evaluate(NanobeamSimulator simulator, List<Model> models, double[] testLevels, long noiseSeed,
                                 int threads, Consumer<String> log) {
        return evaluate(simulator, models, testLevels, noiseSeed, threads, Integer.MAX_VALUE, log);
    }

    /**
     * As {@link #evaluate(NanobeamSimulator, List, double[], long, int, Consumer)}, on at most {@code maxTestPatterns}
     * patterns of each grid's test part, evenly strided through it (a quick look that still spans the whole grid).
     */
    public static Table evaluate(NanobeamSimulator simulator, List<Model> models, double[] testLevels, long noiseSeed,
                                 int threads, int maxTestPatterns, Consumer<String> log) {
        if (maxTestPatterns < 1) {
            throw new IllegalArgumentException("maxTestPatterns must be >= 1, got " + maxTestPatterns);
        }
        requireLevels("testLevels", testLevels);
        Map<ParameterGrid, LibraryData> tests = new LinkedHashMap<>();
        Table table = emptyTable();
        for (Model m : models) {
            double train = m.trainCounts();
            if (!(train > 0) || !Double.isFinite(train)) {
                throw new IllegalArgumentException("model '" + m.name()
                        + "': training level (maxCounts) must be > 0, got " + train);
            }
            LibraryData test = tests.computeIfAbsent(m.ensemble().trainedRange(),
                    g -> testSet(simulator, g, threads, maxTestPatterns));
            evaluate(m.name(), m.ensemble(), train, test, testLevels, noiseSeed, threads, table, log);
        }
        return table;
    }

    /**
     * Trains one network per training level on the noise-free library of {@code grid} scaled to that level (the
     * paper's figure S3 recipe) and tests each across {@code testLevels}, on the test part of the same library.
     *
     * <p>The networks are trained together as one grouped network ({@link NanobeamGroupedTrainer}; member g is the
     * network of {@code trainLevels[g]}), all from the same initial weights and batch order ({@code options.seed()}),
     * so the training level is the only difference between them. With {@code modelsDir} non-null, the network of level
     * L is written to {@link #levelDir modelsDir/counts-L} and the resumable state to {@code modelsDir/}{@value
     * NanobeamGroupedTrainer#STATE_FILE} every {@code options.checkpointEvery()} epochs: a killed run resumes there,
     * and when every level folder holds a network finished with these settings they are loaded instead of trained.
     * The folders are ordinary models ({@code nanobeam count-levels --models} and {@code nanobeam map} read them).
     */
    public static Table run(NanobeamSimulator simulator, ParameterGrid grid, double[] trainLevels, double[] testLevels,
                            NanobeamTrainingOptions options, String deviceName, int threads, long noiseSeed,
                            Path modelsDir, Consumer<String> log) throws IOException {
        Device device = Devices.select(deviceName);
        requireLevels("trainLevels", trainLevels);
        requireLevels("testLevels", testLevels);
        if (Arrays.stream(trainLevels).distinct().count() < trainLevels.length) {
            throw new IllegalArgumentException("trainLevels lists a level twice: " + levels(trainLevels));
        }
        NanobeamLibrary unit = NanobeamLibrary.create(simulator, grid, 1, threads);
        DatasetSplit split = NanobeamEnsemble.split(unit.size());
        LibraryData meanAtOne = unit.materialise(0, false, threads, null);
        LibraryData test = meanAtOne.subset(split.test());
        int count = trainLevels.length;
        // the noise-free networks: noise seed -1, every level from the same weight seed
        NanobeamTrainingOptions noiseFree = options.withSeeds(options.seed(), -1);
        List<Path> dirs = modelsDir == null ? null
                : Arrays.stream(trainLevels).mapToObj(l -> levelDir(modelsDir, l)).toList();
        boolean finished = dirs != null && IntStream.range(0, count)
                .allMatch(g -> NanobeamEnsemble.isFinished(dirs.get(g), noiseFree, grid, trainLevels[g]));
        List<NanobeamNet> nets = new ArrayList<>();
        try {
            if (finished) {
                for (Path d : dirs) {
                    nets.add(NanobeamNet.load(d, device));
                    if (log != null) {
                        log.accept("already trained in " + d + ", kept");
                    }
                }
            } else {
                for (double train : trainLevels) {
                    nets.add(NanobeamNet.create(device, NanobeamModelInfo.untrained(grid, train, noiseFree.seed(),
                            noiseFree.noiseSeed())));
                }
                if (log != null) {
                    log.accept(String.format(Locale.ROOT, "training %d network(s) together on %s, noise-free library "
                                    + "at %s counts: %d training + %d validation patterns, batch %d, %d epochs%s", count,
                            device, levels(trainLevels), split.train().length, split.validation().length,
                            options.batchSize(), options.epochs(), modelsDir == null ? ""
                                    : ", checkpoint every " + options.checkpointEvery() + " epochs in " + modelsDir));
                }
                long[] orderSeeds = new long[count];
                Arrays.fill(orderSeeds, options.seed());
                IntFunction<NanobeamGroupedTrainer.MemberData> data = g -> {
                    LibraryData clean = scaled(meanAtOne, trainLevels[g]);
                    return new NanobeamGroupedTrainer.MemberData(clean.subset(split.train()),
                            clean.subset(split.validation()));
                };
                NanobeamGroupedTrainer.train(nets, data, orderSeeds, options, dirs,
                        modelsDir == null ? null : modelsDir.resolve(NanobeamGroupedTrainer.STATE_FILE), log,
                        log == null ? null : p -> log.accept(NanobeamGroupedTrainer.progressLine(p)));
            }
            Table table = emptyTable();
            for (int g = 0; g < count; g++) {
                evaluate("trained at " + level(trainLevels[g]), new NanobeamEnsemble(List.of(nets.get(g))),
                        trainLevels[g], test, testLevels, noiseSeed, threads, table, log);
            }
            return table;
        } finally {
            nets.forEach(NanobeamNet::close);
        }
    }

    /** Folder of the network trained at {@code trainCounts} inside a count-level study's models folder. */
    public static Path levelDir(Path modelsDir, double trainCounts) {
        return modelsDir.resolve("counts-" + level(trainCounts));
    }

    private static void evaluate(String name, NanobeamEnsemble model, double train, LibraryData test,
                                 double[] testLevels, long noiseSeed, int threads, Table table,
                                 Consumer<String> log) {
        ParameterEstimates truth = truth(test);
        for (double level : testLevels) {
            float[] noisy = noisy(test, level, noiseSeed, threads);
            float factor = (float) (train / level);
            for (int p = 0; p < noisy.length; p++) {
                noisy[p] *= factor;
            }
            double[] rmse = model.predict(noisy).mean().rmse(truth);
            table.stringColumn(0).append(name);
            table.doubleColumn(1).append(train);
            table.doubleColumn(2).append(level);
            table.doubleColumn(3).append(test.count());
            for (int d = 0; d < 3; d++) {
                table.doubleColumn(4 + d).append(rmse[d]);
            }
            if (log != null) {
                log.accept(String.format(Locale.ROOT,
                        "%s (trained at %s counts), tested at %s: RMSE strain %.2e, ω %.2e°, χ %.2e°", name,
                        level(train), level(level), rmse[0], rmse[1], rmse[2]));
            }
        }
    }

    /**
     * The noise-free test part of the fixed split of {@code grid} (at most {@code maxPatterns} of it, evenly
     * strided), scaled so that the brightest pixel of the whole
     * library is one photon (one simulation pass over the grid for its maximum, one over the test part).
     */
    static LibraryData testSet(NanobeamSimulator simulator, ParameterGrid grid, int threads, int maxPatterns) {
        NanobeamLibrary unit = NanobeamLibrary.create(simulator, grid, 1, threads);
        int[] all = NanobeamEnsemble.split(unit.size()).test();
        int n = Math.min(maxPatterns, all.length);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = all[(int) ((long) i * all.length / n)];
        }
        if (idx.length == 0) {
            throw new IllegalArgumentException("the grid of " + grid.size() + " points has an empty test split");
        }
        int len = unit.inputLength();
        float[] images = new float[idx.length * len];
        float[] labels = new float[idx.length * 3];
        NanobeamLibrary.parallelFor(idx.length, threads, q -> {
            double[] m = unit.meanCounts(idx[q]);
            for (int p = 0; p < len; p++) {
                images[q * len + p] = (float) m[p];
            }
            double[] l = grid.state(idx[q]).toArray();
            for (int d = 0; d < 3; d++) {
                labels[3 * q + d] = (float) l[d];
            }
        }, null);
        return new LibraryData(images, labels, idx.length, len);
    }

    private static Table emptyTable() {
        Table table = Table.create("count levels");
        table.addColumns(StringColumn.create(COLUMNS[0]));
        for (int c = 1; c < COLUMNS.length; c++) {
            table.addColumns(DoubleColumn.create(COLUMNS[c]));
        }
        return table;
    }

    private static void requireLevels(String name, double[] levels) {
        if (levels == null || levels.length == 0) {
            throw new IllegalArgumentException(name + " must list at least one count level");
        }
        for (double v : levels) {
            if (!(v > 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException(name + " must be finite and > 0, got " + v);
            }
        }
    }

    private static String levels(double[] vs) {
        return String.join(", ", Arrays.stream(vs).mapToObj(CountLevelStudy::level).toList());
    }

    private static String level(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    private static LibraryData scaled(LibraryData meanAtOne, double level) {
        float[] im = meanAtOne.images().clone();
        for (int p = 0; p < im.length; p++) {
            im[p] = (float) (im[p] * level);
        }
        return new LibraryData(im, meanAtOne.labels(), meanAtOne.count(), meanAtOne.inputLength());
    }

    /** Poisson counts of the test patterns at a level; pattern i draws from the stream of (seed, i). */
    private static float[] noisy(LibraryData meanAtOne, double level, long seed, int threads) {
        int len = meanAtOne.inputLength();
        float[] out = new float[meanAtOne.images().length];
        NanobeamLibrary.parallelFor(meanAtOne.count(), threads, i -> {
            double[] mean = new double[len];
            for (int p = 0; p < len; p++) {
                mean[p] = meanAtOne.images()[i * len + p] * level;
            }
            System.arraycopy(NanobeamLibrary.poisson(mean, seed, i), 0, out, i * len, len);
        }, null);
        return out;
    }

    /** The labels of a set as estimates. */
    public static ParameterEstimates truth(LibraryData set) {
        ParameterEstimates t = ParameterEstimates.zeros(set.count());
        for (int i = 0; i < set.count(); i++) {
            float[] l = set.label(i);
            t.set(i, new double[] {l[0], l[1], l[2]});
        }
        return t;
    }
}
