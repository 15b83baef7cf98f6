package strainlab.dataset.recipe;

import static strainlab.io.JsonFields.integer;
import static strainlab.io.JsonFields.number;
import static strainlab.io.JsonFields.numbers;
import static strainlab.io.JsonFields.object;
import static strainlab.io.JsonFields.onlyKnown;
import static strainlab.io.JsonFields.string;
import static strainlab.io.JsonFields.within;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

import strainlab.crystal.DiffractionSetup;
import strainlab.crystal.Hkl;
import strainlab.crystal.Material;
import strainlab.crystal.Materials;
import strainlab.crystal.StructureFactors;
import strainlab.dataset.recipe.ParameterRanges.Distribution;
import strainlab.dataset.recipe.ParameterRanges.Range;
import strainlab.io.CifReader;
import strainlab.io.SimulationRequestJson;
import strainlab.profile.SplineConvention;

/**
 * The JSON recipe format ({@code docs/recipe-format.md}): strict JSON, unknown fields refused, every value
 * checked against its allowed range with the field's dotted path in the message (e.g.
 * {@code layer.strainMaxPercent.min must lie in (0, 10] %, got 0}).
 */
final class RecipeJson {
    /** Format version written into recipe files. */
    static final int VERSION = 1;
    static final double MIN_THICKNESS_NM = 1;
    static final double MAX_THICKNESS_NM = SimulationRequestJson.MAX_THICKNESS_NM;
    static final double MAX_STRAIN_PERCENT = SimulationRequestJson.MAX_STRAIN_PERCENT;
    static final double MAX_FWHM_DEG = SimulationRequestJson.MAX_FWHM_DEG;
    static final double MAX_LOG10_COUNTS = 15;
    static final double MAX_THETA_MARGIN = 0.5;
    static final double MAX_THETA_STEP_DEG = 0.1;
    static final int MAX_LAMELLAE = SimulationRequestJson.MAX_LAMELLAE;

    private static final Set<String> TOP = Set.of("recipeFormat", "name", "crystal", "hkl", "wavelengthA", "layer",
            "profile", "instrument", "theta", "intensity", "noise", "grid");

    private RecipeJson() {
    }

    static Recipe read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such recipe file");
        }
        if (Files.size(file) > SimulationRequestJson.MAX_REQUEST_BYTES) {
            throw new IllegalArgumentException(file + ": " + Files.size(file) + " bytes is too large for a recipe");
        }
        Path base = file.toAbsolutePath().getParent();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": not a text file (bytes that are not UTF-8); a recipe is "
                    + "JSON text such as data/examples/gan-002-bimodal.recipe.json", e);
        }
        return parse(text, file.toString(), base);
    }

    static Recipe parse(String json, String source, Path baseDir) {
        try {
            JsonElement root = strainlab.io.JsonFields.parseStrict(json);
            if (!root.isJsonObject()) {
                throw new IllegalArgumentException("a recipe must be a JSON object");
            }
            return parse(root.getAsJsonObject(), baseDir);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static Recipe parse(JsonObject o, Path baseDir) {
        onlyKnown(o, TOP, "");
        long version = integer(o, "recipeFormat", "");
        if (version != VERSION) {
            throw new IllegalArgumentException("recipeFormat must be " + VERSION + ", got " + version);
        }
        String name = string(o, "name", "");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must be a non-empty string");
        }
        double lambda = within(o, "wavelengthA", "", SimulationRequestJson.MIN_WAVELENGTH_A,
                SimulationRequestJson.MAX_WAVELENGTH_A, "Å");
        JsonObject c = object(o, "crystal", "");
        Recipe.Crystal crystal;
        DiffractionSetup setup;
        if (c.has("material") || c.has("cif")) {
            onlyKnown(c, Set.of("material", "cif"), "crystal.");
            Hkl hkl = hkl(o);
            Material m;
            if (c.has("material")) {
                if (c.has("cif")) {
                    throw new IllegalArgumentException("crystal: give either material or cif, not both");
                }
                String mat = string(c, "material", "crystal.");
                try {
                    m = Materials.byName(mat);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("crystal.material: " + e.getMessage(), e);
                }
                crystal = new Recipe.Crystal(mat, null, hkl);
            } else {
                String cif = string(c, "cif", "crystal.");
                Path p = baseDir == null ? Path.of(cif) : baseDir.resolve(cif);
                try {
                    m = CifReader.read(p);
                } catch (IOException | IllegalArgumentException e) {
                    throw new IllegalArgumentException("crystal.cif: " + e.getMessage(), e);
                }
                crystal = new Recipe.Crystal(null, cif, hkl);
            }
            setup = setupOf(m, hkl, lambda, c.has("material") ? "crystal.material" : "crystal.cif");
        } else {
            if (o.has("hkl")) {
                throw new IllegalArgumentException("hkl is only used with crystal.material or crystal.cif");
            }
            onlyKnown(c, Set.of("dSpacingA", "unitCellVolumeA3", "f0", "fh", "fmh"), "crystal.");
            double d = within(c, "dSpacingA", "crystal.", 0.1, 100, "Å");
            double v = within(c, "unitCellVolumeA3", "crystal.", 1, 1e7, "Å³");
            StructureFactors f = StructureFactors.of(pair(c, "f0"), pair(c, "fh"), pair(c, "fmh"));
            if (lambda >= 2 * d) {
                throw new IllegalArgumentException("wavelengthA " + lambda + " ≥ 2·crystal.dSpacingA: no Bragg "
                        + "reflection");
            }
            setup = new DiffractionSetup(lambda, d, v, f);
            forbidden(setup, "crystal.fh");
            crystal = Recipe.Crystal.EXPLICIT;
        }

        JsonObject layer = object(o, "layer", "");
        onlyKnown(layer, Set.of("thicknessNm", "strainMaxPercent", "lamellae"), "layer.");
        JsonObject tObj = object(layer, "thicknessNm", "layer.");
        Range t = range(layer, "thicknessNm", "layer.", MIN_THICKNESS_NM, MAX_THICKNESS_NM, true, "nm",
                Set.of("stepNm"));
        double step = tObj.has("stepNm") ? within(tObj, "stepNm", "layer.thicknessNm.", 0, MAX_THICKNESS_NM, "nm")
                : 0;
        if (step > 0 && t.distribution() != Distribution.UNIFORM) {
            throw new IllegalArgumentException("layer.thicknessNm.distribution must be uniform when stepNm > 0");
        }
        Range e = range(layer, "strainMaxPercent", "layer.", 0, MAX_STRAIN_PERCENT, false, "%", Set.of());
        int lamellae = integer(layer, "lamellae", "layer.");
        if (lamellae < 12 || lamellae > MAX_LAMELLAE) {
            throw new IllegalArgumentException("layer.lamellae must lie in [12, " + MAX_LAMELLAE + "], got "
                    + lamellae);
        }

        JsonObject prof = object(o, "profile", "");
        onlyKnown(prof, Set.of("family", "convention", "dw", "dwMin"), "profile.");
        Recipe.Family family = label(() -> Recipe.Family.ofLabel(string(prof, "family", "profile.")),
                "profile.family");
        SplineConvention conv = label(() -> SplineConvention.parse(string(prof, "convention", "profile.")),
                "profile.convention");
        Recipe.Dw dw = label(() -> Recipe.Dw.ofLabel(string(prof, "dw", "profile.")), "profile.dw");
        Range dwMin = range(prof, "dwMin", "profile.", 0, 1, false, "", Set.of());

        JsonObject ins = object(o, "instrument", "");
        onlyKnown(ins, Set.of("fwhmDeg", "pseudoVoigtEta"), "instrument.");
        Range fwhm = range(ins, "fwhmDeg", "instrument.", 0, MAX_FWHM_DEG, false, "° 2θ", Set.of());
        double eta = within(ins, "pseudoVoigtEta", "instrument.", 0, 1, "");

        JsonObject th = object(o, "theta", "");
        onlyKnown(th, Set.of("rule", "margin", "stepDeg"), "theta.");
        String rule = string(th, "rule", "theta.");
        if (!rule.equals("paper")) {
            throw new IllegalArgumentException("theta.rule: expected 'paper', got '" + rule + "'");
        }
        Range margin = range(th, "margin", "theta.", 0, MAX_THETA_MARGIN, false, "", Set.of());
        double thetaStep = number(th, "stepDeg", "theta.");
        if (!(thetaStep > 0 && thetaStep <= MAX_THETA_STEP_DEG)) {
            throw new IllegalArgumentException("theta.stepDeg must lie in (0, " + MAX_THETA_STEP_DEG + "]°, got "
                    + thetaStep);
        }

        JsonObject in = object(o, "intensity", "");
        onlyKnown(in, Set.of("log10Background", "log10Scale", "dynamicRange", "backgroundSlopePerDeg"), "intensity.");
        Range bkg = range(in, "log10Background", "intensity.", -MAX_LOG10_COUNTS, MAX_LOG10_COUNTS, true, "", Set.of());
        Range scale = range(in, "log10Scale", "intensity.", -MAX_LOG10_COUNTS, MAX_LOG10_COUNTS, true, "", Set.of());
        Range dr = range(in, "dynamicRange", "intensity.", 0, 2 * MAX_LOG10_COUNTS, false, "decades", Set.of());
        if (!(dr.max() > dr.min())) {
            throw new IllegalArgumentException("intensity.dynamicRange must be an open window with min < max, got "
                    + dr);
        }
        Range slope = in.has("backgroundSlopePerDeg")
                ? range(in, "backgroundSlopePerDeg", "intensity.", 0, Recipe.MAX_BACKGROUND_SLOPE, true, "/°",
                Set.of())
                : new Range(0, 0);

        JsonObject n = object(o, "noise", "");
        onlyKnown(n, Set.of("model", "readoutSigmaCounts"), "noise.");
        PaperRecipe.Noise noise = label(() -> PaperRecipe.Noise.ofMode(string(n, "model", "noise.")), "noise.model");
        double readout = n.has("readoutSigmaCounts")
                ? within(n, "readoutSigmaCounts", "noise.", 0, Recipe.MAX_READOUT_COUNTS, "counts") : 0;

        JsonObject g = object(o, "grid", "");
        onlyKnown(g, Set.of("points"), "grid.");
        int points = integer(g, "points", "grid.");
        if (points != ParameterRanges.GRID_1001 && points != ParameterRanges.GRID_401) {
            throw new IllegalArgumentException("grid.points must be " + ParameterRanges.GRID_1001 + " or "
                    + ParameterRanges.GRID_401 + ", got " + points);
        }
        ParameterRanges ranges;
        try {
            ranges = new ParameterRanges(name, setup, t, step, e, dwMin, fwhm, eta, bkg, scale, dr, margin, thetaStep,
                    lamellae, points);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("intensity: " + ex.getMessage(), ex);
        }
        return new Recipe(ranges, crystal, family, conv, dw, slope, noise, readout);
    }

    /** The setup of (hkl) of a material at λ; an unreachable or forbidden reflection names {@code field}. */
    static DiffractionSetup setupOf(Material m, Hkl hkl, double lambda, String field) {
        DiffractionSetup s;
        try {
            s = m.reflection(hkl, lambda).setup();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hkl: " + e.getMessage(), e);
        }
        forbidden(s, "hkl " + hkl + " of " + m.name() + " (" + field + ")");
        return s;
    }

    private static void forbidden(DiffractionSetup s, String what) {
        StructureFactors f = s.structureFactors();
        double fh = Math.sqrt(Math.hypot(f.fhRe(), f.fhIm()) * Math.hypot(f.fmhRe(), f.fmhIm()));
        double f0 = Math.hypot(f.f0Re(), f.f0Im());
        if (fh < SimulationRequestJson.WEAK_FH * f0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s is a forbidden reflection: |F_H| = "
                    + "%.3g is below %.0e·|F_0| = %.3g", what, fh, SimulationRequestJson.WEAK_FH,
                    SimulationRequestJson.WEAK_FH * f0));
        }
    }

    private static Hkl hkl(JsonObject o) {
        double[] h = numbers(o, "hkl", "");
        if (h.length != 3) {
            throw new IllegalArgumentException("hkl must hold 3 integers, got " + h.length);
        }
        int[] v = new int[3];
        for (int i = 0; i < 3; i++) {
            if (h[i] != Math.rint(h[i]) || Math.abs(h[i]) > 100) {
                throw new IllegalArgumentException("hkl[" + i + "] must be an integer in [-100, 100], got " + h[i]);
            }
            v[i] = (int) h[i];
        }
        if (v[0] == 0 && v[1] == 0 && v[2] == 0) {
            throw new IllegalArgumentException("hkl must not be 0 0 0");
        }
        return Hkl.of(v[0], v[1], v[2]);
    }

    private static double[] pair(JsonObject o, String key) {
        double[] v = numbers(o, key, "crystal.");
        if (v.length != 2) {
            throw new IllegalArgumentException("crystal." + key + " must be [re, im], got " + v.length + " numbers");
        }
        return v;
    }

    /**
     * A range object {@code {"min": a, "max": b, "distribution": "uniform"|"log-uniform"}} within
     * {@code [lo, hi]} ({@code (lo, hi]} unless {@code closedLow}), min ≤ max.
     */
    private static Range range(JsonObject parent, String key, String prefix, double lo, double hi, boolean closedLow,
                               String unit, Set<String> extra) {
        JsonObject r = object(parent, key, prefix);
        String path = prefix + key + ".";
        Set<String> known = new java.util.HashSet<>(Set.of("min", "max", "distribution"));
        known.addAll(extra);
        onlyKnown(r, known, path);
        double min = number(r, "min", path);
        double max = number(r, "max", path);
        String allowed = (closedLow ? "[" : "(") + lo + ", " + hi + "]" + (unit.isEmpty() ? "" : " " + unit);
        for (String end : new String[] {"min", "max"}) {
            double v = end.equals("min") ? min : max;
            if (!((closedLow ? v >= lo : v > lo) && v <= hi)) {
                throw new IllegalArgumentException(path + end + " must lie in " + allowed + ", got " + v);
            }
        }
        if (min > max) {
            throw new IllegalArgumentException(prefix + key + " is inverted: min " + min + " > max " + max);
        }
        Distribution d = r.has("distribution")
                ? label(() -> Distribution.ofLabel(string(r, "distribution", path)), path + "distribution")
                : Distribution.UNIFORM;
        if (d == Distribution.LOG_UNIFORM && !(min > 0)) {
            throw new IllegalArgumentException(path + "distribution log-uniform needs min > 0, got " + min);
        }
        return new Range(min, max, d);
    }

    private static <T> T label(java.util.function.Supplier<T> f, String field) {
        try {
            return f.get();
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            throw new IllegalArgumentException(m.startsWith(field) ? m : field + ": " + m, e);
        }
    }

    /** The recipe as indented JSON text. */
    static String write(Recipe r) {
        ParameterRanges p = r.ranges();
        JsonObject o = new JsonObject();
        o.addProperty("recipeFormat", VERSION);
        o.addProperty("name", p.name());
        JsonObject c = new JsonObject();
        DiffractionSetup s = p.setup();
        if (r.crystal().explicit()) {
            c.addProperty("dSpacingA", s.dSpacingA());
            c.addProperty("unitCellVolumeA3", s.unitCellVolumeA3());
            StructureFactors f = s.structureFactors();
            c.add("f0", array(f.f0Re(), f.f0Im()));
            c.add("fh", array(f.fhRe(), f.fhIm()));
            c.add("fmh", array(f.fmhRe(), f.fmhIm()));
            o.add("crystal", c);
        } else {
            if (r.crystal().material() != null) {
                c.addProperty("material", r.crystal().material());
            } else {
                c.addProperty("cif", r.crystal().cif());
            }
            o.add("crystal", c);
            Hkl h = r.crystal().hkl();
            JsonArray a = new JsonArray();
            a.add(h.h());
            a.add(h.k());
            a.add(h.l());
            o.add("hkl", a);
        }
        o.addProperty("wavelengthA", s.wavelengthA());
        JsonObject layer = new JsonObject();
        JsonObject t = range(p.thicknessNm());
        t.addProperty("stepNm", p.thicknessStepNm());
        layer.add("thicknessNm", t);
        layer.add("strainMaxPercent", range(p.strainMaxPercent()));
        layer.addProperty("lamellae", p.lamellae());
        o.add("layer", layer);
        JsonObject prof = new JsonObject();
        prof.addProperty("family", r.family().label());
        prof.addProperty("convention", r.convention().name().toLowerCase(Locale.ROOT));
        prof.addProperty("dw", r.dw().label());
        prof.add("dwMin", range(p.dwMin()));
        o.add("profile", prof);
        JsonObject ins = new JsonObject();
        ins.add("fwhmDeg", range(p.fwhmDeg()));
        ins.addProperty("pseudoVoigtEta", p.pseudoVoigtEta());
        o.add("instrument", ins);
        JsonObject th = new JsonObject();
        th.addProperty("rule", "paper");
        th.add("margin", range(p.thetaMargin()));
        th.addProperty("stepDeg", p.thetaStepDeg());
        o.add("theta", th);
        JsonObject in = new JsonObject();
        in.add("log10Background", range(p.log10Background()));
        in.add("log10Scale", range(p.log10Scale()));
        in.add("dynamicRange", range(p.dynamicRange()));
        in.add("backgroundSlopePerDeg", range(r.backgroundSlopePerDeg()));
        o.add("intensity", in);
        JsonObject n = new JsonObject();
        n.addProperty("model", r.noise().mode());
        n.addProperty("readoutSigmaCounts", r.readoutSigmaCounts());
        o.add("noise", n);
        JsonObject g = new JsonObject();
        g.addProperty("points", p.gridPoints());
        o.add("grid", g);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o) + "\n";
    }

    /** The recipe as a JSON tree (for manifests). */
    static JsonObject tree(Recipe r) {
        return strainlab.io.JsonFields.parseStrict(write(r)).getAsJsonObject();
    }

    private static JsonObject range(Range r) {
        JsonObject o = new JsonObject();
        o.addProperty("min", r.min());
        o.addProperty("max", r.max());
        o.addProperty("distribution", r.distribution().label());
        return o;
    }

    private static JsonArray array(double re, double im) {
        JsonArray a = new JsonArray();
        a.add(re);
        a.add(im);
        return a;
    }
}
