package strainlab.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import strainlab.cnn.DatasetCurves;
import strainlab.cnn.TrainedModel;
import strainlab.cnn.evaluation.Evaluation;
import strainlab.cnn.evaluation.EvaluationReport;
import strainlab.cnn.evaluation.Evaluator;
import strainlab.cnn.evaluation.Table2Row;
import strainlab.dataset.ShardedDataset;

/**
 * {@code bin/strainlab evaluate --model M --data DIR --out REPORT}: the paper's table 2 row and figures 1, 3–6 and
 * S2 of a trained model on the test part of a generated set.
 */
final class EvaluateCommand implements Command {
    private static final int DEFAULT_TRAIN_SAMPLE = 20_000;

    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String summary() {
        return "table 2 and figures 1, 3-6, S2 of a trained model on a set's test part";
    }

    @Override
    public String usage() {
        return """
                usage: bin/strainlab evaluate --model M --data DIR --out REPORT [options]
                  --model M           model folder written by 'train'
                  --data DIR          generated set (its seeded split's test part is evaluated, as in training)
                  --out REPORT        report folder: table2.json, curve-errors.csv, fig*.png (written atomically)
                  --label NAME        row label in table2.json (default: the model folder's name)
                  --train-sample N    training curves for the train MSE (default 20000; 0 = all)
                  --device D          auto (default), cpu, gpu or gpu:N
                A reduced-output model (train --outputs 12|3, the paper's CNN3[12] and CNN3[3]) is evaluated on
                the same full-label test curves; table2.json leaves out what it cannot have and lists it under
                "absent": aH and aDr for [12], aH, aDr and aStrain for [3] (no profile shape). table2.json also
                gives the model's "outputLayout" ([14], [12] or [3]) and "outputs".""";
    }

    @Override
    public int run(String[] args, PrintStream out) throws Exception {
        Path model = null;
        Path data = null;
        Path report = null;
        String label = null;
        int trainSample = DEFAULT_TRAIN_SAMPLE;
        String device = "auto";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--model" -> model = Path.of(value(args, ++i, a));
                case "--data" -> data = Path.of(value(args, ++i, a));
                case "--out" -> report = Path.of(value(args, ++i, a));
                case "--label" -> label = value(args, ++i, a);
                case "--train-sample" -> trainSample = nonNegative(value(args, ++i, a), a);
                case "--device" -> device = value(args, ++i, a);
                default -> throw new UsageException("unknown argument '" + a + "'");
            }
        }
        if (model == null || data == null || report == null) {
            throw new UsageException("--model, --data and --out are required");
        }
        if (!Files.isDirectory(data)) {
            throw new UsageException("--data " + data + ": no such folder");
        }
        if (label == null) {
            label = model.toAbsolutePath().normalize().getFileName().toString();
        }
        long t0 = System.nanoTime();
        try (ShardedDataset set = ShardedDataset.open(data);
             TrainedModel net = TrainedModel.load(model, device)) {
            DatasetCurves.Parts parts = DatasetCurves.split(set);
            DatasetCurves test = parts.test();
            long[] source = new long[test.size()];
            for (int i = 0; i < source.length; i++) {
                source[i] = test.setIndex(i);
            }
            out.printf(Locale.ROOT, "evaluating %s (outputs %s %s) on %,d test curves of %s (device %s)%n", model,
                    net.metadata().outputLayout().isEmpty() ? "(other)" : net.metadata().outputLayout(),
                    net.labelNames(), test.size(), data, net.device());
            Evaluation e = Evaluator.evaluate(net, test, label, source, out);
            int n = trainSample == 0 ? parts.train().size() : Math.min(trainSample, parts.train().size());
            e = e.withTrainMse(Evaluator.mse(net, parts.train(), n), n);
            String preset = net.preset().isEmpty() ? test.preset() : net.preset();
            EvaluationReport r = new EvaluationReport(e, test, EvaluationReport.recipeFor(preset, test.inputLength()));
            List<Path> files = r.write(report);
            out.println(Table2Row.header());
            for (Table2Row row : r.table2Rows()) {
                out.println(row.toLine());
            }
            for (Path f : files) {
                out.println("wrote " + f);
            }
        }
        out.printf(Locale.ROOT, "done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    private static int nonNegative(String v, String option) throws UsageException {
        try {
            int n = Integer.parseInt(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + ": expected a whole number >= 0, got '" + v + "'");
        }
    }
}
