package strainlab.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import strainlab.io.PatternCsv;
import strainlab.nanobeam.PatternCheck;
import strainlab.nanobeam.net.NanobeamEnsemble;
import strainlab.nanobeam.sim.LibraryIntensity;
import strainlab.nanobeam.sim.ParameterEstimates;
import strainlab.nanobeam.sim.ParameterGrid;

/** {@code bin/strainlab nanobeam predict}: strain and tilts of one 64x64 pattern by a NanobeamNN ensemble. */
@Command(name = "predict", customSynopsis = {
    "usage: bin/strainlab nanobeam predict --model DIR --image image.csv [--units counts|simulator]",
    "         [--device ...]"}, description = {
    "Predicts strain and tilts of one 64x64 pattern (CSV: 64 lines of 64 numbers, as simulate",
    "writes). --units: counts (photons, the network's input) or simulator (as written by simulate;",
    "converted to the model's training level: its maxCounts at the library's brightest pixel).",
    "Without --units an image of whole numbers is read as counts and any other is refused.",
    "An empty pattern, one whose total counts lie more than 3x outside those of the training",
    "library, or one whose centre of mass or spread on the detector lies more than 3 pixels",
    "outside the library's, is refused. Exit status: 0 answer inside the trained range; 1 error (nothing",
    "predicted); 2 bad arguments; 3 answer written with a warning on stdout: outside the trained",
    "range (the library grid's strain, tilt_lr_deg, tilt_ud_deg bounds) or total counts outside",
    "the training library's; do not trust it."})
final class NanobeamPredictCommand extends Picocli {
    /** Exit status when the answer is written but should not be trusted. */
    static final int UNTRUSTED = 3;
    @Option(names = "--model", paramLabel = "DIR", required = true, description = "NanobeamNN model or ensemble")
    private Path modelDir;
    @Option(names = "--image", paramLabel = "FILE", required = true, description = "the pattern's CSV file")
    private Path imageFile;
    @Option(names = "--units", paramLabel = "U", description = "counts or simulator")
    private String unitsOption;
    @Option(names = "--device", paramLabel = "D", description = "auto (default), cpu or gpu")
    private String device = "auto";

    @Override
    protected int call(PrintStream out) throws Exception {
        if (unitsOption != null && !unitsOption.equals("counts") && !unitsOption.equals("simulator")) {
            throw new UsageException("--units must be counts or simulator, got '" + unitsOption + "'");
        }
        float[] image = PatternCsv.read(imageFile);
        PatternCheck.Units units;
        try {
            units = unitsOption != null ? PatternCheck.Units.valueOf(unitsOption.toUpperCase(Locale.ROOT))
                    : PatternCheck.detectUnits(imageFile, image);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        try (NanobeamEnsemble e = NanobeamEnsemble.load(modelDir, device)) {
            double maxCounts = e.members().get(0).info().maxCounts();
            ParameterGrid range = e.trainedRange();
            LibraryIntensity li = LibraryIntensity.paper(range, Runtime.getRuntime().availableProcessors());
            float[] counts = image;
            if (units == PatternCheck.Units.SIMULATOR) {
                counts = new float[image.length];
                double perUnit = li.countsPerUnit(maxCounts);
                for (int i = 0; i < image.length; i++) {
                    counts[i] = (float) (image[i] * perUnit);
                }
            }
            String countWarning = PatternCheck.checkCountLevel(imageFile, counts, units, li, maxCounts);
            NanobeamEnsemble.Prediction p = e.predict(counts);
            ParameterEstimates m = p.mean();
            ParameterEstimates s = p.spread();
            out.printf(Locale.ROOT, "strain      %.6f ± %.6f%ntilt_lr_deg %.5f ± %.5f%ntilt_ud_deg %.5f ± %.5f%n",
                    m.strain()[0], s.strain()[0], m.tiltLrDeg()[0], s.tiltLrDeg()[0], m.tiltUdDeg()[0], s.tiltUdDeg()[0]);
            int code = 0;
            if (countWarning != null) {
                out.println("warning: " + countWarning + "; do not trust this answer");
                code = UNTRUSTED;
            }
            try {
                range.requireInside(m.state(0));
            } catch (IllegalArgumentException ex) {
                out.println("warning: prediction outside the trained range: " + ex.getMessage()
                        + "; the network never saw such a pattern, do not trust this answer");
                code = UNTRUSTED;
            }
            return code;
        }
    }
}
