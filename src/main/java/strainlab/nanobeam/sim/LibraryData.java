package strainlab.nanobeam.sim;

/**
 * Images and labels of a library (or of any set of patterns) in memory: image i occupies
 * {@code images[i·inputLength .. (i+1)·inputLength)} (row-major), labels {@code labels[3i..3i+2]} =
 * {strain, tilt_lr_deg, tilt_ud_deg}.
 */
public record LibraryData(float[] images, float[] labels, int count, int inputLength) {
    public LibraryData {
        if (count < 0 || inputLength < 1) {
            throw new IllegalArgumentException("count must be >= 0 and inputLength >= 1");
        }
        if (images.length != (long) count * inputLength) {
            throw new IllegalArgumentException("images must have count*inputLength = " + (long) count * inputLength
                    + " values, got " + images.length);
        }
        if (labels.length != count * 3) {
            throw new IllegalArgumentException("labels must have 3*count = " + 3 * count + " values, got " + labels.length);
        }
    }

    /** A copy of image i. */
    public float[] image(int i) {
        float[] out = new float[inputLength];
        System.arraycopy(images, i * inputLength, out, 0, inputLength);
        return out;
    }

    /** The labels of example i. */
    public float[] label(int i) {
        return new float[] {labels[3 * i], labels[3 * i + 1], labels[3 * i + 2]};
    }

    /** The examples at the given indices, in that order. */
    public LibraryData subset(int[] indices) {
        float[] im = new float[indices.length * inputLength];
        float[] lab = new float[indices.length * 3];
        for (int q = 0; q < indices.length; q++) {
            int i = indices[q];
            System.arraycopy(images, i * inputLength, im, q * inputLength, inputLength);
            System.arraycopy(labels, 3 * i, lab, 3 * q, 3);
        }
        return new LibraryData(im, lab, indices.length, inputLength);
    }
}
