package strainlab.nanobeam.correlate;

import strainlab.nanobeam.sim.GridAxis;

/**
 * The paper's estimator on one marginal: subtract the marginal's minimum, take the centre of mass of what is left
 * over the grid indices, and map that fractional index linearly onto the axis
 * ({@code value = min + index·step}, as {@code (i − 20)·0.00025} in the published script).
 *
 * <p>Because every weight is non-negative and the indices are bounded, the result always lies inside the axis
 * range and is pulled towards its centre whenever the correlation is non-zero away from the peak: a pattern equal
 * to a library entry is not returned at its grid value unless its marginal is symmetric about that entry (or zero
 * everywhere else).
 */
public final class CentreOfMass {
    private CentreOfMass() {
    }

    /** Fractional centre-of-mass index of {@code marginal − min(marginal)}; the middle index if it is flat. */
    public static double index(double[] marginal) {
        return index(marginal, 0, marginal.length);
    }

    /**
     * As {@link #index(double[])} for the marginal stored in {@code values[from, from + count)}; the index counts from
     * {@code from}.
     */
    public static double index(double[] values, int from, int count) {
        if (count < 1 || from < 0 || from + count > values.length) {
            throw new IllegalArgumentException("marginal range [" + from + ", " + (from + count) + ") outside 0.."
                    + values.length + " or empty");
        }
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            min = Math.min(min, values[from + i]);
        }
        double w = 0;
        double wi = 0;
        for (int i = 0; i < count; i++) {
            double x = values[from + i] - min;
            w += x;
            wi += x * i;
        }
        return w > 0 ? wi / w : (count - 1) / 2.0;
    }

    /** The estimated value on {@code axis}. */
    public static double value(double[] marginal, GridAxis axis) {
        if (marginal.length != axis.count()) {
            throw new IllegalArgumentException(axis.name() + ": marginal has " + marginal.length + " values, axis "
                    + axis.count());
        }
        return axis.valueAt(index(marginal));
    }
}
