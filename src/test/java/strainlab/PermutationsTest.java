package strainlab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PermutationsTest {
    @Test
    void isAPermutationAndRepeatsWithTheSeed() {
        int[] p = Permutations.shuffled(1000, new SplittableRandom(7));
        assertArrayEquals(IntStream.range(0, 1000).toArray(), Arrays.stream(p).sorted().toArray());
        assertArrayEquals(p, Permutations.shuffled(1000, new SplittableRandom(7)));
        assertEquals(false, Arrays.equals(p, Permutations.shuffled(1000, new SplittableRandom(8))));
    }

    @Test
    void drawsOneIndexPerPositionFromTheLastDown() {
        // n = 3 by hand: j2 = nextInt(3) swaps positions 2 and j2, then j1 = nextInt(2) swaps 1 and j1
        Random draws = new Random(42);
        int j2 = draws.nextInt(3);
        int j1 = draws.nextInt(2);
        int[] expected = {0, 1, 2};
        int t = expected[2];
        expected[2] = expected[j2];
        expected[j2] = t;
        t = expected[1];
        expected[1] = expected[j1];
        expected[j1] = t;
        assertArrayEquals(expected, Permutations.shuffled(3, new Random(42)));
    }

    @Test
    void smallAndInvalidSizes() {
        assertArrayEquals(new int[0], Permutations.shuffled(0, new Random(1)));
        assertArrayEquals(new int[] {0}, Permutations.shuffled(1, new Random(1)));
        assertThrows(IllegalArgumentException.class, () -> Permutations.shuffled(-1, new Random(1)));
    }
}
