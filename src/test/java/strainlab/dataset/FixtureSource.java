package strainlab.dataset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deterministic example source for testing the storage layer (not physics): input k of example i is a
 * SplitMix64 hash of (seed, i, k) mapped to [0, 1); label j is {@code i + j/10} (exactly representable for
 * small i, so tests can check which example they read). {@code delayMicros} slows generation down (busy wait)
 * so a generator subprocess can be killed mid-run; it does not change the data or the description.
 */
public class FixtureSource implements CurveSource {
    private final int inputLength;
    private final int labelCount;
    private final long delayMicros;

    public FixtureSource(int inputLength, int labelCount, long delayMicros) {
        this.inputLength = inputLength;
        this.labelCount = labelCount;
        this.delayMicros = delayMicros;
    }

    public FixtureSource(int inputLength, int labelCount) {
        this(inputLength, labelCount, 0);
    }

    @Override
    public int inputLength() {
        return inputLength;
    }

    @Override
    public List<String> labelNames() {
        List<String> names = new ArrayList<>();
        for (int j = 0; j < labelCount; j++) {
            names.add("label" + j);
        }
        return names;
    }

    @Override
    public void generate(long seed, long index, float[] input, float[] labels) {
        long h = mix(seed * 0x9E3779B97F4A7C15L + index);
        for (int k = 0; k < inputLength; k++) {
            h = mix(h + k);
            input[k] = (h >>> 40) / (float) (1 << 24);
        }
        for (int j = 0; j < labelCount; j++) {
            labels[j] = index + j / 10f;
        }
        if (delayMicros > 0) {
            long until = System.nanoTime() + delayMicros * 1000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }
    }

    @Override
    public double[] inputGrid() {
        double[] g = new double[inputLength];
        for (int k = 0; k < inputLength; k++) {
            g[k] = 8 - 9.0 * k / Math.max(1, inputLength - 1);
        }
        return g;
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "fixture");
        m.put("inputLength", inputLength);
        m.put("labels", labelCount);
        m.put("range", List.of(0.0, 1.0));
        return m;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Subprocess entry: {@code OUT COUNT SHARD THREADS DELAY_MICROS} writes a fixture set of 101 inputs, 3 labels. */
    public static void main(String[] args) throws Exception {
        DatasetWriter.of(new FixtureSource(101, 3, Long.parseLong(args[4])))
                .seed(7).count(Long.parseLong(args[1])).shardSize(Integer.parseInt(args[2]))
                .threads(Integer.parseInt(args[3])).write(java.nio.file.Path.of(args[0]));
    }
}
