package strainlab.cnn.evaluation;

/**
 * True and predicted parameters of one test curve and their errors. Values are NaN where the model does not
 * predict a parameter (reduced-output networks) or the profile is unavailable.
 *
 * @param index the curve's index in the evaluated set (its position, 0-based)
 * @param sourceIndex the curve's index in the underlying dataset (e.g. shard index), or the position when unknown
 * @param truth true value of each {@link Parameter}, by ordinal
 * @param predicted predicted value of each {@link Parameter}, by ordinal (NaN when absent)
 * @param strainRelativeRms σe/e_max of the predicted strain profile (NaN when not predicted)
 * @param normalisedSquaredError mean squared error of this curve's normalised outputs (the loss's summand)
 */
public record CurveError(int index, long sourceIndex, double[] truth, double[] predicted, double strainRelativeRms,
        double normalisedSquaredError) {

    public CurveError {
        if (truth.length != Parameter.values().length || predicted.length != Parameter.values().length) {
            throw new IllegalArgumentException("truth and predicted need " + Parameter.values().length
                    + " values (one per Parameter)");
        }
        truth = truth.clone();
        predicted = predicted.clone();
    }

    /** The true value of {@code p}. */
    public double truth(Parameter p) {
        return truth[p.ordinal()];
    }

    /** The predicted value of {@code p} (NaN when absent). */
    public double predicted(Parameter p) {
        return predicted[p.ordinal()];
    }

    /** Signed relative error {@code (p_pred − p)/p} (NaN when absent). */
    public double relativeError(Parameter p) {
        return (predicted(p) - truth(p)) / truth(p);
    }

    @Override
    public double[] truth() {
        return truth.clone();
    }

    @Override
    public double[] predicted() {
        return predicted.clone();
    }
}
