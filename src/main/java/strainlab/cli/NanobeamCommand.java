package strainlab.cli;

import static strainlab.cli.NanobeamStudyCommand.integer;
import static strainlab.cli.NanobeamStudyCommand.parse;
import static strainlab.cli.NanobeamStudyCommand.required;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import strainlab.dataset.DatasetWriter;
import strainlab.dataset.GenerationProgress;
import strainlab.nanobeam.net.ConvLayout;
import strainlab.nanobeam.net.NanobeamEnsemble;
import strainlab.nanobeam.net.NanobeamTrainingOptions;
import strainlab.nanobeam.sim.FilmSample;
import strainlab.nanobeam.sim.LatticeState;
import strainlab.nanobeam.sim.LibraryIntensity;
import strainlab.nanobeam.sim.NanobeamInstrument;
import strainlab.nanobeam.sim.NanobeamLibrary;
import strainlab.nanobeam.sim.NanobeamSimulator;
import strainlab.nanobeam.sim.ParameterEstimates;
import strainlab.nanobeam.sim.ParameterGrid;
import strainlab.nanobeam.sim.TiltConvention;
import strainlab.training.Devices;

/** {@code bin/strainlab nanobeam simulate|library|train|predict}: the NanobeamNN system (scanning nanodiffraction). */
final class NanobeamCommand implements Command {
    @Override
    public String name() {
        return "nanobeam";
    }

    @Override
    public String summary() {
        return "nanobeam diffraction: simulate patterns, generate the library, train/apply NanobeamNN";
    }

    @Override
    public String usage() {
        return """
                usage: bin/strainlab nanobeam simulate --strain E --tilt-lr DEG --tilt-ud DEG --out image.csv
                         [--thickness-a 117] [--corrected] [--allow-outside]
                       Writes the noise-free 64x64 pattern (simulator units: sum of t·sinc² over the beam cone)
                       as 64 lines of 64 comma-separated numbers (predict reads it with --units simulator);
                       line = detector row (perpendicular to the scattering plane), column = detector column
                       (2θ increasing with the column index).
                       E is a fraction (0.001 = 0.1 %); tilts in degrees. Outside the library range
                       (|E| ≤ 0.005, |ω| ≤ 0.05°, |χ| ≤ 0.1°) is an error unless --allow-outside.
                       bin/strainlab nanobeam library --out DIR [--grid 41] [--seed 1] [--max-counts 7]
                         [--threads N] [--shard-size 10000] [--corrected]
                       Writes the GRID³ library (41³ = 68 921 in the paper), scaled to MAX photons at its brightest
                       pixel, Poisson noise of (seed, index), as a sharded data set (resumable; labels strain,
                       tilt_lr_deg, tilt_ud_deg).
                       bin/strainlab nanobeam train --out DIR [--grid 41] [--epochs 500] [--members 10] [--seed 1]
                         [--max-counts 7] [--lr 1e-4] [--batch 64] [--threads N] [--device auto|cpu|gpu]
                         [--checkpoint-every 5] [--sequential] [--conv auto|grouped|mixed|per-member]
                       Trains an ensemble (member m: weight seed S+m, noise seed S+m) on the in-memory library,
                       80/10/10 split with seed 8, best-validation weights kept, into DIR/member-NN. All members
                       train at once as one grouped network (data on the device, one line per epoch: member-mean
                       MSEs, patterns/s); every N epochs the state goes to DIR/training-state.bin and the member
                       folders, and re-running the same command after a kill resumes there. --sequential trains
                       the members one after the other instead (same seeds and data; for comparison). --conv
                       chooses how the members' convolutions run (speed only; auto: mixed on CPU, grouped on GPU).
                       bin/strainlab nanobeam predict --model DIR --image image.csv [--units counts|simulator]
                         [--device ...]
                       Predicts strain and tilts of one 64x64 pattern (CSV: 64 lines of 64 numbers, as simulate
                       writes). --units: counts (photons, the network's input) or simulator (as written by simulate;
                       converted to the model's training level: its maxCounts at the library's brightest pixel).
                       Without --units an image of whole numbers is read as counts and any other is refused.
                       An empty pattern, one whose total counts lie more than 3x outside those of the training
                       library, or one whose centre of mass or spread on the detector lies more than 3 pixels
                       outside the library's, is refused. Exit status: 0 answer inside the trained range; 1 error (nothing
                       predicted); 2 bad arguments; 3 answer written with a warning on stdout: outside the trained
                       range (the library grid's strain, tilt_lr_deg, tilt_ud_deg bounds) or total counts outside
                       the training library's; do not trust it.
                """ + NanobeamStudyCommand.USAGE;
    }

    @Override
    public int run(String[] args, PrintStream out) throws Exception {
        if (args.length == 0) {
            throw new UsageException("missing action: simulate, library, train, predict, map or count-levels");
        }
        String action = args[0];
        Map<String, String> o;
        switch (action) {
            case "simulate" -> {
                o = parse(args, Set.of("--strain", "--tilt-lr", "--tilt-ud", "--out", "--thickness-a"),
                        Set.of("--corrected", "--allow-outside"));
                return simulate(o, out);
            }
            case "library" -> {
                o = parse(args, Set.of("--out", "--grid", "--seed", "--max-counts", "--threads", "--shard-size"),
                        Set.of("--corrected"));
                return library(o, out);
            }
            case "train" -> {
                o = parse(args, Set.of("--out", "--grid", "--epochs", "--members", "--seed", "--max-counts", "--lr",
                        "--batch", "--threads", "--device", "--checkpoint-every", "--conv"), Set.of("--sequential"));
                return train(o, out);
            }
            case "predict" -> {
                o = parse(args, Set.of("--model", "--image", "--device", "--units"), Set.of());
                return predict(o, out);
            }
            case "map" -> {
                return NanobeamStudyCommand.map(args, out);
            }
            case "count-levels" -> {
                return NanobeamStudyCommand.countLevels(args, out);
            }
            default -> throw new UsageException("unknown action '" + action
                    + "': expected simulate, library, train, predict, map or count-levels");
        }
    }

    private static double number(Map<String, String> o, String key, double dflt) throws UsageException {
        String v = o.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException(key + " must be a finite number, got '" + v + "'");
        }
    }

    private static NanobeamSimulator simulator(Map<String, String> o) throws UsageException {
        FilmSample film = FilmSample.paper().withThicknessA(number(o, "--thickness-a", FilmSample.paper().thicknessA()));
        return new NanobeamSimulator(NanobeamInstrument.paper(), film,
                o.containsKey("--corrected") ? TiltConvention.CORRECTED : TiltConvention.PUBLISHED_LIBRARY);
    }

    private static int simulate(Map<String, String> o, PrintStream out) throws Exception {
        LatticeState s;
        try {
            s = new LatticeState(number(o, "--strain", Double.NaN), number(o, "--tilt-lr", Double.NaN),
                    number(o, "--tilt-ud", Double.NaN));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage() + " (give --strain, --tilt-lr and --tilt-ud)");
        }
        if (!o.containsKey("--allow-outside")) {
            try {
                ParameterGrid.paper().requireInside(s);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage() + "; add --allow-outside to simulate it anyway");
            }
        }
        Path file = Path.of(required(o, "--out"));
        double[] img = simulator(o).simulate(s);
        StringBuilder b = new StringBuilder(img.length * 12);
        int n = 64;
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                if (c > 0) {
                    b.append(',');
                }
                b.append(img[r * n + c]);
            }
            b.append('\n');
        }
        writeAtomically(file, b.toString());
        out.println("wrote " + file + " (64x64, noise-free, " + s + ")");
        return 0;
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path abs = file.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new IOException(file + ": a folder; --out needs a file name such as image.csv");
        }
        Files.createDirectories(abs.getParent());
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, abs, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            if (e instanceof java.nio.file.FileSystemException) {
                throw e;
            }
            throw new IOException(file + ": writing failed: " + ErrorText.describe(e, new String[0]), e);
        }
    }

    private static int library(Map<String, String> o, PrintStream out) throws Exception {
        int grid = integer(o, "--grid", 41, 2);
        long seed = (long) number(o, "--seed", 1);
        int threads = integer(o, "--threads", Runtime.getRuntime().availableProcessors(), 1);
        double maxCounts = number(o, "--max-counts", 7);
        Path dir = Path.of(required(o, "--out"));
        long t0 = System.nanoTime();
        NanobeamLibrary lib = NanobeamLibrary.create(simulator(o), ParameterGrid.cube(grid), maxCounts, threads);
        out.printf(Locale.ROOT, "library %d^3 = %d patterns; brightest pixel %.6g (simulator units) -> %.3g photons; "
                + "maximum found in %.1f s%n", grid, lib.size(), lib.libraryMaximum(), maxCounts, (System.nanoTime() - t0) / 1e9);
        DatasetWriter.Report r = DatasetWriter.of(lib).seed(seed).count(lib.size()).threads(threads)
                .shardSize(integer(o, "--shard-size", DatasetWriter.DEFAULT_SHARD_SIZE, 1)).noise("poisson")
                .progress(GenerationProgress.console(System.err)).write(dir);
        out.printf(Locale.ROOT, "wrote %s: %d shards written, %d kept, %.1f s (%.0f patterns/s)%n", dir,
                r.shardsWritten(), r.shardsKept(), r.seconds(), r.curvesPerSecond());
        return 0;
    }

    private static int train(Map<String, String> o, PrintStream out) throws Exception {
        int grid = integer(o, "--grid", 41, 2);
        int threads = integer(o, "--threads", Runtime.getRuntime().availableProcessors(), 1);
        long seed = (long) number(o, "--seed", 1);
        NanobeamTrainingOptions opts = new NanobeamTrainingOptions(integer(o, "--epochs", 500, 1),
                integer(o, "--batch", 64, 1), number(o, "--lr", 1e-4), seed, seed, null,
                integer(o, "--checkpoint-every", NanobeamTrainingOptions.DEFAULT_CHECKPOINT_EVERY, 1),
                convLayout(o.getOrDefault("--conv", "auto")));
        Device device = Devices.select(o.getOrDefault("--device", "auto"));
        Path dir = Path.of(required(o, "--out"));
        int members = integer(o, "--members", 10, 1);
        long t0 = System.nanoTime();
        NanobeamLibrary lib = NanobeamLibrary.create(NanobeamSimulator.paper(), ParameterGrid.cube(grid),
                number(o, "--max-counts", 7), threads);
        out.printf(Locale.ROOT, "library %d^3 = %d patterns, maximum found in %.1f s%n", grid, lib.size(),
                (System.nanoTime() - t0) / 1e9);
        t0 = System.nanoTime();
        try (NanobeamEnsemble e = o.containsKey("--sequential")
                ? NanobeamEnsemble.trainSequential(lib, members, opts, dir, device, threads, out::println)
                : NanobeamEnsemble.train(lib, members, opts, dir, device, threads, out::println)) {
            out.printf(Locale.ROOT, "trained %d member(s) into %s in %.1f min%n", e.size(), dir,
                    (System.nanoTime() - t0) / 60e9);
        }
        return 0;
    }

    private static ConvLayout convLayout(String v) throws UsageException {
        try {
            return ConvLayout.parse(v);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--conv: " + e.getMessage());
        }
    }

    /** Exit status of {@code nanobeam predict} when the answer is written but should not be trusted. */
    static final int UNTRUSTED = 3;
    /** How far (factor) the total counts may lie outside the library's before the pattern is refused. */
    static final double REFUSE_FACTOR = 3;
    /** Relative margin on the library's total counts: patterns between grid points may be a few % dimmer or brighter. */
    static final double TOTAL_MARGIN = 0.1;
    /** How far (pixels) a pattern's centre of mass or spread may lie outside the library's before it is refused. */
    static final double SHAPE_MARGIN_PX = 3;

    /** The unit of an image's values: photons, or the simulator's units as written by {@code nanobeam simulate}. */
    enum Units { COUNTS, SIMULATOR }

    private static int predict(Map<String, String> o, PrintStream out) throws Exception {
        Path imageFile = Path.of(required(o, "--image"));
        Path modelDir = Path.of(required(o, "--model"));
        String unitsOption = o.get("--units");
        if (unitsOption != null && !unitsOption.equals("counts") && !unitsOption.equals("simulator")) {
            throw new UsageException("--units must be counts or simulator, got '" + unitsOption + "'");
        }
        float[] image = readCsvImage(imageFile);
        Units units = unitsOption != null ? Units.valueOf(unitsOption.toUpperCase(Locale.ROOT)) : detectUnits(imageFile, image);
        try (NanobeamEnsemble e = NanobeamEnsemble.load(modelDir, Devices.select(o.getOrDefault("--device", "auto")))) {
            double maxCounts = e.members().get(0).info().maxCounts();
            ParameterGrid range = e.trainedRange();
            LibraryIntensity li = LibraryIntensity.paper(range, Runtime.getRuntime().availableProcessors());
            float[] counts = image;
            if (units == Units.SIMULATOR) {
                counts = new float[image.length];
                double perUnit = li.countsPerUnit(maxCounts);
                for (int i = 0; i < image.length; i++) {
                    counts[i] = (float) (image[i] * perUnit);
                }
            }
            String countWarning = checkCountLevel(imageFile, counts, units, li, maxCounts);
            NanobeamEnsemble.Prediction p = e.predict(counts);
            ParameterEstimates m = p.mean();
            ParameterEstimates s = p.spread();
            out.printf(Locale.ROOT, "strain      %.6f ± %.6f%ntilt_lr_deg %.5f ± %.5f%ntilt_ud_deg %.5f ± %.5f%n",
                    m.strain()[0], s.strain()[0], m.tiltLrDeg()[0], s.tiltLrDeg()[0], m.tiltUdDeg()[0], s.tiltUdDeg()[0]);
            int code = 0;
            if (countWarning != null) {
                out.println("warning: " + countWarning + "; do not trust this answer");
                code = UNTRUSTED;
            }
            try {
                range.requireInside(m.state(0));
            } catch (IllegalArgumentException ex) {
                out.println("warning: prediction outside the trained range: " + ex.getMessage()
                        + "; the network never saw such a pattern, do not trust this answer");
                code = UNTRUSTED;
            }
            return code;
        }
    }

    /**
     * The units of an image given without {@code --units}: counts when every value is a whole number (Poisson counts;
     * the simulator's output never is), else ambiguous (simulator units or corrected counts) and refused.
     */
    static Units detectUnits(Path file, float[] image) throws UsageException {
        for (int i = 0; i < image.length; i++) {
            if (image[i] != Math.rint(image[i])) {
                throw new UsageException(file + ": line " + (i / 64 + 1) + ", field " + (i % 64 + 1) + " is "
                        + image[i] + ", not a whole number of counts: the image is in simulator units (as written by"
                        + " nanobeam simulate) or in corrected counts; say which with --units simulator|counts");
            }
        }
        return Units.COUNTS;
    }

    /**
     * Refuses a pattern whose total counts lie more than {@link #REFUSE_FACTOR} outside the totals of the training
     * library (noise-free, widened by {@link #TOTAL_MARGIN} and a 5σ Poisson margin), that is empty, or whose shape
     * fails {@link #checkShape}; returns a warning (null if none) when the total
     * lies outside the library's but within that factor.
     */
    static String checkCountLevel(Path file, float[] counts, Units units, LibraryIntensity li, double maxCounts)
            throws IOException {
        double total = 0;
        for (float v : counts) {
            total += v;
        }
        if (total == 0) {
            throw new IOException(file + ": every pixel is zero (an empty pattern): there is no diffraction signal to"
                    + " read; no answer given");
        }
        double perUnit = li.countsPerUnit(maxCounts);
        double lo = li.minTotal() * perUnit;
        double hi = li.maxTotal() * perUnit;
        lo = Math.max(0, (1 - TOTAL_MARGIN) * lo - 5 * Math.sqrt(lo));
        hi = (1 + TOTAL_MARGIN) * hi + 5 * Math.sqrt(hi);
        String level = String.format(Locale.ROOT, "total %.4g counts%s, while the network was trained on patterns of"
                        + " %.4g to %.4g counts (%.3g photons at the library's brightest pixel)", total,
                units == Units.SIMULATOR ? " (converted from simulator units)" : "", lo, hi, maxCounts);
        if (total < lo / REFUSE_FACTOR || total > hi * REFUSE_FACTOR) {
            String hint = units == Units.COUNTS && total > hi * REFUSE_FACTOR
                    ? "; if the image is in simulator units (as written by nanobeam simulate) add --units simulator"
                    : units == Units.SIMULATOR && total < lo / REFUSE_FACTOR
                    ? "; if the image is in counts use --units counts" : "";
            throw new IOException(file + ": " + level + ": no network of this training level could have produced"
                    + " this pattern; no answer given" + hint);
        }
        checkShape(file, counts, li);
        return total < lo || total > hi ? level : null;
    }

    /**
     * Refuses a pattern whose intensity lies elsewhere on the detector, or spreads wider or narrower, than any
     * pattern of the library: centre of mass or standard deviation along an axis more than
     * {@link #SHAPE_MARGIN_PX} pixels outside the library's range (a flat background, a transposed or shifted image).
     */
    static void checkShape(Path file, float[] counts, LibraryIntensity li) throws IOException {
        double[] image = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            image[i] = counts[i];
        }
        LibraryIntensity.Moments m = LibraryIntensity.Moments.of(image);
        String[] names = {"centre of mass along the rows", "centre of mass along the columns",
                "spread (standard deviation) along the rows", "spread (standard deviation) along the columns"};
        double[] v = {m.row(), m.column(), m.sdRow(), m.sdColumn()};
        double[] lo = {li.low().row(), li.low().column(), li.low().sdRow(), li.low().sdColumn()};
        double[] hi = {li.high().row(), li.high().column(), li.high().sdRow(), li.high().sdColumn()};
        for (int k = 0; k < 4; k++) {
            if (v[k] < lo[k] - SHAPE_MARGIN_PX || v[k] > hi[k] + SHAPE_MARGIN_PX) {
                throw new IOException(String.format(Locale.ROOT, "%s: the intensity's %s is %.1f pixels, while every"
                                + " pattern of the training library has %.1f to %.1f: not a pattern of this geometry"
                                + " (a background, a transposed or shifted image?); no answer given", file, names[k],
                        v[k], lo[k], hi[k]));
            }
        }
    }

    /** Reads a 64-line × 64-number CSV image; errors name the file, line and field. */
    static float[] readCsvImage(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": a folder, expected a CSV file of 64 lines of 64 numbers");
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": not found");
        }
        java.util.List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).toList();
        if (lines.size() != 64) {
            throw new IOException(file + ": expected 64 lines of 64 numbers (a 64x64 pattern), got " + lines.size() + " lines");
        }
        float[] img = new float[4096];
        for (int r = 0; r < 64; r++) {
            String[] f = lines.get(r).split(",");
            if (f.length != 64) {
                throw new IOException(file + ": line " + (r + 1) + " has " + f.length + " numbers, expected 64");
            }
            for (int c = 0; c < 64; c++) {
                try {
                    img[r * 64 + c] = Float.parseFloat(f[c].trim());
                } catch (NumberFormatException e) {
                    throw new IOException(file + ": line " + (r + 1) + ", field " + (c + 1) + ": not a number: '" + f[c] + "'");
                }
                if (!Float.isFinite(img[r * 64 + c])) {
                    throw new IOException(file + ": line " + (r + 1) + ", field " + (c + 1) + ": not a finite number: '" + f[c].trim() + "'");
                }
                if (img[r * 64 + c] < 0) {
                    throw new IOException(file + ": line " + (r + 1) + ", field " + (c + 1) + ": negative count " + f[c]);
                }
            }
        }
        return img;
    }
}
