package strainlab.dataset;

import java.util.List;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * Per-label statistics of a set of examples, in storage order (units those of the labels).
 *
 * @param labelNames label names
 * @param count      number of examples
 * @param min        per-label minimum
 * @param max        per-label maximum
 * @param mean       per-label mean
 * @param std        per-label sample standard deviation (n − 1)
 */
public record LabelStatistics(List<String> labelNames, long count, double[] min, double[] max, double[] mean,
                              double[] std) {
    public LabelStatistics {
        labelNames = List.copyOf(labelNames);
        int n = labelNames.size();
        if (min.length != n || max.length != n || mean.length != n || std.length != n) {
            throw new IllegalArgumentException("min, max, mean and std must have one value per label (" + n + ")");
        }
        min = min.clone();
        max = max.clone();
        mean = mean.clone();
        std = std.clone();
    }

    /** Index of the label called {@code name}. */
    public int indexOf(String name) {
        int i = labelNames.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no label '" + name + "' among " + labelNames);
        }
        return i;
    }

    /** Accumulates label rows one at a time (commons-math3 summary statistics per label). */
    public static final class Accumulator {
        private final List<String> names;
        private final SummaryStatistics[] stats;

        public Accumulator(List<String> labelNames) {
            this.names = List.copyOf(labelNames);
            this.stats = new SummaryStatistics[names.size()];
            for (int i = 0; i < stats.length; i++) {
                stats[i] = new SummaryStatistics();
            }
        }

        /** Adds one label row ({@code labelCount} values). */
        public void add(float[] row) {
            for (int i = 0; i < stats.length; i++) {
                stats[i].addValue(row[i]);
            }
        }

        public LabelStatistics build() {
            int n = stats.length;
            double[] min = new double[n];
            double[] max = new double[n];
            double[] mean = new double[n];
            double[] std = new double[n];
            for (int i = 0; i < n; i++) {
                min[i] = stats[i].getMin();
                max[i] = stats[i].getMax();
                mean[i] = stats[i].getMean();
                std[i] = stats[i].getStandardDeviation();
            }
            return new LabelStatistics(names, n == 0 ? 0 : stats[0].getN(), min, max, mean, std);
        }
    }
}
