package strainlab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import strainlab.crystal.Lattice;

class ReadersTest {
    static Path resource(String rel) {
        try {
            return Path.of(ReadersTest.class.getResource("/strainlab/io/" + rel).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path shared(String rel) {
        Path p = Path.of("..", "shared").resolve(rel);
        Assumptions.assumeTrue(Files.exists(p), "../shared/" + rel + " is absent: skipping the measured-data check");
        return p;
    }

    @Test
    void textWithBomCrlfTabsHeaderAndInlineComment() throws IOException {
        MeasuredScan s = TextScanReader.read(resource("valid/crlf-tabs-header.txt"));
        assertEquals(ScanAxis.TWO_THETA_DEG, s.axis());
        assertArrayEquals(new double[]{72.10, 72.12, 72.14, 72.16}, s.axisValues());
        assertArrayEquals(new double[]{10, 11, 12, 0}, s.intensity());
        assertEquals("crlf-tabs-header.txt", s.source());
        assertFalse(s.hasWavelength());
        assertEquals(Math.toRadians(72.10) / 2, s.thetaRad()[0], 1e-15);
        // zero counts are floored at half the smallest positive value for log10
        assertEquals(5.0 / 12.0, s.normalisedIntensity()[3], 1e-15);
    }

    @Test
    void thetaColumnNameAndCommas() throws IOException {
        MeasuredScan s = TextScanReader.read(resource("valid/theta-commas.txt"));
        assertEquals(ScanAxis.THETA_DEG, s.axis());
        assertEquals(125.0, s.intensity()[2]);
        assertEquals(Math.toRadians(36.05), s.thetaRad()[0], 1e-15);
        assertEquals(72.10, s.twoThetaDeg()[0], 1e-12);
    }

    @Test
    void qAxisUsesTheHeaderWavelength() throws IOException {
        MeasuredScan s = TextScanReader.read(resource("valid/q-with-wavelength.txt"));
        assertEquals(ScanAxis.Q_PER_A, s.axis());
        assertEquals(1.5406, s.wavelengthA());
        double theta = s.thetaRad()[0];
        assertEquals(5.10, 4 * Math.PI * Math.sin(theta) / 1.5406, 1e-12);
    }

    @Test
    void callerUnitMustAgreeWithHeader() {
        ScanFormatException e = assertThrows(ScanFormatException.class,
                () -> TextScanReader.read(resource("valid/theta-commas.txt"), ScanAxis.TWO_THETA_DEG));
        assertTrue(e.getMessage().startsWith("theta-commas.txt line 1: header says"), e.getMessage());
    }

    @Test
    void callerUnitAppliesWithoutHeader() throws IOException {
        MeasuredScan s = TextScanReader.parse("mem", "36.0 1\n36.1 2\n36.2 3\n", ScanAxis.THETA_DEG);
        assertEquals(ScanAxis.THETA_DEG, s.axis());
    }

    @Test
    void xrdmlStartEndWithAttenuatorAndCountingTime() throws IOException {
        MeasuredScan s = XrdmlReader.read(resource("valid/small-startend.xrdml"));
        assertEquals(ScanAxis.TWO_THETA_DEG, s.axis());
        assertArrayEquals(new double[]{72.0, 72.5, 73.0, 73.5, 74.0}, s.axisValues(), 1e-12);
        assertArrayEquals(new double[]{5, 20, 25000, 30, 4}, s.intensity(), 1e-12);
        assertEquals("counts/s", s.intensityUnit());
        assertEquals(1.5405980, s.wavelengthA());
        assertEquals(2, s.peakIndex());
    }

    @Test
    void xrdmlListPositionsDescendingWithCountingTimes() throws IOException {
        MeasuredScan s = XrdmlReader.read(resource("valid/list-descending.xrdml"));
        assertArrayEquals(new double[]{72.5, 73.0, 73.5, 74.0}, s.axisValues(), 1e-12);
        assertArrayEquals(new double[]{10, 10, 10, 10}, s.intensity(), 1e-12);
        assertEquals(1.5406, s.wavelengthA());
    }

    @Test
    void measuredYszAndSicScans() throws IOException {
        MeasuredScan ysz = TextScanReader.read(shared("data/measured/ysz-400/YSZ-XRD.txt"));
        assertEquals(501, ysz.size());
        assertEquals(72.788, ysz.axisValues()[0]);
        assertEquals(1093.27, ysz.maxIntensity(), 1e-9);
        MeasuredScan sic = TextScanReader.read(shared("data/measured/sic-3c-400/SiC-XRD.txt"));
        assertEquals(301, sic.size());
        assertEquals(88.4977, sic.axisValues()[0]);
    }

    @Test
    void radmaxYszProjectMatchesTheReferenceInputs() throws IOException {
        RadmaxProject p = RadmaxProject.read(shared("data/measured/ysz-400/test.ini"));
        JsonObject ref = referenceInputs("RaDMaX_YSZ.json");
        assertEquals("ZrO2", p.crystalName());
        assertEquals(ref.get("wavelength_A").getAsDouble(), p.wavelengthA());
        assertArrayEquals(new int[]{4, 0, 0}, p.hkl());
        assertEquals(ref.get("d_hkl_A").getAsDouble(), p.dSpacingA(), 1e-12);
        assertEquals(ref.get("unit_cell_volume_A3").getAsDouble(), p.unitCellVolumeA3(), 1e-9);
        assertEquals(ref.get("bragg_angle_rad").getAsDouble(), p.braggAngleRad(), 1e-14);
        assertEquals(ref.get("thickness_A").getAsDouble(), p.damagedDepthA());
        assertEquals(ref.get("n_lamellae").getAsInt(), p.numberSlices());
        assertEquals(ref.getAsJsonObject("resolution").get("fwhm_theta_rad").getAsDouble(),
                p.resolutionFwhmThetaRad(), 1e-18);
        assertEquals(ref.getAsJsonObject("resolution").get("eta").getAsDouble(), p.resolutionEta());
        assertEquals(ref.get("background").getAsDouble(), p.backgroundRelative());
        assertEquals("smooth", p.splineConvention());
        assertArrayEquals(doubles(ref, "strain_weights_percent"), p.strainWeightsPercent());
        assertArrayEquals(doubles(ref, "DW_weights"), p.dwWeights());
        assertEquals(501, p.scan().size());
        assertEquals(1.5406, p.scan().wavelengthA());
        assertArrayEquals(new double[]{0, 1}, p.strainBoundsPercent());
    }

    @Test
    void radmaxSicProjectUsesResolutionAndShapeKeys() throws IOException {
        RadmaxProject p = RadmaxProject.read(shared("data/measured/sic-3c-400/test.ini"));
        JsonObject ref = referenceInputs("RaDMaX_SiC-3C.json");
        assertEquals(0.018, p.resolutionFwhmThetaDeg());
        assertEquals(0.0007, p.resolutionEta());
        assertEquals(ref.get("d_hkl_A").getAsDouble(), p.dSpacingA(), 1e-12);
        assertArrayEquals(doubles(ref, "strain_weights_percent"), p.strainWeightsPercent());
        assertArrayEquals(doubles(ref, "DW_weights"), p.dwWeights());
        assertEquals(301, p.scan().size());
    }

    @Test
    void dSpacingOfANonCubicCell() {
        // hexagonal a = 3.0, c = 5.0: d(100) = a·√3/2, d(001) = c
        Lattice cell = new Lattice(3.0, 3.0, 5.0, 90, 90, 120);
        assertEquals(3.0 * Math.sqrt(3) / 2, cell.dSpacingA(1, 0, 0), 1e-12);
        assertEquals(5.0, cell.dSpacingA(0, 0, 1), 1e-12);
        assertEquals(9 * Math.sqrt(3) / 2 * 5, cell.volumeA3(), 1e-9);
    }

    static JsonObject referenceInputs(String name) throws IOException {
        try (Reader r = Files.newBufferedReader(shared("data/reference/" + name))) {
            return JsonParser.parseReader(r).getAsJsonObject().getAsJsonObject("inputs");
        }
    }

    static double[] doubles(JsonObject o, String key) {
        var a = o.getAsJsonArray(key);
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsDouble();
        }
        return v;
    }
}
