package strainlab.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;

/**
 * Strict JSON (RFC 8259) into a Gson tree: comments, unquoted keys, single quotes, NaN/Infinity, trailing
 * commas, text after the document and duplicate keys are all refused, as is nesting deeper than
 * {@link #MAX_DEPTH}. Every problem is an {@link IllegalArgumentException} whose message gives the line,
 * column and JSON path (never Gson's own text).
 */
final class StrictJson {
    /** Deepest nesting of objects and arrays accepted (a request needs 3). */
    static final int MAX_DEPTH = 32;

    private StrictJson() {
    }

    /** Parses one strict JSON document. */
    static JsonElement parse(String text) {
        JsonReader r = new JsonReader(new StringReader(text));
        r.setStrictness(Strictness.STRICT);
        boolean rootRead = false;
        try {
            if (r.peek() == JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException("the file is empty (expected a JSON object)");
            }
            JsonElement e = value(r, 0);
            rootRead = true;
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException("text after the end of the JSON object" + where(r));
            }
            return e;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            if (rootRead) {
                throw new IllegalArgumentException("text after the end of the JSON object" + where(r) + ": "
                        + problem(text, r), e);
            }
            throw new IllegalArgumentException("not strict JSON" + where(r) + ": " + problem(text, r)
                    + " (comments, unquoted keys, single quotes, NaN, trailing commas and a second document "
                    + "are not allowed)", e);
        } catch (StackOverflowError e) {
            throw new IllegalArgumentException("not strict JSON: nested too deeply", e);
        }
    }

    private static JsonElement value(JsonReader r, int depth) throws IOException {
        JsonToken t = r.peek();
        switch (t) {
            case BEGIN_OBJECT -> {
                depth(r, depth);
                JsonObject o = new JsonObject();
                r.beginObject();
                while (r.hasNext()) {
                    String key = r.nextName();
                    if (o.has(key)) {
                        throw new IllegalArgumentException("duplicate key '" + key + "'" + where(r));
                    }
                    o.add(key, value(r, depth + 1));
                }
                r.endObject();
                return o;
            }
            case BEGIN_ARRAY -> {
                depth(r, depth);
                JsonArray a = new JsonArray();
                r.beginArray();
                while (r.hasNext()) {
                    a.add(value(r, depth + 1));
                }
                r.endArray();
                return a;
            }
            case STRING -> {
                return new JsonPrimitive(r.nextString());
            }
            case NUMBER -> {
                return new JsonPrimitive(new BigDecimal(r.nextString()));
            }
            case BOOLEAN -> {
                return new JsonPrimitive(r.nextBoolean());
            }
            case NULL -> {
                r.nextNull();
                return JsonNull.INSTANCE;
            }
            default -> throw new IllegalArgumentException("unexpected " + t + where(r));
        }
    }

    private static void depth(JsonReader r, int depth) {
        if (depth >= MAX_DEPTH) {
            throw new IllegalArgumentException("nested deeper than " + MAX_DEPTH + " levels" + where(r));
        }
    }

    /** " at line L column C (path $.a.b)" from the reader's position. */
    private static String where(JsonReader r) {
        String s = r.toString();
        int at = s.indexOf(" at line ");
        return at < 0 ? "" : s.substring(at).replace(" path ", " (") + ")";
    }

    /** What the text holds at the reader's position, in words. */
    private static String problem(String text, JsonReader r) {
        String s = r.toString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("line (\\d+) column (\\d+)").matcher(s);
        if (!m.find()) {
            return "malformed";
        }
        int line = Integer.parseInt(m.group(1));
        int col = Integer.parseInt(m.group(2));
        int pos = 0;
        for (int l = 1; l < line && pos >= 0; l++) {
            pos = text.indexOf('\n', pos);
            pos = pos < 0 ? -1 : pos + 1;
        }
        if (pos < 0) {
            return "malformed";
        }
        int i = Math.min(text.length(), pos + Math.max(0, col - 2));
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i >= text.length()) {
            return "the text ends too early";
        }
        if (i > 0 && text.charAt(i - 1) == '\'') {
            i--;
        }
        char c = text.charAt(i);
        String near = text.substring(i, Math.min(text.length(), i + 12)).split("[\r\n]", 2)[0]
                .replaceAll("\\p{Cntrl}", "?").strip();
        if (c == '/' || c == '#') {
            return "a comment near '" + near + "'";
        }
        if (near.matches("[+-]?(NaN|Infinity).*")) {
            return "'" + near.replaceAll("[^A-Za-z+-].*", "") + "' is not a JSON number";
        }
        if (c == '\'') {
            return "a single-quoted string near '" + near + "'";
        }
        if (Character.isLetter(c)) {
            return "an unquoted key or bare word near '" + near + "'";
        }
        return "unexpected text near '" + near + "'";
    }
}
