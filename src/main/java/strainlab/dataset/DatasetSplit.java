package strainlab.dataset;

import java.util.Arrays;
import java.util.Random;
import strainlab.Permutations;

/**
 * A train/validation/test split of {@code size} examples, fixed by a seed: a Fisher–Yates permutation of
 * 0..size−1 drawn with {@link java.util.Random}(seed) (an algorithm fixed by the Java specification, so the
 * split is the same on every JVM); its first {@code round(size·testFraction)} indices are the test part, the
 * next {@code round(size·validationFraction)} the validation part, the rest the training part. Each part is
 * sorted ascending (sequential reads of the shards); the parts are disjoint and cover every index.
 *
 * @param seed       the seed that fixed the split
 * @param train      training indices, ascending
 * @param validation validation indices, ascending
 * @param test       test indices, ascending
 */
public record DatasetSplit(long seed, int[] train, int[] validation, int[] test) {
    /** Default validation and test fraction (10 % each, as in the paper). */
    public static final double DEFAULT_FRACTION = 0.10;

    /** The parts of a split. */
    public enum Part { TRAIN, VALIDATION, TEST }

    public DatasetSplit {
        train = train.clone();
        validation = validation.clone();
        test = test.clone();
    }

    /** Splits {@code size} examples; fractions in [0, 1) with a sum below 1. */
    public static DatasetSplit of(long size, long seed, double validationFraction, double testFraction) {
        if (size < 1 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("size must be in 1.." + Integer.MAX_VALUE + ", got " + size);
        }
        checkFraction("validationFraction", validationFraction);
        checkFraction("testFraction", testFraction);
        if (validationFraction + testFraction >= 1) {
            throw new IllegalArgumentException("validationFraction + testFraction must be < 1, got "
                    + (validationFraction + testFraction));
        }
        int n = (int) size;
        int nTest = (int) Math.round(n * testFraction);
        int nVal = (int) Math.round(n * validationFraction);
        if (nTest + nVal >= n) {
            throw new IllegalArgumentException("a set of " + n + " examples leaves no training examples with "
                    + "validation fraction " + validationFraction + " and test fraction " + testFraction);
        }
        int[] perm = Permutations.shuffled(n, new Random(seed));
        int[] test = Arrays.copyOfRange(perm, 0, nTest);
        int[] val = Arrays.copyOfRange(perm, nTest, nTest + nVal);
        int[] train = Arrays.copyOfRange(perm, nTest + nVal, n);
        Arrays.sort(test);
        Arrays.sort(val);
        Arrays.sort(train);
        return new DatasetSplit(seed, train, val, test);
    }

    private static void checkFraction(String name, double f) {
        if (!(f >= 0 && f < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + f);
        }
    }

    /** The indices of one part (a copy). */
    public int[] part(Part p) {
        return switch (p) {
            case TRAIN -> train();
            case VALIDATION -> validation();
            case TEST -> test();
        };
    }

    /** Accessors return copies: the split is immutable. */
    @Override
    public int[] train() {
        return train.clone();
    }

    @Override
    public int[] validation() {
        return validation.clone();
    }

    @Override
    public int[] test() {
        return test.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatasetSplit s && seed == s.seed && Arrays.equals(train, s.train)
                && Arrays.equals(validation, s.validation) && Arrays.equals(test, s.test);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seed) * 31 + Arrays.hashCode(test);
    }

    @Override
    public String toString() {
        return "DatasetSplit[seed " + seed + ": train " + train.length + ", validation " + validation.length
                + ", test " + test.length + "]";
    }
}
