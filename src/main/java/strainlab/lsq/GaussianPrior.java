package strainlab.lsq;

import java.util.Arrays;
import java.util.List;

/**
 * A Gaussian prior on linear combinations of a model's parameters, added to a least-squares cost as extra
 * residuals: term k contributes the residual {@code residualScale · (Σⱼ cₖⱼ·p[nameₖⱼ] − centreₖ) / widthₖ}, so the
 * problem minimises {@code Σᵢ wᵢ·(f(p)ᵢ − yᵢ)² + residualScale² · Σₖ zₖ²} with zₖ the standard score of term k.
 * With the data's noise σ (in the target's units) as {@code residualScale} this is the maximum a posteriori fit of
 * Gaussian data of noise σ under the prior. A term of infinite width contributes nothing and is dropped.
 *
 * @param terms         the terms (may be empty)
 * @param residualScale what one standard score of a term weighs, in the target's units (finite, &gt; 0)
 */
public record GaussianPrior(List<Term> terms, double residualScale) {
    /**
     * One term: the combination {@code Σⱼ coefficients[j] · p[names[j]]} is expected at {@code centre} within
     * {@code width} (1σ), both in the combination's units.
     *
     * @param names        parameter names of the combination (unique, non-empty)
     * @param coefficients one finite coefficient per name
     * @param centre       expected value of the combination (finite)
     * @param width        its 1σ width (&gt; 0; {@code +∞}: no constraint)
     */
    public record Term(List<String> names, double[] coefficients, double centre, double width) {
        public Term {
            names = List.copyOf(names);
            coefficients = coefficients.clone();
            if (names.isEmpty() || names.size() != coefficients.length || names.stream().distinct().count()
                    != names.size()) {
                throw new IllegalArgumentException("a prior term needs unique names and one coefficient each, got "
                        + names + " and " + Arrays.toString(coefficients));
            }
            if (!Arrays.stream(coefficients).allMatch(Double::isFinite) || !Double.isFinite(centre)) {
                throw new IllegalArgumentException("prior term " + names + ": coefficients and centre must be "
                        + "finite, got " + Arrays.toString(coefficients) + " and " + centre);
            }
            if (!(width > 0)) {
                throw new IllegalArgumentException("prior term " + names + ": width must be > 0, got " + width);
            }
        }

        /** A term on one parameter: {@code p[name]} expected at {@code centre} within {@code width}. */
        public static Term of(String name, double centre, double width) {
            return new Term(List.of(name), new double[]{1}, centre, width);
        }

        @Override
        public double[] coefficients() {
            return coefficients.clone();
        }

        /** Whether the term constrains anything (finite width). */
        public boolean active() {
            return Double.isFinite(width);
        }

        /** The term's standard score at the full parameter vector {@code p} of {@code model}. */
        public double standardScore(ForwardModel model, double[] p) {
            double s = 0;
            for (int j = 0; j < names.size(); j++) {
                s += coefficients[j] * p[model.index(names.get(j))];
            }
            return (s - centre) / width;
        }
    }

    public GaussianPrior {
        terms = List.copyOf(terms);
        if (!(residualScale > 0) || !Double.isFinite(residualScale)) {
            throw new IllegalArgumentException("residualScale must be finite and > 0, got " + residualScale);
        }
    }

    /** The terms of this prior whose parameters all belong to {@code model} (e.g. a reduced model of the fit). */
    public GaussianPrior restrictedTo(ForwardModel model) {
        List<String> names = model.parameterNames();
        return new GaussianPrior(terms.stream().filter(t -> names.containsAll(t.names())).toList(), residualScale);
    }

    /** The same terms with every width multiplied by {@code factor} (&gt; 0). */
    public GaussianPrior widened(double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("width factor must be > 0, got " + factor);
        }
        return new GaussianPrior(terms.stream().map(t -> new Term(t.names(), t.coefficients(), t.centre(),
                t.width() * factor)).toList(), residualScale);
    }

    /** Σₖ (residualScale·zₖ)² at the full parameter vector {@code p} of {@code model}: the prior's share of the cost. */
    public double sumOfSquares(ForwardModel model, double[] p) {
        double s = 0;
        for (Term t : terms) {
            if (t.active()) {
                double r = residualScale * t.standardScore(model, p);
                s += r * r;
            }
        }
        return s;
    }
}
