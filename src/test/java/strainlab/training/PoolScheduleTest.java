package strainlab.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PoolScheduleTest {
    @Test
    void thePoolGrowsByTheSameAmountEachEpochUpToWhatExists() {
        PoolSchedule s = new PoolSchedule(100, 40, 64);
        assertEquals(100, s.poolSize(1, 1000));
        assertEquals(140, s.poolSize(2, 1000));
        assertEquals(100 + 9 * 40, s.poolSize(10, 1000));
        assertEquals(250, s.poolSize(10, 250));
        assertEquals(Integer.MAX_VALUE, new PoolSchedule(Integer.MAX_VALUE, Integer.MAX_VALUE, 2)
                .poolSize(3, Integer.MAX_VALUE));
    }

    @Test
    void anEpochSmallerThanThePoolDrawsWithoutReplacement() {
        int[] order = new PoolSchedule(1, 0, 300).epochOrder(1000, 5, 3);
        assertEquals(300, order.length);
        assertEquals(300, Arrays.stream(order).distinct().count());
        assertTrue(Arrays.stream(order).allMatch(i -> i >= 0 && i < 1000));
    }

    @Test
    void anEpochLargerThanThePoolMakesWholeReshuffledPasses() {
        int[] order = new PoolSchedule(1, 0, 250).epochOrder(100, 5, 3);
        int[] counts = new int[100];
        for (int i : order) {
            counts[i]++;
        }
        for (int i = 0; i < 100; i++) {
            assertTrue(counts[i] == 2 || counts[i] == 3, "position " + i + " drawn " + counts[i] + " times");
        }
        for (int pass = 0; pass < 2; pass++) {
            int[] sorted = Arrays.copyOfRange(order, pass * 100, pass * 100 + 100);
            Arrays.sort(sorted);
            for (int i = 0; i < 100; i++) {
                assertEquals(i, sorted[i], "pass " + pass + " is a permutation");
            }
        }
        assertFalse(Arrays.equals(Arrays.copyOfRange(order, 0, 100), Arrays.copyOfRange(order, 100, 200)),
                "each pass is reshuffled");
    }

    @Test
    void theOrderDependsOnlyOnPoolSeedAndEpoch() {
        PoolSchedule s = new PoolSchedule(1, 0, 500);
        assertArrayEquals(s.epochOrder(700, 9, 4), s.epochOrder(700, 9, 4));
        assertFalse(Arrays.equals(s.epochOrder(700, 9, 4), s.epochOrder(700, 9, 5)));
        assertFalse(Arrays.equals(s.epochOrder(700, 9, 4), s.epochOrder(700, 10, 4)));
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PoolSchedule(0, 1, 10))
                .getMessage().contains("pool start"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PoolSchedule(1, -1, 10))
                .getMessage().contains("pool growth"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PoolSchedule(1, 1, 1))
                .getMessage().contains("curves per epoch"));
    }
}
