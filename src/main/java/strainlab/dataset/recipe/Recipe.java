package strainlab.dataset.recipe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

import strainlab.crystal.DiffractionSetup;
import strainlab.crystal.Hkl;
import strainlab.crystal.Material;
import strainlab.crystal.Materials;
import strainlab.dataset.recipe.ParameterRanges.Range;
import strainlab.profile.SplineConvention;

/**
 * A complete training-set recipe: crystal and reflection, every parameter range with its distribution, the
 * strain-profile family and DW rule, the background slope, the noise model and the network grid. Read from
 * and written to the JSON recipe format ({@code docs/recipe-format.md}); the presets {@code cnn1},
 * {@code cnn2}, {@code cnn3} and {@code cnn3-401} are recipe files shipped in the jar. Immutable; the withers
 * return changed copies, validated like a file:
 *
 * <pre>{@code
 * Recipe r = Recipe.preset("cnn3").withCrystal("GaN", Hkl.of(0, 0, 2)).withStrainMaxPercent(0.2, 3)
 *         .withFamily(Recipe.Family.PLATEAU);
 * new PaperRecipe(r);   // a CurveSource for DatasetWriter
 * }</pre>
 *
 * @param ranges the sampled ranges and fixed settings (name, diffraction setup, thickness, e_max, DWmin, FWHM,
 *               background, scale, dynamic range, θ margins and step, lamellae, grid)
 * @param crystal where the diffraction setup comes from (for the file; the numbers are in {@code ranges})
 * @param family the strain-profile family
 * @param convention the B-spline convention in which the 10 strain weights (the labels) are simulated
 * @param dw how the DW profile is made: tied to the strain (the paper) or an independent spline
 * @param backgroundSlopePerDeg relative background slope in 1/° of 2θ: the background rises by this fraction
 *                              of its drawn value per degree from the first point (paper: fixed 0)
 * @param noise counting noise
 * @param readoutSigmaCounts standard deviation of Gaussian read-out noise added to the counts (0: none); the
 *                           result is clipped at 0 counts
 */
public record Recipe(ParameterRanges ranges, Crystal crystal, Family family, SplineConvention convention, Dw dw,
                     Range backgroundSlopePerDeg, PaperRecipe.Noise noise, double readoutSigmaCounts) {

    /** Largest relative background slope, 1/° of 2θ. */
    public static final double MAX_BACKGROUND_SLOPE = 1;
    /** Largest read-out noise, counts. */
    public static final double MAX_READOUT_COUNTS = 1e6;

    /**
     * The strain-profile families. The shape parameters in {@link PaperRecipe#parameters}{@code .profile()}
     * (peak position, widths, plateau) describe the {@link #PAPER_SPLINE} draw only; its weights hold for all.
     */
    public enum Family {
        /** The paper's random asymmetric Gaussian with optional plateau, fitted by splines. */
        PAPER_SPLINE,
        /** Two damage peaks at random depths ({@link strainlab.profile.DamageShapes#bimodal}). */
        BIMODAL,
        /** A flat top with graded tails ({@link strainlab.profile.DamageShapes#plateau}). */
        PLATEAU;

        /** The name in recipe files: {@code paper-spline}, {@code bimodal} or {@code plateau}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The family of a recipe-file name. */
        public static Family ofLabel(String label) {
            for (Family f : values()) {
                if (f.label().equals(label)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("expected 'paper-spline', 'bimodal' or 'plateau', got '" + label + "'");
        }
    }

    /** The DW rule. */
    public enum Dw {
        /** The paper: {@code DW = exp(−scale_dw·(e/e_max)²)}, tied to the strain. */
        TIED,
        /**
         * An independent damage profile: 10 DW spline weights {@code exp(−scale_dw·d_k)} with d drawn by the
         * paper's random-profile recipe on its own (max 1), so that DWmin is still the label. The DW shape is
         * not a label.
         */
        INDEPENDENT;

        /** The name in recipe files: {@code tied} or {@code independent}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The rule of a recipe-file name. */
        public static Dw ofLabel(String label) {
            for (Dw d : values()) {
                if (d.label().equals(label)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("expected 'tied' or 'independent', got '" + label + "'");
        }
    }

    /**
     * Where the crystal comes from: a built-in material of {@link Materials}, a CIF file (path as written in
     * the recipe, relative to the recipe's folder), or neither (explicit structure factors in the file).
     *
     * @param material built-in name, or null
     * @param cif CIF path as written, or null
     * @param hkl the reflection (null with explicit structure factors)
     */
    public record Crystal(String material, String cif, Hkl hkl) {
        public Crystal {
            if (material != null && cif != null) {
                throw new IllegalArgumentException("crystal: give either a material or a cif file, not both");
            }
            if ((material != null || cif != null) && hkl == null) {
                throw new IllegalArgumentException("hkl must be given with a material or a cif crystal");
            }
            if (material == null && cif == null && hkl != null) {
                throw new IllegalArgumentException("hkl is only used with a material or a cif crystal");
            }
        }

        /** Explicit structure factors. */
        public static final Crystal EXPLICIT = new Crystal(null, null, null);

        /** Whether the structure factors are given explicitly. */
        public boolean explicit() {
            return material == null && cif == null;
        }
    }

    public Recipe {
        if (ranges == null || crystal == null || family == null || convention == null || dw == null
                || backgroundSlopePerDeg == null || noise == null) {
            throw new IllegalArgumentException("recipe: ranges, crystal, family, convention, dw, "
                    + "backgroundSlopePerDeg and noise must all be given");
        }
        if (!(backgroundSlopePerDeg.min() >= 0 && backgroundSlopePerDeg.max() <= MAX_BACKGROUND_SLOPE)) {
            throw new IllegalArgumentException("intensity.backgroundSlopePerDeg must lie in [0, "
                    + MAX_BACKGROUND_SLOPE + "] per degree 2θ, got " + backgroundSlopePerDeg);
        }
        if (!(readoutSigmaCounts >= 0 && readoutSigmaCounts <= MAX_READOUT_COUNTS)) {
            throw new IllegalArgumentException("noise.readoutSigmaCounts must lie in [0, " + MAX_READOUT_COUNTS
                    + "] counts, got " + readoutSigmaCounts);
        }
    }

    /** The paper's recipe around given ranges: spline profiles, smooth convention, tied DW, flat background. */
    public static Recipe of(ParameterRanges ranges, PaperRecipe.Noise noise) {
        return new Recipe(ranges, Crystal.EXPLICIT, Family.PAPER_SPLINE, SplineConvention.SMOOTH, Dw.TIED,
                new Range(0, 0), noise, 0);
    }

    /** A shipped preset ({@link ParameterRanges#PRESETS}), read once from its recipe file in the jar. */
    public static Recipe preset(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (!ParameterRanges.PRESETS.contains(key)) {
            throw new IllegalArgumentException("preset: unknown '" + name + "', expected one of "
                    + ParameterRanges.PRESETS);
        }
        return SHIPPED.computeIfAbsent(key, Recipe::readPreset);
    }

    /**
     * A shipped preset as a set is drawn from it: with the counting noise ({@code honest}, {@code published},
     * {@code none}; blank keeps the preset's) and the grid (1001 or 401 points; another value keeps the
     * preset's). Null when {@code name} is not a preset.
     */
    public static Recipe shipped(String name, String noise, int gridPoints) {
        if (name == null || !ParameterRanges.PRESETS.contains(name)) {
            return null;
        }
        Recipe r = preset(name);
        if (noise != null && !noise.isBlank()) {
            r = r.withNoise(PaperRecipe.Noise.ofMode(noise));
        }
        return gridPoints == ParameterRanges.GRID_1001 || gridPoints == ParameterRanges.GRID_401
                ? r.withGridPoints(gridPoints) : r;
    }

    /**
     * The recipe a stored set was drawn from: the manifest's {@code source.recipeFile}, else the shipped preset
     * its {@code source.preset} names with the set's noise and grid; null for a set of another source.
     */
    public static Recipe ofManifest(strainlab.dataset.Manifest manifest) {
        com.google.gson.JsonObject source = manifest.source();
        if (source.has("recipeFile")) {
            return parse(source.get("recipeFile").toString(), "manifest source.recipeFile", null);
        }
        com.google.gson.JsonElement preset = source.get("preset");
        return preset == null || !preset.isJsonPrimitive() ? null
                : shipped(preset.getAsString(), manifest.noise(), manifest.inputLength());
    }

    private static final java.util.Map<String, Recipe> SHIPPED = new java.util.concurrent.ConcurrentHashMap<>();

    private static Recipe readPreset(String key) {
        String resource = "/strainlab/dataset/recipe/" + key + ".json";
        try (InputStream in = Recipe.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("preset recipe " + resource + " is missing from the jar");
            }
            return RecipeJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource, null);
        } catch (IOException e) {
            throw new IllegalStateException("preset recipe " + resource + " cannot be read", e);
        }
    }

    /**
     * Reads a recipe file; a CIF crystal is read relative to the file's folder.
     *
     * @throws IllegalArgumentException naming the file and the field, with the allowed range
     */
    public static Recipe read(Path file) throws IOException {
        return RecipeJson.read(file);
    }

    /** Parses recipe JSON text; {@code source} names it in messages, {@code baseDir} resolves CIF paths. */
    public static Recipe parse(String json, String source, Path baseDir) {
        return RecipeJson.parse(json, source, baseDir);
    }

    /** The recipe as JSON text (the file format, two-space indented). */
    public String toJson() {
        return RecipeJson.write(this);
    }

    /** SHA-256 (hex) of {@link #toJson()}: identifies the recipe in manifests and model files. */
    public String sha256() {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(toJson().getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The recipe's name (stored in manifests). */
    public String name() {
        return ranges.name();
    }

    /**
     * Whether this is a shipped preset unchanged apart from its counting noise and grid (both recorded in every
     * manifest): its manifest then names the preset instead of repeating the recipe, the shipped file being the
     * recipe.
     */
    public boolean isShippedPreset() {
        return ParameterRanges.PRESETS.contains(name())
                && equals(preset(name()).withNoise(noise).withGridPoints(ranges.gridPoints()));
    }

    /** Copy with another name. */
    public Recipe withName(String name) {
        return withRanges(ranges.withName(name));
    }

    /**
     * Copy with other ranges; the crystal's source is kept, so change the material or reflection with
     * {@link #withCrystal(String, Hkl)} rather than {@link ParameterRanges#withSetup}.
     */
    public Recipe withRanges(ParameterRanges r) {
        return checked(new Recipe(r, crystal, family, convention, dw, backgroundSlopePerDeg, noise,
                readoutSigmaCounts));
    }

    /**
     * {@code r} once it passes the checks a recipe file gets (every range within its physical limits, the
     * reflection allowed), each error naming the file's field; a CIF crystal is checked through its structure
     * factors, which the copy keeps.
     */
    private static Recipe checked(Recipe r) {
        Recipe probe = r.crystal.cif() == null ? r : new Recipe(r.ranges, Crystal.EXPLICIT, r.family, r.convention,
                r.dw, r.backgroundSlopePerDeg, r.noise, r.readoutSigmaCounts);
        RecipeJson.parse(RecipeJson.write(probe), "recipe", null);
        return r;
    }

    /** A range of the recipe field {@code field}; an inverted or non-finite one is refused naming the field. */
    private static Range range(String field, double min, double max) {
        try {
            return new Range(min, max);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("recipe: " + field + ": " + e.getMessage(), e);
        }
    }

    /** Copy with a built-in material (see {@link Materials}) and reflection, at this recipe's wavelength. */
    public Recipe withCrystal(String material, Hkl hkl) {
        Material m = Materials.byName(material);
        return withCrystal(m, new Crystal(material, null, hkl));
    }

    /** Copy with a material (e.g. from {@link strainlab.io.CifReader}) recorded as {@code crystal}. */
    Recipe withCrystal(Material m, Crystal source) {
        DiffractionSetup s = RecipeJson.setupOf(m, source.hkl(), ranges.setup().wavelengthA(), "crystal");
        return new Recipe(ranges.withSetup(s), source, family, convention, dw, backgroundSlopePerDeg, noise,
                readoutSigmaCounts);
    }

    /** Copy with another layer-thickness range in nm, drawn in steps of {@code stepNm} (0: continuous). */
    public Recipe withThicknessNm(double min, double max, double stepNm) {
        return withRanges(ranges.withThicknessNm(range("layer.thicknessNm", min, max), stepNm));
    }

    /** Copy with another e_max range in % (uniform). */
    public Recipe withStrainMaxPercent(double min, double max) {
        return withRanges(ranges.withStrainMaxPercent(range("layer.strainMaxPercent", min, max)));
    }

    /** Copy with another DWmin range (uniform in DWmin, as the paper). */
    public Recipe withDwMin(double min, double max) {
        return withRanges(ranges.withDwMin(range("profile.dwMin", min, max)));
    }

    /** Copy with another resolution FWHM range in degrees 2θ (uniform). */
    public Recipe withFwhmDeg(double min, double max) {
        return withRanges(ranges.withFwhmDeg(range("instrument.fwhmDeg", min, max)));
    }

    /** Copy with another network grid (1001 or 401 points). */
    public Recipe withGridPoints(int points) {
        return withRanges(ranges.withGridPoints(points));
    }

    /** Copy with another profile family. */
    public Recipe withFamily(Family f) {
        return new Recipe(ranges, crystal, f, convention, dw, backgroundSlopePerDeg, noise, readoutSigmaCounts);
    }

    /** Copy with another spline convention of the strain weights. */
    public Recipe withConvention(SplineConvention c) {
        return new Recipe(ranges, crystal, family, c, dw, backgroundSlopePerDeg, noise, readoutSigmaCounts);
    }

    /** Copy with another DW rule. */
    public Recipe withDw(Dw rule) {
        return new Recipe(ranges, crystal, family, convention, rule, backgroundSlopePerDeg, noise, readoutSigmaCounts);
    }

    /** Copy with another relative background-slope range (1/° of 2θ). */
    public Recipe withBackgroundSlopePerDeg(double min, double max) {
        return new Recipe(ranges, crystal, family, convention, dw, range("intensity.backgroundSlopePerDeg", min, max),
                noise, readoutSigmaCounts);
    }

    /** Copy with another counting noise. */
    public Recipe withNoise(PaperRecipe.Noise n) {
        return new Recipe(ranges, crystal, family, convention, dw, backgroundSlopePerDeg, n, readoutSigmaCounts);
    }

    /** Copy with Gaussian read-out noise of this standard deviation in counts (0: none). */
    public Recipe withReadoutSigmaCounts(double sigma) {
        return new Recipe(ranges, crystal, family, convention, dw, backgroundSlopePerDeg, noise, sigma);
    }
}
