package strainlab.fit;

import java.util.List;

/**
 * A model curve as a function of a parameter vector, to be compared point by point with a measured curve
 * (for diffraction: log10 intensity on the measured θ grid). Implementations must be thread-safe and
 * side-effect free: the Jacobian columns are evaluated in parallel.
 */
public interface ForwardModel {
    /** The parameters, in the order of the vectors passed to {@link #evaluate}. */
    List<ParameterSpec> parameters();

    /** Number of output points. */
    int size();

    /** The model output for the full parameter vector {@code p} (length {@code parameters().size()}). */
    double[] evaluate(double[] p);

    /** Index of the named parameter. */
    default int index(String name) {
        List<ParameterSpec> ps = parameters();
        for (int i = 0; i < ps.size(); i++) {
            if (ps.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown parameter '" + name + "'; parameters are "
                + ps.stream().map(ParameterSpec::name).toList());
    }

    /** Parameter names in order. */
    default List<String> parameterNames() {
        return parameters().stream().map(ParameterSpec::name).toList();
    }
}
