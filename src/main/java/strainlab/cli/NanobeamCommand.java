package strainlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import strainlab.dataset.DatasetWriter;
import strainlab.dataset.GenerationProgress;
import strainlab.io.PatternCsv;
import strainlab.nanobeam.sim.FilmSample;
import strainlab.nanobeam.sim.LatticeState;
import strainlab.nanobeam.sim.NanobeamLibrary;
import strainlab.nanobeam.sim.ParameterGrid;

/**
 * {@code bin/strainlab nanobeam ACTION}: the NanobeamNN system (scanning nanodiffraction). Each action is a picocli
 * subcommand: simulate and library here, {@link NanobeamTrainCommand train}, {@link NanobeamPredictCommand predict},
 * {@link NanobeamStudyCommand map} and {@link NanobeamCountLevelsCommand count-levels}.
 */
@CommandLine.Command(name = "nanobeam",
        header = "nanobeam diffraction: simulate patterns, generate the library, train/apply NanobeamNN",
        subcommands = {NanobeamCommand.Simulate.class, NanobeamCommand.Library.class, NanobeamTrainCommand.class,
            NanobeamPredictCommand.class, NanobeamStudyCommand.class, NanobeamCountLevelsCommand.class})
final class NanobeamCommand implements Command {
    private static final String ACTIONS = "simulate, library, train, predict, map or count-levels";

    @Override
    public String name() {
        return "nanobeam";
    }

    @Override
    public String summary() {
        return Picocli.line(this).getCommandSpec().usageMessage().header()[0];
    }

    @Override
    public String usage() {
        return Picocli.line(this).getSubcommands().values().stream().map(Picocli::usage)
                .collect(Collectors.joining("\n"));
    }

    @Override
    public int run(String[] args, PrintStream out) throws Exception {
        if (args.length == 0) {
            throw new UsageException("missing action: " + ACTIONS);
        }
        CommandLine line = Picocli.line(new NanobeamCommand());
        if (!line.getSubcommands().containsKey(args[0])) {
            throw new UsageException("unknown action '" + args[0] + "': expected " + ACTIONS);
        }
        return ((Picocli) Picocli.parse(line, args).subcommand().commandSpec().userObject()).call(out);
    }

    /** {@code nanobeam simulate}: one noise-free pattern as CSV. */
    @CommandLine.Command(name = "simulate", customSynopsis = {
        "usage: bin/strainlab nanobeam simulate --strain E --tilt-lr DEG --tilt-ud DEG --out image.csv",
        "         [--thickness-a 117] [--corrected] [--allow-outside]"}, description = {
        "Writes the noise-free 64x64 pattern (simulator units: sum of t·sinc² over the beam cone)",
        "as 64 lines of 64 comma-separated numbers (predict reads it with --units simulator);",
        "line = detector row (perpendicular to the scattering plane), column = detector column",
        "(2θ increasing with the column index).",
        "E is a fraction (0.001 = 0.1 %%); tilts in degrees. Outside the library range",
        "(|E| ≤ 0.005, |ω| ≤ 0.05°, |χ| ≤ 0.1°) is an error unless --allow-outside."})
    static final class Simulate extends Picocli {
        @Option(names = "--strain", paramLabel = "E", description = "strain (a fraction)")
        private double strain = Double.NaN;
        @Option(names = "--tilt-lr", paramLabel = "DEG", description = "left-right tilt in degrees")
        private double tiltLr = Double.NaN;
        @Option(names = "--tilt-ud", paramLabel = "DEG", description = "up-down tilt in degrees")
        private double tiltUd = Double.NaN;
        @Option(names = "--out", paramLabel = "FILE", required = true, description = "the pattern's CSV file")
        private Path file;
        @Option(names = "--thickness-a", paramLabel = "A", description = "film thickness in Å (default 117)")
        private Double thicknessA;
        @Option(names = "--corrected", description = "the corrected tilt term (default: the published library's)")
        private boolean corrected;
        @Option(names = "--allow-outside", description = "simulate a state outside the library range")
        private boolean allowOutside;

        @Override
        protected int call(PrintStream out) throws Exception {
            LatticeState s;
            try {
                s = new LatticeState(strain, tiltLr, tiltUd);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage() + " (give --strain, --tilt-lr and --tilt-ud)");
            }
            if (!allowOutside) {
                try {
                    ParameterGrid.paper().requireInside(s);
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage() + "; add --allow-outside to simulate it anyway");
                }
            }
            if (Files.isDirectory(file)) {
                throw new IOException(file + ": a folder; --out needs a file name such as image.csv");
            }
            FilmSample film = thicknessA == null ? FilmSample.paper() : FilmSample.paper().withThicknessA(thicknessA);
            PatternCsv.write(file, NanobeamArgs.simulator(film, corrected).simulate(s));
            out.println("wrote " + file + " (64x64, noise-free, " + s + ")");
            return 0;
        }
    }

    /** {@code nanobeam library}: the GRID³ library with Poisson noise as a sharded data set. */
    @CommandLine.Command(name = "library", customSynopsis = {
        "usage: bin/strainlab nanobeam library --out DIR [--grid 41] [--seed 1] [--max-counts 7]",
        "         [--threads N] [--shard-size 10000] [--corrected]"}, description = {
        "Writes the GRID³ library (41³ = 68 921 in the paper), scaled to MAX photons at its brightest",
        "pixel, Poisson noise of (seed, index), as a sharded data set (resumable; labels strain,",
        "tilt_lr_deg, tilt_ud_deg)."})
    static final class Library extends Picocli {
        @Option(names = "--out", paramLabel = "DIR", required = true, description = "the data set's folder")
        private Path dir;
        @Option(names = "--grid", paramLabel = "GRID", description = "points per parameter (default 41)")
        private int grid = 41;
        @Option(names = "--seed", paramLabel = "S", description = "noise seed (default 1)")
        private long seed = 1;
        @Option(names = "--max-counts", paramLabel = "MAX", description = "photons at the brightest pixel (default 7)")
        private double maxCounts = 7;
        @Option(names = "--threads", paramLabel = "N", description = "threads (default: all cores)")
        private int threads = Runtime.getRuntime().availableProcessors();
        @Option(names = "--shard-size", paramLabel = "S", description = "patterns per shard (default 10000)")
        private int shardSize = DatasetWriter.DEFAULT_SHARD_SIZE;
        @Option(names = "--corrected", description = "the corrected tilt term (default: the published library's)")
        private boolean corrected;

        @Override
        protected int call(PrintStream out) throws Exception {
            atLeast("--grid", grid, 2);
            atLeast("--threads", threads, 1);
            atLeast("--shard-size", shardSize, 1);
            long t0 = System.nanoTime();
            NanobeamLibrary lib = NanobeamLibrary.create(NanobeamArgs.simulator(FilmSample.paper(), corrected),
                    ParameterGrid.cube(grid), maxCounts, threads);
            out.printf(Locale.ROOT, "library %d^3 = %d patterns; brightest pixel %.6g (simulator units) -> %.3g "
                    + "photons; maximum found in %.1f s%n", grid, lib.size(), lib.libraryMaximum(), maxCounts,
                    (System.nanoTime() - t0) / 1e9);
            DatasetWriter.Report r = DatasetWriter.of(lib).seed(seed).count(lib.size()).threads(threads)
                    .shardSize(shardSize).noise("poisson").progress(GenerationProgress.console(System.err)).write(dir);
            out.printf(Locale.ROOT, "wrote %s: %d shards written, %d kept, %.1f s (%.0f patterns/s)%n", dir,
                    r.shardsWritten(), r.shardsKept(), r.seconds(), r.curvesPerSecond());
            return 0;
        }
    }
}
