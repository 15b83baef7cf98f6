package strainlab.crystal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * xraylib structure factors against the two RaDMaX references (conventions doc, "Structure factors used by the
 * two references"). RaDMaX uses Waasmaier–Kirfel f0 (ionic Zr4+/O2− for YSZ, neutral Si/C for SiC) and
 * Henke f′, f″; StrainLab uses xraylib's neutral-atom f0 and its f′, f″. The tests
 * <ol>
 *   <li>reproduce the reference F exactly from the reference's own per-atom terms (same formula and signs),</li>
 *   <li>show the per-atom differences xraylib − reference, and</li>
 *   <li>assert the resulting F within 1 %, except Im F of 3C-SiC (3.4 %, explained below).</li>
 * </ol>
 */
class StructureFactorReferenceTest {
    private static final Path REFERENCE = Path.of("..", "shared", "data", "reference");

    @Test
    void yszFromXraylibNeutralAtomsIsWithinOnePercentOfRadmaxIonicValues() throws IOException {
        JsonObject in = inputs("RaDMaX_YSZ.json");
        Material ysz = Materials.byName("ysz");
        assertEquals(in.get("lattice_parameter_A").getAsDouble(), ysz.lattice().aA(), 0);
        double lambda = in.get("wavelength_A").getAsDouble();
        Hkl hkl = hkl(in);
        Reflection r = ysz.reflection(hkl, lambda);
        assertEquals(in.get("d_hkl_A").getAsDouble(), r.dSpacingA(), 1e-12);
        assertEquals(in.get("unit_cell_volume_A3").getAsDouble(), r.unitCellVolumeA3(), 1e-9);
        assertEquals(in.get("bragg_angle_rad").getAsDouble(), r.braggAngleRad(), 1e-12);
        assertEquals(in.get("Gamma_G").getAsDouble(), r.setup().gamma(), 1e-18);

        assertReferenceReproducedFromItsOwnAtomicTerms(ysz, in);

        // Per-atom f0 at s = sinθ/λ: neutral (xraylib) vs ionic (Waasmaier–Kirfel). Zr4+ has 4 fewer electrons
        // but at s = 0.389 Å⁻¹ they are mostly outer-shell ones: neutral Zr is 0.7 % LOWER than Zr4+ here,
        // while neutral O is 2.3 % HIGHER than O2−. Weighted 4:8 the two nearly cancel in FH of 400.
        double s = 1 / (2 * r.dSpacingA());
        JsonObject zr = term(in, "Zr4+");
        JsonObject o = term(in, "O2-");
        double dZr = AtomicScattering.f0(40, s) - zr.get("f0_s").getAsDouble();
        double dO = AtomicScattering.f0(8, s) - o.get("f0_s").getAsDouble();
        assertEquals(-0.007, dZr / zr.get("f0_s").getAsDouble(), 0.002);
        assertEquals(+0.023, dO / o.get("f0_s").getAsDouble(), 0.003);
        // forward scattering: Z − charge from WK (35.983 and 9.998) vs Z (40 and 8): the cell is neutral,
        // so the sum 4·(−4) + 8·(+2) cancels up to WK's own fit error
        double dF0ion = 4 * (40 - zr.get("f0_0").getAsDouble()) + 8 * (8 - o.get("f0_0").getAsDouble());
        assertEquals(0.0, dF0ion, 0.1);

        StructureFactors ref = refFactors(in);
        StructureFactors f = r.structureFactors();
        // the f0 difference accounts for the FH difference up to the small f′ difference (Henke vs xraylib)
        double dFp = 4 * (AtomicScattering.fPrime(40, r.energyKeV()) - zr.get("fp").getAsDouble())
                + 8 * (AtomicScattering.fPrime(8, r.energyKeV()) - o.get("fp").getAsDouble());
        assertEquals(f.fhRe() - ref.fhRe(), 4 * dZr + 8 * dO + dFp, 1e-9);

        assertWithin(f.f0Re(), ref.f0Re(), 0.01, "YSZ Re F0");   // observed +0.023 %
        assertWithin(f.fhRe(), ref.fhRe(), 0.01, "YSZ Re FH");   // observed −0.105 %
        assertWithin(f.fmhRe(), ref.fmhRe(), 0.01, "YSZ Re F−H");
        assertWithin(f.f0Im(), ref.f0Im(), 0.01, "YSZ Im F0");   // observed +0.05 %
        assertWithin(f.fhIm(), ref.fhIm(), 0.01, "YSZ Im FH");
        assertWithin(f.fmhIm(), ref.fmhIm(), 0.01, "YSZ Im F−H");
        assertTrue(f.f0Im() > 0 && ref.f0Im() > 0, "both in the f″ > 0 convention");
    }

    @Test
    void sic3cFromXraylibMatchesRadmaxRealPartsWithinOnePercent() throws IOException {
        JsonObject in = inputs("RaDMaX_SiC-3C.json");
        double a = in.get("lattice_parameter_A").getAsDouble();
        Material sic = Materials.byName("SiC-3C").withLattice("3C-SiC (RaDMaX a)", Lattice.cubic(a));
        double lambda = in.get("wavelength_A").getAsDouble();
        Reflection r = sic.reflection(hkl(in), lambda);
        assertEquals(in.get("d_hkl_A").getAsDouble(), r.dSpacingA(), 1e-12);
        assertEquals(in.get("unit_cell_volume_A3").getAsDouble(), r.unitCellVolumeA3(), 1e-9);

        assertReferenceReproducedFromItsOwnAtomicTerms(sic, in);

        StructureFactors ref = refFactors(in);
        StructureFactors f = r.structureFactors();
        assertWithin(f.f0Re(), ref.f0Re(), 0.01, "SiC Re F0");   // observed +0.02 %
        assertWithin(f.fhRe(), ref.fhRe(), 0.01, "SiC Re FH");   // observed −0.03 %
        assertWithin(f.fmhRe(), ref.fmhRe(), 0.01, "SiC Re F−H");
        // Im F exceeds 1 %: it is 4·(f″_Si + f″_C) and xraylib's f″(Si, 8.0 keV) = 0.3401 differs by +3.5 %
        // from RaDMaX's 0.3286 (Henke table, linearly interpolated between coarse energy nodes); carbon's f″
        // (0.0097) barely contributes. Im F sets absorption only (a 3 % change of a ~1e-2 ratio Im/Re).
        JsonObject si = term(in, "Si");
        double fppSi = AtomicScattering.fDoublePrime(14, r.energyKeV());
        assertEquals(0.035, (fppSi - si.get("fpp").getAsDouble()) / si.get("fpp").getAsDouble(), 0.005);
        assertWithin(f.f0Im(), ref.f0Im(), 0.04, "SiC Im F0");   // observed +3.4 %
        assertWithin(f.fhIm(), ref.fhIm(), 0.04, "SiC Im FH");
        assertWithin(f.fmhIm(), ref.fmhIm(), 0.04, "SiC Im F−H");
        assertTrue(f.f0Im() > ref.f0Im() * 1.01, "the Im difference is real and documented, not rounding");
    }

    /** The reference's F from its per-atom terms through our calculator: same formula, phases and signs. */
    private static void assertReferenceReproducedFromItsOwnAtomicTerms(Material m, JsonObject in) {
        Map<String, JsonObject> terms = new HashMap<>();
        for (JsonElement e : in.getAsJsonArray("atomic_terms")) {
            JsonObject t = e.getAsJsonObject();
            terms.put(t.get("element").getAsString(), t);
        }
        ScatteringModel table = new ScatteringModel() {
            @Override
            public double f0(AtomSite site, double s) {
                return terms.get(site.element()).get(s == 0 ? "f0_0" : "f0_s").getAsDouble();
            }

            @Override
            public double fPrime(AtomSite site, double energyKeV) {
                return terms.get(site.element()).get("fp").getAsDouble();
            }

            @Override
            public double fDoublePrime(AtomSite site, double energyKeV) {
                return terms.get(site.element()).get("fpp").getAsDouble();
            }
        };
        for (JsonObject t : terms.values()) {
            assertEquals(t.get("n").getAsDouble(), m.composition().get(t.get("element").getAsString()), 0,
                    "atoms per cell of " + t.get("label"));
        }
        StructureFactors f = m.structureFactors(hkl(in), in.get("wavelength_A").getAsDouble(), table);
        StructureFactors ref = refFactors(in);
        assertEquals(ref.f0Re(), f.f0Re(), 1e-9);
        assertEquals(ref.f0Im(), f.f0Im(), 1e-9);
        assertEquals(ref.fhRe(), f.fhRe(), 1e-9);
        assertEquals(ref.fhIm(), f.fhIm(), 1e-9);
        assertEquals(ref.fmhRe(), f.fmhRe(), 1e-9);
        assertEquals(ref.fmhIm(), f.fmhIm(), 1e-9);
    }

    private static JsonObject inputs(String file) throws IOException {
        Path p = REFERENCE.resolve(file);
        Assumptions.assumeTrue(Files.isRegularFile(p),
                "reference " + p.toAbsolutePath() + " not present (needs ../shared next to the repository)");
        return JsonParser.parseString(Files.readString(p)).getAsJsonObject().getAsJsonObject("inputs");
    }

    private static Hkl hkl(JsonObject in) {
        JsonArray a = in.getAsJsonArray("reflection_hkl");
        return Hkl.of((int) a.get(0).getAsDouble(), (int) a.get(1).getAsDouble(), (int) a.get(2).getAsDouble());
    }

    private static JsonObject term(JsonObject in, String label) {
        for (JsonElement e : in.getAsJsonArray("atomic_terms")) {
            if (e.getAsJsonObject().get("label").getAsString().equals(label)) {
                return e.getAsJsonObject();
            }
        }
        throw new AssertionError("no atomic term " + label);
    }

    private static StructureFactors refFactors(JsonObject in) {
        return StructureFactors.of(pair(in, "F0"), pair(in, "FH"), pair(in, "FmH"));
    }

    private static double[] pair(JsonObject in, String key) {
        JsonArray a = in.getAsJsonArray(key);
        return new double[] {a.get(0).getAsDouble(), a.get(1).getAsDouble()};
    }

    private static void assertWithin(double value, double reference, double relTol, String what) {
        double rel = (value - reference) / reference;
        assertTrue(Math.abs(rel) <= relTol, String.format("%s: StrainLab %.5f vs reference %.5f (%.3f %%, limit %.1f %%)",
                what, value, reference, 100 * rel, 100 * relTol));
    }
}
