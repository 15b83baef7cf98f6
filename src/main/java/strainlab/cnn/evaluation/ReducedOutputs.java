package strainlab.cnn.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import strainlab.cnn.LabelledCurves;
import strainlab.cnn.OutputLayout;

/**
 * The reduced-output networks of §3.4 (table 2): a view of a full-label set exposing only some labels, to train
 * CNN3[12] (no H, no DR) or CNN3[3] (t, e_max and DW only). A label absent from the data may be the derived
 * {@value LabelView#E_MAX_LABEL} (maximum of the strain profile, %, see {@link LabelView}). The
 * {@link Evaluator} matches a model's outputs to the full-label test data by name, so such a model is evaluated
 * on the same test part as the full network, its missing accuracies reported as absent.
 *
 * <pre>{@code
 * CnnTrainer.train(ReducedOutputs.view(parts.train(), ReducedOutputs.cnn3Of3()),
 *         ReducedOutputs.view(parts.validation(), ReducedOutputs.cnn3Of3()), options, dir, System.out);
 * }</pre>
 */
public final class ReducedOutputs extends CurveSubset {
    private final List<String> names;
    private final int[] index;
    private final LabelView baseView;
    /** Per label derived from the others (index −1), its value for every example, computed once. */
    private final float[][] derived;

    private ReducedOutputs(LabelledCurves base, List<String> names) {
        super(base, base.size());
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a reduced-output view needs at least one label");
        }
        this.names = List.copyOf(names);
        this.baseView = LabelView.of(base.labelNames());
        this.index = new int[names.size()];
        for (int k = 0; k < index.length; k++) {
            String n = names.get(k);
            if (!baseView.provides(n)) {
                throw new IllegalArgumentException("label '" + n + "' is neither among the data's labels "
                        + base.labelNames() + " nor derivable from them");
            }
            index[k] = base.labelNames().indexOf(n);
        }
        derived = new float[index.length][];
        for (int k = 0; k < index.length; k++) {
            if (index[k] < 0) {
                derived[k] = deriveAll(names.get(k));
            }
        }
    }

    /**
     * Label {@code name} of every example, derived from its full labels (in parallel: e_max evaluates the strain
     * profile, tens of µs per example, too slow to redo on every read of a training epoch).
     */
    private float[] deriveAll(String name) {
        float[] values = new float[base.size()];
        IntStream.range(0, values.length).parallel().forEach(i -> {
            float[] full = new float[base.labelCount()];
            base.readLabels(i, full);
            values[i] = (float) baseView.labelOrDerived(name, full);
        });
        return values;
    }

    /** A view of {@code base} with only the labels {@code names}, in that order. */
    public static ReducedOutputs view(LabelledCurves base, List<String> names) {
        return new ReducedOutputs(base, names);
    }

    /**
     * A view of {@code base} with the outputs of {@code layout}; {@code base} itself when it already has exactly
     * those labels.
     */
    public static LabelledCurves view(LabelledCurves base, OutputLayout layout) {
        return base.labelNames().equals(layout.labelNames()) ? base : view(base, layout.labelNames());
    }

    /** CNN3[12]: the 10 weights, {@code scale_dw} and {@code t_nm} (no H, no DR). */
    public static List<String> cnn3Of12() {
        return OutputLayout.NO_H_DR.labelNames();
    }

    /** CNN3[3]: {@code t_nm}, {@value LabelView#E_MAX_LABEL} and {@code scale_dw}. */
    public static List<String> cnn3Of3() {
        return OutputLayout.T_EMAX_DW.labelNames();
    }

    @Override
    public List<String> labelNames() {
        return names;
    }

    @Override
    public List<String> labelUnits() {
        List<String> units = base.labelUnits();
        if (units.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int k = 0; k < index.length; k++) {
            out.add(index[k] >= 0 ? units.get(index[k]) : "%");
        }
        return out;
    }

    @Override
    public void read(int i, float[] input, float[] labels) {
        float[] full = new float[base.labelCount()];
        base.read(i, input, full);
        select(i, full, labels);
    }

    @Override
    public void readLabels(int i, float[] labels) {
        float[] full = new float[base.labelCount()];
        base.readLabels(i, full);
        select(i, full, labels);
    }

    private void select(int i, float[] full, float[] out) {
        for (int k = 0; k < index.length; k++) {
            out[k] = index[k] >= 0 ? full[index[k]] : derived[k][i];
        }
    }
}
