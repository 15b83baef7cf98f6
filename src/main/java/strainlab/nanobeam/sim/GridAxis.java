package strainlab.nanobeam.sim;

/**
 * One axis of the library grid: {@code count} values from {@code min} to {@code max} inclusive, evaluated as
 * numpy's {@code linspace} does (value_i = min + i·(max−min)/(count−1), last value exactly max).
 *
 * @param name  label name (e.g. {@code strain}, {@code tilt_lr_deg})
 * @param min   first value
 * @param max   last value, &gt; min
 * @param count number of values, ≥ 2
 */
public record GridAxis(String name, double min, double max, int count) {
    public GridAxis {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must be non-blank");
        }
        if (!Double.isFinite(min) || !Double.isFinite(max) || !(max > min)) {
            throw new IllegalArgumentException(name + ": need finite min < max, got [" + min + ", " + max + "]");
        }
        if (count < 2) {
            throw new IllegalArgumentException(name + ": count must be >= 2, got " + count);
        }
    }

    /** Grid step (max − min)/(count − 1). */
    public double step() {
        return (max - min) / (count - 1);
    }

    /** Value i (numpy linspace). */
    public double value(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException(name + ": index " + i + " outside 0.." + (count - 1));
        }
        return i == count - 1 ? max : i * step() + min;
    }

    /** All values. */
    public double[] values() {
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            v[i] = value(i);
        }
        return v;
    }

    /** Fractional index of a value (linear), e.g. for a centre-of-mass index. */
    public double indexOf(double value) {
        return (value - min) / step();
    }

    /** Value at a fractional index (linear). */
    public double valueAt(double fractionalIndex) {
        return min + fractionalIndex * step();
    }

    /** Whether value lies within [min, max] (inclusive, with a relative tolerance of 1e-9 of the range). */
    public boolean contains(double value) {
        double tol = 1e-9 * (max - min);
        return value >= min - tol && value <= max + tol;
    }
}
