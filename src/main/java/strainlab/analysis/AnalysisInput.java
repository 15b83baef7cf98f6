package strainlab.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import strainlab.crystal.DiffractionSetup;
import strainlab.crystal.Lattice;
import strainlab.crystal.Material;
import strainlab.crystal.Materials;
import strainlab.fit.CurveModel;
import strainlab.fit.MeasuredCurve;
import strainlab.io.MeasuredScan;
import strainlab.io.RadmaxProject;
import strainlab.io.ScanAxis;
import strainlab.io.TextScanReader;
import strainlab.io.TruthFile;
import strainlab.io.XrdmlReader;

/**
 * A scan file and the reflection to analyse it for: the reader is chosen by the file's extension (a RaDMaX project
 * {@code .ini}, PANalytical {@code .xrdml}, else two-column text); what the caller leaves open is taken from the
 * project (crystal, hkl, wavelength and its lattice parameters {@code cell}: a, b, c in Å, α, β, γ in °, else null),
 * then the scan (wavelength), then the defaults (YSZ 400 at 1.5406 Å). The scan's wavelength is {@code wavelengthA}.
 * A RaDMaX project's B-spline model (its spline counts, independent DW spline and lamellae; {@code project}, else
 * null) is also the analysis's {@link Analysis#projectModel}: the user's own model, tried when the paper's does not
 * reach the noise.
 */
public record AnalysisInput(Path file, MeasuredScan scan, String material, int[] hkl, double wavelengthA,
                            double[] cell, RadmaxProject project) {
    /**
     * Reads {@code file}; {@code material}, {@code hkl} and {@code wavelengthA} (null, null and NaN when not given)
     * win over the project's and the scan's, {@code axis} is the abscissa of a text scan (null: 2θ).
     */
    public static AnalysisInput read(Path file, String material, int[] hkl, double wavelengthA, ScanAxis axis)
            throws IOException {
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a folder; SCAN must be a scan file (text, .xrdml or .ini)");
        }
        if (lower.endsWith(".ini")) {
            return ofProject(file, RadmaxProject.read(file), material, hkl, wavelengthA);
        }
        MeasuredScan scan = lower.endsWith(".xrdml") ? XrdmlReader.read(file) : TextScanReader.read(file, axis);
        return of(file, scan, material, hkl, wavelengthA, null, null);
    }

    /**
     * The input of a RaDMaX project already read from {@code file}: its scan, and its crystal, hkl, wavelength and
     * lattice parameters where {@code material}, {@code hkl} and {@code wavelengthA} (null, null, NaN) leave them open.
     */
    public static AnalysisInput ofProject(Path file, RadmaxProject p, String material, int[] hkl, double wavelengthA) {
        return of(file, p.scan(), material == null ? (p.crystalName().isEmpty() ? null : p.crystalName()) : material,
                hkl == null ? p.hkl() : hkl, Double.isNaN(wavelengthA) ? p.wavelengthA() : wavelengthA, p.cell(), p);
    }

    private static AnalysisInput of(Path file, MeasuredScan scan, String material, int[] hkl, double wavelengthA,
                                    double[] cell, RadmaxProject project) {
        if (Double.isNaN(wavelengthA)) {
            wavelengthA = scan.hasWavelength() ? scan.wavelengthA() : 1.5406;
        }
        return new AnalysisInput(file, scan.withWavelength(wavelengthA), material == null ? "ysz" : material,
                hkl == null ? new int[]{4, 0, 0} : hkl.clone(), wavelengthA, cell, project);
    }

    /**
     * The diffraction setup of the reflection, with the project's own lattice parameters where it has them (e.g.
     * a = 5.1454 Å for the RaDMaX YSZ fit).
     *
     * @throws IllegalArgumentException for an unknown material or a reflection the crystal does not have
     */
    public DiffractionSetup setup() {
        Material m = Materials.byName(material);
        if (cell != null) {
            m = m.withLattice(m.name(), new Lattice(cell[0], cell[1], cell[2], cell[3], cell[4], cell[5]));
        }
        return m.setup(hkl[0], hkl[1], hkl[2], wavelengthA);
    }

    /** The lines {@code analyze} prints first: the scan (points, axis range, λ) and the reflection of {@code setup}. */
    public List<String> summaryLines(DiffractionSetup setup) {
        double[] x = scan.axisValues();
        return List.of(String.format(Locale.ROOT, "scan      %s: %d points, %s %.4f..%.4f, λ %.5f Å", scan.source(),
                scan.size(), scan.axis().label(), x[0], x[scan.size() - 1], wavelengthA),
                String.format(Locale.ROOT, "crystal   %s, d %.5f Å, θB %.4f°", reflection(), setup.dSpacingA(),
                        Math.toDegrees(setup.braggAngleRad())));
    }

    /**
     * Starts a daemon thread that runs {@link Analysis#warmUp()} for this scan (and its project's model), so that the
     * JIT compiles the fit's code while the caller loads networks; its failures are ignored (the analysis itself
     * reports what is wrong with the scan). Results do not depend on it.
     */
    public Thread warmUpInBackground(DiffractionSetup setup) {
        Thread t = new Thread(() -> {
            try {
                Analysis.of(scan, setup).projectModel(projectModel(setup)).warmUp();
            } catch (RuntimeException e) {
                // only the compiled code matters
            }
        }, "strainlab-warm-up");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Analyses the scan for {@code setup} (this input's {@link #setup()}) from {@code networks} (closed afterwards)
     * within {@code timeLimitSeconds} of refinement; an analysis that cannot run on the scan is an IOException
     * naming the scan and the reflection.
     */
    public AnalysisResult analyse(DiffractionSetup setup, NetworkChoice networks, int threads,
                                  double timeLimitSeconds, long seed) throws IOException {
        try (networks) {
            return Analysis.of(scan, setup).networks(networks).projectModel(projectModel(setup)).threads(threads)
                    .timeLimitSeconds(timeLimitSeconds).seed(seed).run();
        } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException e) {
            throw new IOException(scan.source() + ": the analysis cannot run on this scan (" + e.getMessage()
                    + "); check that it is a 2θ–ω scan of " + reflection() + "; nothing was written", e);
        }
    }

    /**
     * {@code truth} (in the order of {@link #truth}: the paper model's parameters) as a vector of {@code model}, the
     * model an analysis ended in: the same vector when it is the paper model, else carried over with
     * {@link CurveModel#transferFrom}; null stays null.
     */
    public double[] truthIn(CurveModel model, DiffractionSetup setup, double[] truth) {
        if (truth == null) {
            return null;
        }
        CurveModel paper = Analysis.of(scan, setup).model(MeasuredCurve.of(scan));
        return model.parameterNames().equals(paper.parameterNames()) ? truth : model.transferFrom(paper, truth, 1);
    }

    /** The B-spline model of the project for {@code setup}, or null (no project, or a pseudo-Voigt one). */
    public CurveModel projectModel(DiffractionSetup setup) {
        return project == null || project.model() == RadmaxProject.PSEUDO_VOIGT ? null
                : CurveModel.forProject(project, setup);
    }

    /** The reflection in words, e.g. {@code "ysz 400"}. */
    public String reflection() {
        return material + " " + hkl[0] + hkl[1] + hkl[2];
    }

    /** The file name without its extension. */
    public String stem() {
        String name = file.getFileName().toString();
        return name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
    }

    /**
     * The true parameters of a simulated scan from {@code <stem>.truth.json} beside it (null when there is none), in
     * the order of the parameters of the analysis model for {@code setup} ({@link Analysis#model}).
     */
    public double[] truth(DiffractionSetup setup) throws IOException {
        Path truthFile = file.resolveSibling(stem() + ".truth.json");
        double[] v = TruthFile.read(truthFile);
        if (v == null) {
            return null;
        }
        List<String> names = Analysis.of(scan, setup).model(MeasuredCurve.of(scan)).parameterNames();
        if (v.length != names.size()) {
            throw new IOException(truthFile + ": " + v.length + " true parameters, but the model has " + names.size()
                    + " " + names);
        }
        return v;
    }
}
