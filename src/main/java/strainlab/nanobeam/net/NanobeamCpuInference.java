package strainlab.nanobeam.net;

import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import strainlab.nanobeam.sim.Patterns;

/**
 * The NanobeamNN forward pass on the CPU in float32 without DJL, on the Vector API, for inference only.
 * Immutable (a copy of the weights) and thread-safe; outputs equal DJL's up to float rounding order (~1e-6 relative).
 *
 * <p>Layout: the SIMD lanes hold {@link #LANES} patterns (a batch), so every layer uses full vectors whatever its
 * width (58, 26, 10 are not multiples of 8) and every weight is one broadcast shared by the batch. Activations are
 * stored channel, row, column, lane; a batch needs two buffers of 3600 and 6728 vectors (≈ 330 kB at 8 lanes), so
 * each thread's activations stay in its L2 cache. Batches are shared out over the threads.
 *
 * <p>Convolutions 1–5 are direct: two output channels on a 2×2 block of output pixels (8 accumulators), the nine
 * taps unrolled so each input vector is loaded once per row, bias and ReLU in registers; before a pool the 2×2 block
 * is the pooling window, so max-pool is fused and the unpooled map is never stored. Convolution 6 (32→64 channels,
 * 42 % of the work) uses Winograd F(2×2, 3×3), 16 instead of 36 multiply-adds per 2×2 tile and channel pair; its
 * tile is again the pooling window. For the thinner layers the Winograd transforms cost more than they save.
 *
 * <p>Dead border: the network's pools floor 9→4, 26→13 and 60→30, and the last 4 rows and columns of the 64×64
 * input never reach the output (the 4×4 map after the last pool depends on conv-6 rows 0…7, which depend on input
 * rows 0…59). Only what reaches the output is computed: conv outputs of 58, 56, 26, 24, 10 and 8 pixels per side
 * instead of 62, 60, 28, 26, 11 and 9, i.e. 2.79 M instead of 3.39 M multiply-adds per pattern (direct count).
 */
public final class NanobeamCpuInference {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Patterns per batch (the SIMD width in floats: 8 with AVX2). */
    public static final int LANES = SPECIES.length();
    /**
     * Multiply-adds per pattern of a direct forward pass on the live region (convolutions and linear layer); the
     * Winograd convolution 6 executes 524 288 instead of 1 179 648 of them.
     */
    public static final long LIVE_MACS_PER_PATTERN = 2_788_104;
    /** Multiply-adds per pattern of the full forward pass (convolutions over the whole 64×64 image, linear layer). */
    public static final long FULL_MACS_PER_PATTERN = 3_386_568;

    private static final int SIDE = NanobeamNN.IMAGE_SIZE;
    private static final int PIXELS = SIDE * SIDE;
    private static final int OUTPUTS = 3;
    private static final int FLAT = 1024;
    private static final int[] CIN = {1, 2, 4, 8, 16, 32};
    private static final int[] COUT = {2, 4, 8, 16, 32, 64};
    /** Input side of each convolution (the live region) and its computed output side (input − 2). */
    private static final int[] IN_SIDE = {60, 58, 28, 26, 12, 10};
    private static final boolean[] POOL = {false, true, false, true, false, true};
    private static final int BUFFER_A = 3600;
    private static final int BUFFER_B = 6728;

    /** Winograd tiles per block (the GEMM register block is 4 output channels × this many tiles). */
    private static final int TILES = 2;

    /** Per direct convolution (1…5): weights packed as [output-channel pair][input channel][tap 0..8][2]. */
    private final float[][] convWeights = new float[5][];
    /** Conv 6 in the Winograd domain, U = G g Gᵀ, packed as [ξ 0..15][output-channel quad][input channel][4]. */
    private final float[] winogradWeights;
    private final float[][] convBias = new float[6][];
    private final float[] linearWeight;
    private final float[] linearBias;

    /**
     * An engine for the given parameter values in the block order of {@link NanobeamNN#build()}: for each of the six
     * convolutions its weight (out, in, 3, 3) and bias (out), then the linear weight (3, 1024) and bias (3).
     */
    public NanobeamCpuInference(List<float[]> parameters) {
        if (parameters == null || parameters.size() != 14) {
            throw new IllegalArgumentException("parameters: expected 14 arrays (6 convolutions + linear, weight and"
                    + " bias each), got " + (parameters == null ? 0 : parameters.size()));
        }
        for (int l = 0; l < 5; l++) {
            int cin = CIN[l];
            int cout = COUT[l];
            float[] w = require(parameters, 2 * l, cout * cin * 9, "conv" + (l + 1) + " weight");
            convBias[l] = require(parameters, 2 * l + 1, cout, "conv" + (l + 1) + " bias").clone();
            float[] packed = new float[w.length];
            int i = 0;
            for (int co = 0; co < cout; co += 2) {
                for (int ci = 0; ci < cin; ci++) {
                    for (int t = 0; t < 9; t++) {
                        packed[i++] = w[(co * cin + ci) * 9 + t];
                        packed[i++] = w[((co + 1) * cin + ci) * 9 + t];
                    }
                }
            }
            convWeights[l] = packed;
        }
        float[] w6 = require(parameters, 10, COUT[5] * CIN[5] * 9, "conv6 weight");
        winogradWeights = winogradWeights(w6, CIN[5], COUT[5]);
        convBias[5] = require(parameters, 11, COUT[5], "conv6 bias").clone();
        linearWeight = require(parameters, 12, OUTPUTS * FLAT, "linear weight").clone();
        linearBias = require(parameters, 13, OUTPUTS, "linear bias").clone();
    }

    /** An engine holding a copy of the current parameter values of a NanobeamNN block (on any device). */
    public static NanobeamCpuInference of(SequentialBlock block) {
        List<float[]> values = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            values.add(p.getValue().getArray().toFloatArray());
        }
        return new NanobeamCpuInference(values);
    }

    private static float[] require(List<float[]> parameters, int index, int length, String name) {
        float[] v = parameters.get(index);
        if (v == null || v.length != length) {
            throw new IllegalArgumentException("parameter " + index + " (" + name + "): expected " + length
                    + " values, got " + (v == null ? "null" : v.length));
        }
        return v;
    }

    /**
     * Raw network outputs (scaled labels, 3 per pattern) for n images of 64×64 counts packed row-major, computed
     * on {@code threads} threads (batches of {@link #LANES} patterns are shared out dynamically).
     */
    public float[] predictScaled(float[] images, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        int n = Patterns.requireValid(images, SIDE);
        float[] out = new float[n * OUTPUTS];
        int batches = (n + LANES - 1) / LANES;
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            Work w = new Work();
            for (int k = next.getAndIncrement(); k < batches; k = next.getAndIncrement()) {
                int first = k * LANES;
                forward(images, first, Math.min(LANES, n - first), w, out);
            }
        };
        int t = Math.min(threads, batches);
        if (t == 1) {
            worker.run();
            return out;
        }
        List<Thread> pool = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        for (int i = 1; i < t; i++) {
            Thread th = new Thread(worker, "nanobeam-cpu-inference-" + i);
            th.setUncaughtExceptionHandler((x, e) -> {
                synchronized (failure) {
                    failure[0] = e;
                }
            });
            th.start();
            pool.add(th);
        }
        worker.run();
        for (Thread th : pool) {
            try {
                th.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for inference threads", e);
            }
        }
        synchronized (failure) {
            if (failure[0] != null) {
                throw new IllegalStateException("inference thread failed: " + failure[0], failure[0]);
            }
        }
        return out;
    }

    /** A thread's buffers: the two activation buffers and the Winograd scratch (transformed input, products). */
    private static final class Work {
        final float[] a = new float[BUFFER_A * LANES];
        final float[] b = new float[BUFFER_B * LANES];
        final float[] v = new float[16 * CIN[5] * TILES * LANES];
        final float[] m = new float[16 * 4 * TILES * LANES];
    }

    /** One batch of m ≤ LANES patterns starting at {@code first}, in the thread's buffers w; lanes ≥ m are zeros. */
    private void forward(float[] images, int first, int m, Work w, float[] out) {
        float[] a = w.a;
        float[] b = w.b;
        int live = IN_SIDE[0];
        for (int l = 0; l < LANES; l++) {
            if (l < m) {
                int src = (first + l) * PIXELS;
                for (int y = 0; y < live; y++) {
                    int row = src + y * SIDE;
                    int dst = y * live * LANES + l;
                    for (int x = 0; x < live; x++) {
                        a[dst + x * LANES] = images[row + x];
                    }
                }
            } else {
                for (int p = 0; p < live * live; p++) {
                    a[p * LANES + l] = 0f;
                }
            }
        }
        float[] src = a;
        float[] dst = b;
        for (int l = 0; l < 5; l++) {
            conv(src, CIN[l], IN_SIDE[l], convWeights[l], convBias[l], COUT[l], POOL[l], dst);
            float[] s = src;
            src = dst;
            dst = s;
        }
        winogradConvPool(src, CIN[5], IN_SIDE[5], winogradWeights, convBias[5], COUT[5], dst, w.v, w.m);
        linear(dst, first, m, out);
    }

    /**
     * A 3×3 valid convolution of {@code cin} channels of side {@code inSide} into {@code cout} channels of side
     * inSide − 2 (or half that with {@code pool}), bias and ReLU fused.
     */
    private static void conv(float[] in, int cin, int inSide, float[] w, float[] bias, int cout, boolean pool,
                             float[] out) {
        int outSide = inSide - 2;
        int row = inSide * LANES;
        int channel = inSide * row;
        int storeSide = pool ? outSide / 2 : outSide;
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int co = 0; co < cout; co += 2) {
            FloatVector bias0 = FloatVector.broadcast(SPECIES, bias[co]);
            FloatVector bias1 = FloatVector.broadcast(SPECIES, bias[co + 1]);
            int wStart = co * cin * 9;
            int out0 = co * storeSide * storeSide * LANES;
            int out1 = out0 + storeSide * storeSide * LANES;
            for (int y = 0; y < outSide; y += 2) {
                for (int x = 0; x < outSide; x += 2) {
                    FloatVector p00 = zero;
                    FloatVector p01 = zero;
                    FloatVector p10 = zero;
                    FloatVector p11 = zero;
                    FloatVector q00 = zero;
                    FloatVector q01 = zero;
                    FloatVector q10 = zero;
                    FloatVector q11 = zero;
                    int wi = wStart;
                    int base = (y * inSide + x) * LANES;
                    for (int ci = 0; ci < cin; ci++, base += channel, wi += 18) {
                        // per kernel row ky: a = input row y + ky, b = row y + ky + 1, digit = column offset;
                        // two output channels share each input load (weights interleaved per tap)
                        for (int ky = 0; ky < 3; ky++) {
                            int r0 = base + ky * row;
                            int r1 = r0 + row;
                            int wk = wi + 6 * ky;
                            FloatVector a0 = FloatVector.fromArray(SPECIES, in, r0);
                            FloatVector b0 = FloatVector.fromArray(SPECIES, in, r1);
                            FloatVector a1 = FloatVector.fromArray(SPECIES, in, r0 + 1 * LANES);
                            FloatVector b1 = FloatVector.fromArray(SPECIES, in, r1 + 1 * LANES);
                            FloatVector w00 = FloatVector.broadcast(SPECIES, w[wk + 0]);
                            FloatVector w01 = FloatVector.broadcast(SPECIES, w[wk + 1]);
                            p00 = a0.fma(w00, p00);
                            p01 = a1.fma(w00, p01);
                            p10 = b0.fma(w00, p10);
                            p11 = b1.fma(w00, p11);
                            q00 = a0.fma(w01, q00);
                            q01 = a1.fma(w01, q01);
                            q10 = b0.fma(w01, q10);
                            q11 = b1.fma(w01, q11);
                            FloatVector a2 = FloatVector.fromArray(SPECIES, in, r0 + 2 * LANES);
                            FloatVector b2 = FloatVector.fromArray(SPECIES, in, r1 + 2 * LANES);
                            FloatVector w10 = FloatVector.broadcast(SPECIES, w[wk + 2]);
                            FloatVector w11 = FloatVector.broadcast(SPECIES, w[wk + 3]);
                            p00 = a1.fma(w10, p00);
                            p01 = a2.fma(w10, p01);
                            p10 = b1.fma(w10, p10);
                            p11 = b2.fma(w10, p11);
                            q00 = a1.fma(w11, q00);
                            q01 = a2.fma(w11, q01);
                            q10 = b1.fma(w11, q10);
                            q11 = b2.fma(w11, q11);
                            FloatVector a3 = FloatVector.fromArray(SPECIES, in, r0 + 3 * LANES);
                            FloatVector b3 = FloatVector.fromArray(SPECIES, in, r1 + 3 * LANES);
                            FloatVector w20 = FloatVector.broadcast(SPECIES, w[wk + 4]);
                            FloatVector w21 = FloatVector.broadcast(SPECIES, w[wk + 5]);
                            p00 = a2.fma(w20, p00);
                            p01 = a3.fma(w20, p01);
                            p10 = b2.fma(w20, p10);
                            p11 = b3.fma(w20, p11);
                            q00 = a2.fma(w21, q00);
                            q01 = a3.fma(w21, q01);
                            q10 = b2.fma(w21, q10);
                            q11 = b3.fma(w21, q11);
                        }
                    }
                    if (pool) {
                        int o = ((y / 2) * storeSide + x / 2) * LANES;
                        p00.max(p01).max(p10.max(p11)).add(bias0).max(zero).intoArray(out, out0 + o);
                        q00.max(q01).max(q10.max(q11)).add(bias1).max(zero).intoArray(out, out1 + o);
                    } else {
                        int o = (y * storeSide + x) * LANES;
                        int o2 = o + storeSide * LANES;
                        p00.add(bias0).max(zero).intoArray(out, out0 + o);
                        p01.add(bias0).max(zero).intoArray(out, out0 + o + LANES);
                        p10.add(bias0).max(zero).intoArray(out, out0 + o2);
                        p11.add(bias0).max(zero).intoArray(out, out0 + o2 + LANES);
                        q00.add(bias1).max(zero).intoArray(out, out1 + o);
                        q01.add(bias1).max(zero).intoArray(out, out1 + o + LANES);
                        q10.add(bias1).max(zero).intoArray(out, out1 + o2);
                        q11.add(bias1).max(zero).intoArray(out, out1 + o2 + LANES);
                    }
                }
            }
        }
    }

    /** U = G g Gᵀ of each 3×3 kernel (OIHW weights), computed in double, packed for {@link #winogradProducts}. */
    private static float[] winogradWeights(float[] w, int cin, int cout) {
        float[] u = new float[16 * cout * cin];
        double[][] gg = new double[4][3];
        for (int co = 0; co < cout; co++) {
            for (int ci = 0; ci < cin; ci++) {
                int g = (co * cin + ci) * 9;
                for (int c = 0; c < 3; c++) {
                    gg[0][c] = w[g + c];
                    gg[1][c] = 0.5 * ((double) w[g + c] + w[g + 3 + c] + w[g + 6 + c]);
                    gg[2][c] = 0.5 * ((double) w[g + c] - w[g + 3 + c] + w[g + 6 + c]);
                    gg[3][c] = w[g + 6 + c];
                }
                for (int r = 0; r < 4; r++) {
                    double[] h = {gg[r][0], 0.5 * (gg[r][0] + gg[r][1] + gg[r][2]),
                        0.5 * (gg[r][0] - gg[r][1] + gg[r][2]), gg[r][2]};
                    for (int c = 0; c < 4; c++) {
                        u[(((r * 4 + c) * (cout / 4) + co / 4) * cin + ci) * 4 + co % 4] = (float) h[c];
                    }
                }
            }
        }
        return u;
    }

    /**
     * A 3×3 valid convolution followed by bias, ReLU and 2×2 max-pool, by Winograd F(2×2, 3×3): each 2×2 output
     * tile (one pooling window) costs 16 multiply-adds per channel pair instead of 36. The output side inSide − 2
     * must be even with an even number of tiles, cout a multiple of 4. Used for conv 6 (32→64 channels), where it is
     * ~1.5× faster than the direct kernel; for the thinner layers the transforms cost more than they save.
     */
    private static void winogradConvPool(float[] in, int cin, int inSide, float[] u, float[] bias, int cout,
                                         float[] out, float[] v, float[] m) {
        int tilesX = (inSide - 2) / 2;
        int tiles = tilesX * tilesX;
        for (int t0 = 0; t0 < tiles; t0 += TILES) {
            winogradInput(in, cin, inSide, t0, tilesX, v);
            for (int quad = 0; quad < cout; quad += 4) {
                winogradProducts(cin, cout, quad, u, v, m);
                winogradOutputPool(quad, t0, tilesX, bias, m, out);
            }
        }
    }

    /** V = Bᵀ d B of the 4×4 input patches of tiles t0… (all input channels) into v[ξ][ci][tile][lane]. */
    private static void winogradInput(float[] in, int cin, int inSide, int t0, int tilesX, float[] v) {
        int row = inSide * LANES;
        int channel = inSide * row;
        int xi = cin * TILES * LANES;
        for (int k = 0; k < TILES; k++) {
            int t = t0 + k;
            int base = (2 * (t / tilesX) * inSide + 2 * (t % tilesX)) * LANES;
            for (int ci = 0; ci < cin; ci++, base += channel) {
                int o = (ci * TILES + k) * LANES;
                // columns c = 0..3: Bᵀ applied down the column (rows 0..3 of the patch) gives s0c..s3c
                FloatVector d00 = FloatVector.fromArray(SPECIES, in, base);
                FloatVector d10 = FloatVector.fromArray(SPECIES, in, base + row);
                FloatVector d20 = FloatVector.fromArray(SPECIES, in, base + 2 * row);
                FloatVector d30 = FloatVector.fromArray(SPECIES, in, base + 3 * row);
                FloatVector s00 = d00.sub(d20);
                FloatVector s10 = d10.add(d20);
                FloatVector s20 = d20.sub(d10);
                FloatVector s30 = d10.sub(d30);
                FloatVector d01 = FloatVector.fromArray(SPECIES, in, base + LANES);
                FloatVector d11 = FloatVector.fromArray(SPECIES, in, base + row + LANES);
                FloatVector d21 = FloatVector.fromArray(SPECIES, in, base + 2 * row + LANES);
                FloatVector d31 = FloatVector.fromArray(SPECIES, in, base + 3 * row + LANES);
                FloatVector s01 = d01.sub(d21);
                FloatVector s11 = d11.add(d21);
                FloatVector s21 = d21.sub(d11);
                FloatVector s31 = d11.sub(d31);
                FloatVector d02 = FloatVector.fromArray(SPECIES, in, base + 2 * LANES);
                FloatVector d12 = FloatVector.fromArray(SPECIES, in, base + row + 2 * LANES);
                FloatVector d22 = FloatVector.fromArray(SPECIES, in, base + 2 * row + 2 * LANES);
                FloatVector d32 = FloatVector.fromArray(SPECIES, in, base + 3 * row + 2 * LANES);
                FloatVector s02 = d02.sub(d22);
                FloatVector s12 = d12.add(d22);
                FloatVector s22 = d22.sub(d12);
                FloatVector s32 = d12.sub(d32);
                FloatVector d03 = FloatVector.fromArray(SPECIES, in, base + 3 * LANES);
                FloatVector d13 = FloatVector.fromArray(SPECIES, in, base + row + 3 * LANES);
                FloatVector d23 = FloatVector.fromArray(SPECIES, in, base + 2 * row + 3 * LANES);
                FloatVector d33 = FloatVector.fromArray(SPECIES, in, base + 3 * row + 3 * LANES);
                FloatVector s03 = d03.sub(d23);
                FloatVector s13 = d13.add(d23);
                FloatVector s23 = d23.sub(d13);
                FloatVector s33 = d13.sub(d33);
                // then B along each row r: ξ = 4r + c
                s00.sub(s02).intoArray(v, o);
                s01.add(s02).intoArray(v, xi + o);
                s02.sub(s01).intoArray(v, 2 * xi + o);
                s01.sub(s03).intoArray(v, 3 * xi + o);
                s10.sub(s12).intoArray(v, 4 * xi + o);
                s11.add(s12).intoArray(v, 5 * xi + o);
                s12.sub(s11).intoArray(v, 6 * xi + o);
                s11.sub(s13).intoArray(v, 7 * xi + o);
                s20.sub(s22).intoArray(v, 8 * xi + o);
                s21.add(s22).intoArray(v, 9 * xi + o);
                s22.sub(s21).intoArray(v, 10 * xi + o);
                s21.sub(s23).intoArray(v, 11 * xi + o);
                s30.sub(s32).intoArray(v, 12 * xi + o);
                s31.add(s32).intoArray(v, 13 * xi + o);
                s32.sub(s31).intoArray(v, 14 * xi + o);
                s31.sub(s33).intoArray(v, 15 * xi + o);
            }
        }
    }

    /** M[ξ][j][tile] = Σ_ci U[ξ][quad + j][ci] · V[ξ][ci][tile] for 4 output channels × TILES (= 2) tiles. */
    private static void winogradProducts(int cin, int cout, int quad, float[] u, float[] v, float[] m) {
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int xi = 0; xi < 16; xi++) {
            FloatVector c00 = zero;
            FloatVector c01 = zero;
            FloatVector c10 = zero;
            FloatVector c11 = zero;
            FloatVector c20 = zero;
            FloatVector c21 = zero;
            FloatVector c30 = zero;
            FloatVector c31 = zero;
            int vi = xi * cin * TILES * LANES;
            int ui = (xi * (cout / 4) + quad / 4) * cin * 4;
            for (int ci = 0; ci < cin; ci++, vi += TILES * LANES, ui += 4) {
                FloatVector x0 = FloatVector.fromArray(SPECIES, v, vi);
                FloatVector x1 = FloatVector.fromArray(SPECIES, v, vi + LANES);
                FloatVector w0 = FloatVector.broadcast(SPECIES, u[ui]);
                c00 = x0.fma(w0, c00);
                c01 = x1.fma(w0, c01);
                FloatVector w1 = FloatVector.broadcast(SPECIES, u[ui + 1]);
                c10 = x0.fma(w1, c10);
                c11 = x1.fma(w1, c11);
                FloatVector w2 = FloatVector.broadcast(SPECIES, u[ui + 2]);
                c20 = x0.fma(w2, c20);
                c21 = x1.fma(w2, c21);
                FloatVector w3 = FloatVector.broadcast(SPECIES, u[ui + 3]);
                c30 = x0.fma(w3, c30);
                c31 = x1.fma(w3, c31);
            }
            int mi = xi * 4 * TILES * LANES;
            c00.intoArray(m, mi);
            c01.intoArray(m, mi + LANES);
            c10.intoArray(m, mi + 2 * LANES);
            c11.intoArray(m, mi + 3 * LANES);
            c20.intoArray(m, mi + 4 * LANES);
            c21.intoArray(m, mi + 5 * LANES);
            c30.intoArray(m, mi + 6 * LANES);
            c31.intoArray(m, mi + 7 * LANES);
        }
    }

    /** Y = Aᵀ M A per channel and tile, then max over the 2×2 tile (the pooling window), bias and ReLU. */
    private static void winogradOutputPool(int quad, int t0, int tilesX, float[] bias, float[] m, float[] out) {
        FloatVector zero = FloatVector.zero(SPECIES);
        int st = 4 * TILES * LANES;
        for (int j = 0; j < 4; j++) {
            int co = quad + j;
            FloatVector b = FloatVector.broadcast(SPECIES, bias[co]);
            for (int k = 0; k < TILES; k++) {
                int mo = (j * TILES + k) * LANES;
                // Aᵀ down each column c of M (rows ξ/4 = 0..3) gives u0c, u1c
                FloatVector m00 = FloatVector.fromArray(SPECIES, m, mo);
                FloatVector m10 = FloatVector.fromArray(SPECIES, m, mo + 4 * st);
                FloatVector m20 = FloatVector.fromArray(SPECIES, m, mo + 8 * st);
                FloatVector m30 = FloatVector.fromArray(SPECIES, m, mo + 12 * st);
                FloatVector u00 = m00.add(m10).add(m20);
                FloatVector u10 = m10.sub(m20).sub(m30);
                FloatVector m01 = FloatVector.fromArray(SPECIES, m, mo + st);
                FloatVector m11 = FloatVector.fromArray(SPECIES, m, mo + 5 * st);
                FloatVector m21 = FloatVector.fromArray(SPECIES, m, mo + 9 * st);
                FloatVector m31 = FloatVector.fromArray(SPECIES, m, mo + 13 * st);
                FloatVector u01 = m01.add(m11).add(m21);
                FloatVector u11 = m11.sub(m21).sub(m31);
                FloatVector m02 = FloatVector.fromArray(SPECIES, m, mo + 2 * st);
                FloatVector m12 = FloatVector.fromArray(SPECIES, m, mo + 6 * st);
                FloatVector m22 = FloatVector.fromArray(SPECIES, m, mo + 10 * st);
                FloatVector m32 = FloatVector.fromArray(SPECIES, m, mo + 14 * st);
                FloatVector u02 = m02.add(m12).add(m22);
                FloatVector u12 = m12.sub(m22).sub(m32);
                FloatVector m03 = FloatVector.fromArray(SPECIES, m, mo + 3 * st);
                FloatVector m13 = FloatVector.fromArray(SPECIES, m, mo + 7 * st);
                FloatVector m23 = FloatVector.fromArray(SPECIES, m, mo + 11 * st);
                FloatVector m33 = FloatVector.fromArray(SPECIES, m, mo + 15 * st);
                FloatVector u03 = m03.add(m13).add(m23);
                FloatVector u13 = m13.sub(m23).sub(m33);
                FloatVector y00 = u00.add(u01).add(u02);
                FloatVector y01 = u01.sub(u02).sub(u03);
                FloatVector y10 = u10.add(u11).add(u12);
                FloatVector y11 = u11.sub(u12).sub(u13);
                int t = t0 + k;
                int o = ((co * tilesX + t / tilesX) * tilesX + t % tilesX) * LANES;
                y00.max(y01).max(y10.max(y11)).add(b).max(zero).intoArray(out, o);
            }
        }
    }

    /** Linear(1024→3) on the pooled 64×4×4 map (flattened channel, row, column as PyTorch does). */
    private void linear(float[] in, int first, int m, float[] out) {
        for (int j = 0; j < OUTPUTS; j++) {
            FloatVector s0 = FloatVector.zero(SPECIES);
            FloatVector s1 = FloatVector.zero(SPECIES);
            int w = j * FLAT;
            for (int i = 0; i < FLAT; i += 2) {
                s0 = FloatVector.fromArray(SPECIES, in, i * LANES)
                        .fma(FloatVector.broadcast(SPECIES, linearWeight[w + i]), s0);
                s1 = FloatVector.fromArray(SPECIES, in, (i + 1) * LANES)
                        .fma(FloatVector.broadcast(SPECIES, linearWeight[w + i + 1]), s1);
            }
            FloatVector s = s0.add(s1).add(FloatVector.broadcast(SPECIES, linearBias[j]));
            for (int l = 0; l < m; l++) {
                out[(first + l) * OUTPUTS + j] = s.lane(l);
            }
        }
    }
}
