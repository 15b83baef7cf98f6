package strainlab.plot;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.XYChart;
import strainlab.cnn.CnnTrainer;
import strainlab.cnn.TrainingRun;
import strainlab.training.EpochRecord;
import strainlab.training.TrainingListener;

/**
 * Learning-curve figures of a CNN training run (paper fig. S1): training and validation MSE per epoch on a
 * log axis, and the learning rate of the plateau schedule.
 */
public final class TrainingPlots {
    private TrainingPlots() {
    }

    /**
     * Training and validation loss (MSE of the normalised labels) against epoch, log y axis. Non-positive or
     * non-finite losses (a diverged run) are left out of the log plot.
     *
     * @param epochs 1-based epoch numbers
     * @param trainLoss training loss per epoch
     * @param valLoss validation loss per epoch
     */
    public static XYChart learningCurves(String title, int[] epochs, double[] trainLoss, double[] valLoss) {
        if (epochs.length != trainLoss.length || epochs.length != valLoss.length) {
            throw new IllegalArgumentException("epochs (" + epochs.length + "), trainLoss (" + trainLoss.length
                    + ") and valLoss (" + valLoss.length + ") must have the same length");
        }
        XYChart chart = Charts.line(title == null ? "Learning curves" : title, "epoch", "MSE (normalised labels)");
        int series = addPositive(chart, "training", epochs, trainLoss)
                + addPositive(chart, "validation", epochs, valLoss);
        if (series == 0) {
            throw new IllegalArgumentException("no finite positive loss to plot");
        }
        return Charts.logY(chart);
    }

    /** The learning curves of a run, titled with its model folder's name. */
    public static XYChart learningCurves(TrainingRun run) {
        return learningCurves("Learning curves: " + run.modelDir().getFileName(), run.history());
    }

    /** The learning curves of any history (e.g. {@code TrainedModel.history()}). */
    public static XYChart learningCurves(String title, List<EpochRecord> history) {
        return learningCurves(title, history.stream().mapToInt(EpochRecord::epoch).toArray(),
                history.stream().mapToDouble(EpochRecord::trainLoss).toArray(),
                history.stream().mapToDouble(EpochRecord::valLoss).toArray());
    }

    /**
     * A listener that redraws {@code modelDir/learning-curves.png} after every epoch of a CNN run; a diverged run
     * (no finite positive loss) has no log-scale plot and keeps only its CSV.
     */
    public static TrainingListener learningCurvesPng(Path modelDir) {
        return (record, improved, history) -> {
            try {
                Charts.savePng(learningCurves("Learning curves: " + modelDir.getFileName(), history),
                        modelDir.resolve(CnnTrainer.CURVES_PNG));
            } catch (IllegalArgumentException e) {
                // the CSV still records a diverged run
            }
        };
    }

    /** Learning rate against epoch, log y axis. */
    public static XYChart learningRate(int[] epochs, double[] learningRate) {
        if (epochs.length != learningRate.length) {
            throw new IllegalArgumentException("epochs (" + epochs.length + ") and learningRate ("
                    + learningRate.length + ") must have the same length");
        }
        XYChart chart = Charts.line("Learning rate", "epoch", "learning rate");
        Charts.addLine(chart, "learning rate", toDouble(epochs), learningRate);
        return Charts.logY(chart);
    }

    private static int addPositive(XYChart chart, String name, int[] epochs, double[] loss) {
        double[] x = new double[epochs.length];
        double[] y = new double[epochs.length];
        int n = 0;
        for (int i = 0; i < epochs.length; i++) {
            if (loss[i] > 0 && Double.isFinite(loss[i])) {
                x[n] = epochs[i];
                y[n] = loss[i];
                n++;
            }
        }
        if (n > 0) {
            Charts.addLine(chart, name, Arrays.copyOf(x, n), Arrays.copyOf(y, n)).setMarker(
                    org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE);
            return 1;
        }
        return 0;
    }

    private static double[] toDouble(int[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
