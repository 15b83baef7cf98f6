package strainlab.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import strainlab.Workspace;
import strainlab.cnn.ModelMetadata;
import strainlab.cnn.OutputLayout;
import strainlab.cnn.TrainedModel;
import strainlab.dataset.recipe.Recipe;
import strainlab.profile.SplineConvention;

/**
 * Which trained networks an analysis starts from: the one asked for, else every usable one found in a folder of
 * networks, by default the shipped {@code data/models/} of the installation ({@link Workspace#root()}), never a
 * {@code models/} folder of the working directory (full {@code [14]} outputs: 10 strain weights, tied DW, t, H,
 * DR), else none (automatic start). With several, {@link Analysis} keeps the prediction whose recomputed curve fits
 * the scan best, since each network covers its own preset's ranges. Always says which folders were scanned and
 * which networks were found, and why.
 *
 * @param candidates  the loaded networks (empty: automatic start)
 * @param description a sentence for the report
 * @param scanned     one line per folder scanned: the folder, how many networks it holds, how many are usable
 */
public record NetworkChoice(List<Candidate> candidates, String description, List<String> scanned)
        implements AutoCloseable {
    /**
     * One loaded network.
     *
     * @param model the network
     * @param name  its folder, as reported
     */
    public record Candidate(TrainedModel model, String name) {
    }

    public NetworkChoice {
        candidates = List.copyOf(candidates);
        scanned = List.copyOf(scanned);
    }

    /** A choice without folder lines (a network given explicitly, or none). */
    public NetworkChoice(List<Candidate> candidates, String description) {
        this(candidates, description, List.of());
    }

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

    /** The shipped networks' folder of this installation: {@code data/models/} under {@link Workspace#root()}. */
    public static Path shippedFolder() {
        return Workspace.root().resolve("data").resolve("models");
    }

    /**
     * The network in {@code dir}, or every usable one in the shipped {@link #shippedFolder()} when {@code dir} is
     * null.
     *
     * @throws IOException when an explicitly given folder cannot be loaded or has reduced outputs
     */
    public static NetworkChoice select(Path dir) throws IOException {
        if (dir != null) {
            TrainedModel m = TrainedModel.load(dir, "cpu");
            if (m.metadata().layout() != OutputLayout.ALL) {
                String layout = m.metadata().outputLayout();
                m.close();
                throw new IOException(dir + ": outputLayout " + (layout.isEmpty() ? "(other)" : layout) + " "
                        + m.labelNames() + "; an analysis starts from the full " + OutputLayout.ALL.tag()
                        + " outputs (strain weights, scale_dw, t_nm, fwhm_deg, dr)");
            }
            String why = unsuitable(m.metadata());
            if (why != null) {
                m.close();
                throw new IOException(dir + ": " + why);
            }
            return new NetworkChoice(List.of(new Candidate(m, dir.toString())), dir + " (preset " + m.preset() + ", "
                    + m.inputLength() + "-point input, as given)");
        }
        return scan(shippedFolder(), false, DEFAULT_NOISE_FAMILY);
    }

    /**
     * Every usable network in {@code folder} (its network folders up to two levels down) of one noise family.
     *
     * @param explicit whether the user named the folder: then a missing folder is an error, not a warning
     * @param noiseFamily {@code honest} or {@code published}: networks whose model.json records another training
     *                    noise are skipped (those that record none are kept); {@code all}: every network
     * @throws IOException when an explicitly given folder does not exist or cannot be read
     */
    public static NetworkChoice scan(Path folder, boolean explicit, String noiseFamily) throws IOException {
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
        List<Path> found = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root, 3)) {
            s.filter(p -> p.getFileName().toString().equals(ModelMetadata.FILE_NAME)).sorted()
                    .forEach(p -> found.add(p.getParent()));
        }
        if (found.isEmpty()) {
            return new NetworkChoice(List.of(), none("no trained model in " + root).description(),
                    List.of(root + ": no networks (no " + ModelMetadata.FILE_NAME + ")"));
        }
        List<Candidate> loaded = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path p : found) {
            try {
                ModelMetadata meta = ModelMetadata.load(p.resolve(ModelMetadata.FILE_NAME));
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
                loaded.add(new Candidate(TrainedModel.load(p, "cpu"), p.toString()));
            } catch (IOException | RuntimeException e) {
                skipped.add(p.getFileName() + " (" + e.getMessage() + ")");
            }
        }
        String line = root + ": " + found.size() + " network(s), " + loaded.size() + " usable";
        if (loaded.isEmpty()) {
            return new NetworkChoice(List.of(), none("no usable trained model among " + found.size()
                    + " folder(s) in " + root + (skipped.isEmpty() ? "" : ": " + String.join("; ", skipped)))
                    .description(), List.of(line));
        }
        StringBuilder d = new StringBuilder();
        for (Candidate c : loaded) {
            d.append(d.length() == 0 ? "" : ", ").append(c.name()).append(" (preset ").append(c.model().preset())
                    .append(")");
        }
        if (loaded.size() > 1) {
            d.append("; the prediction that fits the scan best is kept");
        }
        if (!skipped.isEmpty()) {
            d.append("; skipped ").append(String.join("; ", skipped));
        }
        return new NetworkChoice(loaded, d.toString(), List.of(line));
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
        return lines;
    }

    @Override
    public void close() {
        candidates.forEach(c -> c.model().close());
    }
}
