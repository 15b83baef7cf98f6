package strainlab.fit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import strainlab.Workspace;
import strainlab.cnn.ModelMetadata;
import strainlab.cnn.OutputLayout;
import strainlab.cnn.TrainedModel;

/**
 * Which trained networks an analysis starts from: the one asked for, else every usable one found under
 * {@code models/} (trained here) or {@code data/models/} (shipped) of the repository (full {@code [14]} outputs:
 * 10 strain weights, tied DW, t, H, DR), else none (automatic start). With several, {@link Analysis} keeps the
 * prediction whose recomputed curve fits the scan best, since each network covers its own preset's ranges. Always
 * says which were found, and why.
 *
 * @param candidates  the loaded networks (empty: automatic start)
 * @param description a sentence for the report
 */
public record NetworkChoice(List<Candidate> candidates, String description) implements AutoCloseable {
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
    }

    /** No network, with the reason. */
    public static NetworkChoice none(String why) {
        return new NetworkChoice(List.of(), "none (" + why + "): automatic multi-start search");
    }

    /**
     * The network in {@code dir}, or every usable one under {@code models/} and {@code data/models/} when
     * {@code dir} is null.
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
            return new NetworkChoice(List.of(new Candidate(m, dir.toString())), dir + " (preset " + m.preset() + ", "
                    + m.inputLength() + "-point input, as given)");
        }
        List<Path> roots = List.of(Workspace.root().resolve("models"), Workspace.root().resolve("data").resolve("models"));
        List<Path> found = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> s = Files.walk(root, 3)) {
                    s.filter(p -> p.getFileName().toString().equals(ModelMetadata.FILE_NAME)).sorted()
                            .forEach(p -> found.add(p.getParent()));
                }
            }
        }
        if (found.isEmpty()) {
            return none("no trained model under " + roots.get(0) + " or " + roots.get(1));
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
                loaded.add(new Candidate(TrainedModel.load(p, "cpu"), p.toString()));
            } catch (IOException | RuntimeException e) {
                skipped.add(p.getFileName() + " (" + e.getMessage() + ")");
            }
        }
        if (loaded.isEmpty()) {
            return none("no usable trained model among " + found.size() + " folder(s) under " + roots
                    + (skipped.isEmpty() ? "" : ": " + String.join("; ", skipped)));
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
        return new NetworkChoice(loaded, d.toString());
    }

    @Override
    public void close() {
        candidates.forEach(c -> c.model().close());
    }
}
