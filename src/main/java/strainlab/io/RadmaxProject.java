package strainlab.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import strainlab.crystal.Lattice;
import strainlab.profile.AsymmetricPseudoVoigtProfile;

/**
 * Everything needed to reproduce a RaDMaX fit (the desktop program's {@code .ini} project, its two coefficient
 * files and its measured scan), in explicit units. Conventions as in RaDMaX and
 * {@code physics-conventions.md}: a damaged layer of thickness {@code damagedDepthA} on a perfect substrate,
 * cut into {@code numberSlices} lamellae; the resolution is a pseudo-Voigt whose FWHM
 * {@code resolutionFwhmThetaDeg} RaDMaX applies on the <b>θ</b> axis (degrees); the model curve is
 * {@code conv/max(conv) + background}, compared with the scan divided by its maximum. The profiles follow RaDMaX's
 * {@code model}: 0 and 1 are B-splines (smooth and abrupt; weights in % for strain, DW weights unitless), 2 the
 * asymmetric pseudo-Voigt, where each file holds RaDMaX's 7 parameters {@code [height, position/t, FWHM_left/t,
 * FWHM_right/t, η_left, η_right, plateau]}: strain in %, and for DW the DW at the peak and the DW plateau (see
 * {@link #dwPseudoVoigt}). {@code docs/radmax.md} maps every key.
 *
 * @param iniFile the project file
 * @param crystalName the {@code crystal_name} of the project (e.g. {@code ZrO2})
 * @param wavelengthA X-ray wavelength λ in Å
 * @param hkl Miller indices of the reflection
 * @param cell lattice parameters {a, b, c} in Å and {α, β, γ} in degrees, in that order (6 values)
 * @param backgroundRelative constant background relative to the normalised maximum
 * @param resolutionFwhmThetaDeg FWHM of the pseudo-Voigt resolution on the θ axis, in degrees
 * @param resolutionEta Lorentzian fraction η of the pseudo-Voigt (RaDMaX {@code shape})
 * @param model RaDMaX profile model: {@value #SMOOTH}, {@value #ABRUPT} or {@value #PSEUDO_VOIGT}
 * @param damagedDepthA thickness of the damaged layer in Å
 * @param numberSlices number of lamellae
 * @param strainWeightsPercent strain B-spline weights in % (model 2: the 7 strain pseudo-Voigt parameters)
 * @param dwWeights Debye–Waller B-spline weights, 1 = perfect crystal (model 2: the 7 DW pseudo-Voigt parameters)
 * @param strainBoundsPercent RaDMaX bounds {min, max} of the strain weights in %
 * @param dwBounds RaDMaX bounds {min, max} of the DW weights
 * @param scan the measured scan (2θ in degrees, counts)
 * @param settings every section and key of the {@code .ini} as read (raw strings, file order), kept for export
 */
public record RadmaxProject(Path iniFile, String crystalName, double wavelengthA, int[] hkl, double[] cell,
                            double backgroundRelative, double resolutionFwhmThetaDeg, double resolutionEta,
                            int model, double damagedDepthA, int numberSlices,
                            double[] strainWeightsPercent, double[] dwWeights, double[] strainBoundsPercent,
                            double[] dwBounds, MeasuredScan scan, Map<String, Map<String, String>> settings) {
    /** RaDMaX model 0: cubic B-splines, strain 0 and DW 1 at the interface. */
    public static final int SMOOTH = 0;
    /** RaDMaX model 1: cubic B-splines free at the interface. */
    public static final int ABRUPT = 1;
    /** RaDMaX model 2: asymmetric pseudo-Voigt strain and DW profiles, 7 parameters each. */
    public static final int PSEUDO_VOIGT = 2;

    public RadmaxProject {
        if (!(wavelengthA > 0)) {
            throw new IllegalArgumentException("wavelengthA must be > 0, got " + wavelengthA);
        }
        if (hkl == null || hkl.length != 3 || (hkl[0] == 0 && hkl[1] == 0 && hkl[2] == 0)) {
            throw new IllegalArgumentException("hkl must be 3 indices, not all zero");
        }
        if (cell == null || cell.length != 6) {
            throw new IllegalArgumentException("cell must hold a, b, c (Å) and α, β, γ (°)");
        }
        if (!(backgroundRelative >= 0)) {
            throw new IllegalArgumentException("backgroundRelative must be ≥ 0, got " + backgroundRelative);
        }
        if (!(resolutionFwhmThetaDeg > 0)) {
            throw new IllegalArgumentException("resolutionFwhmThetaDeg must be > 0, got " + resolutionFwhmThetaDeg);
        }
        if (!(resolutionEta >= 0 && resolutionEta <= 1)) {
            throw new IllegalArgumentException("resolutionEta must be in [0, 1], got " + resolutionEta);
        }
        if (model < SMOOTH || model > PSEUDO_VOIGT) {
            throw new IllegalArgumentException("model must be 0 (smooth), 1 (abrupt) or 2 (pseudo-Voigt), got " + model);
        }
        if (!(damagedDepthA > 0)) {
            throw new IllegalArgumentException("damagedDepthA must be > 0, got " + damagedDepthA);
        }
        if (numberSlices < 1) {
            throw new IllegalArgumentException("numberSlices must be ≥ 1, got " + numberSlices);
        }
        if (strainWeightsPercent == null || strainWeightsPercent.length < 1 || dwWeights == null || dwWeights.length < 1) {
            throw new IllegalArgumentException("strain and DW weights must be given");
        }
        if (model == PSEUDO_VOIGT) {
            AsymmetricPseudoVoigtProfile.fromRadmax(strainWeightsPercent);
            dwPseudoVoigt(dwWeights);
        }
        if (scan == null) {
            throw new IllegalArgumentException("scan must be given");
        }
        hkl = hkl.clone();
        cell = cell.clone();
        strainWeightsPercent = strainWeightsPercent.clone();
        dwWeights = dwWeights.clone();
        strainBoundsPercent = strainBoundsPercent == null ? new double[]{-Double.MAX_VALUE, Double.MAX_VALUE}
                : strainBoundsPercent.clone();
        dwBounds = dwBounds == null ? new double[]{0, Double.MAX_VALUE} : dwBounds.clone();
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        if (settings != null) {
            settings.forEach((section, keys) -> copy.put(section, Collections.unmodifiableMap(new LinkedHashMap<>(keys))));
        }
        settings = Collections.unmodifiableMap(copy);
    }

    /**
     * The profile {@code 1 − DW} of RaDMaX's DW pseudo-Voigt parameters {@code [DW_peak, position/t, FWHM_left/t,
     * FWHM_right/t, η_left, η_right, DW_plateau]}: RaDMaX computes {@code DW = 1 − pV(height 1 − DW_peak,
     * plateau 1 − DW_plateau)}, so DW equals {@code DW_peak} at the peak, tends to 1 towards the interface and to
     * {@code DW_plateau} towards the surface. Its "percent" values are plain fractions.
     */
    public static AsymmetricPseudoVoigtProfile dwPseudoVoigt(double[] p) {
        if (p == null || p.length != 7) {
            throw new IllegalArgumentException("DW pseudo-Voigt: expected 7 values [peak DW, position, fwhmLeft, "
                    + "fwhmRight, etaLeft, etaRight, plateau DW], got " + (p == null ? "none" : p.length));
        }
        return new AsymmetricPseudoVoigtProfile(1 - p[0], p[1], p[2], p[3], p[4], p[5], 1 - p[6]);
    }

    /** {@code "smooth"} (model 0) or {@code "abrupt"} (model 1). */
    public String splineConvention() {
        if (model == PSEUDO_VOIGT) {
            throw new IllegalStateException("model 2 (asymmetric pseudo-Voigt) has no B-spline convention");
        }
        return model == SMOOTH ? "smooth" : "abrupt";
    }

    /** This project with another profile model, coefficients, thickness, resolution and background. */
    public RadmaxProject withFit(int newModel, double[] strain, double[] dw, double depthA, double fwhmThetaDeg,
                                 double eta, double background) {
        return new RadmaxProject(iniFile, crystalName, wavelengthA, hkl, cell, background, fwhmThetaDeg, eta, newModel,
                depthA, numberSlices, strain, dw, strainBoundsPercent, dwBounds, scan, settings);
    }

    @Override
    public int[] hkl() {
        return hkl.clone();
    }

    @Override
    public double[] cell() {
        return cell.clone();
    }

    @Override
    public double[] strainWeightsPercent() {
        return strainWeightsPercent.clone();
    }

    @Override
    public double[] dwWeights() {
        return dwWeights.clone();
    }

    @Override
    public double[] strainBoundsPercent() {
        return strainBoundsPercent.clone();
    }

    @Override
    public double[] dwBounds() {
        return dwBounds.clone();
    }

    /** Lattice parameter a in Å. */
    public double latticeA() {
        return cell[0];
    }

    /** d-spacing of the reflection in Å, from the full cell (any symmetry). */
    public double dSpacingA() {
        return lattice().dSpacingA(hkl[0], hkl[1], hkl[2]);
    }

    /** Unit-cell volume in Å³. */
    public double unitCellVolumeA3() {
        return lattice().volumeA3();
    }

    private Lattice lattice() {
        return new Lattice(cell[0], cell[1], cell[2], cell[3], cell[4], cell[5]);
    }

    /** Bragg angle θB = asin(λ/2d) in radians. */
    public double braggAngleRad() {
        return Math.asin(wavelengthA / (2 * dSpacingA()));
    }

    /** Damaged thickness in nm. */
    public double thicknessNm() {
        return damagedDepthA / 10;
    }

    /** Resolution FWHM on the θ axis in radians (RaDMaX: ini value × π/180). */
    public double resolutionFwhmThetaRad() {
        return Math.toRadians(resolutionFwhmThetaDeg);
    }

    /**
     * Reads a RaDMaX project of any model (0, 1 or 2). The data and coefficient files are looked up by file name in the folder of the
     * {@code .ini} (RaDMaX stores absolute Windows paths), or at the stored path when that exists.
     *
     * @throws ScanFormatException naming the file, key or line and the problem
     */
    public static RadmaxProject read(Path ini) throws IOException {
        IniFile f = IniFile.read(ini);
        Path folder = ini.toAbsolutePath().getParent();
        String crystal = f.has("Crystal", "crystal_name") ? f.string("Crystal", "crystal_name") : "";
        double lambda = positive(f, "Experiment", "wavelength");
        double background = f.number("Experiment", "background");
        if (background < 0) {
            throw f.error("Experiment", "background", "must be ≥ 0, got " + background);
        }
        double width;
        double eta;
        if (f.has("Experiment", "resolution") || !f.has("Experiment", "width_left")) {
            width = positive(f, "Experiment", "resolution");
            eta = f.number("Experiment", "shape");
            if (eta < 0 || eta > 1) {
                throw f.error("Experiment", "shape", "pseudo-Voigt η must be in [0, 1], got " + eta);
            }
        } else {
            width = positive(f, "Experiment", "width_left");
            double right = positive(f, "Experiment", "width_right");
            eta = f.number("Experiment", "shape_left");
            double etaRight = f.number("Experiment", "shape_right", eta);
            if (right != width || etaRight != eta) {
                throw f.error("Experiment", "width_right", "asymmetric resolution (left " + width + "/" + eta
                        + ", right " + right + "/" + etaRight + ") is not supported");
            }
            if (eta < 0 || eta > 1) {
                throw f.error("Experiment", "shape_left", "pseudo-Voigt η must be in [0, 1], got " + eta);
            }
        }
        int[] hkl = {f.integer("Material", "h"), f.integer("Material", "k"), f.integer("Material", "l")};
        if (hkl[0] == 0 && hkl[1] == 0 && hkl[2] == 0) {
            throw f.error("Material", "h", "hkl = 0 0 0 is not a reflection");
        }
        double a = positive(f, "Material", "a");
        double[] cell = {a, f.has("Material", "b") ? positive(f, "Material", "b") : a,
                f.has("Material", "c") ? positive(f, "Material", "c") : a,
                f.number("Material", "alpha", 90), f.number("Material", "beta", 90), f.number("Material", "gamma", 90)};
        int model = f.integer("Strain and DW", "model");
        if (model < SMOOTH || model > PSEUDO_VOIGT) {
            throw f.error("Strain and DW", "model", "unknown model " + model
                    + "; RaDMaX models are 0 (smooth B-spline), 1 (abrupt B-spline) and 2 (asymmetric pseudo-Voigt)");
        }
        double depth = positive(f, "Strain and DW", "damaged_depth");
        int slices = f.integer("Strain and DW", "number_slices");
        if (slices < 1) {
            throw f.error("Strain and DW", "number_slices", "must be ≥ 1, got " + slices);
        }
        if (f.has("Sample Geometry", "geometry") && f.integer("Sample Geometry", "geometry") != 0) {
            throw f.error("Sample Geometry", "geometry", "only the default geometry (0: damaged layer on a perfect "
                    + "substrate) is supported");
        }
        int nStrain = f.integer("Strain and DW", "strain_basis_func");
        int nDw = f.integer("Strain and DW", "dw_basis_func");
        Path strainFile = locate(f, folder, "input_strain");
        Path dwFile = locate(f, folder, "input_dw");
        Path dataFile = locate(f, folder, "xrd_data");
        double[] strain = readWeights(strainFile);
        double[] dw = readWeights(dwFile);
        if (model == PSEUDO_VOIGT) {
            checkPseudoVoigt(strainFile, strain, false);
            checkPseudoVoigt(dwFile, dw, true);
        }
        if (strain.length != nStrain) {
            throw f.error("Strain and DW", "strain_basis_func", "says " + nStrain + " strain weights but "
                    + strainFile.getFileName() + " holds " + strain.length);
        }
        if (dw.length != nDw) {
            throw f.error("Strain and DW", "dw_basis_func", "says " + nDw + " DW weights but "
                    + dwFile.getFileName() + " holds " + dw.length);
        }
        double[] strainBounds = {f.number("Bspline Bounds", "strain_min", -Double.MAX_VALUE),
                f.number("Bspline Bounds", "strain_max", Double.MAX_VALUE)};
        double[] dwBounds = {f.number("Bspline Bounds", "dw_min", 0), f.number("Bspline Bounds", "dw_max", Double.MAX_VALUE)};
        MeasuredScan scan = TextScanReader.read(dataFile, ScanAxis.TWO_THETA_DEG).withWavelength(lambda);
        try {
            return new RadmaxProject(ini, crystal, lambda, hkl, cell, background, width, eta, model, depth, slices,
                    strain, dw, strainBounds, dwBounds, scan, f.sections());
        } catch (IllegalArgumentException e) {
            throw new ScanFormatException(f.name(), "", e.getMessage(), e);
        }
    }

    /**
     * Writes this project as RaDMaX would load it, into {@code dir}: {@code NAME.ini} (every section and key read,
     * in file order, with the project's values replacing the stored ones; numbers as Python writes floats),
     * {@code NAME_input_strain_coeff.txt} and {@code NAME_input_DW_coeff.txt} (one coefficient a line) and
     * {@code NAME_XRD.txt} (2θ in degrees and counts). Coefficients and data are written as the shortest decimal
     * that reads back to the same double, so an exported project re-imports exactly.
     *
     * @param linkedDir the folder the files will finally live in (the {@code [Data files]} paths point there)
     * @return the files written
     */
    public List<Path> write(Path dir, String name, Path linkedDir) throws IOException {
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("project name must be letters, digits, '.', '_' or '-', got " + name);
        }
        Path folder = linkedDir.toAbsolutePath().normalize();
        String strainName = name + "_input_strain_coeff.txt";
        String dwName = name + "_input_DW_coeff.txt";
        String xrdName = name + "_XRD.txt";
        Map<String, Map<String, String>> ini = new LinkedHashMap<>();
        settings.forEach((section, keys) -> ini.put(section, new LinkedHashMap<>(keys)));
        set(ini, "Crystal", "crystal_name", crystalName.isEmpty() ? "unknown" : crystalName);
        set(ini, "Data files", "input_dw", folder.resolve(dwName).toString());
        set(ini, "Data files", "input_strain", folder.resolve(strainName).toString());
        set(ini, "Data files", "xrd_data", folder.resolve(xrdName).toString());
        set(ini, "Experiment", "wavelength", py(wavelengthA));
        set(ini, "Experiment", "background", py(backgroundRelative));
        if (find(ini, "Experiment", "width_left") != null) {
            for (String side : new String[]{"left", "right"}) {
                set(ini, "Experiment", "width_" + side, py(resolutionFwhmThetaDeg));
                set(ini, "Experiment", "shape_" + side, py(resolutionEta));
            }
        } else {
            set(ini, "Experiment", "resolution", py(resolutionFwhmThetaDeg));
            set(ini, "Experiment", "shape", py(resolutionEta));
        }
        String[] material = {"h", "k", "l", "a", "b", "c", "alpha", "beta", "gamma"};
        for (int i = 0; i < material.length; i++) {
            set(ini, "Material", material[i], py(i < 3 ? hkl[i] : cell[i - 3]));
        }
        set(ini, "Strain and DW", "model", py(model));
        set(ini, "Strain and DW", "strain_basis_func", py(strainWeightsPercent.length));
        set(ini, "Strain and DW", "dw_basis_func", py(dwWeights.length));
        set(ini, "Strain and DW", "damaged_depth", py(damagedDepthA));
        set(ini, "Strain and DW", "number_slices", py(numberSlices));
        StringBuilder text = new StringBuilder();
        ini.forEach((section, keys) -> {
            text.append('[').append(section).append("]\n");
            keys.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
            text.append('\n');
        });
        double[] twoTheta = scan.axis() == ScanAxis.TWO_THETA_DEG ? scan.axisValues() : scan.twoThetaDeg();
        double[] counts = scan.intensity();
        StringBuilder xrd = new StringBuilder();
        for (int i = 0; i < twoTheta.length; i++) {
            xrd.append(py(twoTheta[i])).append(' ').append(py(counts[i])).append('\n');
        }
        List<Path> written = new ArrayList<>();
        written.add(Files.writeString(dir.resolve(name + ".ini"), text, StandardCharsets.UTF_8));
        written.add(Files.writeString(dir.resolve(strainName), column(strainWeightsPercent), StandardCharsets.UTF_8));
        written.add(Files.writeString(dir.resolve(dwName), column(dwWeights), StandardCharsets.UTF_8));
        written.add(Files.writeString(dir.resolve(xrdName), xrd, StandardCharsets.UTF_8));
        return written;
    }

    /** A number as Python's {@code str(float)} writes it ({@code 4.0}, {@code 5.1454}, {@code 1e-05}). */
    static String py(double v) {
        if (v == 0) {
            return 1 / v < 0 ? "-0.0" : "0.0";
        }
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1;
        if (exponent < -4 || exponent >= 16) {
            String digits = d.unscaledValue().abs().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (v < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                    + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
        }
        String plain = d.toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    private static String column(double[] values) {
        StringBuilder b = new StringBuilder();
        for (double v : values) {
            b.append(py(v)).append('\n');
        }
        return b.toString();
    }

    private static String find(Map<String, ? extends Map<String, String>> ini, String section, String key) {
        for (var s : ini.entrySet()) {
            if (s.getKey().equalsIgnoreCase(section)) {
                for (String k : s.getValue().keySet()) {
                    if (k.equalsIgnoreCase(key)) {
                        return k;
                    }
                }
            }
        }
        return null;
    }

    private static void set(Map<String, Map<String, String>> ini, String section, String key, String value) {
        String sectionName = ini.keySet().stream().filter(section::equalsIgnoreCase).findFirst().orElse(section);
        String stored = find(ini, section, key);
        ini.computeIfAbsent(sectionName, s -> new LinkedHashMap<>()).put(stored == null ? key : stored, value);
    }

    private static void checkPseudoVoigt(Path file, double[] p, boolean dw) throws ScanFormatException {
        String name = ScanFormatException.name(file);
        if (p.length != 7) {
            throw new ScanFormatException(name, "", "model 2 needs the 7 pseudo-Voigt parameters [height, position, "
                    + "fwhm_left, fwhm_right, eta_left, eta_right, plateau], the file holds " + p.length + " values");
        }
        try {
            if (dw) {
                dwPseudoVoigt(p);
            } else {
                AsymmetricPseudoVoigtProfile.fromRadmax(p);
            }
        } catch (IllegalArgumentException e) {
            throw new ScanFormatException(name, "", (dw ? "DW" : "strain") + " pseudo-Voigt parameters: "
                    + e.getMessage() + " (StrainLab needs a position in [0, 1], η in [−0.5, 1.5] and FWHM > 0)", e);
        }
    }

    /**
     * Reads a coefficient file (B-spline weights or pseudo-Voigt parameters): numbers separated by whitespace or
     * new lines; {@code #} comments allowed.
     *
     * @throws ScanFormatException naming the file and line of a non-numeric entry, or an empty file
     */
    public static double[] readWeights(Path file) throws IOException {
        String name = ScanFormatException.name(file);
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ScanFormatException(file.toString(), "", "no such file", e);
        }
        List<Double> values = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String t = lines[i].strip();
            int hash = t.indexOf('#');
            if (hash >= 0) {
                t = t.substring(0, hash).strip();
            }
            if (t.isEmpty()) {
                continue;
            }
            for (String tok : t.split("[\\s,]+")) {
                double v;
                try {
                    v = Double.parseDouble(tok);
                } catch (NumberFormatException e) {
                    throw ScanFormatException.at(name, i + 1, "non-numeric weight '" + tok + "'");
                }
                if (!Double.isFinite(v) || tok.matches(".*[dDfF]$")) {
                    throw ScanFormatException.at(name, i + 1, "weight is not a finite number: '" + tok + "'");
                }
                values.add(v);
            }
        }
        if (values.isEmpty()) {
            throw new ScanFormatException(name, "", "no weights (file is empty)");
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double positive(IniFile f, String section, String key) throws ScanFormatException {
        double v = f.number(section, key);
        if (!(v > 0)) {
            throw f.error(section, key, "must be > 0, got " + v);
        }
        return v;
    }

    private static Path locate(IniFile f, Path folder, String key) throws ScanFormatException {
        String stored = f.string("Data files", key);
        String base = stored.substring(Math.max(stored.lastIndexOf('\\'), stored.lastIndexOf('/')) + 1).strip();
        if (base.isEmpty()) {
            throw f.error("Data files", key, "no file name in '" + stored + "'");
        }
        Path local;
        try {
            local = folder.resolve(base);
        } catch (java.nio.file.InvalidPathException e) {
            throw f.error("Data files", key, "'" + base.replaceAll("\\p{Cntrl}", "?") + "' is not a valid file name");
        }
        if (Files.isRegularFile(local)) {
            return local;
        }
        try {
            Path asStored = Path.of(stored);
            if (Files.isRegularFile(asStored)) {
                return asStored;
            }
        } catch (RuntimeException ignored) {
            // a Windows path is not a valid path here: only the local lookup applies
        }
        throw f.error("Data files", key, "file '" + base + "' not found beside the project (" + folder + ")");
    }
}
