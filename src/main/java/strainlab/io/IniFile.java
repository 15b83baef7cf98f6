package strainlab.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal INI file as RaDMaX writes it ({@code [Section]}, {@code key = value}, {@code #}/{@code ;}
 * comments), with the line of every key kept for error messages. Section and key names are case-insensitive.
 */
final class IniFile {
    private record Entry(String value, int line) {
    }

    private final String name;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> sections = new LinkedHashMap<>();

    private IniFile(String name) {
        this.name = name;
    }

    static IniFile read(Path path) throws IOException {
        String name = ScanFormatException.name(path);
        String text;
        try {
            text = new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ScanFormatException(path.toString(), "", "no such file", e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            throw new ScanFormatException(name, "", "file is empty");
        }
        IniFile ini = new IniFile(name);
        String section = null;
        Map<String, String> raw = null;
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String t = lines[i].strip();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith(";")) {
                continue;
            }
            if (t.startsWith("[")) {
                if (!t.endsWith("]") || t.length() < 3) {
                    throw ScanFormatException.at(name, i + 1, "malformed section header '" + t + "'");
                }
                String title = t.substring(1, t.length() - 1).strip();
                section = title.toLowerCase(Locale.ROOT);
                raw = ini.sections.computeIfAbsent(title, s -> new LinkedHashMap<>());
                continue;
            }
            int eq = t.indexOf('=');
            if (eq <= 0) {
                throw ScanFormatException.at(name, i + 1, "expected 'key = value' or '[Section]', got '" + t + "'");
            }
            if (section == null) {
                throw ScanFormatException.at(name, i + 1, "key outside any [Section]");
            }
            String key = section + "/" + t.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            ini.entries.put(key, new Entry(t.substring(eq + 1).strip(), i + 1));
            raw.put(t.substring(0, eq).strip(), t.substring(eq + 1).strip());
        }
        return ini;
    }

    /** Every section with its keys and raw values, in file order and with the file's spelling. */
    Map<String, Map<String, String>> sections() {
        return sections;
    }

    String name() {
        return name;
    }

    boolean has(String section, String key) {
        return entries.containsKey(k(section, key));
    }

    String string(String section, String key) throws ScanFormatException {
        Entry e = entries.get(k(section, key));
        if (e == null) {
            throw new ScanFormatException(name, "[" + section + "] " + key, "missing key");
        }
        if (e.value.isEmpty()) {
            throw ScanFormatException.at(name, e.line, "[" + section + "] " + key + " is empty");
        }
        return e.value;
    }

    double number(String section, String key) throws ScanFormatException {
        String v = string(section, key);
        try {
            double d = Double.parseDouble(v);
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the line
        }
        throw ScanFormatException.at(name, line(section, key), "[" + section + "] " + key
                + " must be a finite number, got '" + v + "'");
    }

    double number(String section, String key, double fallback) throws ScanFormatException {
        return has(section, key) ? number(section, key) : fallback;
    }

    int integer(String section, String key) throws ScanFormatException {
        double d = number(section, key);
        if (d != Math.rint(d) || Math.abs(d) > 1e9) {
            throw ScanFormatException.at(name, line(section, key), "[" + section + "] " + key
                    + " must be a whole number, got " + d);
        }
        return (int) d;
    }

    int line(String section, String key) {
        Entry e = entries.get(k(section, key));
        return e == null ? 0 : e.line;
    }

    ScanFormatException error(String section, String key, String problem) {
        int line = line(section, key);
        return new ScanFormatException(name, (line > 0 ? "line " + line + " " : "") + "[" + section + "] " + key, problem);
    }

    private static String k(String section, String key) {
        return section.toLowerCase(Locale.ROOT) + "/" + key.toLowerCase(Locale.ROOT);
    }
}
