package strainlab.lsq;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The model function of a {@link LeastSquaresProblem}: a curve as a function of a parameter vector, compared point
 * by point with the observations (for diffraction: log10 intensity on the measured θ grid). Implementations must
 * be thread-safe and side-effect free: forward-difference Jacobian columns are evaluated in parallel.
 */
public interface ForwardModel {
    /** The parameters, in the order of the vectors passed to {@link #evaluate}. */
    List<ParameterSpec> parameters();

    /** Number of output points. */
    int size();

    /** The model output for the full parameter vector {@code p} (length {@code parameters().size()}). */
    double[] evaluate(double[] p);

    /**
     * The Jacobian ∂evaluate(p)ᵢ/∂pⱼ (rows: output points, columns: all parameters), or null (the default) to have
     * the optimiser use forward differences.
     */
    default double[][] jacobian(double[] p) {
        return null;
    }

    /**
     * The model near {@code p}: a function giving {@link #evaluate} at points that differ from {@code p} in one or a
     * few parameters (the columns of a forward-difference Jacobian), the same values, but free to reuse work shared
     * with {@code p}. Thread-safe, like the model. Default: {@link #evaluate} itself.
     */
    default UnaryOperator<double[]> near(double[] p) {
        return this::evaluate;
    }

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
