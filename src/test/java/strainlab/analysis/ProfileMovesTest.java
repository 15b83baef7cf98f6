package strainlab.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import strainlab.dataset.recipe.LabelLayout;

/** The moved profiles: one node either way, and the thickness stretched with the profile held from either end. */
class ProfileMovesTest {
    /** Strain weights 1..10 (%), scale_dw 0.5, 400 nm, FWHM 0.05°, DR 4. */
    private static float[] ramp() {
        float[] l = new float[LabelLayout.COUNT];
        for (int k = 0; k < LabelLayout.WEIGHTS; k++) {
            l[LabelLayout.W1 + k] = k + 1;
        }
        l[LabelLayout.SCALE_DW] = 0.5f;
        l[LabelLayout.THICKNESS_NM] = 400;
        l[LabelLayout.FWHM_DEG] = 0.05f;
        l[LabelLayout.DYNAMIC_RANGE] = 4;
        return l;
    }

    private static float[] weights(float[] labels) {
        return java.util.Arrays.copyOfRange(labels, LabelLayout.W1, LabelLayout.W1 + LabelLayout.WEIGHTS);
    }

    @Test
    void shiftsMoveEveryWeightOneNodeAndRepeatTheEnd() {
        List<float[]> m = ProfileMoves.of(ramp(), new double[]{0.8, 1.25});
        assertEquals(6, m.size());
        assertArrayEquals(new float[]{2, 3, 4, 5, 6, 7, 8, 9, 10, 10}, weights(m.get(0)));
        assertArrayEquals(new float[]{1, 1, 2, 3, 4, 5, 6, 7, 8, 9}, weights(m.get(1)));
        for (int k = 0; k < 2; k++) {
            assertEquals(400, m.get(k)[LabelLayout.THICKNESS_NM]);
        }
    }

    /**
     * A stretch keeps the strain at the same depth in nm from its end: node k of the new layer lies at k/9 · t·f
     * from the first node's end, which is node 9·k·f/9 = k·f of the old profile (held at the old last node beyond).
     */
    @Test
    void stretchesKeepTheProfileAtTheSameDepthFromEitherEnd() {
        List<float[]> m = ProfileMoves.of(ramp(), new double[]{0.8, 1.25});
        float[] fromFirst = weights(m.get(2));
        float[] fromLast = weights(m.get(3));
        for (int k = 0; k < LabelLayout.WEIGHTS; k++) {
            assertEquals(1 + Math.min(9, 0.8 * k), fromFirst[k], 1e-5, "× 0.8 from the first node, node " + k);
            assertEquals(1 + Math.max(0, 9 - (9 - k) * 0.8), fromLast[k], 1e-5, "× 0.8 from the last node, " + k);
            assertEquals(1 + Math.min(9, 1.25 * k), weights(m.get(4))[k], 1e-5, "× 1.25 from the first, " + k);
            assertEquals(1 + Math.max(0, 9 - (9 - k) * 1.25), weights(m.get(5))[k], 1e-5, "× 1.25 from the last");
        }
        assertEquals(320, m.get(2)[LabelLayout.THICKNESS_NM], 1e-3);
        assertEquals(500, m.get(5)[LabelLayout.THICKNESS_NM], 1e-3);
        for (float[] l : m) {
            assertEquals(0.5f, l[LabelLayout.SCALE_DW]);
            assertEquals(0.05f, l[LabelLayout.FWHM_DEG]);
            assertEquals(4f, l[LabelLayout.DYNAMIC_RANGE]);
        }
    }

    @Test
    void shiftsOfUpToNNodesComeInOrderBeforeTheStretches() {
        List<float[]> m = ProfileMoves.of(ramp(), 2, new double[]{1.4});
        assertEquals(6, m.size());
        assertArrayEquals(new float[]{2, 3, 4, 5, 6, 7, 8, 9, 10, 10}, weights(m.get(0)));
        assertArrayEquals(new float[]{1, 1, 2, 3, 4, 5, 6, 7, 8, 9}, weights(m.get(1)));
        assertArrayEquals(new float[]{3, 4, 5, 6, 7, 8, 9, 10, 10, 10}, weights(m.get(2)));
        assertArrayEquals(new float[]{1, 1, 1, 2, 3, 4, 5, 6, 7, 8}, weights(m.get(3)));
        assertEquals(560, m.get(4)[LabelLayout.THICKNESS_NM], 1e-3);
        assertEquals(560, m.get(5)[LabelLayout.THICKNESS_NM], 1e-3);
        List<float[]> stretchesOnly = ProfileMoves.of(ramp(), 0, new double[]{0.7, 1.4});
        assertEquals(4, stretchesOnly.size());
        assertEquals(280, stretchesOnly.get(0)[LabelLayout.THICKNESS_NM], 1e-3);
        assertEquals(6, ProfileMoves.of(ramp(), new double[]{0.8, 1.25}).size());
    }

    @Test
    void aSearchIsChecked() {
        ProfileMoves.Search s = ProfileMoves.Search.rounds(2);
        assertEquals(2, s.rounds());
        assertEquals(1, s.fits());
        assertEquals(1, s.shifts());
        assertArrayEquals(ProfileMoves.STRETCH_FACTORS, s.stretches());
        double[] f = {0.7, 1.4};
        ProfileMoves.Search t = new ProfileMoves.Search(1, 5, 2, f);
        f[0] = 3;
        assertEquals(0.7, t.stretches()[0], "the factors are copied");
        assertThrows(IllegalArgumentException.class, () -> new ProfileMoves.Search(-1, 1, 1, f));
        assertThrows(IllegalArgumentException.class, () -> new ProfileMoves.Search(1, 0, 1, f));
        assertThrows(IllegalArgumentException.class, () -> new ProfileMoves.Search(1, 1, 10, f));
        assertThrows(IllegalArgumentException.class, () -> new ProfileMoves.Search(1, 1, 0, new double[0]));
        assertThrows(IllegalArgumentException.class, () -> new ProfileMoves.Search(1, 1, 1, new double[]{1}));
        assertThrows(IllegalArgumentException.class, () -> ProfileMoves.of(ramp(), -1, f));
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ProfileMoves.of(new float[3], new double[]{0.8}));
        assertThrows(IllegalArgumentException.class, () -> ProfileMoves.of(ramp(), new double[]{1}));
        assertThrows(IllegalArgumentException.class, () -> ProfileMoves.of(ramp(), new double[]{-2}));
    }
}
