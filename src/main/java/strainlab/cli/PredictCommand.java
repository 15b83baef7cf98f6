package strainlab.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import strainlab.cnn.NetworkInputs;
import strainlab.cnn.TrainedModel;

/** {@code bin/strainlab predict}: the labels a trained model predicts for one curve. */
@Command(name = "predict", header = "predict strain/DW labels of one curve with a trained model",
        customSynopsis = "usage: bin/strainlab predict --model DIR --curve FILE [--device auto|cpu|gpu]",
        footer = {"Prints one line per output of the model (its outputLayout in model.json: [14] all labels,",
            "[12] no fwhm_deg and dr, [3] t_nm, e_max, scale_dw): name, value, unit."})
final class PredictCommand extends Picocli {
    @Option(names = "--model", paramLabel = "DIR", required = true,
            description = "model folder written by 'bin/strainlab train'")
    private Path modelDir;
    @Option(names = "--curve", paramLabel = "FILE", required = true, description = {
        "either the rescaled log10 curve on the model grid (one column of values, or",
        "two columns x,value), or a scan / simulated curve (2theta_deg or theta, intensity)",
        "that is rescaled onto the model grid with the reflection of the model's preset"})
    private Path curve;
    @Option(names = "--device", paramLabel = "D", description = "auto (default), cpu or gpu")
    private String device = "auto";

    @Override
    protected int call(PrintStream out) throws Exception {
        try (TrainedModel model = TrainedModel.load(modelDir, device)) {
            float[] input = NetworkInputs.read(curve, model);
            float[] labels = model.predict(input);
            List<String> names = model.labelNames();
            List<String> units = model.labelUnits();
            String layout = model.metadata().outputLayout();
            out.printf(Locale.ROOT, "# %s predicted by %s (preset '%s', outputs %s, %d inputs)%n", curve, modelDir,
                    model.preset(), layout.isEmpty() ? "(other)" : layout, model.inputLength());
            for (int i = 0; i < labels.length; i++) {
                out.printf(Locale.ROOT, "%-10s %12.6g  %s%n", names.get(i), labels[i],
                        units.isEmpty() ? "" : units.get(i));
            }
        }
        return 0;
    }
}
