package strainlab.diffraction;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Assumptions;
import strainlab.crystal.DiffractionSetup;
import strainlab.crystal.StructureFactors;
import strainlab.profile.SplineConvention;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A RaDMaX reference case read from {@code ../shared/data/reference/<name>.json} (skips when absent). */
public record ReferenceCase(String name, JsonObject inputs, JsonObject outputs) {

    public static final Path REFERENCE_DIR = Path.of("..", "shared", "data", "reference");

    public static ReferenceCase load(String name) throws IOException {
        Path p = REFERENCE_DIR.resolve(name + ".json");
        Assumptions.assumeTrue(Files.isRegularFile(p), "reference data absent: " + p.toAbsolutePath()
                + " (the ../shared folder beside the project); skipping");
        JsonObject root = JsonParser.parseString(Files.readString(p)).getAsJsonObject();
        return new ReferenceCase(name, root.getAsJsonObject("inputs"), root.getAsJsonObject("outputs"));
    }

    public static double[] array(JsonObject o, String key) {
        JsonArray a = o.getAsJsonArray(key);
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsDouble();
        }
        return v;
    }

    public double[] input(String key) {
        return array(inputs, key);
    }

    public double[] output(String key) {
        return array(outputs, key);
    }

    public double scalar(String key) {
        return inputs.get(key).getAsDouble();
    }

    public DiffractionSetup setup() {
        return new DiffractionSetup(scalar("wavelength_A"), scalar("d_hkl_A"), scalar("unit_cell_volume_A3"),
                StructureFactors.of(input("F0"), input("FH"), input("FmH")));
    }

    public SplineConvention convention() {
        return SplineConvention.parse(inputs.get("spline_convention").getAsString());
    }

    public int lamellae() {
        return inputs.get("n_lamellae").getAsInt();
    }

    public double thicknessA() {
        return scalar("thickness_A");
    }

    public double[] thetaRad() {
        return array(inputs.getAsJsonObject("theta_grid"), "theta_rad");
    }

    public JsonObject resolution() {
        return inputs.getAsJsonObject("resolution");
    }
}
