package strainlab.nanobeam;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import strainlab.bench.BenchTable;
import strainlab.cnn.Devices;
import strainlab.dataset.DatasetSplit;
import strainlab.nanobeam.correlate.CorrelationFitter;
import strainlab.nanobeam.maps.MapFields;
import strainlab.nanobeam.maps.ScanSimulation;
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

/**
 * {@code bin/strainlab bench nanobeam}: library generation, the correlation fit and CNN inference on a W×W map,
 * and training time per epoch. Options: {@code --grid G} (library G³, default 21; 41 for the paper),
 * {@code --map W} (default 165), {@code --train-grid T} (library for the epoch timing, default 11),
 * {@code --threads N}, {@code --device cpu|gpu|auto}, {@code --fit-count N} (fit only the first N map patterns and
 * extrapolate, for slow machines). Peak memory is the process's peak resident set (VmHWM).
 */
public final class NanobeamBench {
    private NanobeamBench() {
    }

    public static int run(String[] args, PrintStream out) throws Exception {
        int grid = 21;
        int map = 165;
        int trainGrid = 11;
        int threads = Runtime.getRuntime().availableProcessors();
        int fitCount = -1;
        String device = "cpu";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value (options: --grid, --map, --train-grid, --threads, --device, --fit-count)");
            }
            String v = args[++i];
            switch (a) {
                case "--grid" -> grid = Integer.parseInt(v);
                case "--map" -> map = Integer.parseInt(v);
                case "--train-grid" -> trainGrid = Integer.parseInt(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--device" -> device = v;
                case "--fit-count" -> fitCount = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + a
                        + " (options: --grid, --map, --train-grid, --threads, --device, --fit-count)");
            }
        }
        Device dev = Devices.select(device);
        NanobeamSimulator sim = NanobeamSimulator.paper();
        ParameterGrid g = ParameterGrid.cube(grid);
        BenchTable table = new BenchTable(String.format(Locale.ROOT,
                "nanobeam: library %d^3, map %dx%d, %d threads, device %s", grid, map, map, threads, dev),
                "step", "size", "seconds", "rate", "peak RSS (MB)");

        long t0 = System.nanoTime();
        NanobeamLibrary lib = NanobeamLibrary.create(sim, g, 7, threads);
        double s = (System.nanoTime() - t0) / 1e9;
        table.row("library pass (noise-free, max)", g.size(), fmt(s), fmt(g.size() / s) + " patterns/s", peakMb());

        t0 = System.nanoTime();
        ParameterEstimates truth = tile(MapFields.figure3(64), 64, map);
        float[] patterns = ScanSimulation.simulateCounts(sim, truth, g, lib.countsPerUnit(), 1, true, threads);
        s = (System.nanoTime() - t0) / 1e9;
        table.row("simulate map patterns", map * map, fmt(s), fmt(map * map / s) + " patterns/s", peakMb());

        t0 = System.nanoTime();
        try (CorrelationFitter fitter = CorrelationFitter.build(sim, g, dev, threads, null)) {
            s = (System.nanoTime() - t0) / 1e9;
            table.row("correlation: load library", g.size(), fmt(s), "", peakMb());
            int n = fitCount > 0 ? Math.min(fitCount, map * map) : map * map;
            float[] part = n == map * map ? patterns : java.util.Arrays.copyOf(patterns, n * 4096);
            t0 = System.nanoTime();
            fitter.fit(part);
            s = (System.nanoTime() - t0) / 1e9;
            table.row(n == map * map ? "correlation fit of the map" : "correlation fit, first " + n + " patterns", n,
                    fmt(s), fmt(n / s) + " patterns/s", peakMb());
            if (n < map * map) {
                table.row("-> whole map at that rate, est.", map * map, fmt(map * map * s / n), "", "");
            }
        }

        NanobeamLibrary small = NanobeamLibrary.create(sim, ParameterGrid.cube(trainGrid), 7, threads);
        LibraryData data = small.materialise(1, true, threads, null);
        DatasetSplit split = NanobeamEnsemble.split(small.size());
        try (NanobeamNet net = NanobeamNet.create(dev, NanobeamModelInfo.untrained(small.grid(), 7, 1, 1))) {
            net.predict(java.util.Arrays.copyOf(patterns, 64 * 4096));
            t0 = System.nanoTime();
            net.predict(patterns);
            s = (System.nanoTime() - t0) / 1e9;
            table.row("CNN inference on the map", map * map, fmt(s), fmt(map * map / s) + " patterns/s", peakMb());
            NanobeamTrainer.Result r = NanobeamTrainer.train(net, data.subset(split.train()),
                    data.subset(split.validation()), NanobeamTrainingOptions.paper(1, 1), null);
            double perEpoch = r.secondsPerEpoch();
            table.row("training, 1 epoch (+validation)", split.train().length, fmt(perEpoch),
                    fmt(split.train().length / perEpoch) + " patterns/s", peakMb());
            table.row("-> paper epoch (55 137 patterns), est.", 55137, fmt(55137 * perEpoch / split.train().length), "", "");
        }
        table.print(out);
        return 0;
    }

    /** Tiles a w-wide field periodically onto a W-wide map. */
    static ParameterEstimates tile(ParameterEstimates f, int w, int width) {
        ParameterEstimates t = ParameterEstimates.zeros(width * width);
        for (int r = 0; r < width; r++) {
            for (int c = 0; c < width; c++) {
                int src = (r % w) * w + (c % w);
                t.set(r * width + c, f.state(src).toArray());
            }
        }
        return t;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.3g", v);
    }

    /** Peak resident set size of this process in MB (Linux VmHWM), or "n/a". */
    static String peakMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.0f", kb / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return "n/a";
        }
        return "n/a";
    }
}
