package strainlab.nanobeam.net;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import strainlab.nanobeam.sim.NanobeamLibrary;
import strainlab.nanobeam.sim.NanobeamSimulator;
import strainlab.nanobeam.sim.ParameterGrid;

/** Test networks with realistic, seeded weights, and realistic inputs, for the inference engines' agreement tests. */
final class HeNets {
    private HeNets() {
    }

    /**
     * A CPU net with He-normal weights and small positive biases (so that activations neither vanish nor all clip and
     * the outputs are O(1)); seed {@code seed}.
     */
    static NanobeamNet heNet(long seed) {
        NanobeamNet net = NanobeamNet.create(Device.cpu(),
                NanobeamModelInfo.untrained(ParameterGrid.cube(5), 7, seed, 1));
        SplittableRandom rng = new SplittableRandom(seed);
        for (Pair<String, Parameter> p : net.block().getParameters()) {
            NDArray arr = p.getValue().getArray();
            long[] shape = arr.getShape().getShape();
            float[] v = new float[Math.toIntExact(arr.getShape().size())];
            boolean weight = p.getValue().getType() == Parameter.Type.WEIGHT;
            double sd = weight ? Math.sqrt(2.0 / (v.length / shape[0])) : 0;
            for (int i = 0; i < v.length; i++) {
                double gauss = Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
                v[i] = weight ? (float) (sd * gauss) : (float) (0.05 * rng.nextDouble());
            }
            arr.set(FloatBuffer.wrap(v));
        }
        return net;
    }

    /**
     * The 125 patterns of the 5³ paper-simulator library with Poisson noise (library maximum 7 counts, mostly zeros,
     * as measured), noise seed {@code noiseSeed}; 64×64 floats each, concatenated.
     */
    static float[] noisyPatterns(long noiseSeed) {
        NanobeamLibrary library = NanobeamLibrary.create(NanobeamSimulator.paper(), ParameterGrid.cube(5), 7, 2);
        return library.materialise(noiseSeed, true, 2, null).images();
    }
}
