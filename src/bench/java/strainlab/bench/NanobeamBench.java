package strainlab.bench;

import ai.djl.Device;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import strainlab.dataset.DatasetSplit;
import strainlab.nanobeam.correlate.CorrelationFitter;
import strainlab.nanobeam.maps.MapFields;
import strainlab.nanobeam.maps.ScanSimulation;
import strainlab.nanobeam.net.ConvLayout;
import strainlab.nanobeam.net.NanobeamEnsemble;
import strainlab.nanobeam.net.NanobeamGroupedTrainer;
import strainlab.nanobeam.net.NanobeamModelInfo;
import strainlab.nanobeam.net.NanobeamNN;
import strainlab.nanobeam.net.NanobeamNet;
import strainlab.nanobeam.net.NanobeamTrainingOptions;
import strainlab.nanobeam.sim.LibraryData;
import strainlab.nanobeam.sim.NanobeamLibrary;
import strainlab.nanobeam.sim.NanobeamSimulator;
import strainlab.nanobeam.sim.ParameterEstimates;
import strainlab.nanobeam.sim.ParameterGrid;
import strainlab.training.Devices;

/**
 * {@code bin/strainlab bench nanobeam}: library generation, the correlation fit and CNN inference on a W×W map (one
 * net: its first whole-map call after a 64-pattern warm-up, which still pays for compilation and first-touch memory,
 * and the median of three more; an ensemble of {@code --members G} nets member after member and as one grouped pass
 * per {@code --conv} layout), and training time per epoch. Options: {@code --grid G} (library G³, default 21; 41 for the paper),
 * {@code --map W} (default 165), {@code --threads N}, {@code --device cpu|gpu|auto}, {@code --fit-count N} (fit only
 * the first N map patterns and extrapolate, for slow machines), {@code --only all|training} (training rows only:
 * no library pass, map or correlation fit). Training rows: one model and {@code --members G} models at once (default
 * 10) through {@link NanobeamGroupedTrainer}, batch 64, on a training set of {@code --train-patterns N} patterns
 * (default 55 137, the paper's) plus validation in the paper's proportion, made by repeating the examples of a
 * {@code --train-grid T} library (default 11³), timed over {@code --train-epochs E} epochs (default 3; the first is
 * warm-up), with the conv layouts of {@code --conv L1,L2,...} (auto, grouped, mixed, per-member; default auto) for the
 * G-member rows. Peak memory is the process's peak resident set (VmHWM). The title shows whether cuDNN autotuning is on
 * ({@code -Dai.djl.pytorch.cudnn_benchmark=true} in JAVA_OPTS). {@code --trace FILE} writes PyTorch's profiler
 * trace of one extra, untimed epoch of the 1-model run (where a step spends its time, operator by operator).
 */
public final class NanobeamBench {
    /** Training and validation sizes of the paper's 41³ library split 80/10/10. */
    static final int PAPER_TRAIN = 55_137;
    static final int PAPER_VALIDATION = 6_892;
    /** Timed runs of each ensemble-inference row (after one warm-up run). */
    private static final int ENSEMBLE_REPEATS = 3;
    /** Patterns of the grouped-pass rows on a CPU (PyTorch's CPU kernels are slow; predict does not use them there). */
    private static final int CPU_GROUPED_PATTERNS = 2048;
    /** Options of the target (see the class comment). */
    @Command(customSynopsis = "usage: bin/strainlab bench nanobeam [--grid 21] [--map 165] [--train-grid 11] "
            + "[--threads N] [--device cpu] [--fit-count N] [--only all|training] [--members 10] [--train-patterns N] "
            + "[--train-epochs 3] [--conv auto,...] [--trace FILE]")
    static final class Options {
        @Option(names = "--grid", paramLabel = "G", description = "library G³ (41 for the paper)")
        int grid = 21;
        @Option(names = "--map", paramLabel = "W", description = "map width")
        int map = 165;
        @Option(names = "--train-grid", paramLabel = "T", description = "library whose examples the training repeats")
        int trainGrid = 11;
        @Option(names = "--threads", paramLabel = "N", description = "threads (default: all cores)")
        int threads = Runtime.getRuntime().availableProcessors();
        @Option(names = "--device", paramLabel = "D", description = "cpu (default), gpu or auto")
        String device = "cpu";
        @Option(names = "--fit-count", paramLabel = "N", description = "fit only the first N map patterns")
        int fitCount = -1;
        @Option(names = "--only", paramLabel = "W", description = "all (default) or training")
        String only = "all";
        @Option(names = "--members", paramLabel = "M", description = "members of the grouped rows")
        int members = 10;
        @Option(names = "--train-patterns", paramLabel = "N", description = "training patterns (default the paper's)")
        int trainPatterns = PAPER_TRAIN;
        @Option(names = "--train-epochs", paramLabel = "E", description = "timed epochs, the first warm-up")
        int trainEpochs = 3;
        @Option(names = "--conv", paramLabel = "L", split = ",", description = "conv layouts of the grouped rows")
        List<String> convs = List.of("auto");
        @Option(names = "--trace", paramLabel = "FILE", description = "PyTorch profiler trace of one extra epoch")
        Path trace;
    }

    private NanobeamBench() {
    }

    public static int run(String[] args, PrintStream out) throws Exception {
        Options o = BenchArgs.parse(new Options(), args, out);
        if (o == null) {
            return 0;
        }
        int grid = o.grid;
        int map = o.map;
        int trainGrid = o.trainGrid;
        int threads = o.threads;
        int fitCount = o.fitCount;
        String device = o.device;
        String only = o.only;
        int members = o.members;
        int trainPatterns = o.trainPatterns;
        int trainEpochs = o.trainEpochs;
        List<ConvLayout> convs = o.convs.stream().map(ConvLayout::parse).toList();
        Path trace = o.trace;
        if (!only.equals("all") && !only.equals("training")) {
            throw new IllegalArgumentException("--only must be all or training, got '" + only + "'");
        }
        if (members < 1 || trainPatterns < 1 || trainEpochs < 2) {
            throw new IllegalArgumentException("--members and --train-patterns must be >= 1 and --train-epochs >= 2");
        }
        Device dev = Devices.select(device);
        NanobeamSimulator sim = NanobeamSimulator.paper();
        String setup = String.format(Locale.ROOT, "%d threads, device %s, cudnn_benchmark=%s", threads, dev,
                System.getProperty("ai.djl.pytorch.cudnn_benchmark", "false"));
        BenchTable table = new BenchTable(only.equals("all")
                ? String.format(Locale.ROOT, "nanobeam: library %d^3, map %dx%d, %s", grid, map, map, setup)
                : String.format(Locale.ROOT, "nanobeam training: library %d^3 repeated, %s", trainGrid, setup),
                "step", "size", "seconds", "rate", "peak RSS (MB)");
        if (only.equals("all")) {
            mapRows(table, sim, grid, map, threads, fitCount, dev, members, convs);
        }
        trainingRows(table, sim, trainGrid, members, trainPatterns, trainEpochs, convs, dev, threads, trace);
        if (trace != null) {
            out.println("wrote " + trace + " (PyTorch profiler trace of one more epoch of the 1-model run, not timed;"
                    + " open it in chrome://tracing or Perfetto)");
        }
        table.print(out);
        return 0;
    }

    /** Library pass, map simulation, correlation fit and CNN inference on the map. */
    private static void mapRows(BenchTable table, NanobeamSimulator sim, int grid, int map, int threads, int fitCount,
                                Device dev, int members, List<ConvLayout> convs) throws Exception {
        ParameterGrid g = ParameterGrid.cube(grid);

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

        try (NanobeamNet net = NanobeamNet.create(dev, NanobeamModelInfo.untrained(g, 7, 1, 1))) {
            net.predict(java.util.Arrays.copyOf(patterns, 64 * 4096));
            t0 = System.nanoTime();
            net.predict(patterns);
            s = (System.nanoTime() - t0) / 1e9;
            table.row("CNN inference on the map, first call", map * map, fmt(s), fmt(map * map / s) + " patterns/s",
                    peakMb());
            BenchTable.Timing t = BenchTable.time(0, ENSEMBLE_REPEATS, () -> net.predict(patterns));
            table.row("CNN inference on the map, median of " + ENSEMBLE_REPEATS + " more", map * map,
                    fmt(t.medianS()), fmt(map * map / t.medianS()) + " patterns/s", peakMb());
        }
        ensembleRows(table, patterns, g, members, convs, dev);
    }

    /**
     * Ensemble inference on the map with {@code members} untrained members (weight seeds 1..G): member after member
     * ({@link NanobeamEnsemble#predictSequential}) and as one grouped pass per conv layout
     * ({@link NanobeamEnsemble#predictGrouped}); {@code predict} takes the grouped pass (conv auto) for two or more
     * members on a GPU and the sequential one otherwise (marked "= predict"). Each is run once untimed (warm-up: θ
     * upload, cuDNN algorithm choice), then {@value #ENSEMBLE_REPEATS} times; rows give the median. On the CPU, where
     * predict does not use it, the grouped (PyTorch CPU) pass is timed on the first {@value #CPU_GROUPED_PATTERNS}
     * patterns only. The grouped rows' rate cell also gives the largest difference of member mean or spread from the
     * sequential pass over those patterns (scaled label units).
     */
    private static void ensembleRows(BenchTable table, float[] patterns, ParameterGrid g, int members,
                                     List<ConvLayout> convs, Device dev) throws Exception {
        int n = patterns.length / 4096;
        List<NanobeamNet> nets = new ArrayList<>();
        for (int m = 0; m < members; m++) {
            nets.add(NanobeamNet.create(dev, NanobeamModelInfo.untrained(g, 7, 1 + m, 1 + m)));
        }
        try (NanobeamEnsemble ensemble = new NanobeamEnsemble(nets)) {
            boolean cpu = Device.Type.CPU.equals(dev.getDeviceType());
            NanobeamEnsemble.Prediction[] seq = new NanobeamEnsemble.Prediction[1];
            BenchTable.Timing t = BenchTable.time(1, ENSEMBLE_REPEATS,
                    () -> seq[0] = ensemble.predictSequential(patterns));
            boolean groupedPredict = !cpu && members > 1;
            table.row("ensemble of " + members + ", member after member" + (groupedPredict ? "" : " (= predict)"), n,
                    fmt(t.medianS()), fmt(n / t.medianS()) + " patterns/s", peakMb());
            int k = cpu ? Math.min(n, CPU_GROUPED_PATTERNS) : n;
            float[] part = k == n ? patterns : Arrays.copyOf(patterns, k * 4096);
            for (ConvLayout conv : convs) {
                NanobeamEnsemble.Prediction[] grouped = new NanobeamEnsemble.Prediction[1];
                t = BenchTable.time(1, ENSEMBLE_REPEATS, () -> grouped[0] = ensemble.predictGrouped(part, conv));
                table.row("ensemble of " + members + ", grouped pass, conv " + conv.resolve(dev).cliName()
                                + (groupedPredict && conv == ConvLayout.AUTO ? " (= predict)" : "")
                                + (k == n ? "" : ", first " + k + " patterns"), k, fmt(t.medianS()),
                        fmt(k / t.medianS()) + " patterns/s, max |grouped - sequential| "
                                + String.format(Locale.ROOT, "%.2g", maxDifference(seq[0], grouped[0], k)), peakMb());
            }
        }
    }

    /** Largest difference of member mean or spread over the first k patterns, in scaled label units. */
    private static double maxDifference(NanobeamEnsemble.Prediction a, NanobeamEnsemble.Prediction b, int k) {
        double max = 0;
        for (int d = 0; d < 3; d++) {
            double s = NanobeamNN.LABEL_SCALE[d];
            for (int i = 0; i < k; i++) {
                max = Math.max(max, s * Math.abs(a.mean().parameter(d)[i] - b.mean().parameter(d)[i]));
                max = Math.max(max, s * Math.abs(a.spread().parameter(d)[i] - b.spread().parameter(d)[i]));
            }
        }
        return max;
    }

    /**
     * Epoch time of the grouped trainer for one model and for {@code members} models at once, on a training set of
     * {@code patterns} (the paper's 55 137 by default) and a validation set in the paper's proportion (6 892), built
     * from the T³ library's own 80/10/10 split by repeating its training and validation examples cyclically (member m:
     * noise draw 1+m), so no 41³ library is needed; the step cost does not depend on which patterns are repeated.
     * The first epoch (warm-up) is not counted; rows give the median of the others.
     */
    private static void trainingRows(BenchTable table, NanobeamSimulator sim, int trainGrid, int members, int patterns,
                                     int epochs, List<ConvLayout> convs, Device dev, int threads, Path trace)
            throws Exception {
        NanobeamLibrary small = NanobeamLibrary.create(sim, ParameterGrid.cube(trainGrid), 7, threads);
        DatasetSplit split = NanobeamEnsemble.split(small.size());
        int[] train = repeat(split.train(), patterns);
        int[] val = repeat(split.validation(),
                Math.max(1, (int) Math.round(patterns * (double) PAPER_VALIDATION / PAPER_TRAIN)));
        String scaled = patterns == PAPER_TRAIN ? "" : String.format(Locale.ROOT, " (scaled from %d patterns)", patterns);
        for (int g : members == 1 ? new int[] {1} : new int[] {1, members}) {
            for (ConvLayout conv : g == 1 ? List.of(ConvLayout.GROUPED) : convs) {
                double[] t = timeEpochs(small, train, val, g, epochs, conv, dev, threads, g == 1 ? trace : null);
                double paperEpoch = t[1] * PAPER_TRAIN / patterns;
                String who = g == 1 ? "1 model" : g + " models at once, conv " + conv.resolve(dev).cliName();
                table.row("training " + who + ": training pass, batch 64", patterns, fmt(t[0]),
                        fmt((double) g * patterns / t[0]) + " patterns/s", peakMb());
                table.row("  + validation pass", val.length, fmt(t[1] - t[0]), "", "");
                table.row("-> paper epoch (55 137 + 6 892), " + who + scaled, PAPER_TRAIN, fmt(paperEpoch),
                        fmt(paperEpoch / g) + " s per model", "");
                table.row("-> 500 paper epochs, " + who + ", est.", 500, fmt(500 * paperEpoch),
                        fmt(500 * paperEpoch / 60) + " min (" + fmt(500 * paperEpoch / 60 / g) + " min per model)", "");
            }
        }
    }

    /**
     * Median training-pass and whole-epoch seconds over epochs 2..E of a grouped run of g members. With a
     * {@code trace} file, epoch E+1 runs under PyTorch's profiler (CPU-side operator times; CUDA kernels where the
     * build records them) and its Chrome trace is written there; that epoch is not timed.
     */
    private static double[] timeEpochs(NanobeamLibrary small, int[] train, int[] val, int g, int epochs, ConvLayout conv,
                                       Device dev, int threads, Path trace) throws Exception {
        List<NanobeamNet> nets = new ArrayList<>();
        long[] seeds = new long[g];
        List<Double> trainS = new ArrayList<>();
        List<Double> epochS = new ArrayList<>();
        try {
            for (int m = 0; m < g; m++) {
                nets.add(NanobeamNet.create(dev, NanobeamModelInfo.untrained(small.grid(), 7, 1 + m, 1 + m)));
                seeds[m] = 1 + m;
            }
            NanobeamGroupedTrainer.train(nets, m -> {
                LibraryData d = small.materialise(1 + m, true, threads, null);
                return new NanobeamGroupedTrainer.MemberData(d.subset(train), d.subset(val));
            }, seeds, NanobeamTrainingOptions.paper(trace == null ? epochs : epochs + 1, 1).withConvLayout(conv), null,
                    null, null, p -> {
                        if (p.epoch() > 1 && p.epoch() <= epochs) {
                            trainS.add(p.trainSeconds());
                            epochS.add(p.records().get(0).seconds());
                        }
                        if (trace != null && p.epoch() == epochs) {
                            JniUtils.startProfile(dev.isGpu(), true, false);
                        } else if (trace != null && p.epoch() == epochs + 1) {
                            JniUtils.stopProfile(trace.toAbsolutePath().toString());
                        }
                    });
        } finally {
            nets.forEach(NanobeamNet::close);
        }
        return new double[] {BenchTable.median(trainS.stream().mapToDouble(Double::doubleValue).toArray()),
            BenchTable.median(epochS.stream().mapToDouble(Double::doubleValue).toArray())};
    }

    /** The first n entries of the cyclic repetition of {@code indices}. */
    static int[] repeat(int[] indices, int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = indices[i % indices.length];
        }
        return out;
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
