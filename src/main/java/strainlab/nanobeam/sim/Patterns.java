package strainlab.nanobeam.sim;

/** Checks of measured or simulated detector patterns before analysis. */
public final class Patterns {
    private Patterns() {
    }

    /**
     * Checks that {@code images} holds whole {@code side×side} patterns of finite, non-negative counts and returns
     * the number of patterns; the error names the pattern and pixel (row, column) at fault.
     */
    public static int requireValid(float[] images, int side) {
        int len = side * side;
        if (images == null || images.length == 0 || images.length % len != 0) {
            throw new IllegalArgumentException("pattern data has " + (images == null ? 0 : images.length)
                    + " values; expected a whole number of " + side + "x" + side + " = " + len + "-pixel images");
        }
        for (int i = 0; i < images.length; i++) {
            float v = images[i];
            if (!(v >= 0) || Float.isInfinite(v)) {
                int p = i / len;
                int q = i % len;
                throw new IllegalArgumentException("pattern " + p + ", pixel (row " + q / side + ", column " + q % side
                        + "): " + (Float.isNaN(v) ? "NaN" : v < 0 ? "negative count " + v : "infinite value")
                        + "; counts must be finite and >= 0");
            }
        }
        return images.length / len;
    }

    /** Converts a double image to float32. */
    public static float[] toFloat(double[] image) {
        float[] out = new float[image.length];
        for (int i = 0; i < image.length; i++) {
            out[i] = (float) image[i];
        }
        return out;
    }
}
