package strainlab.crystal;

import java.util.Arrays;

/**
 * A crystallographic symmetry operation x′ = R·x + t on fractional coordinates, written as in the
 * International Tables ("-y,x-y,z+1/3"). R has integer entries; translations are kept exactly in units of
 * 1/24 (enough for 1/2, 1/3, 1/4, 1/6, 1/8) and reduced modulo 1.
 */
public final class SymmetryOperation {
    /** Translation unit: translations are stored as integers in 1/24 of a cell edge. */
    static final int DEN = 24;

    private final int[] rotation; // row-major 3×3
    private final int[] translation; // in 1/DEN, each in [0, DEN)

    private SymmetryOperation(int[] rotation, int[] translation) {
        this.rotation = rotation;
        this.translation = new int[3];
        for (int i = 0; i < 3; i++) {
            this.translation[i] = Math.floorMod(translation[i], DEN);
        }
    }

    /** The identity x,y,z. */
    public static SymmetryOperation identity() {
        return new SymmetryOperation(new int[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, new int[3]);
    }

    /**
     * Parses a Jones-faithful triplet such as "x,y,z", "-y,x-y,z+1/3" or "-x+1/4,-y+1/4,-z+1/4".
     *
     * @throws IllegalArgumentException naming the text when it is malformed, the translation is not a
     *         multiple of 1/24, or R is singular
     */
    public static SymmetryOperation parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("symmetry operation is null");
        }
        String[] parts = text.replace(" ", "").split(",", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("symmetry operation '" + text + "' must have 3 comma-separated parts");
        }
        int[] r = new int[9];
        int[] t = new int[3];
        for (int row = 0; row < 3; row++) {
            parseComponent(parts[row], row, r, t, text);
        }
        if (det(r) == 0) {
            throw new IllegalArgumentException("symmetry operation '" + text + "' has a singular rotation part");
        }
        return new SymmetryOperation(r, t);
    }

    private static void parseComponent(String s, int row, int[] r, int[] t, String text) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("symmetry operation '" + text + "' has an empty component");
        }
        int i = 0;
        while (i < s.length()) {
            int sign = 1;
            char c = s.charAt(i);
            if (c == '+' || c == '-') {
                sign = c == '-' ? -1 : 1;
                i++;
                if (i >= s.length()) {
                    throw new IllegalArgumentException("symmetry operation '" + text + "' ends with a sign");
                }
                c = s.charAt(i);
            }
            if (c == 'x' || c == 'y' || c == 'z') {
                r[3 * row + (c - 'x')] += sign;
                i++;
            } else if (Character.isDigit(c)) {
                int j = i;
                while (j < s.length() && (Character.isDigit(s.charAt(j)) || s.charAt(j) == '/')) {
                    j++;
                }
                String frac = s.substring(i, j);
                String[] nd = frac.split("/");
                if (nd.length > 2 || nd[0].isEmpty() || (nd.length == 2 && nd[1].isEmpty())) {
                    throw new IllegalArgumentException("symmetry operation '" + text + "': bad number '" + frac + "'");
                }
                int num = Integer.parseInt(nd[0]);
                int den = nd.length == 2 ? Integer.parseInt(nd[1]) : 1;
                if (den == 0 || (num * DEN) % den != 0) {
                    throw new IllegalArgumentException("symmetry operation '" + text + "': translation " + frac
                            + " is not a multiple of 1/" + DEN);
                }
                t[row] += sign * num * DEN / den;
                i = j;
            } else {
                throw new IllegalArgumentException("symmetry operation '" + text + "': unexpected character '" + c + "'");
            }
        }
    }

    /** This ∘ other: first {@code other}, then this. */
    public SymmetryOperation compose(SymmetryOperation other) {
        int[] r = new int[9];
        int[] t = new int[3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                int s = 0;
                for (int k = 0; k < 3; k++) {
                    s += rotation[3 * i + k] * other.rotation[3 * k + j];
                }
                r[3 * i + j] = s;
            }
            int s = translation[i];
            for (int k = 0; k < 3; k++) {
                s += rotation[3 * i + k] * other.translation[k];
            }
            t[i] = s;
        }
        return new SymmetryOperation(r, t);
    }

    /** Applies the operation to a fractional position; the result is not reduced modulo 1. */
    public double[] apply(double[] xyz) {
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            out[i] = rotation[3 * i] * xyz[0] + rotation[3 * i + 1] * xyz[1] + rotation[3 * i + 2] * xyz[2]
                    + (double) translation[i] / DEN;
        }
        return out;
    }

    private static int det(int[] r) {
        return r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6]) + r[2] * (r[3] * r[7] - r[4] * r[6]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SymmetryOperation s && Arrays.equals(rotation, s.rotation)
                && Arrays.equals(translation, s.translation);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(rotation) + Arrays.hashCode(translation);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            if (i > 0) {
                sb.append(',');
            }
            StringBuilder c = new StringBuilder();
            for (int k = 0; k < 3; k++) {
                int v = rotation[3 * i + k];
                if (v == 0) {
                    continue;
                }
                c.append(v < 0 ? "-" : (c.length() > 0 ? "+" : ""));
                if (Math.abs(v) != 1) {
                    c.append(Math.abs(v));
                }
                c.append((char) ('x' + k));
            }
            if (translation[i] != 0) {
                int g = gcd(translation[i], DEN);
                c.append('+').append(translation[i] / g).append('/').append(DEN / g);
            }
            sb.append(c.length() == 0 ? "0" : c);
        }
        return sb.toString();
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
