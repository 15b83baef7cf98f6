package strainlab.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import strainlab.analysis.AnalysisInput;
import strainlab.crystal.DiffractionSetup;
import strainlab.fit.RadmaxFit;
import strainlab.io.RadmaxProject;
import strainlab.io.ResultFiles;
import strainlab.io.StagedFolder;
import strainlab.lsq.LeastSquaresOptimizer;

/**
 * {@code bin/strainlab radmax fit PROJECT.ini --out DIR [--export DIR]}: fits a RaDMaX project (B-spline models 0
 * and 1, pseudo-Voigt model 2) from its own start by bounded least squares with the global fallback, writes the
 * report and, with {@code --export}, the fit as a RaDMaX project. Nothing is written unless everything is.
 */
@Command(name = "radmax", header = "fit a RaDMaX project (B-spline or pseudo-Voigt) and export the fit to RaDMaX",
        customSynopsis = "usage: bin/strainlab radmax fit PROJECT.ini --out DIR [--export DIR] [--material NAME] "
                + "[--max-evaluations N]",
        footer = {"--out receives fit.txt (σ_I and parameters), curve.csv (2θ, measured, start and fitted",
            "intensities, normalised to the measured maximum) and profiles.csv (fitted strain and DW).",
            "--export receives NAME.ini, NAME_input_strain_coeff.txt, NAME_input_DW_coeff.txt and NAME_XRD.txt",
            "(NAME: the project's file name), which RaDMaX loads. See docs/radmax.md."})
final class RadmaxCommand extends Picocli {
    @Parameters(index = "0", paramLabel = "ACTION", description = "fit")
    private String action;
    @Parameters(index = "1", paramLabel = "PROJECT", description = "RaDMaX project (.ini) with its coefficient files")
    private Path project;
    @Option(names = "--out", paramLabel = "DIR", required = true, description = "folder of the report files")
    private Path outDir;
    @Option(names = "--export", paramLabel = "DIR", description = "folder of the fitted RaDMaX project")
    private Path exportDir;
    @Option(names = "--material", paramLabel = "NAME",
            description = "crystal of the structure factors (default: the project's crystal_name)")
    private String material;
    @Option(names = "--max-evaluations", paramLabel = "N", description = "model evaluations at most (default 20000)")
    private int maxEvaluations = 20_000;

    @Override
    protected int call(PrintStream out) throws Exception {
        if (!"fit".equals(action)) {
            throw new UsageException("unknown action '" + action + "': expected fit");
        }
        atLeast("--max-evaluations", maxEvaluations, 10);
        material(material);
        for (Path d : exportDir == null ? List.of(outDir) : List.of(outDir, exportDir)) {
            if (Files.exists(d) && !Files.isDirectory(d)) {
                throw new UsageException((d == outDir ? "--out " : "--export ") + d + " exists and is not a folder");
            }
        }
        RadmaxProject p = RadmaxProject.read(project);
        DiffractionSetup setup;
        try {
            setup = AnalysisInput.ofProject(project, p, material, null, Double.NaN).setup();
        } catch (IllegalArgumentException e) {
            throw new UsageException(project + ": " + e.getMessage() + "; name the crystal with --material");
        }
        RadmaxFit fit = RadmaxFit.of(p, setup, new LeastSquaresOptimizer().withMaxEvaluations(maxEvaluations));
        String name = project.getFileName().toString().replaceFirst("\\.[iI][nN][iI]$", "");
        List<Path> folders = exportDir == null ? List.of(outDir) : List.of(outDir, exportDir);
        List<String> written = StagedFolder.writeAll(folders, staging -> {
            Path report = staging.get(0);
            Files.writeString(report.resolve("fit.txt"), String.format(Locale.ROOT,
                    "project %s (model %d)%nσ_I of the project's start %.6f%n", project, p.model(), fit.startSigmaI())
                    + fit.result().summary());
            double[] measured = p.scan().normalisedIntensity();
            Map<String, double[]> curve = new LinkedHashMap<>();
            curve.put("two_theta_deg", p.scan().twoThetaDeg());
            curve.put("measured", measured);
            curve.put("start", fit.startCurve());
            curve.put("fit", fit.fittedCurve());
            ResultFiles.writeColumns(report.resolve("curve.csv"), curve);
            Map<String, double[]> profiles = new LinkedHashMap<>();
            profiles.put("strain", fit.profiles().strain());
            profiles.put("dw", fit.profiles().dw());
            ResultFiles.writeProfiles(report.resolve("profiles.csv"), fit.profiles().thicknessA(), profiles);
            List<List<Path>> files = new ArrayList<>();
            files.add(List.of(report.resolve("fit.txt"), report.resolve("curve.csv"), report.resolve("profiles.csv")));
            if (exportDir != null) {
                files.add(fit.fitted().write(staging.get(1), name, exportDir));
            }
            return files;
        }).get(0);
        out.printf(Locale.ROOT, "fit       σ_I %.4f (start %.4f), %s, %d evaluations%n", fit.result().sigmaI(),
                fit.startSigmaI(), fit.result().method(), fit.result().evaluations());
        out.println("wrote     " + outDir + ": " + String.join(", ", written));
        if (exportDir != null) {
            out.println("exported  " + exportDir.resolve(name + ".ini"));
        }
        return 0;
    }
}
