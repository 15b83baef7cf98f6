package strainlab.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.util.Set;

/**
 * Typed access to the fields of a strict JSON object ({@link #parseStrict}), every problem an
 * {@link IllegalArgumentException} whose message names the field by its dotted path ({@code prefix + key},
 * e.g. {@code dw.dwMin}) and, for numbers, the allowed range. Shared by the request and recipe formats.
 */
public final class JsonFields {
    private JsonFields() {
    }

    /** One strict JSON document ({@link StrictJson}): comments, NaN, trailing commas, duplicate keys refused. */
    public static JsonElement parseStrict(String text) {
        return StrictJson.parse(text);
    }

    /** Refuses any key of {@code o} not in {@code known}, listing the known ones. */
    public static void onlyKnown(JsonObject o, Set<String> known, String prefix) {
        for (String k : o.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException("unknown field '" + prefix + k + "'; known fields: "
                        + String.join(", ", new java.util.TreeSet<>(known)));
            }
        }
    }

    /** The field's value; a missing or null field is an error naming it. */
    public static JsonElement required(JsonObject o, String key, String prefix) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            throw new IllegalArgumentException("missing field '" + prefix + key + "'");
        }
        return e;
    }

    /** A required finite number. */
    public static double number(JsonObject o, String key, String prefix) {
        JsonElement e = required(o, key, prefix);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException(prefix + key + " must be a number, got " + e);
        }
        double v = e.getAsDouble();
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(prefix + key + " must be finite, got " + e);
        }
        return v;
    }

    /** A required number in {@code [min, max]} (unit for the message, may be empty). */
    public static double within(JsonObject o, String key, String prefix, double min, double max, String unit) {
        double v = number(o, key, prefix);
        if (!(v >= min && v <= max)) {
            throw new IllegalArgumentException(prefix + key + " must lie in [" + min + ", " + max + "]"
                    + (unit.isEmpty() ? "" : " " + unit) + ", got " + v);
        }
        return v;
    }

    /** A required number {@code > 0}. */
    public static double positive(JsonObject o, String key, String prefix) {
        double v = number(o, key, prefix);
        if (!(v > 0)) {
            throw new IllegalArgumentException(prefix + key + " must be > 0, got " + v);
        }
        return v;
    }

    /** A required integer that fits an int. */
    public static int integer(JsonObject o, String key, String prefix) {
        long v = longInteger(o, key, prefix);
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw new IllegalArgumentException(prefix + key + " is out of range: " + v);
        }
        return (int) v;
    }

    /** A required integer (no fraction) that fits a long. */
    public static long longInteger(JsonObject o, String key, String prefix) {
        JsonElement e = required(o, key, prefix);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException(prefix + key + " must be an integer, got " + e);
        }
        java.math.BigDecimal b = e.getAsBigDecimal();
        try {
            return b.longValueExact();
        } catch (ArithmeticException ex) {
            throw new IllegalArgumentException(prefix + key + " must be an integer, got " + e, ex);
        }
    }

    /** A required string. */
    public static String string(JsonObject o, String key, String prefix) {
        JsonElement e = required(o, key, prefix);
        if (!e.isJsonPrimitive() || !((JsonPrimitive) e).isString()) {
            throw new IllegalArgumentException(prefix + key + " must be a string, got " + e);
        }
        return e.getAsString();
    }

    /** A required object. */
    public static JsonObject object(JsonObject o, String key, String prefix) {
        JsonElement e = required(o, key, prefix);
        if (!e.isJsonObject()) {
            throw new IllegalArgumentException(prefix + key + " must be an object, got " + e);
        }
        return e.getAsJsonObject();
    }

    /** A required array of finite numbers. */
    public static double[] numbers(JsonObject o, String key, String prefix) {
        JsonElement e = required(o, key, prefix);
        if (!e.isJsonArray()) {
            throw new IllegalArgumentException(prefix + key + " must be an array of numbers, got " + e);
        }
        JsonArray a = e.getAsJsonArray();
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            JsonElement x = a.get(i);
            if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isNumber() || !Double.isFinite(x.getAsDouble())) {
                throw new IllegalArgumentException(prefix + key + "[" + i + "] must be a finite number, got " + x);
            }
            v[i] = x.getAsDouble();
        }
        return v;
    }

}
