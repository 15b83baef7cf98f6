package strainlab.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
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

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The JSON request of {@code bin/strainlab simulate}, parsed strictly: unknown fields, missing required
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
 */
public final class SimulateRequestJson {
    private static final Set<String> TOP = Set.of("wavelengthA", "dSpacingA", "unitCellVolumeA3", "f0", "fh", "fmh",
            "material", "hkl", "thicknessNm", "lamellae", "strainWeightsPercent", "splineConvention", "dw", "theta",
            "resolution", "scale", "background", "backgroundSlopePerDeg", "noiseSeed", "noiseMode", "rescale");
    private static final Set<String> NUMBERS = Set.of("dSpacingA", "unitCellVolumeA3", "f0", "fh", "fmh");

    private SimulateRequestJson() {
    }

    /** Parses a request from JSON text; {@code source} names the file in messages. */
    public static SimulationRequest parse(String json, String source) {
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(source + ": not valid JSON: " + e.getMessage(), e);
        }
        if (!root.isJsonObject()) {
            throw new IllegalArgumentException(source + ": the request must be a JSON object");
        }
        try {
            return parse(root.getAsJsonObject());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    static SimulationRequest parse(JsonObject o) {
        onlyKnown(o, TOP, "");
        double lambda = positive(o, "wavelengthA", "");
        DiffractionSetup setup = setup(o, lambda);
        double thicknessNm = number(o, "thicknessNm", "");
        if (!(thicknessNm >= 0) || !Double.isFinite(thicknessNm)) {
            throw new IllegalArgumentException("thicknessNm must be ≥ 0, got " + thicknessNm);
        }
        int lamellae = integer(o, "lamellae", "");
        if (lamellae < 1) {
            throw new IllegalArgumentException("lamellae must be ≥ 1, got " + lamellae);
        }
        double[] weights = numbers(o, "strainWeightsPercent", "");
        SplineConvention conv = o.has("splineConvention")
                ? SplineConvention.parse(string(o, "splineConvention", "")) : SplineConvention.SMOOTH;
        DepthProfiles profiles = profiles(object(o, "dw", ""), thicknessNm * 10.0, lamellae, weights, conv);
        double[] theta = theta(object(o, "theta", ""));
        Resolution resolution = o.has("resolution") && !o.get("resolution").isJsonNull()
                ? resolution(object(o, "resolution", "")) : null;
        double scale = o.has("scale") ? positive(o, "scale", "") : 1.0;
        double bkg = o.has("background") ? number(o, "background", "") : 0.0;
        if (!(bkg >= 0) || !Double.isFinite(bkg)) {
            throw new IllegalArgumentException("background must be ≥ 0, got " + bkg);
        }
        double slope = o.has("backgroundSlopePerDeg") ? number(o, "backgroundSlopePerDeg", "") : 0.0;
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
        int count = integer(t, "count", "theta.");
        if (count < 1) {
            throw new IllegalArgumentException("theta.count must be ≥ 1 (the θ grid is empty), got " + count);
        }
        if (!(step > 0)) {
            throw new IllegalArgumentException("theta.stepDeg must be > 0, got " + step);
        }
        double end = start + (count - 1) * step;
        if (!(start > 0) || !(end < 90)) {
            throw new IllegalArgumentException("theta: the grid " + start + "°.." + end + "° must lie in (0, 90)°");
        }
        return ThetaGrid.fromDegrees(start, step, count);
    }

    private static Resolution resolution(JsonObject r) {
        onlyKnown(r, Set.of("fwhmDeg", "axis", "eta"), "resolution.");
        double fwhm = number(r, "fwhmDeg", "resolution.");
        FwhmAxis axis = FwhmAxis.parse(string(r, "axis", "resolution."));
        double eta = r.has("eta") ? number(r, "eta", "resolution.") : 0.0;
        return new Resolution(fwhm, axis, eta);
    }

    // ---- typed access with field names in messages ----

    private static void onlyKnown(JsonObject o, Set<String> known, String prefix) {
        for (String k : o.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException("unknown field '" + prefix + k + "'; known fields: "
                        + String.join(", ", new java.util.TreeSet<>(known)));
            }
        }
    }

    private static JsonElement required(JsonObject o, String key, String prefix) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            throw new IllegalArgumentException("missing field '" + prefix + key + "'");
        }
        return e;
    }

    private static double number(JsonObject o, String key, String prefix) {
        JsonElement e = required(o, key, prefix);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException(prefix + key + " must be a number, got " + e);
        }
        double v = e.getAsDouble();
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(prefix + key + " must be finite, got " + e);
        }
        return v;
    }

    private static double positive(JsonObject o, String key, String prefix) {
        double v = number(o, key, prefix);
        if (!(v > 0)) {
            throw new IllegalArgumentException(prefix + key + " must be > 0, got " + v);
        }
        return v;
    }

    private static int integer(JsonObject o, String key, String prefix) {
        long v = longInteger(o, key, prefix);
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw new IllegalArgumentException(prefix + key + " is out of range: " + v);
        }
        return (int) v;
    }

    private static long longInteger(JsonObject o, String key, String prefix) {
        JsonElement e = required(o, key, prefix);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException(prefix + key + " must be an integer, got " + e);
        }
        java.math.BigDecimal b = e.getAsBigDecimal();
        try {
            return b.longValueExact();
        } catch (ArithmeticException ex) {
            throw new IllegalArgumentException(prefix + key + " must be an integer, got " + e, ex);
        }
    }

    private static String string(JsonObject o, String key, String prefix) {
        JsonElement e = required(o, key, prefix);
        if (!e.isJsonPrimitive() || !((JsonPrimitive) e).isString()) {
            throw new IllegalArgumentException(prefix + key + " must be a string, got " + e);
        }
        return e.getAsString();
    }

    private static JsonObject object(JsonObject o, String key, String prefix) {
        JsonElement e = required(o, key, prefix);
        if (!e.isJsonObject()) {
            throw new IllegalArgumentException(prefix + key + " must be an object, got " + e);
        }
        return e.getAsJsonObject();
    }

    private static double[] numbers(JsonObject o, String key, String prefix) {
        JsonElement e = required(o, key, prefix);
        if (!e.isJsonArray()) {
            throw new IllegalArgumentException(prefix + key + " must be an array of numbers, got " + e);
        }
        JsonArray a = e.getAsJsonArray();
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            JsonElement x = a.get(i);
            if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isNumber() || !Double.isFinite(x.getAsDouble())) {
                throw new IllegalArgumentException(prefix + key + "[" + i + "] must be a finite number, got " + x);
            }
            v[i] = x.getAsDouble();
        }
        return v;
    }

    private static double[] pair(JsonObject o, String key) {
        double[] v = numbers(o, key, "");
        if (v.length != 2) {
            throw new IllegalArgumentException(key + " must be [re, im], got " + Arrays.toString(v));
        }
        return v;
    }
}
