package strainlab.training;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An optimizer that updates trainable parameters packed into one {@link FlatParameters} buffer with one fused call
 * per step ({@link AdamKernel}), whatever the number of parameter tensors, with a learning rate that a
 * {@link LearningRateSchedule} sets per epoch and a state that a checkpoint saves and restores by parameter name.
 * Two kinds ({@link Kind}): {@link KerasRmsProp}, the paper's, and {@link AdamW}.
 */
public interface FlatOptimizer {

    /** The optimizers a training run may use. */
    enum Kind {
        /** {@link KerasRmsProp}, the paper's (also what a record without an optimizer means). */
        RMSPROP,
        /** {@link AdamW}: Adam with decoupled weight decay. */
        ADAMW;

        /** The kind named {@code text} ({@code rmsprop} or {@code adamw}, any case). */
        public static Kind parse(String text) {
            for (Kind k : values()) {
                if (k.label().equalsIgnoreCase(text == null ? "" : text.strip())) {
                    return k;
                }
            }
            throw new IllegalArgumentException("optimizer must be rmsprop or adamw, got '" + text + "'");
        }

        /** The name used on the command line and in messages. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The optimizer that {@code options} ask for, at their initial learning rate. */
    static FlatOptimizer of(TrainingOptions options) {
        float lr = (float) options.learningRate();
        return switch (options.optimizer()) {
            case RMSPROP -> KerasRmsProp.builder().optLearningRate(lr).build();
            case ADAMW -> AdamW.builder().optLearningRate(lr).optWeightDecay((float) options.weightDecay()).build();
        };
    }

    /** Which optimizer this is. */
    Kind kind();

    /** The learning rate in force. */
    float learningRate();

    /** Sets the learning rate of the next updates (positive and finite). */
    void setLearningRate(float lr);

    /**
     * {@code lr}, checked: a learning rate must be positive and finite.
     *
     * @throws IllegalArgumentException otherwise
     */
    static float checkedLearningRate(float lr) {
        if (!(lr > 0) || Float.isInfinite(lr)) {
            throw new IllegalArgumentException("learningRate must be positive and finite, got " + lr);
        }
        return lr;
    }

    /**
     * The buffer of {@code parameters} for {@link #update(FlatParameters)}: packed by {@link FlatParameters#pack} on
     * the first call, the same buffer for the same list (same parameters, same order) afterwards. Call before the
     * parameters' first forward pass.
     */
    FlatParameters pack(List<Parameter> parameters);

    /** Updates every parameter of the buffer from its gradient in one fused call and zeroes that gradient. */
    void update(FlatParameters parameters);

    /** Writes the learning rate, settings and accumulators, keyed by parameter name ({@code idToName}). */
    void saveState(DataOutputStream out, Map<String, String> idToName) throws IOException;

    /**
     * Restores what {@link #saveState} wrote; {@code nameToId} maps names to the current block's parameter ids, and
     * the accumulators are created on {@code manager} (which must outlive training). Call before packing.
     */
    void loadState(DataInputStream in, Map<String, String> nameToId, NDManager manager) throws IOException;
}
