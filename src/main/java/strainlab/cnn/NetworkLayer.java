package strainlab.cnn;

/**
 * One drawn layer of a network (the paper's figure 2): its kind, kernel and stride (1-D convolutions and pooling),
 * and the shape of its output for one curve.
 *
 * @param kind "input", "conv", "pool", "flatten" or "dense"
 * @param kernel kernel size in samples (0 where none)
 * @param stride stride in samples (0 where none)
 * @param channels output channels (filters, or units of a dense layer)
 * @param length output length in samples (1 for a dense layer)
 * @param parameters trainable parameters of the layer together with its batch normalisation (0 where none)
 */
public record NetworkLayer(String kind, int kernel, int stride, long channels, long length, long parameters) {
    /** A short label: "Conv1d k15 s2", "MaxPool 2", "Dense", "input". */
    public String label() {
        return switch (kind) {
            case "conv" -> "Conv1d k" + kernel + " s" + stride;
            case "pool" -> "MaxPool " + kernel;
            case "dense" -> "Dense";
            case "flatten" -> "Flatten";
            default -> kind;
        };
    }
}
