package strainlab.crystal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Miller indices (h k l) of a reflection, in the axes of the material's {@link Lattice} (three-index form
 * also for hexagonal cells; see {@link #millerBravais}).
 */
public record Hkl(int h, int k, int l) {
    private static final Pattern COMPACT = Pattern.compile("(-?\\d)(-?\\d)(-?\\d)");

    public static Hkl of(int h, int k, int l) {
        return new Hkl(h, k, l);
    }

    /** From a three-element array such as the CLI's {@code "hkl": [0,0,4]}. */
    public static Hkl of(int[] hkl) {
        if (hkl == null || hkl.length != 3) {
            throw new IllegalArgumentException("hkl must have exactly 3 integers, got "
                    + (hkl == null ? "null" : hkl.length + " values"));
        }
        return new Hkl(hkl[0], hkl[1], hkl[2]);
    }

    /** From four-index Miller–Bravais (h k i l) of hexagonal crystals; requires i = −(h+k). */
    public static Hkl millerBravais(int h, int k, int i, int l) {
        if (i != -(h + k)) {
            throw new IllegalArgumentException("Miller–Bravais index i must equal −(h+k) = " + (-(h + k))
                    + ", got " + i);
        }
        return new Hkl(h, k, l);
    }

    /**
     * Parses "0 0 4", "0,0,4", "1 -1 0" or the compact single-digit form "004", "-111", "1-10".
     */
    public static Hkl parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("hkl text is empty");
        }
        String t = text.trim().replace('−', '-');
        String[] parts = t.split("[\\s,;]+");
        try {
            if (parts.length == 3) {
                return new Hkl(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
            }
            Matcher m = COMPACT.matcher(t);
            if (parts.length == 1 && m.matches()) {
                return new Hkl(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("hkl '" + text + "' is not three integers", e);
        }
        throw new IllegalArgumentException("hkl '" + text + "' is not three integers (e.g. \"0 0 4\" or \"004\")");
    }

    /** The Friedel mate (−h −k −l). */
    public Hkl negate() {
        return new Hkl(-h, -k, -l);
    }

    public boolean isZero() {
        return h == 0 && k == 0 && l == 0;
    }

    @Override
    public String toString() {
        return h + " " + k + " " + l;
    }
}
