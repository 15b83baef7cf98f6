package strainlab.nanobeam.maps;

/**
 * What a beamline shows during a scan without any model (NanobeamNN's figure S5): per map pixel, the integrated
 * intensity of the detector pattern and the centre of mass of its intensity along the detector columns (2θ) and
 * rows, in detector pixels.
 *
 * @param intensity integrated counts per map pixel
 * @param centreColumn centre of mass along the detector columns (pixels from the left edge); NaN for an empty pattern
 * @param centreRow centre of mass along the detector rows (pixels from the top edge); NaN for an empty pattern
 */
public record DetectorMoments(double[] intensity, double[] centreColumn, double[] centreRow) {
    /**
     * The moments of {@code count} square row-major patterns stored one after another in {@code patterns}.
     *
     * @throws IllegalArgumentException when the patterns are not {@code count} squares
     */
    public static DetectorMoments of(float[] patterns, int count) {
        if (count < 1 || patterns.length % count != 0) {
            throw new IllegalArgumentException(patterns.length + " values are not " + count + " patterns");
        }
        int len = patterns.length / count;
        int side = (int) Math.round(Math.sqrt(len));
        if (side * side != len) {
            throw new IllegalArgumentException("a pattern of " + len + " values is not square");
        }
        double[] sum = new double[count];
        double[] col = new double[count];
        double[] row = new double[count];
        for (int p = 0; p < count; p++) {
            double s = 0;
            double sc = 0;
            double sr = 0;
            for (int i = 0; i < len; i++) {
                double v = patterns[p * len + i];
                s += v;
                sc += v * (i % side);
                sr += v * (i / side);
            }
            sum[p] = s;
            col[p] = s > 0 ? sc / s : Double.NaN;
            row[p] = s > 0 ? sr / s : Double.NaN;
        }
        return new DetectorMoments(sum, col, row);
    }

    /** Moments of the scan patterns of a map result. */
    public static DetectorMoments of(MapResult r) {
        return of(r.patterns(), r.width() * r.width());
    }
}
