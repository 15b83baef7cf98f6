package strainlab.dataset;

import java.util.List;

/**
 * A deterministic source of labelled training examples: example {@code index} of the set drawn with
 * {@code seed} depends only on (seed, index), never on the thread or on the order of calls. Implemented by
 * the XRD training recipes ({@code strainlab.dataset.recipe}) and by the nanobeam library.
 * Implementations must be safe to call from many threads at once.
 */
public interface CurveSource {
    /** Number of float32 inputs per example (1001 or 401 for XRD curves, 4096 for 64×64 images). */
    int inputLength();

    /** Label names in storage order (e.g. w1..w10, scale_dw, t_nm, fwhm_deg, dr). */
    List<String> labelNames();

    /** Fills {@code input} and {@code labels} with example {@code index} of the set drawn with {@code seed}. */
    void generate(long seed, long index, float[] input, float[] labels);

    /** The network-input grid (e.g. x values of the rescaled curve), stored in the manifest; may be empty. */
    default double[] inputGrid() {
        return new double[0];
    }

    /** A JSON-friendly description of the recipe (preset, ranges, material...), stored in the manifest. */
    default java.util.Map<String, Object> describe() {
        return java.util.Map.of();
    }
}
