package strainlab.dataset;

/**
 * A transform applied to each example's labels as batches are assembled, e.g. the CNN's min–max normaliser
 * ({@code normaliser::normaliseInPlace}). Must be thread-safe and must not change the number of labels.
 */
@FunctionalInterface
public interface LabelTransform {
    /** Transforms the {@code labelCount} labels at {@code labels[offset..]} in place. */
    void applyInPlace(float[] labels, int offset);

    /** Leaves the labels unchanged. */
    LabelTransform IDENTITY = (labels, offset) -> { };
}
