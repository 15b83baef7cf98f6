package strainlab.io;

import strainlab.crystal.AtomSite;
import strainlab.crystal.Lattice;
import strainlab.crystal.Material;
import strainlab.crystal.SpaceGroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal reader of crystal structures in CIF 1.1 files (the first data block): the cell
 * ({@code _cell_length_a/b/c}, {@code _cell_angle_alpha/beta/gamma}), the symmetry operations
 * ({@code _space_group_symop_operation_xyz} or {@code _symmetry_equiv_pos_as_xyz}; the listed operations are
 * closed into a group, so a file listing only generators also works; none means P1) and the atom sites
 * ({@code _atom_site_fract_x/y/z}, species from {@code _atom_site_type_symbol} or else the leading letters of
 * {@code _atom_site_label}, {@code _atom_site_occupancy} (default 1) and {@code _atom_site_B_iso_or_equiv} or
 * {@code _atom_site_U_iso_or_equiv} (B = 8π²U; default 0)). Standard uncertainties in parentheses are dropped,
 * {@code ?} and {@code .} mean "not given". Anisotropic displacements, multi-block files and CIF 2 syntax are
 * not read. The sites are expanded with {@link SpaceGroup#expand}.
 *
 * <p>Every problem is an {@link IllegalArgumentException} naming the file and the tag, e.g.
 * {@code gan.cif: _cell_length_c is missing}.
 */
public final class CifReader {
    private static final double EIGHT_PI2 = 8 * Math.PI * Math.PI;
    /** Largest CIF accepted (a structure file is a few kB; database files with reflections can be larger). */
    public static final long MAX_BYTES = 16L << 20;

    private CifReader() {
    }

    /** Reads the first data block of a CIF file as a material named after the file (without extension). */
    public static Material read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such CIF file");
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new IllegalArgumentException(file + ": " + Files.size(file) + " bytes is too large for a CIF "
                    + "(at most " + MAX_BYTES + ")");
        }
        String name = file.getFileName().toString().replaceFirst("\\.[cC][iI][fF]$", "");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": not a text file (bytes that are not UTF-8)", e);
        }
        return parse(text, name, file.toString());
    }

    /**
     * Parses CIF text into a material.
     *
     * @param name the material's name
     * @param source names the file in messages
     */
    public static Material parse(String text, String name, String source) {
        Block b = block(tokens(text, source), source);
        try {
            Lattice lattice = new Lattice(cell(b, "_cell_length_a", source), cell(b, "_cell_length_b", source),
                    cell(b, "_cell_length_c", source), angle(b, "_cell_angle_alpha", source),
                    angle(b, "_cell_angle_beta", source), angle(b, "_cell_angle_gamma", source));
            String opsTag = "_space_group_symop_operation_xyz";
            List<String> ops = b.column(opsTag);
            if (ops == null) {
                opsTag = "_symmetry_equiv_pos_as_xyz";
                ops = b.column(opsTag);
            }
            SpaceGroup group = SpaceGroup.P1;
            if (ops != null && !ops.isEmpty()) {
                try {
                    group = SpaceGroup.fromGenerators(symbol(b),
                            ops.stream().map(o -> o.toLowerCase(Locale.ROOT)).toArray(String[]::new));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(source + ": " + opsTag + ": " + e.getMessage(), e);
                }
            }
            List<AtomSite> sites = sites(b, source);
            return Material.fromAsymmetricUnit(name, lattice, group, sites)
                    .withAliases(List.of(), "CIF " + source);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(source)) {
                throw e;
            }
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static String symbol(Block b) {
        for (String tag : List.of("_space_group_name_h-m_alt", "_symmetry_space_group_name_h-m")) {
            String v = b.items.get(tag);
            if (v != null && !missing(v)) {
                return v;
            }
        }
        return "from CIF";
    }

    private static List<AtomSite> sites(Block b, String source) {
        List<String> x = b.column("_atom_site_fract_x");
        List<String> y = b.column("_atom_site_fract_y");
        List<String> z = b.column("_atom_site_fract_z");
        if (x == null || y == null || z == null) {
            throw new IllegalArgumentException(source + ": no atom sites (_atom_site_fract_x/y/z loop is missing)");
        }
        List<String> type = b.column("_atom_site_type_symbol");
        List<String> label = b.column("_atom_site_label");
        List<String> occ = b.column("_atom_site_occupancy");
        List<String> biso = b.column("_atom_site_b_iso_or_equiv");
        List<String> uiso = b.column("_atom_site_u_iso_or_equiv");
        List<AtomSite> sites = new ArrayList<>();
        for (int i = 0; i < x.size(); i++) {
            String species = species(type == null ? null : type.get(i), label == null ? null : label.get(i));
            String where = "_atom_site row " + (i + 1) + (label == null ? "" : " (" + label.get(i) + ")");
            if (species == null) {
                throw new IllegalArgumentException(source + ": " + where + " has no element "
                        + "(_atom_site_type_symbol or _atom_site_label)");
            }
            double o = occ == null || missing(occ.get(i)) ? 1.0 : number(occ.get(i), "_atom_site_occupancy", source);
            double bIso = 0;
            if (biso != null && !missing(biso.get(i))) {
                bIso = number(biso.get(i), "_atom_site_B_iso_or_equiv", source);
            } else if (uiso != null && !missing(uiso.get(i))) {
                bIso = EIGHT_PI2 * number(uiso.get(i), "_atom_site_U_iso_or_equiv", source);
            }
            try {
                sites.add(new AtomSite(species, number(x.get(i), "_atom_site_fract_x", source),
                        number(y.get(i), "_atom_site_fract_y", source), number(z.get(i), "_atom_site_fract_z", source),
                        o, bIso));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ": " + where + ": " + e.getMessage(), e);
            }
        }
        if (sites.isEmpty()) {
            throw new IllegalArgumentException(source + ": the atom-site loop is empty");
        }
        return sites;
    }

    /** Species from the type symbol ("Ga3+", "O2-", "Si") or the label's leading letters ("Ga1" gives "Ga"). */
    private static String species(String type, String label) {
        String s = type != null && !missing(type) ? type : label;
        if (s == null || missing(s)) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([A-Za-z]{1,2})(\\d*[+-])?").matcher(s);
        if (!m.lookingAt()) {
            return s;
        }
        String el = m.group(1);
        el = el.substring(0, 1).toUpperCase(Locale.ROOT) + el.substring(1).toLowerCase(Locale.ROOT);
        if (type == null || missing(type)) {
            // a label such as "Si1" or "OA": keep a two-letter symbol only when it is an element
            if (el.length() == 2 && !isElement(el)) {
                el = el.substring(0, 1);
            }
            return el;
        }
        return el + (m.group(2) == null ? "" : m.group(2));
    }

    private static boolean isElement(String symbol) {
        try {
            AtomSite.of(symbol, 0, 0, 0);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static double cell(Block b, String tag, String source) {
        double v = required(b, tag, source);
        if (!(v > 0)) {
            throw new IllegalArgumentException(source + ": " + tag + " must be > 0 Å, got " + v);
        }
        return v;
    }

    private static double angle(Block b, String tag, String source) {
        String v = b.items.get(tag);
        if (v == null || missing(v)) {
            return 90;
        }
        double a = number(v, tag, source);
        if (!(a > 0 && a < 180)) {
            throw new IllegalArgumentException(source + ": " + tag + " must lie in (0, 180)°, got " + a);
        }
        return a;
    }

    private static double required(Block b, String tag, String source) {
        String v = b.items.get(tag);
        if (v == null || missing(v)) {
            throw new IllegalArgumentException(source + ": " + tag + " is missing (a CIF crystal needs the cell "
                    + "_cell_length_a/b/c)");
        }
        return number(v, tag, source);
    }

    /** A CIF number: standard uncertainty in parentheses dropped, e.g. "5.4310(2)" gives 5.4310. */
    private static double number(String v, String tag, String source) {
        String t = v.replaceFirst("\\(\\d+\\)$", "");
        try {
            double d = Double.parseDouble(t);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ": " + tag + " must be a number, got '" + v + "'", e);
        }
    }

    private static boolean missing(String v) {
        return v.equals("?") || v.equals(".");
    }

    /** Items and loops of one data block; tags lower-cased (CIF tags are case-insensitive). */
    private static final class Block {
        final Map<String, String> items = new LinkedHashMap<>();
        final Map<String, List<String>> columns = new LinkedHashMap<>();

        List<String> column(String tag) {
            List<String> c = columns.get(tag.toLowerCase(Locale.ROOT));
            if (c == null) {
                String v = items.get(tag.toLowerCase(Locale.ROOT));
                return v == null ? null : List.of(v);
            }
            return c;
        }
    }

    private static Block block(List<String> tokens, String source) {
        Block b = new Block();
        int i = 0;
        boolean inBlock = false;
        while (i < tokens.size()) {
            String t = tokens.get(i);
            String lower = t.toLowerCase(Locale.ROOT);
            if (lower.startsWith("data_")) {
                if (inBlock) {
                    break;
                }
                inBlock = true;
                i++;
            } else if (lower.equals("loop_")) {
                i++;
                List<String> tags = new ArrayList<>();
                while (i < tokens.size() && tokens.get(i).startsWith("_")) {
                    tags.add(tokens.get(i).toLowerCase(Locale.ROOT));
                    i++;
                }
                List<List<String>> cols = new ArrayList<>();
                for (int k = 0; k < tags.size(); k++) {
                    cols.add(new ArrayList<>());
                }
                int n = 0;
                while (i < tokens.size() && !isKeyword(tokens.get(i))) {
                    cols.get(n % Math.max(1, tags.size())).add(tokens.get(i));
                    n++;
                    i++;
                }
                if (tags.isEmpty() || n % tags.size() != 0) {
                    throw new IllegalArgumentException(source + ": a loop_ of " + tags + " holds " + n
                            + " values, not a multiple of its " + tags.size() + " tags");
                }
                for (int k = 0; k < tags.size(); k++) {
                    b.columns.put(tags.get(k), cols.get(k));
                }
            } else if (t.startsWith("_")) {
                if (i + 1 >= tokens.size() || isKeyword(tokens.get(i + 1))) {
                    throw new IllegalArgumentException(source + ": " + t + " has no value");
                }
                b.items.put(lower, tokens.get(i + 1));
                i += 2;
            } else {
                throw new IllegalArgumentException(source + ": unexpected '" + t + "' outside a loop");
            }
        }
        if (!inBlock) {
            throw new IllegalArgumentException(source + ": not a CIF (no data_ block)");
        }
        return b;
    }

    private static boolean isKeyword(String t) {
        String l = t.toLowerCase(Locale.ROOT);
        return t.startsWith("_") || l.equals("loop_") || l.startsWith("data_") || l.startsWith("save_")
                || l.equals("global_") || l.equals("stop_");
    }

    /** CIF 1.1 tokens: comments dropped, quoted strings and ;-delimited text fields as one token each. */
    private static List<String> tokens(String text, String source) {
        List<String> out = new ArrayList<>();
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        for (int li = 0; li < lines.length; li++) {
            String line = lines[li];
            if (line.startsWith(";")) {
                StringBuilder sb = new StringBuilder(line.substring(1));
                li++;
                while (li < lines.length && !lines[li].startsWith(";")) {
                    sb.append('\n').append(lines[li]);
                    li++;
                }
                if (li >= lines.length) {
                    throw new IllegalArgumentException(source + ": a ;-delimited text field is not closed");
                }
                out.add(sb.toString().strip());
                continue;
            }
            int i = 0;
            while (i < line.length()) {
                char c = line.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '#') {
                    break;
                } else if (c == '\'' || c == '"') {
                    int end = i + 1;
                    while (end < line.length() && !(line.charAt(end) == c
                            && (end + 1 == line.length() || Character.isWhitespace(line.charAt(end + 1))))) {
                        end++;
                    }
                    if (end >= line.length()) {
                        throw new IllegalArgumentException(source + ": line " + (li + 1) + ": unclosed quote");
                    }
                    out.add(line.substring(i + 1, end));
                    i = end + 1;
                } else {
                    int end = i;
                    while (end < line.length() && !Character.isWhitespace(line.charAt(end))) {
                        end++;
                    }
                    out.add(line.substring(i, end));
                    i = end;
                }
            }
        }
        return out;
    }
}
