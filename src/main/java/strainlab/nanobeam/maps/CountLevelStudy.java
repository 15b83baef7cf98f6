package strainlab.nanobeam.maps;

import ai.djl.Device;
import java.io.IOException;
import java.util.function.Consumer;
import strainlab.dataset.DatasetSplit;
import strainlab.nanobeam.net.NanobeamEnsemble;
import strainlab.nanobeam.net.NanobeamModelInfo;
import strainlab.nanobeam.net.NanobeamNet;
import strainlab.nanobeam.net.NanobeamTrainer;
import strainlab.nanobeam.net.NanobeamTrainingOptions;
import strainlab.nanobeam.sim.LibraryData;
import strainlab.nanobeam.sim.NanobeamLibrary;
import strainlab.nanobeam.sim.NanobeamSimulator;
import strainlab.nanobeam.sim.ParameterEstimates;
import strainlab.nanobeam.sim.ParameterGrid;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * Figure S3: networks trained on noise-free libraries scaled to different maximum counts (10 … 10 000 in the
 * paper), each tested on Poisson-noisy test patterns of several count levels, rescaled to the network's training
 * level before prediction. The result is one row per (training level, test level) with the RMSE per parameter.
 */
public final class CountLevelStudy {
    private CountLevelStudy() {
    }

    /** Column names of the result table. */
    public static final String[] COLUMNS = {"train_counts", "test_counts", "rmse_strain", "rmse_tilt_lr_deg",
        "rmse_tilt_ud_deg"};

    /** Runs the study on the test part of the library's fixed split. */
    public static Table run(NanobeamSimulator simulator, ParameterGrid grid, double[] trainLevels, double[] testLevels,
                            NanobeamTrainingOptions options, Device device, int threads, long noiseSeed,
                            Consumer<String> log) throws IOException {
        NanobeamLibrary unit = NanobeamLibrary.create(simulator, grid, 1, threads);
        DatasetSplit split = NanobeamEnsemble.split(unit.size());
        LibraryData meanAtOne = unit.materialise(0, false, threads, null);
        LibraryData test = meanAtOne.subset(split.test());
        Table table = Table.create("count levels");
        for (String c : COLUMNS) {
            table.addColumns(DoubleColumn.create(c));
        }
        for (double train : trainLevels) {
            LibraryData clean = scaled(meanAtOne, train);
            try (NanobeamNet net = NanobeamNet.create(device,
                    NanobeamModelInfo.untrained(grid, train, options.seed(), -1))) {
                NanobeamTrainer.train(net, clean.subset(split.train()), clean.subset(split.validation()), options, null);
                for (double level : testLevels) {
                    float[] noisy = noisy(test, level, noiseSeed);
                    float factor = (float) (train / level);
                    for (int p = 0; p < noisy.length; p++) {
                        noisy[p] *= factor;
                    }
                    ParameterEstimates est = net.predict(noisy);
                    double[] rmse = est.rmse(truth(test));
                    table.doubleColumn(0).append(train);
                    table.doubleColumn(1).append(level);
                    for (int d = 0; d < 3; d++) {
                        table.doubleColumn(2 + d).append(rmse[d]);
                    }
                    if (log != null) {
                        log.accept(String.format(java.util.Locale.ROOT,
                                "trained at %.0f counts, tested at %.0f: RMSE strain %.2e, ω %.2e°, χ %.2e°",
                                train, level, rmse[0], rmse[1], rmse[2]));
                    }
                }
            }
        }
        return table;
    }

    private static LibraryData scaled(LibraryData meanAtOne, double level) {
        float[] im = meanAtOne.images().clone();
        for (int p = 0; p < im.length; p++) {
            im[p] = (float) (im[p] * level);
        }
        return new LibraryData(im, meanAtOne.labels(), meanAtOne.count(), meanAtOne.inputLength());
    }

    private static float[] noisy(LibraryData meanAtOne, double level, long seed) {
        int len = meanAtOne.inputLength();
        float[] out = new float[meanAtOne.images().length];
        double[] mean = new double[len];
        for (int i = 0; i < meanAtOne.count(); i++) {
            for (int p = 0; p < len; p++) {
                mean[p] = meanAtOne.images()[i * len + p] * level;
            }
            float[] c = NanobeamLibrary.poisson(mean, seed, i);
            System.arraycopy(c, 0, out, i * len, len);
        }
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
