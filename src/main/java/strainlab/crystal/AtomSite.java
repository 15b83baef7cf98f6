package strainlab.crystal;

import com.github.tschoonj.xraylib.Xraylib;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One atom of the unit cell: species, fractional position, occupancy and optional isotropic displacement
 * parameter B.
 *
 * <p>The species is an element symbol ("Zr") or an ion label ("Zr4+", "O2-"; a charge without a number means
 * 1, e.g. "Cl-"). <b>The ion label is recorded but scattering uses the neutral atom:</b> xraylib tabulates
 * neutral-atom form factors only (no Waasmaier–Kirfel ionic f0), so "Zr4+" scatters as neutral Zr. The
 * difference matters only at small sinθ/λ and, for charge-neutral cells, cancels exactly in F0; for
 * ZrO2/YSZ 400 it changes FH by about 0.3 % (see {@code StructureFactorReferenceTest}).
 *
 * @param species element symbol or ion label
 * @param x fractional coordinate along a
 * @param y fractional coordinate along b
 * @param z fractional coordinate along c
 * @param occupancy site occupancy in (0, 1]
 * @param bIsoA2 isotropic Debye–Waller parameter B in Å² (0 = no thermal factor); the atomic scattering
 *               factor is multiplied by exp(−B·(sinθ/λ)²)
 */
public record AtomSite(String species, double x, double y, double z, double occupancy, double bIsoA2) {
    private static final Pattern SPECIES = Pattern.compile("([A-Z][a-z]?)(?:(\\d*)([+-]))?");

    public AtomSite {
        if (species == null || species.isBlank()) {
            throw new IllegalArgumentException("AtomSite.species must be an element symbol or ion label, got "
                    + (species == null ? "null" : "blank"));
        }
        species = species.trim().replace('−', '-');
        Matcher m = SPECIES.matcher(species);
        if (!m.matches()) {
            throw new IllegalArgumentException("AtomSite.species '" + species
                    + "' is not an element symbol or ion label such as \"Zr\", \"Zr4+\" or \"O2-\"");
        }
        atomicNumberOf(m.group(1), species);
        coordinate("x", x);
        coordinate("y", y);
        coordinate("z", z);
        if (!(occupancy > 0 && occupancy <= 1)) {
            throw new IllegalArgumentException("AtomSite.occupancy of " + species + " must be in (0, 1], got "
                    + occupancy);
        }
        if (!(bIsoA2 >= 0) || !Double.isFinite(bIsoA2)) {
            throw new IllegalArgumentException("AtomSite.bIsoA2 of " + species + " must be ≥ 0 Å² and finite, got "
                    + bIsoA2);
        }
    }

    /** Fully occupied site without thermal factor. */
    public static AtomSite of(String species, double x, double y, double z) {
        return new AtomSite(species, x, y, z, 1.0, 0.0);
    }

    public AtomSite withOccupancy(double newOccupancy) {
        return new AtomSite(species, x, y, z, newOccupancy, bIsoA2);
    }

    public AtomSite withBIsoA2(double newBIsoA2) {
        return new AtomSite(species, x, y, z, occupancy, newBIsoA2);
    }

    public AtomSite withPosition(double newX, double newY, double newZ) {
        return new AtomSite(species, newX, newY, newZ, occupancy, bIsoA2);
    }

    /** Element symbol without charge ("Zr" for "Zr4+"). */
    public String element() {
        Matcher m = SPECIES.matcher(species);
        m.matches();
        return m.group(1);
    }

    /** Formal charge from the ion label (+4 for "Zr4+", −2 for "O2-", 0 for a neutral symbol). */
    public int charge() {
        Matcher m = SPECIES.matcher(species);
        m.matches();
        if (m.group(3) == null) {
            return 0;
        }
        int n = m.group(2).isEmpty() ? 1 : Integer.parseInt(m.group(2));
        return m.group(3).equals("-") ? -n : n;
    }

    /** Atomic number Z of the element. */
    public int atomicNumber() {
        return atomicNumberOf(element(), species);
    }

    /** Fractional position as {x, y, z}. */
    public double[] position() {
        return new double[] {x, y, z};
    }

    private static int atomicNumberOf(String symbol, String species) {
        try {
            return Xraylib.SymbolToAtomicNumber(symbol);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("AtomSite.species '" + species + "': unknown element symbol '"
                    + symbol + "'", e);
        }
    }

    private static void coordinate(String field, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("AtomSite." + field + " must be finite, got " + v);
        }
    }
}
