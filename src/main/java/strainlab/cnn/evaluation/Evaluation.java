package strainlab.cnn.evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import strainlab.io.AtomicFiles;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * The per-curve errors of a model on a test set, and everything derived from them: the table-2 row
 * ({@link #table2()}), relative-error distributions (fig. 3), subsets such as e_max ≤ 2 % (table 2, fig. 6) and
 * the curves of lowest and highest σe/e_max (figs 4, 5). Immutable; built by {@link Evaluator}.
 */
public final class Evaluation {
    /** Test curves of the paper (1.5·10^5) behind its "10^3 lowest/highest errors" (figs 5 and 6). */
    public static final int PAPER_TEST_COUNT = 150_000;
    /** Curves per extreme set in the paper (figs 5 and 6). */
    public static final int PAPER_EXTREME_COUNT = 1000;

    private final String label;
    private final List<CurveError> curves;
    private final LabelView truthView;
    private final LabelView predictionView;
    private final float[][] truthLabels;
    private final float[][] predictedLabels;
    private final Double trainMse;
    private final int trainCount;

    Evaluation(String label, List<CurveError> curves, LabelView truthView, LabelView predictionView,
            float[][] truthLabels, float[][] predictedLabels, Double trainMse, int trainCount) {
        this.label = label == null ? "" : label;
        this.curves = List.copyOf(curves);
        this.truthView = truthView;
        this.predictionView = predictionView;
        this.truthLabels = truthLabels;
        this.predictedLabels = predictedLabels;
        this.trainMse = trainMse;
        this.trainCount = trainCount;
        if (truthLabels.length != curves.size() || predictedLabels.length != curves.size()) {
            throw new IllegalArgumentException("label rows (" + truthLabels.length + ", " + predictedLabels.length
                    + ") must match the curves (" + curves.size() + ")");
        }
    }

    /**
     * An evaluation from label vectors alone (no network): truth and predictions read by name with their views,
     * normalised-MSE summands {@code sqErr[i]} given (or NaN). Used for hand-made cases and by {@link Evaluator}.
     */
    public static Evaluation of(String label, LabelView truthView, float[][] truth, LabelView predictionView,
            float[][] predicted, double[] sqErr, long[] sourceIndex) {
        int n = truth.length;
        if (predicted.length != n || (sqErr != null && sqErr.length != n)
                || (sourceIndex != null && sourceIndex.length != n)) {
            throw new IllegalArgumentException("truth (" + n + "), predictions (" + predicted.length
                    + "), squared errors and source indices must have the same length");
        }
        CurveError[] out = new CurveError[n];
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
            double[] t = new double[Parameter.values().length];
            double[] p = new double[t.length];
            for (Parameter q : Parameter.values()) {
                t[q.ordinal()] = truthView.value(q, truth[i]);
                p[q.ordinal()] = predictionView.value(q, predicted[i]);
            }
            double s = truthView.relativeStrainRms(truth[i], predictionView, predicted[i]);
            out[i] = new CurveError(i, sourceIndex == null ? i : sourceIndex[i], t, p, s,
                    sqErr == null ? Double.NaN : sqErr[i]);
        });
        return new Evaluation(label, Arrays.asList(out), truthView, predictionView, truth, predicted, null, 0);
    }

    /** The same evaluation with a train MSE (computed over {@code count} training curves) and a label. */
    public Evaluation withTrainMse(double mse, int count) {
        return new Evaluation(label, curves, truthView, predictionView, truthLabels, predictedLabels,
                Double.isFinite(mse) ? mse : null, count);
    }

    /** Row label. */
    public String label() {
        return label;
    }

    /** Number of evaluated curves. */
    public int size() {
        return curves.size();
    }

    /** The per-curve errors in set order. */
    public List<CurveError> curves() {
        return curves;
    }

    /** Curve {@code i}. */
    public CurveError curve(int i) {
        return curves.get(i);
    }

    /** Whether the model predicts {@code p}. */
    public boolean predicts(Parameter p) {
        return predictionView.has(p);
    }

    /** Whether the model predicts the strain profile. */
    public boolean predictsProfile() {
        return predictionView.hasProfile() && truthView.hasProfile();
    }

    /** How the true labels are read. */
    public LabelView truthView() {
        return truthView;
    }

    /** How the predicted labels are read. */
    public LabelView predictionView() {
        return predictionView;
    }

    /** True label vector of curve {@code i} (a copy). */
    public float[] truthLabels(int i) {
        return truthLabels[i].clone();
    }

    /** Predicted label vector of curve {@code i}, physical units (a copy). */
    public float[] predictedLabels(int i) {
        return predictedLabels[i].clone();
    }

    /** Train MSE when computed, else null. */
    public Double trainMse() {
        return trainMse;
    }

    /** Mean of the per-curve normalised squared errors (the test MSE), or null when not available. */
    public Double testMse() {
        double s = 0;
        for (CurveError c : curves) {
            s += c.normalisedSquaredError();
        }
        return curves.isEmpty() || !Double.isFinite(s) ? null : s / curves.size();
    }

    /** Signed relative errors {@code (p_pred − p)/p} of all curves (empty when {@code p} is not predicted). */
    public double[] relativeErrors(Parameter p) {
        if (!predicts(p)) {
            return new double[0];
        }
        return curves.stream().mapToDouble(c -> c.relativeError(p)).toArray();
    }

    /** σe/e_max of all curves (empty when the profile is not predicted). */
    public double[] strainRelativeRms() {
        if (!predictsProfile()) {
            return new double[0];
        }
        return curves.stream().mapToDouble(CurveError::strainRelativeRms).toArray();
    }

    /** True values of {@code p} of all curves. */
    public double[] truths(Parameter p) {
        return curves.stream().mapToDouble(c -> c.truth(p)).toArray();
    }

    /** Predicted values of {@code p} of all curves (NaN when not predicted). */
    public double[] predictions(Parameter p) {
        return curves.stream().mapToDouble(c -> c.predicted(p)).toArray();
    }

    /**
     * Accuracy on {@code p}: the fraction of curves with {@code |Δp|/p < 0.1} (a non-finite error counts as
     * inaccurate); null when the model does not predict {@code p} or there is no curve.
     */
    public Double accuracy(Parameter p) {
        return predicts(p) ? fractionBelow(relativeErrors(p), Table2Row.THRESHOLD, true) : null;
    }

    /** Accuracy on the strain profile: the fraction of curves with σe/e_max &lt; 0.1; null when not predicted. */
    public Double strainAccuracy() {
        return predictsProfile() ? fractionBelow(strainRelativeRms(), Table2Row.THRESHOLD, false) : null;
    }

    /** The fraction of {@code values} (absolute values when asked) strictly below {@code threshold}. */
    static Double fractionBelow(double[] values, double threshold, boolean absolute) {
        if (values.length == 0) {
            return null;
        }
        int n = 0;
        for (double v : values) {
            double x = absolute ? Math.abs(v) : v;
            if (x < threshold) {
                n++;
            }
        }
        return (double) n / values.length;
    }

    /** The table-2 row of this evaluation. */
    public Table2Row table2() {
        return new Table2Row(label, trainMse, testMse(), accuracy(Parameter.T), accuracy(Parameter.E_MAX),
                accuracy(Parameter.DW_MIN), accuracy(Parameter.H), accuracy(Parameter.DR), strainAccuracy(),
                size(), trainMse == null ? 0 : trainCount);
    }

    /**
     * The curves matching {@code filter} as an evaluation of their own, labelled {@code subsetLabel} (the train
     * MSE is dropped: it does not describe a subset of the test set).
     */
    public Evaluation subset(Predicate<CurveError> filter, String subsetLabel) {
        List<CurveError> kept = new ArrayList<>();
        List<float[]> t = new ArrayList<>();
        List<float[]> p = new ArrayList<>();
        for (int i = 0; i < curves.size(); i++) {
            CurveError c = curves.get(i);
            if (filter.test(c)) {
                kept.add(new CurveError(kept.size(), c.sourceIndex(), c.truth(), c.predicted(),
                        c.strainRelativeRms(), c.normalisedSquaredError()));
                t.add(truthLabels[i]);
                p.add(predictedLabels[i]);
            }
        }
        return new Evaluation(subsetLabel, kept, truthView, predictionView, t.toArray(new float[0][]),
                p.toArray(new float[0][]), null, 0);
    }

    /** The curves with a true e_max ≤ {@code maxPercent} (table 2's "e_max ≤ 2 %" rows, fig. 6). */
    public Evaluation lowStrain(double maxPercent) {
        return subset(c -> c.truth(Parameter.E_MAX) <= maxPercent,
                label + " (e_max ≤ " + trim(maxPercent) + " %)");
    }

    /**
     * Size of the "lowest/highest errors" sets for this many test curves: the paper's 10^3 of 1.5·10^5 scaled
     * to {@code testCount} (at least 10 and at most a quarter of the curves, and at most 10^3).
     */
    public static int extremeCount(int testCount) {
        long scaled = Math.round((double) testCount * PAPER_EXTREME_COUNT / PAPER_TEST_COUNT);
        long k = Math.max(10, scaled);
        k = Math.min(k, Math.max(1, testCount / 4));
        return (int) Math.min(k, PAPER_EXTREME_COUNT);
    }

    /** Positions of curves with a finite σe/e_max, sorted by increasing σe/e_max. */
    public int[] rankedByStrainError() {
        return curves.stream().filter(c -> Double.isFinite(c.strainRelativeRms()))
                .sorted(Comparator.comparingDouble(CurveError::strainRelativeRms).thenComparingInt(CurveError::index))
                .mapToInt(CurveError::index).toArray();
    }

    /** Positions of the {@code k} curves of lowest σe/e_max (best first). */
    public int[] lowest(int k) {
        int[] r = rankedByStrainError();
        return Arrays.copyOf(r, Math.min(k, r.length));
    }

    /** Positions of the {@code k} curves of highest σe/e_max (worst first). */
    public int[] highest(int k) {
        int[] r = rankedByStrainError();
        int m = Math.min(k, r.length);
        int[] out = new int[m];
        for (int i = 0; i < m; i++) {
            out[i] = r[r.length - 1 - i];
        }
        return out;
    }

    /** Positions of the {@code k} curves whose σe/e_max is closest to {@code target} (fig. 1 uses 0.1). */
    public int[] nearest(double target, int k) {
        return curves.stream().filter(c -> Double.isFinite(c.strainRelativeRms()))
                .sorted(Comparator.comparingDouble((CurveError c) -> Math.abs(c.strainRelativeRms() - target))
                        .thenComparingInt(CurveError::index))
                .limit(k).mapToInt(CurveError::index).toArray();
    }

    /**
     * The per-curve errors as a table: index, source index, for each parameter the true value, the prediction
     * and the relative error (prediction columns only for predicted parameters), σe/e_max, and the normalised
     * squared error.
     */
    public Table toTable() {
        Table t = Table.create(label.isEmpty() ? "curve errors" : label);
        t.addColumns(IntColumn.create("index", curves.stream().mapToInt(CurveError::index).toArray()),
                LongColumn.create("source_index", curves.stream().mapToLong(CurveError::sourceIndex).toArray()));
        for (Parameter p : Parameter.values()) {
            if (!truthView.has(p)) {
                continue;
            }
            t.addColumns(DoubleColumn.create(p.columnStem() + "_true", truths(p)));
            if (predicts(p)) {
                t.addColumns(DoubleColumn.create(p.columnStem() + "_pred", predictions(p)),
                        DoubleColumn.create(p.columnStem() + "_rel_err", relativeErrors(p)));
            }
        }
        if (predictsProfile()) {
            t.addColumns(DoubleColumn.create("sigma_e_over_e_max", strainRelativeRms()));
        }
        t.addColumns(DoubleColumn.create("normalised_sq_err",
                curves.stream().mapToDouble(CurveError::normalisedSquaredError).toArray()));
        return t;
    }

    /** Writes {@link #toTable()} as CSV (temp file + atomic rename). */
    public void writeCsv(Path file) throws IOException {
        AtomicFiles.writeText(file, w -> toTable().write().csv(w));
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    @Override
    public String toString() {
        return "Evaluation[" + label + ", " + size() + " curves]";
    }
}
