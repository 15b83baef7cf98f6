package strainlab.crystal;

import com.github.tschoonj.xraylib.Xraylib;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A crystalline material: lattice plus every atom of the unit cell. Immutable; all derived quantities are
 * pure functions. Built-ins live in {@link Materials}; define your own with {@link #of} (explicit sites) or
 * {@link #fromAsymmetricUnit} (sites expanded by a {@link SpaceGroup}).
 *
 * <pre>{@code
 * Material zro2 = Materials.byName("ZrO2");
 * DiffractionSetup s = zro2.setup(0, 0, 4, Wavelengths.CU_K_ALPHA1_A);
 * System.out.println(zro2.describe(0, 0, 4, 1.5406));
 * }</pre>
 *
 * @param name display name (also a lookup key in {@link Materials})
 * @param aliases further lookup names (may be empty)
 * @param lattice the unit cell
 * @param sites every atom of the cell, fractional coordinates
 * @param source where the structure and lattice parameters come from (free text, may be empty)
 */
public record Material(String name, List<String> aliases, Lattice lattice, List<AtomSite> sites, String source) {

    public Material {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Material.name must be given");
        }
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        if (lattice == null) {
            throw new IllegalArgumentException("Material.lattice of " + name + " must be given");
        }
        if (sites == null || sites.isEmpty()) {
            throw new IllegalArgumentException("Material.sites of " + name + " must list at least one atom");
        }
        sites = List.copyOf(sites);
        source = source == null ? "" : source;
    }

    /** A material from explicit sites (every atom of the cell), no aliases. */
    public static Material of(String name, Lattice lattice, List<AtomSite> sites) {
        return new Material(name, List.of(), lattice, sites, "");
    }

    /** A material whose cell content is the asymmetric unit expanded by the space group. */
    public static Material fromAsymmetricUnit(String name, Lattice lattice, SpaceGroup spaceGroup,
                                              List<AtomSite> asymmetricUnit) {
        return new Material(name, List.of(), lattice, spaceGroup.expand(asymmetricUnit), "");
    }

    /** Same material with other lookup aliases and source note. */
    public Material withAliases(List<String> newAliases, String newSource) {
        return new Material(name, newAliases, lattice, sites, newSource);
    }

    /** Same atoms in another cell (e.g. another lattice parameter), under a new name. */
    public Material withLattice(String newName, Lattice newLattice) {
        return new Material(newName, List.of(), newLattice, sites, source);
    }

    /** Unit-cell volume in Å³. */
    public double volumeA3() {
        return lattice.volumeA3();
    }

    /** d-spacing of (h k l) in Å. */
    public double dSpacingA(int h, int k, int l) {
        return lattice.dSpacingA(h, k, l);
    }

    /** Bragg angle θB of (h k l) at λ, in radians. */
    public double braggAngleRad(int h, int k, int l, double wavelengthA) {
        return lattice.braggAngleRad(Hkl.of(h, k, l), wavelengthA);
    }

    /** Atoms per cell by element (occupancy-weighted), in order of first appearance, e.g. {Zr=4, O=8}. */
    public Map<String, Double> composition() {
        Map<String, Double> c = new LinkedHashMap<>();
        for (AtomSite s : sites) {
            c.merge(s.element(), s.occupancy(), Double::sum);
        }
        return Collections.unmodifiableMap(c);
    }

    /** X-ray density in g/cm³ from the cell content and xraylib's atomic weights. */
    public double densityGPerCm3() {
        double grams = 0;
        for (AtomSite s : sites) {
            grams += s.occupancy() * Xraylib.AtomicWeight(s.atomicNumber());
        }
        // (g/mol) / N_A / (V·1e-24 cm³) with N_A = 6.02214076e23 /mol
        return grams / (0.602214076 * volumeA3());
    }

    /** F0, FH, F−H of (hkl) at λ with xraylib f0, f′, f″ (see {@link StructureFactorCalculator}). */
    public StructureFactors structureFactors(Hkl hkl, double wavelengthA) {
        return structureFactors(hkl, wavelengthA, ScatteringModel.XRAYLIB);
    }

    /** F0, FH, F−H of (hkl) at λ with the given form factors (e.g. {@link ScatteringModel#XRAYLIB_NO_DISPERSION}). */
    public StructureFactors structureFactors(Hkl hkl, double wavelengthA, ScatteringModel model) {
        return StructureFactorCalculator.compute(lattice, sites, hkl, wavelengthA, model);
    }

    /** The reflection summary (d, θB, V, F0, FH, F−H); fails with a clear message when λ ≥ 2d. */
    public Reflection reflection(Hkl hkl, double wavelengthA) {
        return reflection(hkl, wavelengthA, ScatteringModel.XRAYLIB);
    }

    /** The reflection summary with the given form factors; fails with a clear message when λ ≥ 2d. */
    public Reflection reflection(Hkl hkl, double wavelengthA, ScatteringModel model) {
        double d = lattice.dSpacingA(hkl);
        if (!(wavelengthA > 0) || !Double.isFinite(wavelengthA)) {
            throw new IllegalArgumentException("wavelengthA must be > 0 and finite, got " + wavelengthA);
        }
        if (wavelengthA >= 2 * d) {
            throw new IllegalArgumentException("reflection " + hkl + " of " + name + " (d = " + d
                    + " Å) cannot be reached at wavelengthA " + wavelengthA + " Å (needs λ < 2d)");
        }
        return new Reflection(name, hkl, wavelengthA, d, volumeA3(), structureFactors(hkl, wavelengthA, model));
    }

    /** The reflection summary of (h k l) at λ. */
    public Reflection reflection(int h, int k, int l, double wavelengthA) {
        return reflection(Hkl.of(h, k, l), wavelengthA);
    }

    /** Inputs of the dynamical recursion for (h k l) at λ in Å. */
    public DiffractionSetup setup(int h, int k, int l, double wavelengthA) {
        return reflection(h, k, l, wavelengthA).setup();
    }

    /** One-line summary of (h k l) at λ: d, θB, V, F0, FH, F−H. */
    public String describe(int h, int k, int l, double wavelengthA) {
        return reflection(h, k, l, wavelengthA).describe();
    }

    /** Multi-line description of the material: lattice, composition, density, source. */
    public String summary() {
        List<String> parts = new ArrayList<>();
        composition().forEach((el, n) -> parts.add(el + " " + (n == Math.rint(n) ? String.valueOf(n.intValue())
                : String.format(Locale.ROOT, "%.3f", n))));
        return String.format(Locale.ROOT,
                "%s: a=%.5f b=%.5f c=%.5f Å, α=%.2f β=%.2f γ=%.2f°, V=%.4f Å³, %d atoms/cell (%s), ρ=%.3f g/cm³%s",
                name, lattice.aA(), lattice.bA(), lattice.cA(), lattice.alphaDeg(), lattice.betaDeg(),
                lattice.gammaDeg(), volumeA3(), sites.size(), String.join(", ", parts), densityGPerCm3(),
                source.isEmpty() ? "" : "\n  source: " + source);
    }
}
