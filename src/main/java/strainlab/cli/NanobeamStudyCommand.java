package strainlab.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import strainlab.io.ResultFiles;
import strainlab.io.StagedFolder;
import strainlab.nanobeam.maps.MapFields;
import strainlab.nanobeam.maps.MapReport;
import strainlab.nanobeam.maps.MapResult;
import strainlab.nanobeam.maps.MapStudy;
import strainlab.nanobeam.net.NanobeamEnsemble;
import strainlab.nanobeam.sim.FilmSample;
import strainlab.nanobeam.sim.NanobeamSimulator;
import strainlab.plot.Figure;
import strainlab.plot.FigureOutput;
import strainlab.plot.NanobeamPlots;

/**
 * {@code bin/strainlab nanobeam map}: figure 3, figure 2 and the speed comparison; the file lists of it and of
 * {@link NanobeamCountLevelsCommand count-levels}. Every file is written atomically; progress goes to stderr, the
 * summary to stdout.
 */
@Command(name = "map", customSynopsis = {
    "usage: bin/strainlab nanobeam map --model DIR --out DIR [--width 64] [--fov paper|tile]",
    "         [--max-counts C] [--seed 1] [--threads N] [--device auto|cpu|gpu] [--repeats 3]",
    "         [--corrected] [--figure-format png,svg,pdf] [--dpi 72]"}, description = {
    "Figure 3, figure 2 and the speed comparison: simulates the figure-3 fields (sinusoidal strain,",
    "sigmoidal tilts; the paper's 64x64 map by default, --width 165 for the speed map; --fov tile",
    "repeats the 64x64 map instead of resampling the field of view), scales the scan to C photons",
    "at its brightest pixel (default: the model's training level, 7 in the paper), draws Poisson",
    "noise with the seed, and analyses it with the ensemble in DIR (mean and spread) and with the",
    "correlation fit over the model's library grid (published tilt term; --corrected: the",
    "corrected one; the scan always uses the corrected term, as the authors' figure 3).",
    "Times the CNN and the fit (library loaded), each after an untimed warm-up call, R times;",
    "reports medians (all runs in the JSON).",
    "Writes figure3.png, figure3-spread.png, figure2.png, figureS4.png (error maps and error",
    "histograms of both methods), figureS5.png (integrated intensity and detector centres of mass",
    "beside NanobeamNN's maps), speed.png, map-values.csv and map-report.json (RMSE, bias, timings,",
    "peak memory) into --out."})
final class NanobeamStudyCommand extends Picocli {
    /** Figures of {@code nanobeam map}, by file name without the format's extension. */
    static final List<String> MAP_FIGURES = List.of("figure3", "figure3-spread", "figure2", "figureS4", "figureS5",
            "speed");
    /** Files of {@code nanobeam map} with the default PNG figures, in the order the report lists them. */
    static final List<String> MAP_FILES = FigureOutput.DEFAULT.fileNames(MAP_FIGURES, "map-values.csv",
            "map-report.json");
    /** Files of {@code nanobeam count-levels} with the default PNG figure. */
    static final List<String> COUNT_LEVEL_FILES = FigureOutput.DEFAULT.fileNames(List.of("figureS3"),
            "count-levels.csv", "count-levels.json");

    @Option(names = "--model", paramLabel = "DIR", required = true, description = "NanobeamNN model or ensemble")
    private Path modelDir;
    @Option(names = "--out", paramLabel = "DIR", required = true, description = "report folder")
    private Path outDir;
    @Option(names = "--width", paramLabel = "W", description = "map width in pixels (default 64)")
    private int width = MapFields.PAPER_WIDTH;
    @Option(names = "--fov", paramLabel = "F", description = "paper (default) or tile")
    private String fov = "paper";
    @Option(names = "--max-counts", paramLabel = "C", description = "photons at the scan's brightest pixel")
    private Double maxCountsOption;
    @Option(names = "--seed", paramLabel = "S", description = "noise seed (default 1)")
    private long seed = 1;
    @Option(names = "--threads", paramLabel = "N", description = "threads (default: all cores)")
    private int threads = Runtime.getRuntime().availableProcessors();
    @Option(names = "--device", paramLabel = "D", description = "auto (default), cpu or gpu")
    private String device = "auto";
    @Option(names = "--repeats", paramLabel = "R", description = "timed runs (default 3)")
    private int repeats = 3;
    @Option(names = "--corrected", description = "the corrected tilt term in the correlation fit's library")
    private boolean corrected;
    @Mixin
    private FigureOptions figureOptions;

    @Override
    protected int call(PrintStream out) throws Exception {
        FigureOutput figures = figureOptions.output();
        NanobeamArgs.outDir(outDir);
        atLeast("--width", width, 2);
        MapFields.FieldOfView fieldOfView = switch (fov) {
            case "paper" -> MapFields.FieldOfView.PAPER;
            case "tile" -> MapFields.FieldOfView.TILE;
            default -> throw new UsageException("--fov must be paper or tile, got '" + fov + "'");
        };
        positive("--max-counts", maxCountsOption == null ? 1 : maxCountsOption);
        atLeast("--threads", threads, 1);
        atLeast("--repeats", repeats, 1);
        String d = NanobeamArgs.device(device);
        PrintStream progress = System.err;
        try (NanobeamEnsemble ensemble = NanobeamArgs.loadModel("--model", modelDir, device)) {
            double trainedCounts = ensemble.members().get(0).info().maxCounts();
            double maxCounts = maxCountsOption == null ? trainedCounts : maxCountsOption;
            if (maxCounts != trainedCounts) {
                progress.printf(Locale.ROOT, "note: the scan's brightest pixel is %.4g photons, the model was trained "
                        + "at %.4g%n", maxCounts, trainedCounts);
            }
            NanobeamSimulator scanSim = NanobeamArgs.simulator(FilmSample.paper(), true);
            NanobeamSimulator librarySim = NanobeamArgs.simulator(FilmSample.paper(), corrected);
            MapStudy.Run run = MapStudy.run(scanSim, librarySim, ensemble, new MapStudy.Settings(width, fieldOfView,
                    maxCounts, seed, threads, device, repeats), progress::println);
            MapResult r = run.result();
            progress.println("writing figures and the report to " + outDir);
            MapStudy.Figure2 f2 = MapStudy.figure2(scanSim, r, run.scanCountsPerUnit(),
                    MapStudy.figure2Pixels(r.truth()));
            String title = MapReport.speedTitle(run, ensemble.size(), ensemble.trainedRange().size());
            List<Figure> panels = NanobeamPlots.mapFigures(run, f2, ensemble.size(), title);
            List<String> files = figures.fileNames(MAP_FIGURES, "map-values.csv", "map-report.json");
            StagedFolder.writeAll(outDir, staging -> {
                List<Path> written = new ArrayList<>();
                for (int k = 0; k < panels.size(); k++) {
                    written.addAll(figures.save(panels.get(k), staging, MAP_FIGURES.get(k)));
                }
                ResultFiles.writeColumns(staging.resolve("map-values.csv"), MapReport.columns(r));
                ResultFiles.writeJson(staging.resolve("map-report.json"),
                        MapReport.json(run, modelDir, ensemble, librarySim.convention(), files));
                written.add(staging.resolve("map-values.csv"));
                written.add(staging.resolve("map-report.json"));
                return written;
            });
            out.print(r.summary());
            out.printf(Locale.ROOT, "NanobeamNN (%d member(s), %s): %.3f s for %d patterns (%.0f patterns/s), "
                    + "median of %d%n", ensemble.size(), d, r.cnnSeconds(), width * width,
                    width * width / r.cnnSeconds(), repeats);
            out.printf(Locale.ROOT, "correlation fit over %d library patterns: %.3f s (median of %d), %.3f s with the "
                    + "library build (%.3f s)%n", ensemble.trainedRange().size(), r.correlationSeconds(), repeats,
                    run.correlationTotalSeconds(), run.libraryBuildSeconds());
            double rss = run.peakRssMb()[2];
            out.printf(Locale.ROOT, "peak resident memory %s MB; wrote %s into %s%n", Double.isFinite(rss)
                    ? String.format(Locale.ROOT, "%.0f", rss) : "n/a", String.join(", ", files), outDir);
        }
        return 0;
    }
}
