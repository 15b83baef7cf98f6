package strainlab.crystal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Built-in materials (the common ion-irradiation targets) and case-insensitive lookup by name or alias.
 * Immutable and thread-safe: every material is created once, at class initialisation.
 *
 * <p>Lookup ignores case and every character that is not a letter or digit, so "3C-SiC", "sic-3c",
 * "SiC_3C" and "3csic" all find {@link #SIC_3C}.
 *
 * <p>Structures and lattice parameters (room temperature):
 * <ul>
 *   <li>{@link #ZRO2} — cubic fluorite ZrO2 (Fm-3m, Zr 4a, O 8c), neutral atoms, a = 5.14335 Å as in the
 *       Boulle &amp; Debelle (2023) training-set generator.</li>
 *   <li>{@link #YSZ} — same fluorite cell labelled with ions Zr4+ and O2− and a = 5.1454 Å, as RaDMaX's
 *       {@code structures/ZrO2} used for the measured YSZ scan (the ~9.5 % Y2O3 is not modelled, as in
 *       RaDMaX). Ion labels scatter as neutral atoms here (xraylib has no ionic f0; see {@link AtomSite}).</li>
 *   <li>{@link #SI} — diamond (Fd-3m), a = 5.431020511 Å (CODATA 2018, 22.5 °C).</li>
 *   <li>{@link #GE} — diamond, a = 5.6579 Å; {@link #GAAS} — zinc blende (F-43m), a = 5.65325 Å;
 *       {@link #SIC_3C} — zinc blende, a = 4.3596 Å; {@link #SIC_4H} — P6_3mc, a = 3.0730, c = 10.053 Å;
 *       {@link #GAN} — wurtzite (P6_3mc), a = 3.189, c = 5.185 Å; {@link #ALN} — wurtzite, a = 3.112,
 *       c = 4.982 Å: Levinshtein, Rumyantsev &amp; Shur (eds.), <i>Properties of Advanced Semiconductor
 *       Materials</i>, Wiley 2001 (the Ioffe NSM database). Wurtzite u: GaN 0.377, AlN 0.382 (Schulz &amp;
 *       Thiemann, Solid State Commun. 23, 815 (1977)). SiC polytypes use ideal stacking positions (Si–C
 *       bond along c = ¾ of a bilayer).</li>
 *   <li>{@link #SIC_6H} — P6_3mc, a = 3.0810, c = 15.1248 Å (Capitani, Di Pierro &amp; Tempesta, Am.
 *       Mineral. 92, 403 (2007)), ideal ABCACB stacking positions.</li>
 *   <li>{@link #AL2O3} — corundum (R-3c, hexagonal axes, 12 Al in 12c, 18 O in 18e = 30 atoms),
 *       a = 4.76050, c = 12.9956 Å, z(Al) = 0.35216, x(O) = 0.30668 (Lutterotti &amp; Scardi, J. Appl. Cryst. 23,
 *       246 (1990); COD 1000032).</li>
 *   <li>{@link #MGO} — rock salt (Fm-3m), a = 4.2112 Å (ICDD PDF 45-0946); {@link #UO2} — fluorite,
 *       a = 5.4704 Å; {@link #CEO2} — fluorite, a = 5.4113 Å (ICDD PDF 34-0394); {@link #SRTIO3} — cubic
 *       perovskite (Pm-3m), a = 3.905 Å.</li>
 * </ul>
 */
public final class Materials {

    public static final Material ZRO2 = fluorite("ZrO2", "Zr", "O", 5.14335,
            "cubic fluorite, neutral Zr and O, a = 5.14335 Å as in the Boulle & Debelle (2023) generator",
            "zirconia", "c-ZrO2", "ZrO2-fluorite", "cubic-zirconia");
    public static final Material YSZ = fluorite("YSZ", "Zr4+", "O2-", 5.1454,
            "fluorite ZrO2 with Zr4+/O2- labels and a = 5.1454 Å as RaDMaX structures/ZrO2 (Y not modelled); "
                    + "ions scatter as neutral atoms (xraylib)",
            "YSZ-RaDMaX", "yttria-stabilized-zirconia", "yttria-stabilised-zirconia");
    public static final Material SI = diamond("Si", "Si", 5.431020511,
            "diamond, a = 5.431020511 Å (CODATA 2018, 22.5 °C)", "silicon");
    public static final Material GE = diamond("Ge", "Ge", 5.6579,
            "diamond, a = 5.6579 Å (Levinshtein et al. 2001 / Ioffe NSM)", "germanium");
    public static final Material GAAS = zincBlende("GaAs", "Ga", "As", 5.65325,
            "zinc blende, a = 5.65325 Å (Levinshtein et al. 2001 / Ioffe NSM)", "gallium-arsenide");
    public static final Material SIC_3C = zincBlende("3C-SiC", "Si", "C", 4.3596,
            "zinc blende, a = 4.3596 Å (Levinshtein et al. 2001 / Ioffe NSM)", "SiC-3C", "beta-SiC", "β-SiC");
    public static final Material SIC_4H = Material.fromAsymmetricUnit("4H-SiC", Lattice.hexagonal(3.0730, 10.053),
                    SpaceGroup.P6_3MC, List.of(
                            AtomSite.of("Si", 0, 0, 0), AtomSite.of("Si", 1.0 / 3, 2.0 / 3, 1.0 / 4),
                            AtomSite.of("C", 0, 0, 3.0 / 16), AtomSite.of("C", 1.0 / 3, 2.0 / 3, 7.0 / 16)))
            .withAliases(List.of("SiC-4H"), "P6_3mc, ideal ABAC stacking, a = 3.0730, c = 10.053 Å "
                    + "(Levinshtein et al. 2001 / Ioffe NSM)");
    public static final Material SIC_6H = Material.fromAsymmetricUnit("6H-SiC", Lattice.hexagonal(3.0810, 15.1248),
                    SpaceGroup.P6_3MC, List.of(
                            AtomSite.of("Si", 0, 0, 0), AtomSite.of("Si", 1.0 / 3, 2.0 / 3, 1.0 / 6),
                            AtomSite.of("Si", 1.0 / 3, 2.0 / 3, 5.0 / 6),
                            AtomSite.of("C", 0, 0, 1.0 / 8), AtomSite.of("C", 1.0 / 3, 2.0 / 3, 7.0 / 24),
                            AtomSite.of("C", 1.0 / 3, 2.0 / 3, 23.0 / 24)))
            .withAliases(List.of("SiC-6H", "alpha-SiC", "α-SiC"), "P6_3mc, ideal ABCACB stacking, a = 3.0810, "
                    + "c = 15.1248 Å (Capitani et al., Am. Mineral. 92, 403 (2007))");
    public static final Material GAN = wurtzite("GaN", "Ga", "N", 3.189, 5.185, 0.377,
            "wurtzite, a = 3.189, c = 5.185 Å (Levinshtein et al. 2001), u = 0.377 (Schulz & Thiemann 1977)",
            "gallium-nitride", "w-GaN");
    public static final Material ALN = wurtzite("AlN", "Al", "N", 3.112, 4.982, 0.382,
            "wurtzite, a = 3.112, c = 4.982 Å (Levinshtein et al. 2001), u = 0.382 (Schulz & Thiemann 1977)",
            "aluminium-nitride", "aluminum-nitride", "w-AlN");
    public static final Material AL2O3 = Material.fromAsymmetricUnit("Al2O3", Lattice.trigonal(4.76050, 12.9956),
                    SpaceGroup.R_3C, List.of(AtomSite.of("Al", 0, 0, 0.35216), AtomSite.of("O", 0.30668, 0, 0.25)))
            .withAliases(List.of("sapphire", "corundum", "alumina", "alpha-Al2O3", "α-Al2O3"),
                    "corundum R-3c (hexagonal axes), a = 4.76050, c = 12.9956 Å, z(Al) = 0.35216, x(O) = 0.30668 "
                            + "(Lutterotti & Scardi, J. Appl. Cryst. 23, 246 (1990); COD 1000032)");
    public static final Material MGO = Material.fromAsymmetricUnit("MgO", Lattice.cubic(4.2112), SpaceGroup.FM_3M,
                    List.of(AtomSite.of("Mg", 0, 0, 0), AtomSite.of("O", 0.5, 0.5, 0.5)))
            .withAliases(List.of("magnesia", "periclase"), "rock salt, a = 4.2112 Å (ICDD PDF 45-0946)");
    public static final Material UO2 = fluorite("UO2", "U", "O", 5.4704, "fluorite, a = 5.4704 Å",
            "urania", "uranium-dioxide");
    public static final Material CEO2 = fluorite("CeO2", "Ce", "O", 5.4113,
            "fluorite, a = 5.4113 Å (ICDD PDF 34-0394)", "ceria", "cerium-dioxide");
    public static final Material SRTIO3 = Material.fromAsymmetricUnit("SrTiO3", Lattice.cubic(3.905), SpaceGroup.PM_3M,
                    List.of(AtomSite.of("Sr", 0, 0, 0), AtomSite.of("Ti", 0.5, 0.5, 0.5), AtomSite.of("O", 0.5, 0.5, 0)))
            .withAliases(List.of("STO", "strontium-titanate"), "cubic perovskite Pm-3m, a = 3.905 Å");

    private static final List<Material> ALL = List.of(ZRO2, YSZ, SIC_3C, SIC_4H, SIC_6H, SI, GE, GAAS, GAN, ALN,
            AL2O3, MGO, UO2, CEO2, SRTIO3);
    private static final Map<String, Material> BY_KEY = index(ALL);

    private Materials() {
    }

    /**
     * The built-in material with this name or alias (case-insensitive; punctuation ignored).
     *
     * @throws IllegalArgumentException naming the unknown material and listing the known ones
     */
    public static Material byName(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown material '" + name
                + "'; known materials: " + String.join(", ", names())
                + " (define others with Material.of or Material.fromAsymmetricUnit)"));
    }

    /** The built-in material with this name or alias, if any. */
    public static Optional<Material> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_KEY.get(key(name)));
    }

    /** Every built-in material, in a fixed order (unmodifiable). */
    public static List<Material> all() {
        return ALL;
    }

    /** Display names of the built-in materials, in the order of {@link #all()}. */
    public static List<String> names() {
        return ALL.stream().map(Material::name).toList();
    }

    static String key(String name) {
        StringBuilder sb = new StringBuilder();
        for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static Map<String, Material> index(List<Material> all) {
        Map<String, Material> m = new LinkedHashMap<>();
        for (Material mat : all) {
            List<String> keys = new ArrayList<>();
            keys.add(mat.name());
            keys.addAll(mat.aliases());
            for (String k : keys) {
                Material prev = m.put(key(k), mat);
                if (prev != null && prev != mat) {
                    throw new IllegalStateException("material name/alias '" + k + "' is used by both "
                            + prev.name() + " and " + mat.name());
                }
            }
        }
        return Map.copyOf(m);
    }

    private static Material fluorite(String name, String cation, String anion, double aA, String source,
                                     String... aliases) {
        return Material.fromAsymmetricUnit(name, Lattice.cubic(aA), SpaceGroup.FM_3M,
                        List.of(AtomSite.of(cation, 0, 0, 0), AtomSite.of(anion, 0.25, 0.25, 0.25)))
                .withAliases(List.of(aliases), source);
    }

    private static Material diamond(String name, String element, double aA, String source, String... aliases) {
        return Material.fromAsymmetricUnit(name, Lattice.cubic(aA), SpaceGroup.FD_3M,
                List.of(AtomSite.of(element, 0, 0, 0))).withAliases(List.of(aliases), source);
    }

    private static Material zincBlende(String name, String cation, String anion, double aA, String source,
                                       String... aliases) {
        return Material.fromAsymmetricUnit(name, Lattice.cubic(aA), SpaceGroup.F_43M,
                        List.of(AtomSite.of(cation, 0, 0, 0), AtomSite.of(anion, 0.25, 0.25, 0.25)))
                .withAliases(List.of(aliases), source);
    }

    private static Material wurtzite(String name, String cation, String anion, double aA, double cA, double u,
                                     String source, String... aliases) {
        return Material.fromAsymmetricUnit(name, Lattice.hexagonal(aA, cA), SpaceGroup.P6_3MC,
                        List.of(AtomSite.of(cation, 1.0 / 3, 2.0 / 3, 0), AtomSite.of(anion, 1.0 / 3, 2.0 / 3, u)))
                .withAliases(List.of(aliases), source);
    }
}
