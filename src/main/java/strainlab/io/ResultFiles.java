package strainlab.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writers of analysis results: curves and depth profiles as CSV, reports as JSON (Gson). All writes are
 * atomic (temporary file + rename). Numbers are written with full precision ({@link Double#toString}).
 */
public final class ResultFiles {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .disableHtmlEscaping().create();

    private ResultFiles() {
    }

    /**
     * Writes equal-length columns as CSV with a header line (column order as in the map).
     *
     * @throws IllegalArgumentException when the columns differ in length or a name contains a comma
     */
    public static void writeColumns(Path file, Map<String, double[]> columns) throws IOException {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("no columns to write to " + file);
        }
        int n = -1;
        for (Map.Entry<String, double[]> c : columns.entrySet()) {
            if (c.getKey().contains(",") || c.getKey().contains("\n")) {
                throw new IllegalArgumentException("column name '" + c.getKey() + "' must not contain a comma");
            }
            if (n >= 0 && c.getValue().length != n) {
                throw new IllegalArgumentException("column '" + c.getKey() + "' has " + c.getValue().length
                        + " values, expected " + n);
            }
            n = c.getValue().length;
        }
        int rows = n;
        AtomicFiles.writeText(file, w -> {
            w.write(String.join(",", columns.keySet()));
            w.write('\n');
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < rows; i++) {
                sb.setLength(0);
                boolean first = true;
                for (double[] col : columns.values()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    sb.append(Double.toString(col[i]));
                }
                sb.append('\n');
                w.write(sb.toString());
            }
        });
    }

    /**
     * Writes depth profiles given in node order (node 0 = interface, last node = free surface, as everywhere in
     * StrainLab) as CSV with rows ordered from the surface down: columns {@code depth_A_from_surface},
     * {@code z_A_from_interface}, then one column per profile.
     *
     * @param thicknessA layer thickness t in Å; node j of N+1 sits at z = j·t/N
     * @param profiles name → values in node order, all of the same length N+1 ≥ 2
     */
    public static void writeProfiles(Path file, double thicknessA, Map<String, double[]> profiles) throws IOException {
        if (!(thicknessA > 0)) {
            throw new IllegalArgumentException("thicknessA must be > 0, got " + thicknessA);
        }
        int nodes = profiles.values().iterator().next().length;
        if (nodes < 2) {
            throw new IllegalArgumentException("a profile needs at least 2 nodes");
        }
        LinkedHashMap<String, double[]> cols = new LinkedHashMap<>();
        double[] depth = new double[nodes];
        double[] z = new double[nodes];
        for (int r = 0; r < nodes; r++) {
            int j = nodes - 1 - r;
            z[r] = j * thicknessA / (nodes - 1);
            depth[r] = thicknessA - z[r];
        }
        cols.put("depth_A_from_surface", depth);
        cols.put("z_A_from_interface", z);
        for (Map.Entry<String, double[]> p : profiles.entrySet()) {
            double[] v = p.getValue();
            if (v.length != nodes) {
                throw new IllegalArgumentException("profile '" + p.getKey() + "' has " + v.length + " nodes, expected "
                        + nodes);
            }
            double[] rev = new double[nodes];
            for (int r = 0; r < nodes; r++) {
                rev[r] = v[nodes - 1 - r];
            }
            cols.put(p.getKey(), rev);
        }
        writeColumns(file, cols);
    }

    /** Writes any record/map/array as pretty JSON (Gson; NaN and infinities written as such). */
    public static void writeJson(Path file, Object value) throws IOException {
        AtomicFiles.writeText(file, w -> GSON.toJson(value, w));
    }

    /** The Gson instance used for reports (pretty printing, special floats allowed). */
    public static Gson gson() {
        return GSON;
    }
}
