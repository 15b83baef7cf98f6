package strainlab.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Parsing of {@code --name value} options for the dataset commands; bad input is a {@link UsageException}. */
final class DatasetCliOptions {
    private DatasetCliOptions() {
    }

    /** Parses {@code --name value} pairs; unknown, repeated or value-less options are errors. */
    static Map<String, String> parse(String[] args, Set<String> known) throws UsageException {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!known.contains(a)) {
                throw new UsageException("unknown option '" + a + "'");
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new UsageException(a + " needs a value");
            }
            if (o.put(a, args[++i]) != null) {
                throw new UsageException(a + " given twice");
            }
        }
        return o;
    }

    /** The value of a required option. */
    static String required(Map<String, String> o, String name) throws UsageException {
        String v = o.get(name);
        if (v == null) {
            throw new UsageException("missing " + name);
        }
        return v;
    }

    /** A decimal option (default when absent). */
    static double doubleValue(Map<String, String> o, String name, double fallback) throws UsageException {
        String v = o.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a number, got '" + v + "'");
        }
    }

    /** An integer option (default when absent) that must be ≥ {@code min}. */
    static long longValue(Map<String, String> o, String name, long fallback, long min) throws UsageException {
        String v = o.get(name);
        if (v == null) {
            return fallback;
        }
        long x;
        try {
            x = Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be an integer, got '" + v + "'");
        }
        if (x < min) {
            throw new UsageException(name + " must be ≥ " + min + ", got " + x);
        }
        if (x > Integer.MAX_VALUE && !name.equals("--seed")) {
            throw new UsageException(name + " must be ≤ " + Integer.MAX_VALUE + ", got " + x);
        }
        return x;
    }
}
