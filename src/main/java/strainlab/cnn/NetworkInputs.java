package strainlab.cnn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import strainlab.crystal.DiffractionSetup;
import strainlab.dataset.recipe.ParameterRanges;
import strainlab.instrument.NetworkGrid;
import strainlab.io.MeasuredScan;
import strainlab.io.TextScanReader;

/**
 * Reads a curve file into a network input for a {@link TrainedModel}:
 * <ul>
 *   <li>a rescaled log10 curve already on the model grid: one column of {@code inputLength} values, or two
 *       columns (x, log10 I/Imax) whose x column is the model grid;</li>
 *   <li>otherwise a scan (2θ/θ/Q and intensity, any format {@link TextScanReader} reads, e.g. a simulated-curve
 *       CSV): it is rescaled onto the model grid with the paper's rule ({@link NetworkGrid#rescaleLog10}) using the
 *       Bragg angle and d-spacing of the model's preset (wavelength from the file, else the preset's).</li>
 * </ul>
 */
public final class NetworkInputs {
    private NetworkInputs() {
    }

    /** The network input read from {@code file} for {@code model}; errors name the file and the problem. */
    public static float[] read(Path file, TrainedModel model) throws IOException {
        return read(file, model.inputLength(), model.inputGrid(), model.preset());
    }

    /**
     * The network input read from {@code file} for a network of {@code inputLength} inputs on {@code grid}
     * (may be empty), trained on the recipe {@code preset} (gives the reflection used to rescale a scan).
     */
    public static float[] read(Path file, int inputLength, double[] grid, String preset) throws IOException {
        List<double[]> rows = numericRows(file);
        int n = inputLength;
        if (rows.size() == n && rows.stream().allMatch(r -> r.length == 1)) {
            return column(rows, 0);
        }
        if (rows.size() == n && rows.stream().allMatch(r -> r.length >= 2) && grid.length == n
                && matchesGrid(rows, grid)) {
            return column(rows, 1);
        }
        return rescaleScan(file, inputLength, preset);
    }

    private static float[] rescaleScan(Path file, int inputLength, String preset) throws IOException {
        ParameterRanges ranges;
        try {
            ranges = ParameterRanges.preset(preset);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": not a rescaled curve of " + inputLength + " values on the model "
                    + "grid, and the model's preset '" + preset + "' does not say which reflection to rescale a "
                    + "scan with");
        }
        DiffractionSetup setup = ranges.setup();
        MeasuredScan scan = TextScanReader.read(file);
        double lambda = scan.hasWavelength() ? scan.wavelengthA() : setup.wavelengthA();
        double[] theta = scan.thetaRad(lambda);
        double[] rescaled = NetworkGrid.ofPoints(inputLength)
                .rescaleLog10(theta, scan.intensity(), setup.braggAngleRad(), setup.dSpacingA());
        float[] out = new float[rescaled.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) rescaled[i];
        }
        return out;
    }

    private static boolean matchesGrid(List<double[]> rows, double[] grid) {
        for (int i = 0; i < grid.length; i++) {
            if (Math.abs(rows.get(i)[0] - grid[i]) > 1e-6 * Math.max(1, Math.abs(grid[i]))) {
                return false;
            }
        }
        return true;
    }

    private static float[] column(List<double[]> rows, int c) {
        float[] v = new float[rows.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rows.get(i)[c];
        }
        return v;
    }

    /** Rows of numbers, skipping blank, comment (#, ;) and non-numeric header lines. */
    private static List<double[]> numericRows(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        List<double[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith(";")) {
                continue;
            }
            String[] f = t.split("[,;\\s]+");
            double[] r = new double[f.length];
            boolean numeric = true;
            for (int i = 0; i < f.length && numeric; i++) {
                try {
                    r[i] = Double.parseDouble(f[i]);
                } catch (NumberFormatException e) {
                    numeric = false;
                }
            }
            if (numeric) {
                rows.add(r);
            } else if (!rows.isEmpty()) {
                throw new IOException(file + ": non-numeric line after the data started: '" + t + "'");
            }
        }
        if (rows.isEmpty()) {
            throw new IOException(file + ": no numeric data");
        }
        return rows;
    }
}
