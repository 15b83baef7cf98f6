package strainlab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultFilesTest {
    @TempDir
    Path tmp;

    record Report(double sigmaI, String model, Map<String, Double> parameters) {
    }

    @Test
    void columnsRoundTripWithFullPrecision() throws IOException {
        LinkedHashMap<String, double[]> cols = new LinkedHashMap<>();
        cols.put("two_theta_deg", new double[]{72.788, 72.79});
        cols.put("I_obs", new double[]{0.1 + 0.2, 1e-300});
        Path f = tmp.resolve("sub/curves.csv");
        ResultFiles.writeColumns(f, cols);
        List<String> lines = Files.readAllLines(f);
        assertEquals(List.of("two_theta_deg,I_obs", "72.788,0.30000000000000004", "72.79,1.0E-300"), lines);
        assertNoTempFiles(f.getParent());
    }

    @Test
    void unequalColumnsAreRefused() {
        LinkedHashMap<String, double[]> cols = new LinkedHashMap<>();
        cols.put("a", new double[]{1, 2});
        cols.put("b", new double[]{1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResultFiles.writeColumns(tmp.resolve("x.csv"), cols));
        assertTrue(e.getMessage().contains("'b'"));
    }

    @Test
    void profilesAreWrittenFromTheSurfaceDown() throws IOException {
        Map<String, double[]> p = new LinkedHashMap<>();
        p.put("strain", new double[]{0.0, 0.01, 0.02}); // node order: interface .. surface
        p.put("dw", new double[]{1.0, 0.9, 0.8});
        Path f = tmp.resolve("profiles.csv");
        ResultFiles.writeProfiles(f, 100.0, p);
        List<String> lines = Files.readAllLines(f);
        assertEquals("depth_A_from_surface,z_A_from_interface,strain,dw", lines.get(0));
        assertEquals("0.0,100.0,0.02,0.8", lines.get(1));
        assertEquals("100.0,0.0,0.0,1.0", lines.get(3));
    }

    @Test
    void jsonReportOfARecord() throws IOException {
        Path f = tmp.resolve("report.json");
        ResultFiles.writeJson(f, new Report(0.12, "none", Map.of("thickness_nm", 199.8)));
        JsonObject o = JsonParser.parseString(Files.readString(f)).getAsJsonObject();
        assertEquals(0.12, o.get("sigmaI").getAsDouble());
        assertEquals(199.8, o.getAsJsonObject("parameters").get("thickness_nm").getAsDouble());
        // overwriting is atomic and leaves no temporary file behind
        ResultFiles.writeJson(f, new Report(0.2, "m", Map.of()));
        assertEquals(0.2, JsonParser.parseString(Files.readString(f)).getAsJsonObject().get("sigmaI").getAsDouble());
        assertNoTempFiles(tmp);
    }

    static void assertNoTempFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }
}
