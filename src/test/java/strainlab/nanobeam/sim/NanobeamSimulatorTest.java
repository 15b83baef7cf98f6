package strainlab.nanobeam.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NanobeamSimulatorTest {
    private static final NanobeamSimulator SIM = NanobeamSimulator.paper();
    private static final int N = 64;

    /** {mean row, mean column, weight} of the intensity (or of the nonzero support). */
    private static double[] centroid(double[] img, boolean support) {
        double sr = 0;
        double sc = 0;
        double w = 0;
        for (int r = 0; r < N; r++) {
            for (int c = 0; c < N; c++) {
                double v = img[r * N + c];
                double x = support ? (v > 0 ? 1 : 0) : v;
                sr += x * r;
                sc += x * c;
                w += x;
            }
        }
        return new double[] {sr / w, sc / w, w};
    }

    private static boolean[] support(double[] img) {
        boolean[] s = new boolean[img.length];
        for (int i = 0; i < img.length; i++) {
            s[i] = img[i] > 0;
        }
        return s;
    }

    @Test
    void imageIsA64x64RingSymmetricAboutTheScatteringPlane() {
        double[] img = SIM.simulate(LatticeState.zero());
        assertEquals(4096, img.length);
        double[] s = centroid(img, true);
        assertEquals(31.5, s[0], 1e-12, "ring centred in rows");
        assertEquals(31.5, s[1], 1e-12, "ring centred in columns");
        // the central stop leaves a hole: the image centre is dark, the annulus bright
        assertEquals(0.0, img[31 * N + 31]);
        assertTrue(img[31 * N + 10] > 0, "annulus reaches 21 pixels left of centre");
        for (int r = 0; r < N; r++) {
            for (int c = 0; c < N; c++) {
                assertEquals(img[r * N + c], img[(N - 1 - r) * N + c], 0.0, "mirror symmetry of rows at χ = 0");
            }
        }
    }

    @Test
    void outOfPlaneTiltSignFlipsTheRowsExactly() {
        double[] plus = SIM.simulate(new LatticeState(0.002, 0.01, 0.06));
        double[] minus = SIM.simulate(new LatticeState(0.002, 0.01, -0.06));
        for (int r = 0; r < N; r++) {
            for (int c = 0; c < N; c++) {
                assertEquals(plus[r * N + c], minus[(N - 1 - r) * N + c], 0.0);
            }
        }
    }

    @Test
    void strainMovesIntensityAlong2ThetaWithinAFixedRing() {
        boolean[] ring = support(SIM.simulate(LatticeState.zero()));
        double previous = Double.POSITIVE_INFINITY;
        for (double e : new double[] {-0.005, -0.0025, 0, 0.0025, 0.005}) {
            double[] img = SIM.simulate(new LatticeState(e, 0, 0));
            assertArrayEquals(ring, support(img), "strain must not move the ring, e = " + e);
            double[] c = centroid(img, false);
            assertEquals(31.5, c[0], 1e-9, "no vertical shift");
            assertTrue(c[1] < previous - 3, "expansion moves intensity to lower 2θ (lower column), e = " + e);
            previous = c[1];
        }
    }

    @Test
    void tiltsMoveTheRingByTheReflectedBeamDeflection() {
        NanobeamInstrument in = NanobeamInstrument.paper();
        FilmSample film = FilmSample.paper();
        double pixelRad = in.effectivePixelM() / in.detectorDistanceM();
        double sinBragg = in.wavelengthA() * film.reflectionL() / 2 / film.latticeConstantA();
        double[] s0 = centroid(SIM.simulate(LatticeState.zero()), true);
        for (double w : new double[] {-0.02, 0.02}) {
            double[] s = centroid(SIM.simulate(new LatticeState(0, w, 0)), true);
            // mirror reflection: an in-plane rotation ω deflects the reflected beam by 2ω towards lower 2θ for ω > 0
            double expected = -2 * Math.toRadians(w) / pixelRad;
            assertEquals(expected, s[1] - s0[1], 0.6, "column shift for ω = " + w);
            assertEquals(0, s[0] - s0[0], 1e-9);
        }
        for (double chi : new double[] {-0.04, 0.04}) {
            double[] s = centroid(SIM.simulate(new LatticeState(0, 0, chi)), true);
            // an out-of-plane rotation χ deflects the reflected beam by 2χ·sinθB, upwards (lower row) for χ > 0
            double expected = -2 * Math.toRadians(chi) * sinBragg / pixelRad;
            assertEquals(expected, s[0] - s0[0], 0.4, "row shift for χ = " + chi);
            assertEquals(0, s[1] - s0[1], 1e-9);
        }
    }

    /** Local minima of the column profile (sum over rows) inside the ring. */
    private static List<Integer> profileMinima(double[] img) {
        double[] prof = new double[N];
        for (int r = 0; r < N; r++) {
            for (int c = 0; c < N; c++) {
                prof[c] += img[r * N + c];
            }
        }
        List<Integer> minima = new ArrayList<>();
        for (int c = 1; c < N - 1; c++) {
            if (prof[c] > 0 && prof[c] < prof[c - 1] && prof[c] < prof[c + 1]) {
                minima.add(c);
            }
        }
        return minima;
    }

    @Test
    void fringePeriodFollowsTheThickness() {
        NanobeamInstrument in = NanobeamInstrument.paper();
        double k = 2 * Math.PI / in.wavelengthA();
        double bragg = Math.asin(in.wavelengthA() * 2 / 2 / 4.013);
        // along the ring, in-plane momentum is conserved, so one column changes Qz by 2K·cosθB·(pixel/distance)
        double qzPerColumn = 2 * k * Math.cos(bragg) * in.effectivePixelM() / in.detectorDistanceM();
        for (double t : new double[] {300, 600}) {
            NanobeamSimulator sim = new NanobeamSimulator(in, FilmSample.paper().withThicknessA(t),
                    TiltConvention.PUBLISHED_LIBRARY);
            List<Integer> minima = profileMinima(sim.simulate(LatticeState.zero()));
            double period = 2 * Math.PI / t / qzPerColumn;
            assertTrue(minima.size() >= 2, "fringe minima seen for t = " + t + ": " + minima);
            for (int q = 1; q < minima.size(); q++) {
                double gap = minima.get(q) - minima.get(q - 1);
                long periods = Math.max(1, Math.round(gap / period));
                assertEquals(periods * period, gap, 1.5, "t = " + t + " Å, minima " + minima + ", period " + period);
            }
        }
    }

    @Test
    void sincOfZeroIsExactlyOne() {
        assertEquals(1.0, NanobeamSimulator.sincSquared(0.0), 0.0);
        assertEquals(1.0, NanobeamSimulator.sincSquared(-0.0), 0.0);
        assertTrue(NanobeamSimulator.sincSquared(1.0) < 1e-30, "first zero of the normalised sinc");
        assertEquals(4 / (Math.PI * Math.PI), NanobeamSimulator.sincSquared(0.5), 1e-15);
    }

    @Test
    void deterministicAndThreadSafe() throws Exception {
        LatticeState s = new LatticeState(-0.0031, 0.0125, -0.045);
        double[] a = SIM.simulate(s);
        double[][] fromThreads = new double[4][];
        Thread[] threads = new Thread[4];
        for (int i = 0; i < 4; i++) {
            int q = i;
            threads[i] = new Thread(() -> fromThreads[q] = SIM.simulate(s));
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (double[] b : fromThreads) {
            assertArrayEquals(a, b, 0.0);
        }
    }

    @Test
    void correctedTiltConventionDiffersOnlyAtWindowEdges() {
        NanobeamSimulator corrected = new NanobeamSimulator(NanobeamInstrument.paper(), FilmSample.paper(),
                TiltConvention.CORRECTED);
        // identical without strain or without tilt
        assertArrayEquals(SIM.simulate(new LatticeState(0, 0.05, 0.1)), corrected.simulate(new LatticeState(0, 0.05, 0.1)), 0.0);
        assertArrayEquals(SIM.simulate(new LatticeState(0.005, 0, 0)), corrected.simulate(new LatticeState(0.005, 0, 0)), 0.0);
        double worst = 0;
        int changed = 0;
        for (double e : new double[] {-0.005, 0.005}) {
            for (double w : new double[] {-0.05, 0.05}) {
                LatticeState s = new LatticeState(e, w, 0.1);
                double[] p = SIM.simulate(s);
                double[] q = corrected.simulate(s);
                double diff = 0;
                double norm = 0;
                for (int i = 0; i < p.length; i++) {
                    diff += Math.abs(p[i] - q[i]);
                    norm += p[i];
                    if (p[i] != q[i]) {
                        changed++;
                    }
                }
                worst = Math.max(worst, diff / norm);
            }
        }
        System.out.printf("published vs corrected tilt term at the range corners: max relative L1 difference %.5f, "
                + "%d pixels changed over 4 images%n", worst, changed);
        assertTrue(changed > 0, "the 1/(1+e) factor flips some window decisions");
        assertTrue(worst < 0.02, "but changes the image by < 2 % (L1), got " + worst);
    }

    @Test
    void badParametersAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LatticeState(0.7, 0, 0));
        assertTrue(e.getMessage().contains("strain"));
        e = assertThrows(IllegalArgumentException.class, () -> NanobeamInstrument.paper().withOptics(70, 77));
        assertTrue(e.getMessage().contains("centralStopDiameterUm"));
        e = assertThrows(IllegalArgumentException.class, () -> new FilmSample(-1, 4.013, 2));
        assertTrue(e.getMessage().contains("thicknessA"));
        e = assertThrows(IllegalArgumentException.class, () -> ParameterGrid.paper().requireInside(new LatticeState(0, 0.2, 0)));
        assertTrue(e.getMessage().contains("tilt_lr_deg") && e.getMessage().contains("outside"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SIM.simulateInto(LatticeState.zero(), new double[100]));
    }

    @Test
    void detectorUpsamplingAveragesSubPixels() {
        NanobeamSimulator up = new NanobeamSimulator(NanobeamInstrument.paper().withUpsampling(2, 2), FilmSample.paper(),
                TiltConvention.PUBLISHED_LIBRARY);
        double[] a = up.simulate(LatticeState.zero());
        double[] b = SIM.simulate(LatticeState.zero());
        assertEquals(4096, a.length);
        // same physics, finer sampling: the ring sits at the same place and the images correlate strongly
        double[] ca = centroid(a, false);
        double[] cb = centroid(b, false);
        assertEquals(cb[1], ca[1], 0.5);
        assertEquals(cb[0], ca[0], 1e-9);
        assertNotEquals(0, ca[2]);
    }
}
