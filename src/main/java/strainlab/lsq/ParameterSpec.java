package strainlab.lsq;

/**
 * One adjustable parameter of a {@link ForwardModel}: its name (with the unit in it, e.g. {@code thickness_nm}),
 * default bounds and a typical magnitude (used for finite-difference steps and global-search scaling).
 *
 * @param name unique name, e.g. {@code strain_w3_percent}
 * @param lower default lower bound (finite)
 * @param upper default upper bound (finite, &gt; lower)
 * @param typical typical magnitude (&gt; 0), e.g. 1 % for a strain weight or 100 nm for a thickness
 */
public record ParameterSpec(String name, double lower, double upper, double typical) {
    public ParameterSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("parameter name must be given");
        }
        if (!(Double.isFinite(lower) && Double.isFinite(upper) && upper > lower)) {
            throw new IllegalArgumentException(name + ": bounds must be finite with lower < upper, got [" + lower
                    + ", " + upper + "]");
        }
        if (!(typical > 0) || !Double.isFinite(typical)) {
            throw new IllegalArgumentException(name + ": typical magnitude must be > 0, got " + typical);
        }
    }
}
