package strainlab.bench;

/** Argument checks shared by the {@code bin/strainlab bench} targets. */
public final class BenchArgs {
    private BenchArgs() {
    }

    /**
     * Parses the value of a count option ({@code --repeats 5}).
     *
     * @throws IllegalArgumentException naming the option when the value is not an integer ≥ 1
     */
    public static int positiveInt(String option, String value) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": expected a positive integer, got '" + value + "'");
        }
        if (n < 1) {
            throw new IllegalArgumentException(option + ": expected a positive integer, got '" + value + "'");
        }
        return n;
    }
}
