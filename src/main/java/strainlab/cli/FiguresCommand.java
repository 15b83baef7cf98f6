package strainlab.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import strainlab.cnn.DatasetCurves;
import strainlab.cnn.StrainNet;
import strainlab.cnn.TrainedModel;
import strainlab.cnn.evaluation.Evaluation;
import strainlab.cnn.evaluation.EvaluationReport;
import strainlab.cnn.evaluation.Evaluator;
import strainlab.dataset.DatasetWriter;
import strainlab.dataset.ShardedDataset;
import strainlab.dataset.recipe.PaperRecipe;
import strainlab.io.StagedFolder;
import strainlab.nanobeam.sim.NanobeamSimulator;
import strainlab.plot.ArchitecturePlots;
import strainlab.plot.EvaluationFigures;
import strainlab.plot.Figure;
import strainlab.plot.FigureOutput;
import strainlab.plot.NanobeamPlots;

/**
 * {@code bin/strainlab figures}: the paper figures drawn from the shipped networks on a test set simulated on the fly
 * — Boulle &amp; Debelle fig. 2 (network diagram), fig. 6 (CNN1 and CNN2 on e_max ≤ 2 %), figs S5–S8 — and NanobeamNN
 * fig. 1 (geometry); in PNG, SVG or PDF.
 */
@Command(name = "figures", header = "paper figures 2, 6, S5-S8 and NanobeamNN figure 1 from the shipped networks",
        customSynopsis = "usage: bin/strainlab figures --out DIR [options]",
        footer = {"Writes fig2-network, fig6-cnn1-cnn2-low-strain, figS5-cnn1-low-strain-predictions,",
            "figS6-cnn1-low-strain-histograms, figS7-cnn2-low-strain-predictions,",
            "figS8-cnn2-low-strain-histograms and nanobeam-fig1-geometry, each in every format given.",
            "The nanobeam error and detector-moment maps (figures S4 and S5) come with 'nanobeam map'."})
final class FiguresCommand extends Picocli {
    @Option(names = "--out", paramLabel = "DIR", required = true, description = "folder of the figures")
    private Path dir;
    @Option(names = "--cnn1", paramLabel = "M", description = "CNN1 model folder (default ${DEFAULT-VALUE})")
    private Path cnn1 = Path.of("data/models/cnn1-1500k-gpu");
    @Option(names = "--cnn2", paramLabel = "M", description = "CNN2 model folder (default ${DEFAULT-VALUE})")
    private Path cnn2 = Path.of("data/models/cnn2-1500k-gpu");
    @Option(names = "--curves", paramLabel = "N",
            description = "test curves simulated per network with its preset's ranges (default ${DEFAULT-VALUE})")
    private int curves = 3000;
    @Option(names = "--seed", paramLabel = "S", description = "seed of the test curves (default ${DEFAULT-VALUE})")
    private long seed = 7;
    @Mixin
    private FigureOptions figures;

    @Override
    protected int call(PrintStream out) throws Exception {
        atLeast("--curves", curves, 10);
        atLeast("--seed", seed, 0);
        FigureOutput output = figures.output();
        List<Path> written = new ArrayList<>();
        written.addAll(output.save(NanobeamPlots.figure1(NanobeamSimulator.paper(), 20), dir,
                "nanobeam-fig1-geometry"));
        Path sets = Files.createTempDirectory("strainlab-figures");
        try {
            Evaluation[] evaluations = new Evaluation[2];
            Path[] models = {cnn1, cnn2};
            for (int k = 0; k < 2; k++) {
                String label = "CNN" + (k + 1);
                try (TrainedModel net = TrainedModel.load(models[k], "cpu")) {
                    if (k == 0) {
                        written.addAll(output.save(Figure.of(ArchitecturePlots.network(String.format(Locale.ROOT,
                                "Fig. 2: %s, %d inputs, %d outputs", label, net.inputLength(),
                                net.labelNames().size()), StrainNet.layers(net.inputLength(),
                                net.labelNames().size()))), dir, "fig2-network"));
                    }
                    PaperRecipe recipe = EvaluationReport.recipeFor(net.preset(), net.inputLength());
                    Path data = sets.resolve(label);
                    out.printf(Locale.ROOT, "simulating %,d %s curves (preset %s, seed %d)%n", curves, label,
                            recipe.ranges().name(), seed);
                    DatasetWriter.of(recipe).seed(seed).count(curves).shardSize(1000).write(data);
                    try (ShardedDataset set = ShardedDataset.open(data)) {
                        DatasetCurves all = DatasetCurves.all(set);
                        Evaluation e = Evaluator.evaluate(net, all, label);
                        evaluations[k] = e;
                        Evaluation low = e.lowStrain(EvaluationReport.LOW_STRAIN_PERCENT);
                        out.printf(Locale.ROOT, "%s: %d curves, %d with e_max <= 2 %%, a(strain) %s (all) %s (low)%n",
                                label, e.size(), low.size(), e.strainAccuracy(), low.strainAccuracy());
                        String n = label.toLowerCase(Locale.ROOT);
                        written.addAll(output.save(EvaluationFigures.lowStrainPredictions(e), dir,
                                "figS" + (5 + 2 * k) + "-" + n + "-low-strain-predictions"));
                        written.addAll(output.save(EvaluationFigures.figure6(e), dir,
                                "figS" + (6 + 2 * k) + "-" + n + "-low-strain-histograms"));
                    }
                }
            }
            written.addAll(output.save(EvaluationFigures.compareLowStrain(evaluations[0], evaluations[1]), dir,
                    "fig6-cnn1-cnn2-low-strain"));
        } finally {
            StagedFolder.deleteTree(sets);
        }
        for (Path f : written) {
            out.println("wrote " + f);
        }
        return 0;
    }
}
