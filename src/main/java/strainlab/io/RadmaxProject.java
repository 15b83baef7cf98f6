package strainlab.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import strainlab.crystal.Lattice;

/**
 * Everything needed to reproduce a RaDMaX fit (the desktop program's {@code .ini} project, its two B-spline
 * weight files and its measured scan), in explicit units. Conventions as in RaDMaX and
 * {@code physics-conventions.md}: a damaged layer of thickness {@code damagedDepthA} on a perfect substrate,
 * cut into {@code numberSlices} lamellae; strain and DW are B-splines (weights in % for strain, DW weights
 * unitless); the resolution is a pseudo-Voigt whose FWHM {@code resolutionFwhmThetaDeg} RaDMaX applies on the
 * <b>θ</b> axis (degrees); the model curve is {@code conv/max(conv) + background}, compared with the scan
 * divided by its maximum.
 *
 * @param iniFile the project file
 * @param crystalName the {@code crystal_name} of the project (e.g. {@code ZrO2})
 * @param wavelengthA X-ray wavelength λ in Å
 * @param hkl Miller indices of the reflection
 * @param cell lattice parameters {a, b, c} in Å and {α, β, γ} in degrees, in that order (6 values)
 * @param backgroundRelative constant background relative to the normalised maximum
 * @param resolutionFwhmThetaDeg FWHM of the pseudo-Voigt resolution on the θ axis, in degrees
 * @param resolutionEta Lorentzian fraction η of the pseudo-Voigt (RaDMaX {@code shape})
 * @param splineConvention {@code "smooth"} (RaDMaX model 0) or {@code "abrupt"} (model 1)
 * @param damagedDepthA thickness of the damaged layer in Å
 * @param numberSlices number of lamellae
 * @param strainWeightsPercent strain B-spline weights in %
 * @param dwWeights Debye–Waller B-spline weights (1 = perfect crystal)
 * @param strainBoundsPercent RaDMaX bounds {min, max} of the strain weights in %
 * @param dwBounds RaDMaX bounds {min, max} of the DW weights
 * @param scan the measured scan (2θ in degrees, counts)
 */
public record RadmaxProject(Path iniFile, String crystalName, double wavelengthA, int[] hkl, double[] cell,
                            double backgroundRelative, double resolutionFwhmThetaDeg, double resolutionEta,
                            String splineConvention, double damagedDepthA, int numberSlices,
                            double[] strainWeightsPercent, double[] dwWeights, double[] strainBoundsPercent,
                            double[] dwBounds, MeasuredScan scan) {
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
        if (!"smooth".equals(splineConvention) && !"abrupt".equals(splineConvention)) {
            throw new IllegalArgumentException("splineConvention must be smooth or abrupt, got " + splineConvention);
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
     * Reads a RaDMaX project. The data and weight files are looked up by file name in the folder of the
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
        String convention;
        if (model == 0) {
            convention = "smooth";
        } else if (model == 1) {
            convention = "abrupt";
        } else {
            throw f.error("Strain and DW", "model", "model " + model
                    + " (asymmetric pseudo-Voigt profile) is not supported; use a B-spline model (0 or 1)");
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
            return new RadmaxProject(ini, crystal, lambda, hkl, cell, background, width, eta, convention, depth, slices,
                    strain, dw, strainBounds, dwBounds, scan);
        } catch (IllegalArgumentException e) {
            throw new ScanFormatException(f.name(), "", e.getMessage(), e);
        }
    }

    /**
     * Reads a B-spline weight file: numbers separated by whitespace or new lines; {@code #} comments allowed.
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
