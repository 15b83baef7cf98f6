package strainlab.cnn.evaluation;

import java.util.ArrayList;
import java.util.List;
import strainlab.cnn.Ensemble;
import strainlab.cnn.LabelledCurves;
import strainlab.cnn.TrainedModel;

/**
 * What predicts the label vectors of curves in an evaluation: one network, or the members of an ensemble whose
 * prediction is their mean label vector ({@link Ensemble#combine}, as {@code analyze} starts from it). Either is scored
 * with the normaliser of {@link #reference()}.
 *
 * @param members  the networks, in order (the single network, or the ensemble's members, which share labels and
 *                 input grid)
 * @param ensemble whether the networks are the members of an ensemble (a single network is scored as itself)
 */
public record Predictor(List<TrainedModel> members, boolean ensemble) {
    public Predictor {
        members = List.copyOf(members);
        if (members.isEmpty() || (!ensemble && members.size() != 1)) {
            throw new IllegalArgumentException("a predictor is one network or the ≥ 1 members of an ensemble, got "
                    + members.size() + (ensemble ? " members" : " networks"));
        }
    }

    /** One network. */
    public static Predictor of(TrainedModel network) {
        return new Predictor(List.of(network), false);
    }

    /** The members' mean of an ensemble. */
    public static Predictor of(Ensemble ensemble) {
        return new Predictor(ensemble.members(), true);
    }

    /** The network whose normaliser, metadata, preset and noise stand for the predictor (an ensemble's first member). */
    public TrainedModel reference() {
        return members.get(0);
    }

    /** The members' folder names ({@code member-01}, …), in order. */
    public List<String> memberNames() {
        return members.stream().map(m -> m.dir().getFileName().toString()).toList();
    }

    /**
     * The predictions of every curve of {@code curves}.
     *
     * @param members each member's evaluation, labelled by its folder name (the single network's: the prediction's)
     * @param mean    the prediction's: the single network's own, or the members' mean scored with
     *                {@link Evaluator#score}
     */
    public record Predictions(List<Evaluation> members, Evaluation mean) {
        public Predictions {
            members = List.copyOf(members);
        }

        /** The predicted label vectors of member {@code k}, per curve (physical units). */
        public float[][] memberLabels(int k) {
            return labels(members.get(k));
        }

        /** The prediction's label vectors per curve (physical units). */
        public float[][] meanLabels() {
            return labels(mean);
        }

        /** The true label vectors per curve. */
        public float[][] truth() {
            float[][] t = new float[mean.size()][];
            for (int i = 0; i < t.length; i++) {
                t[i] = mean.truthLabels(i);
            }
            return t;
        }

        private static float[][] labels(Evaluation e) {
            float[][] p = new float[e.size()][];
            for (int i = 0; i < p.length; i++) {
                p[i] = e.predictedLabels(i);
            }
            return p;
        }
    }

    /**
     * Predicts and scores every curve of {@code curves}.
     *
     * @param label       the prediction's row label
     * @param sourceIndex index of each curve in its dataset (null: positions)
     */
    public Predictions evaluate(LabelledCurves curves, String label, long[] sourceIndex) {
        if (!ensemble) {
            Evaluation e = Evaluator.evaluate(reference(), curves, label, sourceIndex, null);
            return new Predictions(List.of(e), e);
        }
        List<Evaluation> each = new ArrayList<>();
        List<float[][]> predicted = new ArrayList<>();
        List<String> names = memberNames();
        for (int k = 0; k < members.size(); k++) {
            Evaluation e = Evaluator.evaluate(members.get(k), curves, names.get(k), sourceIndex, null);
            each.add(e);
            predicted.add(Predictions.labels(e));
        }
        return new Predictions(each, Evaluator.score(reference(), curves, Ensemble.combine(predicted).mean(), label,
                sourceIndex));
    }
}
