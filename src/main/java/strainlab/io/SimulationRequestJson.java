package strainlab.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import strainlab.crystal.DiffractionSetup;
import strainlab.crystal.Materials;
import strainlab.crystal.StructureFactors;
import strainlab.instrument.Background;
import strainlab.instrument.FwhmAxis;
import strainlab.instrument.NetworkGrid;
import strainlab.instrument.Noise;
import strainlab.instrument.PoissonNoise;
import strainlab.instrument.Resolution;
import strainlab.instrument.SimulationRequest;
import strainlab.instrument.ThetaGrid;
import strainlab.profile.DepthProfiles;
import strainlab.profile.SplineConvention;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.LinkedHashSet;
import java.util.Set;

import static strainlab.io.JsonFields.integer;
import static strainlab.io.JsonFields.longInteger;
import static strainlab.io.JsonFields.number;
import static strainlab.io.JsonFields.numbers;
import static strainlab.io.JsonFields.object;
import static strainlab.io.JsonFields.onlyKnown;
import static strainlab.io.JsonFields.positive;
import static strainlab.io.JsonFields.string;
import static strainlab.io.JsonFields.within;

/**
 * The JSON file format of a {@link SimulationRequest} ({@code bin/strainlab simulate --params}), parsed strictly: unknown fields, missing required
 * fields and wrong types are errors whose message names the field (e.g. {@code dw.dwMin}).
 *
 * <pre>
 * { "wavelengthA": 1.5406, "dSpacingA": 1.2858375, "unitCellVolumeA3": 136.06243,
 *   "f0": [223.59852, 9.38724], "fh": [120.31277, 9.38724], "fmh": [120.31277, 9.38724],
 *     — or — "material": "ZrO2", "hkl": [0,0,4]
 *   "thicknessNm": 400, "lamellae": 500,
 *   "strainWeightsPercent": [..], "splineConvention": "smooth",              (default smooth)
 *   "dw": {"rule": "tied", "dwMin": 0.5} | {"rule": "spline", "weights": [..]},
 *   "theta": {"startDeg": 35.52, "stepDeg": 0.005, "count": 342} | {"twoThetaDeg": [..]},
 *   "resolution": {"fwhmDeg": 0.01, "axis": "2theta", "eta": 0.001},       (optional: none)
 *   "scale": 1e5, "background": 3.0, "backgroundSlopePerDeg": 0,              (defaults 1, 0, 0)
 *   "noiseSeed": null, "noiseMode": "counting" | "published",                 (default no noise, counting)
 *   "rescale": {"points": 1001} }                                             (optional)
 * </pre>
 *
 * <p>Strict JSON ({@link StrictJson}: no comments, unquoted keys, single quotes, NaN, trailing commas, trailing
 * text or duplicate keys). Ranges, each refused with the field and the range: wavelengthA [0.1, 5] Å;
 * |hkl| ≤ 100; thicknessNm [0, 10 000]; lamellae [1, {@link #MAX_LAMELLAE}]; strainWeightsPercent within ±10 %;
 * dw.dwMin (0, 1]; theta.count or the twoThetaDeg list [1, {@link #MAX_THETA_POINTS}]; lamellae × θ points ≤
 * {@link #MAX_WORK}; resolution.fwhmDeg (0, 1]°, eta [0, 1]; scale (0, 1e15], background [0, 1e15] counts. The
 * limits on sizes are checked before anything is allocated.
 */
public final class SimulationRequestJson {
    private static final Set<String> TOP = Set.of("wavelengthA", "dSpacingA", "unitCellVolumeA3", "f0", "fh", "fmh",
            "material", "hkl", "thicknessNm", "lamellae", "strainWeightsPercent", "splineConvention", "dw", "theta",
            "resolution", "scale", "background", "backgroundSlopePerDeg", "noiseSeed", "noiseMode", "rescale");
    /**
     * Most lamellae: 100 000 lamellae cost about 12 doubles each (profiles, layer constants, splines), 10 MB,
     * and cut a 10 µm layer into 1 Å slices, thinner than one atomic plane.
     */
    public static final int MAX_LAMELLAE = 100_000;
    /**
     * Most θ points: about 15 doubles per point (grids, raw, convolved, counts) plus its output line, about 20 MB
     * here; the resolution convolution costs points² multiply-adds, 1e10 (about 1 s with SIMD) at this limit and
     * 100 times more for ten times the points.
     */
    public static final int MAX_THETA_POINTS = 100_000;
    /** Most recursion steps (lamellae × θ points): 1 to 2 min at the scalar kernel's 60-150 ns a step. */
    public static final long MAX_WORK = 1_000_000_000L;
    /** Cost of one recursion step (one lamella at one θ) of the scalar kernel, in seconds (60-150 ns measured). */
    public static final double SECONDS_PER_STEP = 1e-7;
    /**
     * Largest request file accepted: a request is a few kB, a 100 000-point 2θ list about 2 MB; the parsed tree
     * costs about 100 B per number, so at most about 200 MB.
     */
    public static final long MAX_REQUEST_BYTES = 4L << 20;
    /** |F_H| below this fraction of |F_0| is a forbidden or near-forbidden reflection. */
    public static final double WEAK_FH = 1e-3;
    /** Largest |strain weight| in %: beyond any elastic strain of a crystal. */
    public static final double MAX_STRAIN_PERCENT = 10;
    /** Thickest layer in nm (10 µm): far beyond the extinction depth of any reflection. */
    public static final double MAX_THICKNESS_NM = 10_000;
    /** Widest instrumental resolution FWHM in degrees. */
    public static final double MAX_FWHM_DEG = 1;
    /** X-ray wavelengths accepted, in Å (hard X-rays to Cr Kα and beyond). */
    public static final double MIN_WAVELENGTH_A = 0.1;
    public static final double MAX_WAVELENGTH_A = 5;
    /** Largest scale or background, in counts. */
    public static final double MAX_COUNTS = 1e15;
    private static final Set<String> NUMBERS = Set.of("dSpacingA", "unitCellVolumeA3", "f0", "fh", "fmh");

    private SimulationRequestJson() {
    }

    /**
     * A parsed request and the name of its reflection for messages.
     *
     * @param request the simulation request
     * @param reflection e.g. {@code "Si 2 0 0"}, or {@code "the reflection d = 1.2858 Å"} for the six-number form
     */
    public record Parsed(SimulationRequest request, String reflection) {
        /** Why the reflection is too weak to simulate normalised (|F_H| below {@link #WEAK_FH}·|F_0|), or null. */
        public String weakReflection() {
            StructureFactors f = request.setup().structureFactors();
            double fh = Math.sqrt(Math.hypot(f.fhRe(), f.fhIm()) * Math.hypot(f.fmhRe(), f.fmhIm()));
            double f0 = Math.hypot(f.f0Re(), f.f0Im());
            if (fh >= WEAK_FH * f0) {
                return null;
            }
            return String.format(Locale.ROOT, "%s is forbidden or nearly so: |F_H| = %.3g is below %.0e·|F_0| = "
                    + "%.3g", reflection, fh, WEAK_FH, WEAK_FH * f0);
        }

        /** Why the θ grid cannot hold the substrate's Bragg peak, or null. */
        public String peakOutsideGrid() {
            double[] t = request.thetaRad();
            double tb = request.setup().braggAngleRad();
            if (tb >= t[0] && tb <= t[t.length - 1]) {
                return null;
            }
            return String.format(Locale.ROOT, "the grid θ = %.4f°..%.4f° does not hold the Bragg angle θB = %.4f° "
                    + "(2θ = %.4f°)", Math.toDegrees(t[0]), Math.toDegrees(t[t.length - 1]), Math.toDegrees(tb),
                    2 * Math.toDegrees(tb));
        }
    }

    /**
     * Reads and parses a request file; a folder, a missing, oversized ({@link #MAX_REQUEST_BYTES}) or non-UTF-8
     * file is a {@link RequestFormatException} naming it.
     */
    public static Parsed read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new RequestFormatException(file + " is a directory, not a request file");
        }
        if (!Files.isRegularFile(file)) {
            throw new RequestFormatException(file + ": no such file");
        }
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_REQUEST_BYTES) {
                throw new RequestFormatException(file + ": " + Files.size(file) + " bytes is too large for a "
                        + "request (at most " + MAX_REQUEST_BYTES + ")");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException(file + ": cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
        try {
            return parseNamed(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString(),
                    file.toString());
        } catch (CharacterCodingException e) {
            throw new RequestFormatException(file + ": not a text file (bytes that are not UTF-8); a request is "
                    + "JSON text such as data/examples/zro2-004-request.json", e);
        }
    }

    /** Parses a request from JSON text; {@code source} names the file in messages. */
    public static SimulationRequest parse(String json, String source) {
        return parseNamed(json, source).request();
    }

    /** {@link #parse}, also naming the reflection. */
    public static Parsed parseNamed(String json, String source) {
        JsonElement root;
        try {
            root = StrictJson.parse(json);
        } catch (IllegalArgumentException e) {
            throw new RequestFormatException(source + ": " + e.getMessage(), e);
        }
        if (!root.isJsonObject()) {
            throw new RequestFormatException(source + ": the request must be a JSON object");
        }
        try {
            JsonObject o = root.getAsJsonObject();
            SimulationRequest r = parse(o);
            String name = o.has("material")
                    ? o.get("material").getAsString() + " " + o.get("hkl").getAsJsonArray().asList().stream()
                    .map(e -> String.valueOf((int) e.getAsDouble()))
                    .collect(java.util.stream.Collectors.joining(" "))
                    : String.format(java.util.Locale.ROOT, "the reflection d = %.5g Å", r.setup().dSpacingA());
            return new Parsed(r, name);
        } catch (IllegalArgumentException e) {
            throw new RequestFormatException(source + ": " + e.getMessage(), e);
        }
    }

    static SimulationRequest parse(JsonObject o) {
        onlyKnown(o, TOP, "");
        double lambda = within(o, "wavelengthA", "", MIN_WAVELENGTH_A, MAX_WAVELENGTH_A, "Å");
        DiffractionSetup setup = setup(o, lambda);
        double thicknessNm = within(o, "thicknessNm", "", 0, MAX_THICKNESS_NM, "nm");
        long lamellae = longInteger(o, "lamellae", "");
        if (lamellae < 1 || lamellae > MAX_LAMELLAE) {
            throw new IllegalArgumentException("lamellae must lie in [1, " + MAX_LAMELLAE + "], got " + lamellae
                    + (lamellae > MAX_LAMELLAE ? " (more lamellae than atomic planes in any layer this program models)"
                    : ""));
        }
        double[] weights = numbers(o, "strainWeightsPercent", "");
        for (int i = 0; i < weights.length; i++) {
            if (Math.abs(weights[i]) > MAX_STRAIN_PERCENT) {
                throw new IllegalArgumentException("strainWeightsPercent[" + i + "] must lie in [-" + MAX_STRAIN_PERCENT
                        + ", " + MAX_STRAIN_PERCENT + "] %, got " + weights[i]
                        + " (a crystal does not hold more elastic strain)");
            }
        }
        SplineConvention conv = o.has("splineConvention")
                ? SplineConvention.parse(string(o, "splineConvention", "")) : SplineConvention.SMOOTH;
        DepthProfiles profiles = profiles(object(o, "dw", ""), thicknessNm * 10.0, (int) lamellae, weights, conv);
        double[] theta = theta(object(o, "theta", ""));
        if (lamellae * theta.length > MAX_WORK) {
            throw new IllegalArgumentException("lamellae × θ points = " + lamellae + " × " + theta.length + " = "
                    + lamellae * theta.length + " exceeds " + MAX_WORK + " recursion steps (about "
                    + Math.round(MAX_WORK * SECONDS_PER_STEP / 60) + " min): use fewer lamellae or θ points");
        }
        Resolution resolution = o.has("resolution") && !o.get("resolution").isJsonNull()
                ? resolution(object(o, "resolution", "")) : null;
        double scale = o.has("scale") ? positive(o, "scale", "") : 1.0;
        if (scale > MAX_COUNTS) {
            throw new IllegalArgumentException("scale must lie in (0, " + MAX_COUNTS + "] counts, got " + scale);
        }
        double bkg = o.has("background") ? within(o, "background", "", 0, MAX_COUNTS, "counts") : 0.0;
        double slope = o.has("backgroundSlopePerDeg")
                ? within(o, "backgroundSlopePerDeg", "", -MAX_COUNTS, MAX_COUNTS, "counts/°") : 0.0;
        Noise noise = null;
        if (o.has("noiseSeed") && !o.get("noiseSeed").isJsonNull()) {
            long seed = longInteger(o, "noiseSeed", "");
            PoissonNoise.Mode mode = PoissonNoise.Mode.COUNTING;
            if (o.has("noiseMode")) {
                String m = string(o, "noiseMode", "");
                switch (m) {
                    case "counting" -> mode = PoissonNoise.Mode.COUNTING;
                    case "published" -> mode = PoissonNoise.Mode.PUBLISHED_DOUBLED;
                    default -> throw new IllegalArgumentException(
                            "noiseMode: expected 'counting' or 'published', got '" + m + "'");
                }
            }
            noise = new Noise(mode, seed);
        } else if (o.has("noiseMode")) {
            throw new IllegalArgumentException("noiseMode is given but noiseSeed is not: set a noiseSeed to add noise");
        }
        NetworkGrid grid = null;
        if (o.has("rescale") && !o.get("rescale").isJsonNull()) {
            JsonObject r = object(o, "rescale", "");
            onlyKnown(r, Set.of("points"), "rescale.");
            grid = NetworkGrid.ofPoints(integer(r, "points", "rescale."));
        }
        return new SimulationRequest(setup, profiles, theta, resolution, scale, new Background(bkg, slope), noise,
                grid);
    }

    private static DiffractionSetup setup(JsonObject o, double lambda) {
        boolean byMaterial = o.has("material") || o.has("hkl");
        Set<String> given = new LinkedHashSet<>();
        for (String k : NUMBERS) {
            if (o.has(k)) {
                given.add(k);
            }
        }
        if (byMaterial) {
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("give either material + hkl or the six numbers "
                        + "(dSpacingA, unitCellVolumeA3, f0, fh, fmh), not both: found " + given);
            }
            String name = string(o, "material", "");
            double[] hkl = numbers(o, "hkl", "");
            if (hkl.length != 3) {
                throw new IllegalArgumentException("hkl must hold 3 integers, got " + hkl.length);
            }
            int[] h = new int[3];
            for (int i = 0; i < 3; i++) {
                if (Math.abs(hkl[i]) > 100) {
                    throw new IllegalArgumentException("hkl[" + i + "] must lie in [-100, 100], got " + hkl[i]);
                }
                if (hkl[i] != Math.rint(hkl[i])) {
                    throw new IllegalArgumentException("hkl[" + i + "] must be an integer, got " + hkl[i]);
                }
                h[i] = (int) hkl[i];
            }
            try {
                return Materials.byName(name).setup(h[0], h[1], h[2], lambda);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("material: " + e.getMessage(), e);
            }
        }
        double d = positive(o, "dSpacingA", "");
        double v = positive(o, "unitCellVolumeA3", "");
        double[] f0 = pair(o, "f0");
        double[] fh = pair(o, "fh");
        double[] fmh = pair(o, "fmh");
        if (!(f0[0] > 0)) {
            throw new IllegalArgumentException("f0: the real part of F0 must be > 0, got " + f0[0]);
        }
        if (f0[1] < 0) {
            throw new IllegalArgumentException("f0: the imaginary part of F0 must be ≥ 0 (absorption), got " + f0[1]);
        }
        if (lambda >= 2 * d) {
            throw new IllegalArgumentException("wavelengthA " + lambda + " ≥ 2·dSpacingA: no Bragg reflection");
        }
        return new DiffractionSetup(lambda, d, v, StructureFactors.of(f0, fh, fmh));
    }

    private static DepthProfiles profiles(JsonObject dw, double thicknessA, int lamellae, double[] weights,
                                          SplineConvention conv) {
        String rule = string(dw, "rule", "dw.");
        switch (rule) {
            case "tied" -> {
                onlyKnown(dw, Set.of("rule", "dwMin"), "dw.");
                double dwMin = number(dw, "dwMin", "dw.");
                if (!(dwMin > 0 && dwMin <= 1)) {
                    throw new IllegalArgumentException("dw.dwMin must lie in (0, 1], got " + dwMin);
                }
                return wrap("strainWeightsPercent",
                        () -> DepthProfiles.withTiedDw(thicknessA, lamellae, weights, conv, dwMin));
            }
            case "spline" -> {
                onlyKnown(dw, Set.of("rule", "weights"), "dw.");
                double[] w = numbers(dw, "weights", "dw.");
                DepthProfiles p = wrap("dw.weights",
                        () -> DepthProfiles.withSplineDw(thicknessA, lamellae, weights, w, conv));
                return p;
            }
            default -> throw new IllegalArgumentException("dw.rule: expected 'tied' or 'spline', got '" + rule + "'");
        }
    }

    private static DepthProfiles wrap(String field, java.util.function.Supplier<DepthProfiles> f) {
        try {
            return f.get();
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            if (m.startsWith("dw[")) {
                throw new IllegalArgumentException("dw: the DW profile leaves (0, 1] at node " + m, e);
            }
            throw new IllegalArgumentException(field + ": " + m, e);
        }
    }

    private static double[] theta(JsonObject t) {
        if (t.has("twoThetaDeg")) {
            onlyKnown(t, Set.of("twoThetaDeg"), "theta.");
            double[] tt = numbers(t, "twoThetaDeg", "theta.");
            if (tt.length == 0) {
                throw new IllegalArgumentException("theta.twoThetaDeg: the θ grid is empty");
            }
            if (tt.length > MAX_THETA_POINTS) {
                throw new IllegalArgumentException("theta.twoThetaDeg holds " + tt.length + " points; at most "
                        + MAX_THETA_POINTS + " are allowed");
            }
            for (int i = 0; i < tt.length; i++) {
                if (!(tt[i] > 0 && tt[i] < 180)) {
                    throw new IllegalArgumentException("theta.twoThetaDeg[" + i + "] must lie in (0, 180)°, got " + tt[i]);
                }
                if (i > 0 && !(tt[i] > tt[i - 1])) {
                    throw new IllegalArgumentException("theta.twoThetaDeg must increase strictly (index " + i + ")");
                }
            }
            return ThetaGrid.fromTwoThetaDeg(tt);
        }
        onlyKnown(t, Set.of("startDeg", "stepDeg", "count"), "theta.");
        double start = number(t, "startDeg", "theta.");
        double step = number(t, "stepDeg", "theta.");
        long count = longInteger(t, "count", "theta.");
        if (count < 1 || count > MAX_THETA_POINTS) {
            throw new IllegalArgumentException("theta.count must lie in [1, " + MAX_THETA_POINTS + "]"
                    + (count < 1 ? " (the θ grid is empty)" : "") + ", got " + count);
        }
        if (!(step > 0)) {
            throw new IllegalArgumentException("theta.stepDeg must be > 0, got " + step);
        }
        double end = start + (count - 1) * step;
        if (!(start > 0) || !(end < 90)) {
            throw new IllegalArgumentException("theta: the grid " + start + "°.." + end + "° must lie in (0, 90)°");
        }
        return ThetaGrid.fromDegrees(start, step, (int) count);
    }

    private static Resolution resolution(JsonObject r) {
        onlyKnown(r, Set.of("fwhmDeg", "axis", "eta"), "resolution.");
        double fwhm = number(r, "fwhmDeg", "resolution.");
        if (!(fwhm > 0 && fwhm <= MAX_FWHM_DEG)) {
            throw new IllegalArgumentException("resolution.fwhmDeg must lie in (0, " + MAX_FWHM_DEG + "]°, got " + fwhm);
        }
        FwhmAxis axis = FwhmAxis.parse(string(r, "axis", "resolution."));
        double eta = r.has("eta") ? within(r, "eta", "resolution.", 0, 1, "") : 0.0;
        return new Resolution(fwhm, axis, eta);
    }

    private static double[] pair(JsonObject o, String key) {
        double[] v = numbers(o, key, "");
        if (v.length != 2) {
            throw new IllegalArgumentException(key + " must be [re, im], got " + Arrays.toString(v));
        }
        return v;
    }
}
