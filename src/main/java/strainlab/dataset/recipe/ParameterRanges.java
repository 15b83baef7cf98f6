package strainlab.dataset.recipe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import strainlab.crystal.DiffractionSetup;
import strainlab.crystal.StructureFactors;

/**
 * The ranges from which the paper's training recipe draws one curve (table 1 of Boulle &amp; Debelle 2023 and
 * the "Training-set recipe" of the physics conventions), plus the fixed settings of the simulation. A range
 * is drawn as {@code min + U[0,1)·(max − min)} (the paper's, all of them) or log-uniform ({@link Distribution}).
 * The presets are recipe files ({@link Recipe#preset(String)}).
 *
 * @param name preset or user name, stored in the dataset manifest
 * @param setup material and reflection (wavelength, d, V, structure factors)
 * @param thicknessNm layer thickness t in nm
 * @param thicknessStepNm t is drawn uniformly among {@code min, min+step, …, ≤ max} (the published code sweeps
 *                        t in 10 nm steps); 0 draws t continuously
 * @param strainMaxPercent maximum strain e_max in %
 * @param dwMin minimum Debye–Waller factor DWmin; the label is {@code scale_dw = −ln(DWmin)}; max ≤ 1
 * @param fwhmDeg resolution FWHM in degrees 2θ (the paper generator's axis)
 * @param pseudoVoigtEta Lorentzian fraction η of the pseudo-Voigt resolution (0.001: quasi-Gaussian)
 * @param log10Background background = 10^U(range) counts
 * @param log10Scale scale (maximum intensity above background) = 10^U(range) counts
 * @param dynamicRange open window (min, max) for {@code DR = log10(scale/background)}: background and scale are
 *                     redrawn until DR lies strictly inside
 * @param thetaMargin range of the θ-grid margins eps1 (low-angle side, added to e_max) and eps2 (high-angle side)
 * @param thetaStepDeg θ step of the simulated scan in degrees
 * @param lamellae number N of lamellae of the recursion
 * @param gridPoints network grid: 1001 points on linspace(8,−1) or 401 on linspace(3,−1)
 */
public record ParameterRanges(String name, DiffractionSetup setup, Range thicknessNm, double thicknessStepNm,
                              Range strainMaxPercent, Range dwMin, Range fwhmDeg, double pseudoVoigtEta,
                              Range log10Background, Range log10Scale, Range dynamicRange, Range thetaMargin,
                              double thetaStepDeg, int lamellae, int gridPoints) {

    /** How a value is drawn from a {@link Range}. */
    public enum Distribution {
        /** {@code min + u·(max − min)}. */
        UNIFORM,
        /** {@code min·(max/min)^u}: uniform in the logarithm (needs min > 0). */
        LOG_UNIFORM;

        /** The name in recipe files: {@code uniform} or {@code log-uniform}. */
        public String label() {
            return this == UNIFORM ? "uniform" : "log-uniform";
        }

        /** The distribution of a recipe-file name ({@code uniform} or {@code log-uniform}). */
        public static Distribution ofLabel(String label) {
            for (Distribution d : values()) {
                if (d.label().equals(label)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("expected 'uniform' or 'log-uniform', got '" + label + "'");
        }
    }

    /** A closed range {@code [min, max]} (min == max fixes the value) and the distribution drawn from it. */
    public record Range(double min, double max, Distribution distribution) {
        public Range {
            if (!Double.isFinite(min) || !Double.isFinite(max)) {
                throw new IllegalArgumentException("range bounds must be finite, got [" + min + ", " + max + "]");
            }
            if (min > max) {
                throw new IllegalArgumentException("range min " + min + " exceeds max " + max);
            }
            if (distribution == null) {
                throw new IllegalArgumentException("range distribution must be given");
            }
            if (distribution == Distribution.LOG_UNIFORM && !(min > 0)) {
                throw new IllegalArgumentException("a log-uniform range needs min > 0, got " + min);
            }
        }

        /** A uniform range. */
        public Range(double min, double max) {
            this(min, max, Distribution.UNIFORM);
        }

        /** The value at u in [0,1): {@code min + u·(max − min)}, or {@code min·(max/min)^u} when log-uniform. */
        public double at(double u) {
            if (distribution == Distribution.LOG_UNIFORM) {
                return Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min)));
            }
            return min + u * (max - min);
        }

        /** Whether {@code min ≤ v ≤ max}. */
        public boolean contains(double v) {
            return v >= min && v <= max;
        }

        /** Width {@code max − min}. */
        public double width() {
            return max - min;
        }

        @Override
        public String toString() {
            String d = distribution == Distribution.UNIFORM ? "" : " " + distribution.label();
            return "[" + min + ", " + max + "]" + d;
        }
    }

    /** The 1001-point network grid on linspace(8, −1) (CNN1, CNN2). */
    public static final int GRID_1001 = 1001;
    /** The 401-point low-strain grid on linspace(3, −1). */
    public static final int GRID_401 = 401;

    /**
     * ZrO2 004 at Cu Kα1 exactly as the paper's training data (physics conventions, structure-factor table):
     * λ = 1.5406 Å, a = 5.14335 Å (d = a/4, V = a³), F0 = 223.59852 + 9.38724i, FH = FmH = 120.31277 + 9.38724i.
     */
    public static final DiffractionSetup PAPER_ZRO2_004 = new DiffractionSetup(1.5406, 1.2858375,
            5.14335 * 5.14335 * 5.14335,
            new StructureFactors(223.59852, 9.38724, 120.31277, 9.38724, 120.31277, 9.38724));

    /** Preset names accepted by {@link #preset(String)}. */
    public static final List<String> PRESETS = List.of("cnn1", "cnn2", "cnn3", "cnn3-401");

    public ParameterRanges {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must be a non-empty string");
        }
        if (setup == null) {
            throw new IllegalArgumentException("setup (material and reflection) must be given");
        }
        requireRange("thicknessNm", thicknessNm);
        requireRange("strainMaxPercent", strainMaxPercent);
        requireRange("dwMin", dwMin);
        requireRange("fwhmDeg", fwhmDeg);
        requireRange("log10Background", log10Background);
        requireRange("log10Scale", log10Scale);
        requireRange("dynamicRange", dynamicRange);
        requireRange("thetaMargin", thetaMargin);
        if (!(thicknessNm.min() >= 1)) {
            throw new IllegalArgumentException("thicknessNm min must be ≥ 1 nm, got " + thicknessNm.min());
        }
        if (!(thicknessStepNm >= 0) || !Double.isFinite(thicknessStepNm)) {
            throw new IllegalArgumentException("thicknessStepNm must be finite and ≥ 0, got " + thicknessStepNm);
        }
        if (thicknessStepNm > 0 && thicknessNm.distribution() != Distribution.UNIFORM) {
            throw new IllegalArgumentException("thicknessNm must be uniform when drawn in steps of "
                    + thicknessStepNm + " nm");
        }
        if (!(strainMaxPercent.min() > 0)) {
            throw new IllegalArgumentException("strainMaxPercent min must be > 0 (tensile strain), got "
                    + strainMaxPercent.min());
        }
        if (!(strainMaxPercent.max() < 50)) {
            throw new IllegalArgumentException("strainMaxPercent max must be < 50 %, got " + strainMaxPercent.max());
        }
        if (!(dwMin.min() > 0 && dwMin.max() <= 1)) {
            throw new IllegalArgumentException("dwMin must lie in (0, 1], got " + dwMin);
        }
        if (!(fwhmDeg.min() > 0)) {
            throw new IllegalArgumentException("fwhmDeg min must be > 0, got " + fwhmDeg.min());
        }
        if (!(pseudoVoigtEta >= 0 && pseudoVoigtEta <= 1)) {
            throw new IllegalArgumentException("pseudoVoigtEta must lie in [0, 1], got " + pseudoVoigtEta);
        }
        if (!(dynamicRange.min() > 0)) {
            throw new IllegalArgumentException("dynamicRange min must be > 0, got " + dynamicRange.min());
        }
        double drLow = log10Scale.min() - log10Background.max();
        double drHigh = log10Scale.max() - log10Background.min();
        if (!(drHigh > dynamicRange.min() && drLow < dynamicRange.max())) {
            throw new IllegalArgumentException("dynamicRange " + dynamicRange + " cannot be reached: log10(scale) − "
                    + "log10(background) spans [" + drLow + ", " + drHigh + "]");
        }
        if (dynamicRange.width() <= 0) {
            throw new IllegalArgumentException("dynamicRange must be an open window with min < max, got " + dynamicRange);
        }
        if (!(thetaMargin.min() > 0)) {
            throw new IllegalArgumentException("thetaMargin min must be > 0, got " + thetaMargin.min());
        }
        if (!(thetaStepDeg > 0) || !Double.isFinite(thetaStepDeg)) {
            throw new IllegalArgumentException("thetaStepDeg must be finite and > 0, got " + thetaStepDeg);
        }
        if (lamellae < 12) {
            throw new IllegalArgumentException("lamellae must be ≥ 12 (13 fitted spline weights), got " + lamellae);
        }
        if (gridPoints != GRID_1001 && gridPoints != GRID_401) {
            throw new IllegalArgumentException("gridPoints must be " + GRID_1001 + " or " + GRID_401 + ", got "
                    + gridPoints);
        }
    }

    /** CNN1 of table 1: t 50–1000 nm, e_max 0.2–8 %, DWmin 0.001–1, 1001-point grid. */
    public static ParameterRanges cnn1() {
        return preset("cnn1");
    }

    /** CNN2 of table 1: t 100–1000 nm, e_max 0.5–8 %, DWmin 0.05–1, 1001-point grid. */
    public static ParameterRanges cnn2() {
        return preset("cnn2");
    }

    /** CNN3 of table 1 (low strain): t 100–1000 nm, e_max 0.5–2 %, DWmin 0.05–1, 1001-point grid. */
    public static ParameterRanges cnn3() {
        return preset("cnn3");
    }

    /**
     * A preset by name: {@code cnn1}, {@code cnn2}, {@code cnn3}, or {@code cnn3-401} (CNN3 on the 401-point
     * low-strain grid linspace(3, −1)); the ranges of the shipped recipe file ({@link Recipe#preset(String)}).
     */
    public static ParameterRanges preset(String name) {
        return Recipe.preset(name).ranges();
    }

    /** Copy with another name. */
    public ParameterRanges withName(String newName) {
        return new ParameterRanges(newName, setup, thicknessNm, thicknessStepNm, strainMaxPercent, dwMin, fwhmDeg,
                pseudoVoigtEta, log10Background, log10Scale, dynamicRange, thetaMargin, thetaStepDeg, lamellae,
                gridPoints);
    }

    /** Copy with another material/reflection. */
    public ParameterRanges withSetup(DiffractionSetup newSetup) {
        return new ParameterRanges(name, newSetup, thicknessNm, thicknessStepNm, strainMaxPercent, dwMin, fwhmDeg,
                pseudoVoigtEta, log10Background, log10Scale, dynamicRange, thetaMargin, thetaStepDeg, lamellae,
                gridPoints);
    }

    /** Copy with another thickness range (nm) and step (0 = continuous). */
    public ParameterRanges withThicknessNm(Range range, double stepNm) {
        return new ParameterRanges(name, setup, range, stepNm, strainMaxPercent, dwMin, fwhmDeg,
                pseudoVoigtEta, log10Background, log10Scale, dynamicRange, thetaMargin, thetaStepDeg, lamellae,
                gridPoints);
    }

    /** Copy with another e_max range (%). */
    public ParameterRanges withStrainMaxPercent(Range range) {
        return new ParameterRanges(name, setup, thicknessNm, thicknessStepNm, range, dwMin, fwhmDeg,
                pseudoVoigtEta, log10Background, log10Scale, dynamicRange, thetaMargin, thetaStepDeg, lamellae,
                gridPoints);
    }

    /** Copy with another DWmin range. */
    public ParameterRanges withDwMin(Range range) {
        return new ParameterRanges(name, setup, thicknessNm, thicknessStepNm, strainMaxPercent, range, fwhmDeg,
                pseudoVoigtEta, log10Background, log10Scale, dynamicRange, thetaMargin, thetaStepDeg, lamellae,
                gridPoints);
    }

    /** Copy with another resolution FWHM range (degrees 2θ). */
    public ParameterRanges withFwhmDeg(Range range) {
        return new ParameterRanges(name, setup, thicknessNm, thicknessStepNm, strainMaxPercent, dwMin, range,
                pseudoVoigtEta, log10Background, log10Scale, dynamicRange, thetaMargin, thetaStepDeg, lamellae,
                gridPoints);
    }

    /** Copy with another number of lamellae. */
    public ParameterRanges withLamellae(int n) {
        return new ParameterRanges(name, setup, thicknessNm, thicknessStepNm, strainMaxPercent, dwMin, fwhmDeg,
                pseudoVoigtEta, log10Background, log10Scale, dynamicRange, thetaMargin, thetaStepDeg, n, gridPoints);
    }

    /** Copy with another network grid (1001 or 401 points). */
    public ParameterRanges withGridPoints(int points) {
        return new ParameterRanges(name, setup, thicknessNm, thicknessStepNm, strainMaxPercent, dwMin, fwhmDeg,
                pseudoVoigtEta, log10Background, log10Scale, dynamicRange, thetaMargin, thetaStepDeg, lamellae,
                points);
    }

    /** Number of distinct thickness values (0 when t is continuous). */
    public int thicknessValueCount() {
        if (thicknessStepNm == 0) {
            return 0;
        }
        return (int) Math.floor(thicknessNm.width() / thicknessStepNm + 1e-9) + 1;
    }

    /** Thickness in nm for u in [0,1): a uniform step value, or continuous when the step is 0. */
    double thicknessAt(double u) {
        int count = thicknessValueCount();
        if (count == 0) {
            return thicknessNm.at(u);
        }
        int k = Math.min(count - 1, (int) (u * count));
        return thicknessNm.min() + k * thicknessStepNm;
    }

    /** A JSON-friendly description (for dataset manifests). */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("wavelengthA", setup.wavelengthA());
        m.put("dSpacingA", setup.dSpacingA());
        m.put("unitCellVolumeA3", setup.unitCellVolumeA3());
        StructureFactors f = setup.structureFactors();
        m.put("f0", List.of(f.f0Re(), f.f0Im()));
        m.put("fh", List.of(f.fhRe(), f.fhIm()));
        m.put("fmh", List.of(f.fmhRe(), f.fmhIm()));
        m.put("thicknessNm", List.of(thicknessNm.min(), thicknessNm.max()));
        m.put("thicknessStepNm", thicknessStepNm);
        m.put("strainMaxPercent", List.of(strainMaxPercent.min(), strainMaxPercent.max()));
        m.put("dwMin", List.of(dwMin.min(), dwMin.max()));
        m.put("fwhmDeg2Theta", List.of(fwhmDeg.min(), fwhmDeg.max()));
        m.put("pseudoVoigtEta", pseudoVoigtEta);
        m.put("log10Background", List.of(log10Background.min(), log10Background.max()));
        m.put("log10Scale", List.of(log10Scale.min(), log10Scale.max()));
        m.put("dynamicRangeOpen", List.of(dynamicRange.min(), dynamicRange.max()));
        m.put("thetaMargin", List.of(thetaMargin.min(), thetaMargin.max()));
        m.put("thetaStepDeg", thetaStepDeg);
        m.put("lamellae", lamellae);
        m.put("gridPoints", gridPoints);
        Map<String, Range> ranges = new LinkedHashMap<>();
        ranges.put("thicknessNm", thicknessNm);
        ranges.put("strainMaxPercent", strainMaxPercent);
        ranges.put("dwMin", dwMin);
        ranges.put("fwhmDeg2Theta", fwhmDeg);
        ranges.forEach((k, r) -> {
            if (r.distribution() != Distribution.UNIFORM) {
                m.put(k + "Distribution", r.distribution().label());
            }
        });
        return m;
    }

    private static void requireRange(String field, Range r) {
        if (r == null) {
            throw new IllegalArgumentException(field + " range must be given");
        }
    }
}
