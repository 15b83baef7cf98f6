package strainlab.cli;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import strainlab.io.AtomicFiles;
import strainlab.io.ResultFiles;
import strainlab.io.StagedFolder;
import strainlab.nanobeam.maps.CountLevelStudy;
import strainlab.nanobeam.maps.MapFields;
import strainlab.nanobeam.maps.MapResult;
import strainlab.nanobeam.maps.MapStudy;
import strainlab.nanobeam.net.NanobeamEnsemble;
import strainlab.nanobeam.net.NanobeamModelInfo;
import strainlab.nanobeam.net.NanobeamNet;
import strainlab.nanobeam.net.NanobeamTrainingOptions;
import strainlab.nanobeam.sim.FilmSample;
import strainlab.nanobeam.sim.GridAxis;
import strainlab.nanobeam.sim.NanobeamInstrument;
import strainlab.nanobeam.sim.NanobeamSimulator;
import strainlab.nanobeam.sim.ParameterGrid;
import strainlab.nanobeam.sim.TiltConvention;
import strainlab.plot.Figure;
import strainlab.plot.FigureOutput;
import strainlab.plot.NanobeamPlots;
import strainlab.training.Devices;
import tech.tablesaw.api.Table;

/**
 * {@code bin/strainlab nanobeam map} (figure 3, figure 2 and the speed comparison) and
 * {@code bin/strainlab nanobeam count-levels} (figure S3), dispatched from {@link NanobeamCommand}. Every file is
 * written atomically; progress goes to stderr, the summary to stdout.
 */
final class NanobeamStudyCommand {
    /** Figures of {@code nanobeam map}, by file name without the format's extension. */
    static final List<String> MAP_FIGURES = List.of("figure3", "figure3-spread", "figure2", "figureS4", "figureS5",
            "speed");
    /** Files of {@code nanobeam map} with the default PNG figures, in the order the report lists them. */
    static final List<String> MAP_FILES = files(MAP_FIGURES, FigureOutput.DEFAULT, "map-values.csv",
            "map-report.json");
    /** Files of {@code nanobeam count-levels} with the default PNG figure. */
    static final List<String> COUNT_LEVEL_FILES = files(List.of("figureS3"), FigureOutput.DEFAULT,
            "count-levels.csv", "count-levels.json");
    /** Default test levels of figure S3 (photons at the library's brightest pixel). */
    static final double[] DEFAULT_TEST_LEVELS = {1, 3, 10, 30, 100, 300, 1000, 3000, 10000};

    /** Usage lines of both actions, indented as in {@link NanobeamCommand#usage()}. */
    static final String USAGE = """
                       bin/strainlab nanobeam map --model DIR --out DIR [--width 64] [--fov paper|tile]
                         [--max-counts C] [--seed 1] [--threads N] [--device auto|cpu|gpu] [--repeats 3]
                         [--corrected] [--figure-format png,svg,pdf] [--dpi 72]
                       Figure 3, figure 2 and the speed comparison: simulates the figure-3 fields (sinusoidal strain,
                       sigmoidal tilts; the paper's 64x64 map by default, --width 165 for the speed map; --fov tile
                       repeats the 64x64 map instead of resampling the field of view), scales the scan to C photons
                       at its brightest pixel (default: the model's training level, 7 in the paper), draws Poisson
                       noise with the seed, and analyses it with the ensemble in DIR (mean and spread) and with the
                       correlation fit over the model's library grid (published tilt term; --corrected: the
                       corrected one; the scan always uses the corrected term, as the authors' figure 3).
                       Times the CNN and the fit (library loaded), each after an untimed warm-up call, R times;
                       reports medians (all runs in the JSON).
                       Writes figure3.png, figure3-spread.png, figure2.png, figureS4.png (error maps and error
                       histograms of both methods), figureS5.png (integrated intensity and detector centres of mass
                       beside NanobeamNN's maps), speed.png, map-values.csv and map-report.json (RMSE, bias, timings,
                       peak memory) into --out. --figure-format: png, svg, pdf or a comma-separated list (default
                       png), each figure in every format; --dpi: PNG resolution (default 72, one pixel per chart
                       pixel). count-levels takes both too.
                       bin/strainlab nanobeam count-levels (--models NAME=DIR,... | --train-levels L,...) --out DIR
                         [--test-levels 1,3,10,...,10000] [--seed 5] [--threads N] [--device auto|cpu|gpu]
                         [--grid 41] [--epochs 500] [--lr 1e-4] [--batch 64] [--models-out DIR]
                         [--checkpoint-every 5]
                       Figure S3: each model (its training level read from its nanobeamnn.json) tested on the test
                       split of its library grid at every test level (Poisson noise, rescaled to the training
                       level); or, with --train-levels, one network per level trained here on the noise-free
                       GRID^3 library (the paper's recipe), all levels together as one grouped network from the
                       same initial weights; --models-out keeps each level's network in DIR/counts-L with a
                       resumable state (re-running the command resumes, or reuses finished networks); the training
                       options apply only with --train-levels.
                       Writes figureS3.png, count-levels.csv and count-levels.json into --out.
                """.stripTrailing();

    private NanobeamStudyCommand() {
    }

    // ---------------------------------------------------------------- map

    static int map(String[] args, PrintStream out) throws Exception {
        Map<String, String> o = parse(args, Set.of("--model", "--out", "--width", "--fov", "--max-counts", "--seed",
                "--threads", "--device", "--repeats", "--figure-format", "--dpi"), Set.of("--corrected"));
        FigureOutput figures = FigureOptions.of(o);
        Path modelDir = Path.of(required(o, "--model"));
        Path outDir = outDir(o);
        int width = integer(o, "--width", MapFields.PAPER_WIDTH, 2);
        MapFields.FieldOfView fov = switch (o.getOrDefault("--fov", "paper")) {
            case "paper" -> MapFields.FieldOfView.PAPER;
            case "tile" -> MapFields.FieldOfView.TILE;
            default -> throw new UsageException("--fov must be paper or tile, got '" + o.get("--fov") + "'");
        };
        double maxCountsOption = positive(o, "--max-counts", Double.NaN);
        long seed = longValue(o, "--seed", 1);
        int threads = integer(o, "--threads", Runtime.getRuntime().availableProcessors(), 1);
        int repeats = integer(o, "--repeats", 3, 1);
        Device device = device(o);
        boolean corrected = o.containsKey("--corrected");
        PrintStream progress = System.err;

        try (NanobeamEnsemble ensemble = loadModel("--model", modelDir, device)) {
            double trainedCounts = ensemble.members().get(0).info().maxCounts();
            double maxCounts = Double.isNaN(maxCountsOption) ? trainedCounts : maxCountsOption;
            if (maxCounts != trainedCounts) {
                progress.printf(Locale.ROOT, "note: the scan's brightest pixel is %.4g photons, the model was trained "
                        + "at %.4g%n", maxCounts, trainedCounts);
            }
            NanobeamSimulator scanSim = simulator(TiltConvention.CORRECTED);
            NanobeamSimulator librarySim = simulator(corrected ? TiltConvention.CORRECTED
                    : TiltConvention.PUBLISHED_LIBRARY);
            MapStudy.Settings settings = new MapStudy.Settings(width, fov, maxCounts, seed, threads, device,
                    repeats);
            MapStudy.Run run = MapStudy.run(scanSim, librarySim, ensemble, settings, progress::println);
            MapResult r = run.result();

            progress.println("writing figures and the report to " + outDir);
            MapStudy.Figure2 f2 = MapStudy.figure2(scanSim, r, run.scanCountsPerUnit(),
                    MapStudy.figure2Pixels(r.truth()));
            String title = speedTitle(run, ensemble.size(), ensemble.trainedRange().size(), device);
            List<Figure> panels = List.of(NanobeamPlots.figure3Panels(r), NanobeamPlots.spreadPanels(r,
                    ensemble.size()), NanobeamPlots.figure2Panels(f2, r), NanobeamPlots.figureS4(r),
                    NanobeamPlots.figureS5(r), Figure.of(NanobeamPlots.speed(title,
                    List.of("NanobeamNN inference", "correlation fit", "fit + library build"),
                    new double[] {r.cnnSeconds(), r.correlationSeconds(), run.correlationTotalSeconds()})));
            List<String> files = files(MAP_FIGURES, figures, "map-values.csv", "map-report.json");
            StagedFolder.writeAll(outDir, staging -> {
                List<Path> written = new ArrayList<>();
                for (int k = 0; k < panels.size(); k++) {
                    written.addAll(figures.save(panels.get(k), staging, MAP_FIGURES.get(k)));
                }
                ResultFiles.writeColumns(staging.resolve("map-values.csv"), mapColumns(r));
                ResultFiles.writeJson(staging.resolve("map-report.json"),
                        mapReport(run, modelDir, ensemble, librarySim.convention(), device, files));
                written.add(staging.resolve("map-values.csv"));
                written.add(staging.resolve("map-report.json"));
                return written;
            });

            out.print(r.summary());
            out.printf(Locale.ROOT, "NanobeamNN (%d member(s), %s): %.3f s for %d patterns (%.0f patterns/s), "
                    + "median of %d%n", ensemble.size(), device, r.cnnSeconds(), width * width,
                    width * width / r.cnnSeconds(), repeats);
            out.printf(Locale.ROOT, "correlation fit over %d library patterns: %.3f s (median of %d), %.3f s with the "
                    + "library build (%.3f s)%n", ensemble.trainedRange().size(), r.correlationSeconds(), repeats,
                    run.correlationTotalSeconds(), run.libraryBuildSeconds());
            out.printf(Locale.ROOT, "peak resident memory %s MB; wrote %s into %s%n", mb(run.peakRssMb()[2]),
                    String.join(", ", files), outDir);
        }
        return 0;
    }

    private static String speedTitle(MapStudy.Run run, int members, int libraryPoints, Device device) {
        int w = run.settings().width();
        return String.format(Locale.ROOT, "%dx%d map, %d-member ensemble, library %d patterns, %s", w, w, members,
                libraryPoints, device);
    }

    private static Map<String, double[]> mapColumns(MapResult r) {
        int n = r.truth().size();
        double[] row = new double[n];
        double[] col = new double[n];
        for (int i = 0; i < n; i++) {
            row[i] = i / r.width();
            col[i] = i % r.width();
        }
        Map<String, double[]> c = new LinkedHashMap<>();
        c.put("row", row);
        c.put("column", col);
        for (int d = 0; d < 3; d++) {
            String name = ParameterGrid.LABELS.get(d);
            c.put(name + "_true", r.truth().parameter(d));
            c.put(name + "_cnn", r.cnn().parameter(d));
            c.put(name + "_cnn_spread", r.cnnSpread().parameter(d));
            c.put(name + "_fit", r.correlation().parameter(d));
        }
        return c;
    }

    private static Map<String, Object> mapReport(MapStudy.Run run, Path modelDir, NanobeamEnsemble ensemble,
                                                 TiltConvention libraryConvention, Device device,
                                                 List<String> files) {
        MapResult r = run.result();
        MapStudy.Settings s = run.settings();
        int n = r.truth().size();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("study", "NanobeamNN figure 3 map: NanobeamNN ensemble vs correlation fit");
        m.put("width", s.width());
        m.put("pixels", n);
        m.put("fov", s.fov().name().toLowerCase(Locale.ROOT));
        m.put("seed", s.seed());
        m.put("max_counts", s.maxCounts());
        float max = 0;
        double total = 0;
        for (float v : r.patterns()) {
            max = Math.max(max, v);
            total += v;
        }
        Map<String, Object> scan = new LinkedHashMap<>();
        scan.put("tilt_convention", TiltConvention.CORRECTED.name());
        scan.put("counts_per_unit", run.scanCountsPerUnit());
        scan.put("max_pixel_counts_drawn", max);
        scan.put("mean_counts_per_pattern", total / n);
        m.put("scan", scan);
        List<Map<String, Object>> members = new ArrayList<>();
        for (NanobeamNet net : ensemble.members()) {
            NanobeamModelInfo info = net.info();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("seed", info.seed());
            e.put("noise_seed", info.noiseSeed());
            e.put("epochs", info.epochs());
            e.put("best_epoch", info.bestEpoch());
            e.put("best_validation_mse", Double.isFinite(info.bestValidationMse()) ? info.bestValidationMse() : null);
            members.add(e);
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("dir", modelDir.toAbsolutePath().toString());
        model.put("members", ensemble.size());
        model.put("trained_max_counts", ensemble.members().get(0).info().maxCounts());
        model.put("member_info", members);
        m.put("model", model);
        ParameterGrid g = ensemble.trainedRange();
        Map<String, Object> grid = new LinkedHashMap<>();
        for (GridAxis a : g.axes()) {
            Map<String, Object> axis = new LinkedHashMap<>();
            axis.put("min", a.min());
            axis.put("max", a.max());
            axis.put("count", a.count());
            grid.put(a.name(), axis);
        }
        grid.put("points", g.size());
        grid.put("tilt_convention", libraryConvention.name());
        m.put("correlation_grid", grid);
        m.put("device", device.toString());
        m.put("threads", s.threads());
        double[] rc = r.rmseCnn();
        double[] rf = r.rmseCorrelation();
        m.put("rmse", byMethod(perParameter(rc), perParameter(rf)));
        m.put("bias", byMethod(perParameter(r.cnn().bias(r.truth())), perParameter(r.correlation().bias(r.truth()))));
        m.put("cnn_mean_spread", perParameter(r.meanCnnSpread()));
        Map<String, Object> beats = new LinkedHashMap<>();
        for (int d = 0; d < 3; d++) {
            beats.put(ParameterGrid.LABELS.get(d), rc[d] < rf[d]);
        }
        m.put("cnn_rmse_below_correlation", beats);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("scan_simulation", run.scanSeconds());
        t.put("cnn_warm_up", run.cnnWarmUpSeconds());
        t.put("cnn_inference", r.cnnSeconds());
        t.put("correlation_library_build", run.libraryBuildSeconds());
        t.put("correlation_fit_warm_up", run.fitWarmUpSeconds());
        t.put("correlation_fit_excl_library", r.correlationSeconds());
        t.put("correlation_fit_incl_library", run.correlationTotalSeconds());
        t.put("repeats", s.repeats());
        t.put("cnn_inference_runs", run.cnnSeconds());
        t.put("correlation_fit_runs", run.fitSeconds());
        m.put("timings_s", t);
        m.put("patterns_per_s", byMethod(n / r.cnnSeconds(), n / r.correlationSeconds()));
        Map<String, Object> rss = new LinkedHashMap<>();
        String[] when = {"after_scan", "after_cnn", "after_correlation_fit"};
        for (int i = 0; i < 3; i++) {
            rss.put(when[i], Double.isFinite(run.peakRssMb()[i]) ? run.peakRssMb()[i] : null);
        }
        m.put("peak_rss_mb", rss);
        m.put("files", files);
        return m;
    }

    private static Map<String, Object> byMethod(Object cnn, Object correlation) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cnn", cnn);
        m.put("correlation", correlation);
        return m;
    }

    private static Map<String, Double> perParameter(double[] v) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int d = 0; d < 3; d++) {
            m.put(ParameterGrid.LABELS.get(d), v[d]);
        }
        return m;
    }

    private static String mb(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.0f", v) : "n/a";
    }

    // ---------------------------------------------------------------- count-levels

    static int countLevels(String[] args, PrintStream out) throws Exception {
        Map<String, String> o = parse(args, Set.of("--models", "--train-levels", "--out", "--test-levels", "--seed",
                "--threads", "--device", "--grid", "--epochs", "--lr", "--batch", "--models-out", "--checkpoint-every",
                "--figure-format", "--dpi"), Set.of());
        FigureOutput figures = FigureOptions.of(o);
        if (o.containsKey("--models") == o.containsKey("--train-levels")) {
            throw new UsageException("give exactly one of --models NAME=DIR,... and --train-levels L,...");
        }
        if (o.containsKey("--models")) {
            for (String k : List.of("--grid", "--epochs", "--lr", "--batch", "--models-out", "--checkpoint-every")) {
                if (o.containsKey(k)) {
                    throw new UsageException(k + " applies only with --train-levels (the models are already trained)");
                }
            }
        }
        Path outDir = outDir(o);
        double[] testLevels = o.containsKey("--test-levels") ? levels(o, "--test-levels") : DEFAULT_TEST_LEVELS;
        long seed = longValue(o, "--seed", 5);
        int threads = integer(o, "--threads", Runtime.getRuntime().availableProcessors(), 1);
        Device device = device(o);
        NanobeamSimulator sim = NanobeamSimulator.paper();
        Consumer<String> log = System.err::println;
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("study", "NanobeamNN figure S3: models trained at different count levels, tested across count levels");
        Table table;
        if (o.containsKey("--models")) {
            Map<String, Path> named = models(o.get("--models"));
            List<CountLevelStudy.Model> models = new ArrayList<>();
            List<Map<String, Object>> described = new ArrayList<>();
            try {
                for (Map.Entry<String, Path> e : named.entrySet()) {
                    NanobeamEnsemble ens = loadModel("--models " + e.getKey(), e.getValue(), device);
                    models.add(new CountLevelStudy.Model(e.getKey(), ens));
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("name", e.getKey());
                    d.put("dir", e.getValue().toAbsolutePath().toString());
                    d.put("members", ens.size());
                    d.put("train_counts", models.get(models.size() - 1).trainCounts());
                    d.put("library_points", ens.trainedRange().size());
                    described.add(d);
                }
                report.put("mode", "models");
                report.put("models", described);
                log.accept("testing " + models.size() + " model(s) at " + testLevels.length + " count levels");
                table = CountLevelStudy.evaluate(sim, models, testLevels, seed, threads, log);
            } finally {
                models.forEach(m -> m.ensemble().close());
            }
        } else {
            double[] trainLevels = levels(o, "--train-levels");
            int grid = integer(o, "--grid", 41, 2);
            NanobeamTrainingOptions opts = new NanobeamTrainingOptions(integer(o, "--epochs", 500, 1),
                    integer(o, "--batch", 64, 1), positive(o, "--lr", 1e-4), seed, seed, null)
                    .withCheckpointEvery(integer(o, "--checkpoint-every",
                            NanobeamTrainingOptions.DEFAULT_CHECKPOINT_EVERY, 1));
            Path modelsOut = o.containsKey("--models-out") ? Path.of(o.get("--models-out")) : null;
            report.put("mode", "train-levels");
            Map<String, Object> tr = new LinkedHashMap<>();
            tr.put("train_levels", trainLevels);
            tr.put("grid", grid);
            tr.put("epochs", opts.epochs());
            tr.put("batch", opts.batchSize());
            tr.put("learning_rate", opts.learningRate());
            tr.put("library", "noise-free");
            if (modelsOut != null) {
                tr.put("models_dir", modelsOut.toAbsolutePath().toString());
            }
            report.put("training", tr);
            table = CountLevelStudy.run(sim, ParameterGrid.cube(grid), trainLevels, testLevels, opts, device, threads,
                    seed, modelsOut, log);
        }
        report.put("test_levels", testLevels);
        report.put("seed", seed);
        report.put("device", device.toString());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < table.rowCount(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put(CountLevelStudy.COLUMNS[0], table.stringColumn(0).get(i));
            for (int c = 1; c < CountLevelStudy.COLUMNS.length; c++) {
                row.put(CountLevelStudy.COLUMNS[c], table.doubleColumn(c).get(i));
            }
            rows.add(row);
        }
        report.put("rows", rows);
        List<String> files = files(List.of("figureS3"), figures, "count-levels.csv", "count-levels.json");
        report.put("files", files);
        StagedFolder.writeAll(outDir, staging -> {
            List<Path> written = new ArrayList<>(figures.save(NanobeamPlots.countLevelsPanels(table), staging,
                    "figureS3"));
            AtomicFiles.writeWith(staging.resolve("count-levels.csv"), tmp -> table.write().csv(tmp.toFile()));
            ResultFiles.writeJson(staging.resolve("count-levels.json"), report);
            written.add(staging.resolve("count-levels.csv"));
            written.add(staging.resolve("count-levels.json"));
            return written;
        });
        out.println(table.printAll());
        out.println("wrote " + String.join(", ", files) + " into " + outDir);
        return 0;
    }

    /** File names of {@code figures} (base names) in every format of {@code output}, then {@code data} files. */
    static List<String> files(List<String> figures, FigureOutput output, String... data) {
        List<String> out = new ArrayList<>();
        for (String f : figures) {
            for (String format : output.formats()) {
                out.add(f + "." + format);
            }
        }
        out.addAll(List.of(data));
        return List.copyOf(out);
    }

    /** {@code NAME=DIR,...} (a bare DIR is named after its folder); names must be unique. */
    static Map<String, Path> models(String spec) throws UsageException {
        Map<String, Path> out = new LinkedHashMap<>();
        for (String item : spec.split(",")) {
            String s = item.trim();
            if (s.isEmpty()) {
                throw new UsageException("--models: empty entry in '" + spec + "' (expected NAME=DIR,NAME=DIR,...)");
            }
            int eq = s.indexOf('=');
            String name = eq < 0 ? Path.of(s).getFileName().toString() : s.substring(0, eq).trim();
            String dir = eq < 0 ? s : s.substring(eq + 1).trim();
            if (name.isEmpty() || dir.isEmpty()) {
                throw new UsageException("--models: entry '" + s + "' needs a name and a folder (NAME=DIR)");
            }
            if (out.put(name, Path.of(dir)) != null) {
                throw new UsageException("--models: the name '" + name + "' is given twice");
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- shared option handling

    private static NanobeamSimulator simulator(TiltConvention convention) {
        return new NanobeamSimulator(NanobeamInstrument.paper(), FilmSample.paper(), convention);
    }

    /** Loads a model or ensemble folder; a missing or invalid folder is a usage error naming the option. */
    private static NanobeamEnsemble loadModel(String option, Path dir, Device device) throws UsageException {
        if (!Files.isDirectory(dir)) {
            throw new UsageException(option + ": " + dir + " is not a folder (give a model folder written by "
                    + "bin/strainlab nanobeam train)");
        }
        try {
            return NanobeamEnsemble.load(dir, device);
        } catch (IOException | RuntimeException e) {
            throw new UsageException(option + ": " + dir + ": not a usable NanobeamNN model: " + e.getMessage());
        }
    }

    private static Device device(Map<String, String> o) throws UsageException {
        String v = o.getOrDefault("--device", "auto");
        try {
            return Devices.select(v);
        } catch (RuntimeException e) {
            throw new UsageException("--device: " + e.getMessage());
        }
    }

    private static Path outDir(Map<String, String> o) throws UsageException {
        Path dir = Path.of(required(o, "--out"));
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException("--out: " + dir + " exists and is not a folder");
        }
        return dir;
    }

    /** Options of {@code nanobeam ACTION} (args[0] is the action): valued options and flags, else a usage error. */
    static Map<String, String> parse(String[] args, Set<String> valued, Set<String> flags) throws UsageException {
        Map<String, String> o = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (flags.contains(a)) {
                o.put(a, "true");
            } else if (valued.contains(a)) {
                if (i + 1 >= args.length) {
                    throw new UsageException(a + " needs a value");
                }
                o.put(a, args[++i]);
            } else {
                throw new UsageException("unknown option '" + a + "' for nanobeam " + args[0]);
            }
        }
        return o;
    }

    static String required(Map<String, String> o, String key) throws UsageException {
        String v = o.get(key);
        if (v == null || v.isBlank()) {
            throw new UsageException("missing " + key);
        }
        return v;
    }

    private static double positive(Map<String, String> o, String key, double dflt) throws UsageException {
        if (!o.containsKey(key)) {
            return dflt;
        }
        double d = DatasetCliOptions.doubleValue(o, key, dflt);
        if (!(d > 0) || !Double.isFinite(d)) {
            throw new UsageException(key + " must be finite and > 0, got '" + o.get(key) + "'");
        }
        return d;
    }

    static int integer(Map<String, String> o, String key, int dflt, int min) throws UsageException {
        String v = o.get(key);
        if (v == null) {
            return dflt;
        }
        int i;
        try {
            i = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(key + " must be an integer, got '" + v + "'");
        }
        if (i < min) {
            throw new UsageException(key + " must be >= " + min + ", got " + i);
        }
        return i;
    }

    private static long longValue(Map<String, String> o, String key, long dflt) throws UsageException {
        String v = o.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(key + " must be an integer, got '" + v + "'");
        }
    }

    /** A comma-separated list of distinct positive count levels, in the given order. */
    private static double[] levels(Map<String, String> o, String key) throws UsageException {
        String v = required(o, key);
        Set<Double> seen = new LinkedHashSet<>();
        for (String s : v.split(",")) {
            double d;
            try {
                d = Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw new UsageException(key + ": '" + s + "' is not a number (expected e.g. 10,100,1000)");
            }
            if (!(d > 0) || !Double.isFinite(d)) {
                throw new UsageException(key + ": count levels must be finite and > 0, got " + s.trim());
            }
            if (!seen.add(d)) {
                throw new UsageException(key + ": " + s.trim() + " is listed twice");
            }
        }
        return seen.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
