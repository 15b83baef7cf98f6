package strainlab.profile;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DepthProfilesTest {
    private static final double[] W = {0.2, 0.6, 1.0, 0.8, 0.5, 0.3, 0.2, 0.1, 0.05, 0.0};

    @Test
    void strainIsTheSplineInPercentDividedBy100() {
        DepthProfiles p = DepthProfiles.withTiedDw(4000, 500, W, SplineConvention.SMOOTH, 0.1);
        double[] s = BSplines.onNodes(W, SplineConvention.SMOOTH, 500);
        assertEquals(501, p.strain().length);
        for (int j = 0; j <= 500; j++) {
            assertEquals(s[j] / 100, p.strainAt(j), 1e-17);
        }
        assertEquals(400.0, p.thicknessNm(), 0);
        assertEquals(8.0, p.lamellaThicknessA(), 1e-12);
        assertEquals(4000.0, p.depthFromSurfaceA()[0], 0);
        assertEquals(0.0, p.depthFromSurfaceA()[500], 1e-12);
    }

    @Test
    void tiedDwReachesDwMinAtTheSignedMaximumAndOneWhereStrainVanishes() {
        DepthProfiles p = DepthProfiles.withTiedDw(4000, 500, W, SplineConvention.SMOOTH, 0.05);
        double min = 1;
        for (int j = 0; j <= 500; j++) {
            min = Math.min(min, p.dwAt(j));
            double r = p.strainAt(j) / p.maxStrain();
            assertEquals(Math.exp(Math.log(0.05) * r * r), p.dwAt(j), 1e-15);
        }
        assertEquals(0.05, min, 1e-12);
        assertEquals(1.0, p.dwAt(0), 0);
        // signed max: a compressive node larger in magnitude than the max gives DW below dwMin
        double[] dw = DepthProfiles.tiedDw(new double[]{0, 0.01, -0.02}, 0.5);
        assertEquals(0.5, dw[1], 1e-15);
        assertEquals(Math.pow(0.5, 4), dw[2], 1e-15);
        // scale_dw form
        assertEquals(dw[2], DepthProfiles.tiedDwScale(new double[]{0, 0.01, -0.02}, -Math.log(0.5))[2], 1e-15);
        // no strain anywhere: DW = 1, never NaN
        double[] flat = DepthProfiles.tiedDw(new double[]{0, 0, 0}, 0.001);
        for (double d : flat) {
            assertEquals(1.0, d);
        }
    }

    @Test
    void splineDwPadsWithOnes() {
        double[] dwW = {0.9, 0.7, 0.5, 0.6};
        DepthProfiles p = DepthProfiles.withSplineDw(1000, 60, W, dwW, SplineConvention.SMOOTH);
        assertEquals(1.0, p.dwAt(0), 1e-15);
        double[] pad = {1, 1, 1, 0.9, 0.7, 0.5, 0.6};
        double[] ref = BSplines.onNodes(pad, SplineConvention.ABRUPT, 60);
        for (int j = 0; j <= 60; j++) {
            assertEquals(ref[j], p.dwAt(j), 1e-15);
        }
    }

    @Test
    void invalidProfilesNameTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DepthProfiles(-1, new double[]{0}, new double[]{1}));
        assertTrue(e.getMessage().contains("thicknessA"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new DepthProfiles(10, new double[]{0, 0}, new double[]{1, 0}));
        assertTrue(e.getMessage().contains("dw[1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new DepthProfiles(10, new double[]{0, 0}, new double[]{1, 1.5}));
        assertTrue(e.getMessage().contains("dw[1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DepthProfiles.withTiedDw(100, 10, W, SplineConvention.SMOOTH, 0));
        assertTrue(e.getMessage().contains("dwMin"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new DepthProfiles(10, new double[]{0, Double.NaN}, new double[]{1, 1}));
        assertTrue(e.getMessage().contains("strain[1]"), e.getMessage());
    }

    @Test
    void arraysAreDefensivelyCopied() {
        double[] e = {0, 0.01};
        DepthProfiles p = new DepthProfiles(10, e, new double[]{1, 1});
        e[1] = 0.5;
        assertEquals(0.01, p.strainAt(1));
        p.strain()[1] = 0.7;
        assertEquals(0.01, p.strainAt(1));
    }
}
