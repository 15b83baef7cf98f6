package strainlab.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import strainlab.Workspace;
import strainlab.cnn.Ensemble;
import strainlab.cnn.ModelMetadata;
import strainlab.crystal.DiffractionSetup;
import strainlab.crystal.Hkl;
import strainlab.cnn.OutputLayout;
import strainlab.cnn.TrainedModel;
import strainlab.dataset.recipe.Recipe;
import strainlab.profile.SplineConvention;

/**
 * Which trained networks an analysis starts from: the one asked for, else every usable one found in a folder of
 * networks, by default the shipped {@code data/models/} of the installation ({@link Workspace#root()}), never a
 * {@code models/} folder of the working directory (full {@code [14]} outputs: 10 strain weights, tied DW, t, H,
 * DR), else none (automatic start). An ensemble folder ({@link Ensemble}) is one network whose prediction is its
 * members' mean. With several, {@link Analysis} keeps the prediction whose recomputed curve fits
 * the scan best, since each network covers its own preset's ranges. Always says which folders were scanned and
 * which networks were found, and why.
 *
 * @param candidates  the loaded networks (empty: automatic start)
 * @param description a sentence for the report
 * @param scanned     one line per folder scanned: the folder, how many networks it holds, how many are usable
 * @param warnings    what the user must know about the choice, e.g. that the networks were trained for another
 *                    reflection and serve only as a fallback start
 */
public record NetworkChoice(List<Candidate> candidates, String description, List<String> scanned,
                            List<String> warnings) implements AutoCloseable {
    /**
     * One loaded network, or one ensemble of networks ({@link Ensemble}: a single candidate whose prediction is its
     * members' mean).
     *
     * @param model    the network; for an ensemble its first member, which stands for the members' shared preset,
     *                 input grid and labels
     * @param name     its folder (the ensemble's for an ensemble), as reported
     * @param ensemble the ensemble {@code model} is the first member of, or null for a single network
     */
    public record Candidate(TrainedModel model, String name, Ensemble ensemble) {
        public Candidate {
            if (model == null || name == null) {
                throw new IllegalArgumentException("a candidate needs a network and a name");
            }
            if (ensemble != null && ensemble.members().get(0) != model) {
                throw new IllegalArgumentException("an ensemble candidate's network must be its first member");
            }
        }

        /** A single network. */
        public Candidate(TrainedModel model, String name) {
            this(model, name, null);
        }

        /** An ensemble, reported as {@code name}. */
        public static Candidate of(Ensemble ensemble, String name) {
            return new Candidate(ensemble.members().get(0), name, ensemble);
        }

        /** The networks whose predictions are averaged: the ensemble's members, or the single network. */
        public List<TrainedModel> members() {
            return ensemble == null ? List.of(model) : ensemble.members();
        }

        /** Closes the network or every member of the ensemble. */
        void close() {
            if (ensemble == null) {
                model.close();
            } else {
                ensemble.close();
            }
        }

        /** The words after the folder in the choice's description, e.g. {@code preset cnn2, ensemble of 3}. */
        String summary() {
            return "preset " + model.preset() + (ensemble == null ? "" : ", ensemble of " + members().size());
        }
    }

    public NetworkChoice {
        candidates = List.copyOf(candidates);
        scanned = List.copyOf(scanned);
        warnings = List.copyOf(warnings);
    }

    /** A choice without warnings. */
    public NetworkChoice(List<Candidate> candidates, String description, List<String> scanned) {
        this(candidates, description, scanned, List.of());
    }

    /** A choice without folder lines (a network given explicitly, or none). */
    public NetworkChoice(List<Candidate> candidates, String description) {
        this(candidates, description, List.of());
    }

    /**
     * The reflection an analysis is for: the scan's diffraction setup and its name in words (e.g. {@code sic 400}).
     * A network matches it when it was trained for the same wavelength (within {@link #WAVELENGTH_TOLERANCE}),
     * d-spacing ({@link #D_SPACING_TOLERANCE}) and structure-factor magnitude per cell volume, which sets the
     * extinction depth ({@link #STRUCTURE_FACTOR_TOLERANCE}): then the scan looks to the network like its training
     * curves. The paper's ZrO2 004 networks match the YSZ 400 reflection (same fluorite cell within 0.04 %).
     *
     * @param setup      the reflection's setup
     * @param reflection the reflection in words, for the messages
     */
    public record Target(DiffractionSetup setup, String reflection) {
        public Target {
            if (setup == null || reflection == null) {
                throw new IllegalArgumentException("a network target needs a setup and a reflection name");
            }
        }
    }

    /** Relative wavelength difference under which a network's training wavelength matches the scan's. */
    public static final double WAVELENGTH_TOLERANCE = 0.002;
    /** Relative d-spacing difference under which a network's reflection matches the scan's. */
    public static final double D_SPACING_TOLERANCE = 0.005;
    /** Relative difference of |F_H|/V under which a network's crystal matches the scan's. */
    public static final double STRUCTURE_FACTOR_TOLERANCE = 0.1;

    /** No network, with the reason. */
    public static NetworkChoice none(String why) {
        return new NetworkChoice(List.of(), "none (" + why + "): automatic multi-start search");
    }

    /**
     * The noise family of networks an analysis considers by default: {@code honest}. On the measured YSZ 400 and
     * 3C-SiC 400 scans the honest-noise CNN2 and the one trained on the authors' I + Poisson(I) reach the same σ_I
     * after the fit on YSZ (0.1063), and the honest one a much better one on 3C-SiC (0.131 against 0.238).
     */
    public static final String DEFAULT_NOISE_FAMILY = "honest";
    /** The noise families {@link #scan(Path, boolean, String)} accepts. */
    public static final List<String> NOISE_FAMILIES = List.of("honest", "published", "all");

    /**
     * Asks the PyTorch engine, before it starts, for one intra-op and one inter-op thread: an analysis feeds its
     * networks a few curves, and idle PyTorch threads would take the cores from the refinement. A value the user set
     * (the system properties {@code ai.djl.pytorch.num_threads} and {@code ai.djl.pytorch.num_interop_threads})
     * wins; without effect once the engine has started.
     */
    public static void fewCurveInference() {
        for (String p : new String[]{"ai.djl.pytorch.num_threads", "ai.djl.pytorch.num_interop_threads"}) {
            if (System.getProperty(p) == null) {
                System.setProperty(p, "1");
            }
        }
    }

    /** The shipped networks' folder of this installation: {@code data/models/} under {@link Workspace#root()}. */
    public static Path shippedFolder() {
        return Workspace.root().resolve("data").resolve("models");
    }

    /**
     * The network or ensemble in {@code dir}, or every usable one in the shipped {@link #shippedFolder()} when
     * {@code dir} is null.
     *
     * @throws IOException when an explicitly given folder cannot be loaded or has reduced outputs
     */
    public static NetworkChoice select(Path dir) throws IOException {
        return select(dir, null);
    }

    /**
     * As {@link #select(Path)}, for the reflection {@code target} (null: any): a network given explicitly is used
     * even when it was trained for another reflection, with a warning; the shipped ones are chosen by
     * {@link #scan(Path, boolean, String, Target)}.
     */
    public static NetworkChoice select(Path dir, Target target) throws IOException {
        if (dir != null) {
            Candidate c = load(dir);
            ModelMetadata meta = c.model().metadata();
            if (meta.layout() != OutputLayout.ALL) {
                String layout = meta.outputLayout();
                c.close();
                throw new IOException(dir + ": outputLayout " + (layout.isEmpty() ? "(other)" : layout) + " "
                        + c.model().labelNames() + "; an analysis starts from the full " + OutputLayout.ALL.tag()
                        + " outputs (strain weights, scale_dw, t_nm, fwhm_deg, dr)");
            }
            String why = unsuitable(meta);
            if (why != null) {
                c.close();
                throw new IOException(dir + ": " + why);
            }
            String other = target == null ? null : mismatch(meta, target);
            return new NetworkChoice(List.of(c), dir + " (" + c.summary() + ", " + c.model().inputLength()
                    + "-point input, as given)", List.of(), other == null ? List.of()
                    : List.of(fallbackWarning(target, List.of(new OtherReflection(dir, other)))));
        }
        return scan(shippedFolder(), false, DEFAULT_NOISE_FAMILY, target);
    }

    /**
     * The network or ensemble ({@link Ensemble#isEnsemble}) in {@code dir}, loaded on the CPU; an ensemble's members
     * must share their training ({@link Ensemble#metadata}).
     */
    static Candidate load(Path dir) throws IOException {
        if (Ensemble.isEnsemble(dir)) {
            Ensemble.metadata(dir);
            return Candidate.of(Ensemble.load(dir, "cpu"), dir.toString());
        }
        return new Candidate(TrainedModel.load(dir, "cpu"), dir.toString());
    }

    /** The training description of the network or ensemble in {@code dir}, read without loading the networks. */
    static ModelMetadata metadata(Path dir) throws IOException {
        return Ensemble.isEnsemble(dir) ? Ensemble.metadata(dir) : ModelMetadata.load(dir.resolve(
                ModelMetadata.FILE_NAME));
    }

    /**
     * Every usable network in {@code folder} (its network and ensemble folders up to two levels down, {@link
     * #found}) of one noise family.
     *
     * @param explicit whether the user named the folder: then a missing folder is an error, not a warning
     * @param noiseFamily {@code honest} or {@code published}: networks whose model.json records another training
     *                    noise are skipped (those that record none are kept); {@code all}: every network
     * @throws IOException when an explicitly given folder does not exist or cannot be read
     */
    public static NetworkChoice scan(Path folder, boolean explicit, String noiseFamily) throws IOException {
        return scan(folder, explicit, noiseFamily, null);
    }

    /**
     * As {@link #scan(Path, boolean, String)}, keeping only the networks trained for the reflection {@code target}
     * (null: any) when there are such; when none is, every usable network is kept as a fallback start and the
     * choice carries a warning that names the networks' reflections and says how to train one for this one.
     */
    public static NetworkChoice scan(Path folder, boolean explicit, String noiseFamily, Target target)
            throws IOException {
        if (!NOISE_FAMILIES.contains(noiseFamily)) {
            throw new IllegalArgumentException("noise family must be honest, published or all, got '" + noiseFamily
                    + "'");
        }
        Path root = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            if (explicit) {
                throw new IOException(folder + ": no such folder of trained networks");
            }
            return new NetworkChoice(List.of(), none("no folder " + root).description(),
                    List.of(root + ": no such folder"));
        }
        List<Path> found = found(root);
        if (found.isEmpty()) {
            return new NetworkChoice(List.of(), none("no trained model in " + root).description(),
                    List.of(root + ": no networks (no " + ModelMetadata.FILE_NAME + ")"));
        }
        List<Candidate> loaded = new ArrayList<>();
        List<OtherReflection> others = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path p : found) {
            try {
                ModelMetadata meta = metadata(p);
                if (meta.layout() != OutputLayout.ALL) {
                    skipped.add(p.getFileName() + " (outputs " + meta.outputLayout() + ")");
                    continue;
                }
                if (!noiseFamily.equals("all") && !meta.noise().isEmpty() && !meta.noise().equals(noiseFamily)) {
                    skipped.add(p.getFileName() + " (trained on " + meta.noise() + " noise)");
                    continue;
                }
                String why = unsuitable(meta);
                if (why != null) {
                    skipped.add(p.getFileName() + " (" + why + ")");
                    continue;
                }
                String other = target == null ? null : mismatch(meta, target);
                if (other != null) {
                    others.add(new OtherReflection(p, other));
                    continue;
                }
                loaded.add(load(p));
            } catch (IOException | RuntimeException e) {
                skipped.add(p.getFileName() + " (" + e.getMessage() + ")");
            }
        }
        List<String> warnings = new ArrayList<>();
        if (loaded.isEmpty() && !others.isEmpty()) {
            List<OtherReflection> fallback = new ArrayList<>();
            for (OtherReflection o : others) {
                try {
                    loaded.add(load(o.dir()));
                    fallback.add(o);
                } catch (IOException | RuntimeException e) {
                    skipped.add(o.dir().getFileName() + " (" + e.getMessage() + ")");
                }
            }
            if (!fallback.isEmpty()) {
                warnings.add(fallbackWarning(target, fallback));
            }
        } else {
            others.forEach(o -> skipped.add(o.dir().getFileName() + " (not for this reflection: " + o.reason() + ")"));
        }
        String line = root + ": " + found.size() + " network(s), " + loaded.size() + " usable"
                + (target == null ? "" : warnings.isEmpty() ? " for " + target.reflection()
                : ", none for " + target.reflection());
        if (loaded.isEmpty()) {
            return new NetworkChoice(List.of(), none("no usable trained model among " + found.size()
                    + " folder(s) in " + root + (skipped.isEmpty() ? "" : ": " + String.join("; ", skipped)))
                    .description(), List.of(line));
        }
        StringBuilder d = new StringBuilder();
        for (Candidate c : loaded) {
            d.append(d.length() == 0 ? "" : ", ").append(c.name()).append(" (").append(c.summary()).append(")");
        }
        if (loaded.size() > 1) {
            d.append("; the prediction that fits the scan best is kept");
        }
        if (!skipped.isEmpty()) {
            d.append("; skipped ").append(String.join("; ", skipped));
        }
        return new NetworkChoice(loaded, d.toString(), List.of(line), warnings);
    }

    /**
     * The network folders in {@code root} (itself and up to two levels down), sorted: folders with a
     * {@value ModelMetadata#FILE_NAME}, and ensemble folders ({@link Ensemble#FILE_NAME}), each one network, whose
     * member folders are not listed apart.
     */
    static List<Path> found(Path root) throws IOException {
        List<Path> ensembles = new ArrayList<>();
        List<Path> networks = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root, 3)) {
            s.forEach(p -> {
                String name = p.getFileName().toString();
                if (name.equals(Ensemble.FILE_NAME) && Files.isRegularFile(p)) {
                    ensembles.add(p.getParent());
                } else if (name.equals(ModelMetadata.FILE_NAME)) {
                    networks.add(p.getParent());
                }
            });
        }
        List<Path> out = new ArrayList<>(ensembles);
        networks.stream().filter(n -> ensembles.stream().noneMatch(n::startsWith)).forEach(out::add);
        out.sort(null);
        return out;
    }

    /**
     * Why a network was not trained for the reflection {@code target} (its recipe's setup, or its preset's for a
     * network without a recorded recipe), or null when it was.
     */
    static String mismatch(ModelMetadata meta, Target target) {
        Recipe r = meta.trainingRecipe();
        DiffractionSetup net = r != null ? r.ranges().setup() : CnnStart.trainingRanges(meta.preset()).setup();
        DiffractionSetup scan = target.setup();
        List<String> differ = new ArrayList<>();
        if (relative(net.wavelengthA(), scan.wavelengthA()) > WAVELENGTH_TOLERANCE) {
            differ.add(String.format(Locale.ROOT, "λ %.4f Å", net.wavelengthA()));
        }
        if (relative(net.dSpacingA(), scan.dSpacingA()) > D_SPACING_TOLERANCE) {
            differ.add(String.format(Locale.ROOT, "d %.5f Å against %.5f Å", net.dSpacingA(), scan.dSpacingA()));
        }
        double fNet = structureFactorPerVolume(net);
        double fScan = structureFactorPerVolume(scan);
        if (relative(fNet, fScan) > STRUCTURE_FACTOR_TOLERANCE) {
            differ.add(String.format(Locale.ROOT, "|F_H|/V %.3f Å⁻³ against %.3f Å⁻³", fNet, fScan));
        }
        return differ.isEmpty() ? null : "trained for " + trainedFor(meta) + " (" + String.join(", ", differ) + ")";
    }

    /**
     * The crystal and reflection a network was trained for, in words: its recipe's material or CIF and hkl; the
     * shipped presets (explicit structure factors) are the paper's ZrO2 004.
     */
    static String trainedFor(ModelMetadata meta) {
        Recipe r = meta.trainingRecipe();
        if (r != null && r.crystal().material() != null) {
            Hkl h = r.crystal().hkl();
            return r.crystal().material() + " " + h.h() + h.k() + h.l();
        }
        if (r != null && r.crystal().cif() != null) {
            Hkl h = r.crystal().hkl();
            return r.crystal().cif() + " " + h.h() + h.k() + h.l();
        }
        return "the paper's ZrO2 004";
    }

    /** A usable network trained for another reflection: its folder and what it was trained for. */
    private record OtherReflection(Path dir, String reason) {
    }

    /** The warning of a fallback start: the networks grouped by what they were trained for. */
    private static String fallbackWarning(Target target, List<OtherReflection> networks) {
        java.util.Map<String, List<String>> byReason = new java.util.LinkedHashMap<>();
        for (OtherReflection o : networks) {
            byReason.computeIfAbsent(o.reason(), k -> new ArrayList<>()).add(o.dir().getFileName().toString());
        }
        List<String> groups = new ArrayList<>();
        byReason.forEach((reason, n) -> groups.add(String.join(", ", n) + " " + reason));
        return "no network was trained for " + target.reflection() + " at λ " + String.format(Locale.ROOT, "%.4f",
                target.setup().wavelengthA()) + " Å; " + String.join("; ", groups) + "; "
                + (networks.size() == 1 ? "it serves" : "they serve") + " only as a fallback start for least squares"
                + " (train a network for this reflection: docs/recipe-format.md)";
    }

    private static double structureFactorPerVolume(DiffractionSetup s) {
        return Math.hypot(s.structureFactors().fhRe(), s.structureFactors().fhIm()) / s.unitCellVolumeA3();
    }

    private static double relative(double a, double b) {
        return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
    }

    /**
     * Why a network cannot give the start of the analysis model (the paper spline: 10 smooth strain weights, DW
     * tied to the strain), judged by its training recipe ({@link ModelMetadata#trainingRecipe()}); null when it
     * can or its recipe is unknown.
     */
    static String unsuitable(ModelMetadata meta) {
        Recipe r = meta.trainingRecipe();
        if (r == null || r.family() == Recipe.Family.PAPER_SPLINE && r.convention() == SplineConvention.SMOOTH
                && r.dw() == Recipe.Dw.TIED) {
            return null;
        }
        return "trained on " + r.family().label() + " profiles, " + r.convention().name().toLowerCase(Locale.ROOT)
                + " weights, " + r.dw().label() + " DW; the analysis model is the paper spline with smooth weights"
                + " and tied DW";
    }

    /** The lines {@code analyze} prints: the folders scanned, the choice, a warning if none is usable but wanted. */
    public List<String> reportLines(boolean wanted) {
        List<String> lines = new ArrayList<>(scanned.stream().map(s -> "models    " + s).toList());
        lines.add("network   " + description);
        if (candidates.isEmpty() && wanted) {
            lines.add("warning   no usable network: the automatic start is much less accurate than a CNN start");
        }
        warnings.forEach(w -> lines.add("warning   " + w));
        return lines;
    }

    @Override
    public void close() {
        candidates.forEach(Candidate::close);
    }
}
