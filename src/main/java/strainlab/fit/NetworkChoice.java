package strainlab.fit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import strainlab.Workspace;
import strainlab.cnn.ModelMetadata;
import strainlab.cnn.TrainedModel;

/**
 * Which trained network an analysis starts from: the one asked for, else the best one found under
 * {@code models/} (trained here) or {@code data/models/} (shipped) of the repository (10 strain weights + tied DW labels; lowest best validation loss), else none
 * (automatic start). Always says which, and why.
 *
 * @param model the loaded network, or null
 * @param name its folder, or ""
 * @param description a sentence for the report
 */
public record NetworkChoice(TrainedModel model, String name, String description) implements AutoCloseable {
    /** No network, with the reason. */
    public static NetworkChoice none(String why) {
        return new NetworkChoice(null, "", "none (" + why + "): automatic multi-start search");
    }

    /**
     * The network in {@code dir}, or the best under {@code models/} when {@code dir} is null.
     *
     * @throws IOException when an explicitly given folder cannot be loaded
     */
    public static NetworkChoice select(Path dir) throws IOException {
        if (dir != null) {
            TrainedModel m = TrainedModel.load(dir, "cpu");
            return new NetworkChoice(m, dir.toString(), dir + " (preset " + m.preset() + ", " + m.inputLength()
                    + "-point input, as given)");
        }
        List<Path> roots = List.of(Workspace.root().resolve("models"), Workspace.root().resolve("data").resolve("models"));
        List<Path> found = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> s = Files.walk(root, 3)) {
                    s.filter(p -> p.getFileName().toString().equals(ModelMetadata.FILE_NAME)).forEach(p -> found.add(p.getParent()));
                }
            }
        }
        if (found.isEmpty()) {
            return none("no trained model under " + roots.get(0) + " or " + roots.get(1));
        }
        List<Path> usable = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        for (Path p : found) {
            try {
                ModelMetadata meta = ModelMetadata.load(p.resolve(ModelMetadata.FILE_NAME));
                if (meta.outputs() == 14) {
                    usable.add(p);
                    losses.add(meta.metrics().getOrDefault("bestValLoss", Double.POSITIVE_INFINITY));
                }
            } catch (IOException | RuntimeException e) {
                // an unreadable folder is skipped; the description below says how many were found
            }
        }
        if (usable.isEmpty()) {
            return none("no usable trained model among " + found.size() + " folder(s) under " + roots);
        }
        int best = 0;
        for (int i = 1; i < usable.size(); i++) {
            if (losses.get(i) < losses.get(best)) {
                best = i;
            }
        }
        Path dir2 = usable.get(best);
        try {
            TrainedModel m = TrainedModel.load(dir2, "cpu");
            return new NetworkChoice(m, dir2.toString(), dir2 + " (preset " + m.preset() + ", best validation loss "
                    + losses.get(best) + " of " + usable.size() + " found under " + roots + ")");
        } catch (IOException | RuntimeException e) {
            return none("the best model " + dir2 + " could not be loaded: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (model != null) {
            model.close();
        }
    }

}
