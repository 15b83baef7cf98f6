package strainlab.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The true parameters beside a simulated scan ({@code <scan>.truth.json}, written by
 * {@code strainlab.fit.ExampleScan}): {@code {"parameters": {"name": value, ...}}}, values finite numbers in the
 * model's parameter order. Every problem is a {@link ScanFormatException} naming the file and the key.
 */
public final class TruthFile {
    /** Largest truth file read (one holds a few dozen numbers). */
    static final long MAX_BYTES = 1L << 20;

    private TruthFile() {
    }

    /** The true parameter vector, or null when {@code file} does not exist. */
    public static double[] read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw new ScanFormatException(name, "", "is a directory, not a truth file");
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new ScanFormatException(name, "", Files.size(file) + " bytes is too large for a truth file");
        }
        return parse(name, new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    }

    /** Parses the text of a truth file ({@code name} is used in messages only). */
    public static double[] parse(String name, String text) throws ScanFormatException {
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException | IllegalStateException | StackOverflowError e) {
            throw new ScanFormatException(name, "", "not valid JSON (a truth file is {\"parameters\": {\"name\": "
                    + "value, ...}})", e);
        }
        if (!root.isJsonObject()) {
            throw new ScanFormatException(name, "", "must be a JSON object with a \"parameters\" object");
        }
        JsonElement p = root.getAsJsonObject().get("parameters");
        if (p == null || !p.isJsonObject()) {
            throw new ScanFormatException(name, "key \"parameters\"", p == null ? "missing" : "must be an object of "
                    + "name: number");
        }
        JsonObject o = p.getAsJsonObject();
        if (o.size() == 0) {
            throw new ScanFormatException(name, "key \"parameters\"", "holds no parameter");
        }
        double[] v = new double[o.size()];
        int i = 0;
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            JsonElement x = e.getValue();
            double d = Double.NaN;
            if (x.isJsonPrimitive() && x.getAsJsonPrimitive().isNumber()) {
                try {
                    d = x.getAsDouble();
                } catch (NumberFormatException ex) {
                    d = Double.NaN;
                }
            }
            if (!Double.isFinite(d)) {
                throw new ScanFormatException(name, "key \"parameters." + e.getKey() + "\"",
                        "must be a finite number, got " + abbreviate(x.toString()));
            }
            v[i++] = d;
        }
        return v;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
