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
        double min = Double.POSITIVE_INFINITY;
        for (double v : marginal) {
            min = Math.min(min, v);
        }
        double w = 0;
        double wi = 0;
        for (int i = 0; i < marginal.length; i++) {
            double x = marginal[i] - min;
            w += x;
            wi += x * i;
        }
        return w > 0 ? wi / w : (marginal.length - 1) / 2.0;
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
