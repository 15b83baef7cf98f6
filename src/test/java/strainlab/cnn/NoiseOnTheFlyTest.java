package strainlab.cnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import strainlab.dataset.DatasetWriter;
import strainlab.dataset.ExpectedCounts;
import strainlab.dataset.ShardedDataset;
import strainlab.dataset.recipe.PaperRecipe;
import strainlab.dataset.recipe.Recipe;
import strainlab.instrument.NetworkGrid;
import strainlab.instrument.PoissonNoise;
import strainlab.instrument.ReadoutNoise;
import strainlab.instrument.SimulatedCurve;
import strainlab.training.DataPlacement;
import strainlab.training.NoiseOnTheFly;
import strainlab.training.TrainingOptions;

/**
 * Fresh noise every epoch from stored expected counts: the rescaling is bit for bit the generator's (host and
 * device), the device's noisy curves have the distribution of the generator's, draws are seeded, training with it is
 * reproducible and resumable, and the errors are clear.
 */
class NoiseOnTheFlyTest {
    private static final long SEED = 5;
    private static final int COUNT = 40;

    @TempDir
    static Path tmp;
    private static PaperRecipe honest;
    private static PaperRecipe published;
    private static PaperRecipe readout;
    private static ShardedDataset honestSet;
    private static ShardedDataset publishedSet;
    private static ShardedDataset readoutSet;

    @BeforeAll
    static void writeSets() throws IOException {
        honest = new PaperRecipe(Recipe.preset("cnn2").withNoise(PaperRecipe.Noise.POISSON));
        published = new PaperRecipe(Recipe.preset("cnn2").withNoise(PaperRecipe.Noise.PUBLISHED));
        DatasetWriter.of(honest).seed(SEED).count(COUNT).shardSize(16).storeExpectedCounts(true)
                .write(tmp.resolve("honest"));
        DatasetWriter.of(published).seed(SEED).count(12).shardSize(16).storeExpectedCounts(true)
                .write(tmp.resolve("published"));
        readout = new PaperRecipe(Recipe.preset("cnn2").withReadoutSigmaCounts(3));
        DatasetWriter.of(readout).seed(SEED).count(12).shardSize(16).storeExpectedCounts(true)
                .write(tmp.resolve("readout"));
        honestSet = ShardedDataset.open(tmp.resolve("honest"));
        publishedSet = ShardedDataset.open(tmp.resolve("published"));
        readoutSet = ShardedDataset.open(tmp.resolve("readout"));
    }

    @AfterAll
    static void close() {
        honestSet.close();
        publishedSet.close();
        readoutSet.close();
    }

    private static PaperRecipe recipeOf(ShardedDataset set) {
        return set == honestSet ? honest : set == publishedSet ? published : readout;
    }

    private static NoiseOnTheFly noiseOf(ShardedDataset set) {
        return NoiseOnTheFly.of(set.expectedCounts(), set.manifest().noise(), set.inputGrid(), set.dir().toString());
    }

    @Test
    void storedRowsHoldTheGeneratorsExpectedCountsAndScan() {
        ExpectedCounts layout = honestSet.expectedCounts();
        float[] row = new float[layout.width()];
        for (int i = 0; i < COUNT; i++) {
            honestSet.expectedRow(i, row);
            SimulatedCurve c = honest.simulate(SEED, i);
            int m = ExpectedCounts.scanPoints(row);
            assertEquals(c.thetaRad().length, m);
            assertArrayEquals(c.thetaRad(), layout.theta(ExpectedCounts.startCentiDeg(row), m), 0.0);
            double[] expected = c.expectedIntensity();
            for (int j = 0; j < m; j++) {
                assertEquals((float) expected[j], row[ExpectedCounts.HEADER + j], "count " + j + " of curve " + i);
            }
            for (int j = ExpectedCounts.HEADER + m; j < row.length; j++) {
                assertEquals(0f, row[j]);
            }
        }
    }

    /** The generator's own noisy counts, rescaled on the host and on the device, give the stored input exactly. */
    @Test
    void theGeneratorsNoisyCountsRescaleToTheStoredCurvesOnHostAndDevice() {
        for (ShardedDataset set : new ShardedDataset[] {honestSet, publishedSet, readoutSet}) {
            PaperRecipe recipe = recipeOf(set);
            NoiseOnTheFly noise = noiseOf(set);
            int n = (int) set.size();
            int w = noise.layout().thetaPoints();
            int width = noise.layout().width();
            float[] rows = new float[n * width];
            double[] counts = new double[n * w];
            float[][] stored = new float[n][];
            float[] row = new float[width];
            float[] host = new float[set.inputLength()];
            int minStart = Integer.MAX_VALUE;
            int maxStart = Integer.MIN_VALUE;
            for (int i = 0; i < n; i++) {
                set.expectedRow(i, row);
                minStart = Math.min(minStart, ExpectedCounts.startCentiDeg(row));
                maxStart = Math.max(maxStart, ExpectedCounts.startCentiDeg(row));
                double[] c = recipe.simulate(SEED, i).intensity();
                System.arraycopy(c, 0, counts, i * w, c.length);
                noise.rescale(row, c, host);
                stored[i] = set.input(i);
                assertArrayEquals(stored[i], host, "host rescaling of curve " + i);
                System.arraycopy(row, 0, rows, i * width, width);
            }
            try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch");
                 DeviceNoise device = DeviceNoise.create(noise, m, minStart, maxStart)) {
                float[] prepared = rows.clone();
                for (int i = 0; i < n; i++) {
                    device.prepare(prepared, i * width);
                }
                NDArray out = device.rescale(m.create(prepared, new Shape(n, width)),
                        m.create(counts, new Shape(n, w)));
                float[] flat = out.toFloatArray();
                for (int i = 0; i < n; i++) {
                    assertArrayEquals(stored[i], Arrays.copyOfRange(flat, i * set.inputLength(),
                            (i + 1) * set.inputLength()), "device rescaling of curve " + i);
                }
            }
        }
    }

    /** The noise-free counts through the generator's rescaling and through the host and device paths: same floats. */
    @Test
    void noiseFreeCountsGiveTheGeneratorsNoiseFreeCurve() {
        PaperRecipe none = new PaperRecipe(Recipe.preset("cnn2").withNoise(PaperRecipe.Noise.NONE));
        NoiseOnTheFly noise = noiseOf(honestSet);
        float[] row = new float[noise.layout().width()];
        float[] host = new float[honestSet.inputLength()];
        float[] generator = new float[honestSet.inputLength()];
        float[] labels = new float[14];
        for (int i = 0; i < COUNT; i++) {
            honestSet.expectedRow(i, row);
            none.generate(SEED, i, generator, labels);
            noise.rescale(row, honest.simulate(SEED, i).expectedIntensity(), host);
            assertArrayEquals(generator, host, "curve " + i);
        }
    }

    /**
     * One curve drawn 3000 times on the device against 3000 draws of the generator's own noise (honest, published, and
     * honest with read-out noise) and rescaling of the same expected counts: per grid point, the means and variances
     * of the log10 curves agree.
     */
    @Test
    void deviceDrawsHaveTheGeneratorsDistribution() {
        for (ShardedDataset set : new ShardedDataset[] {honestSet, publishedSet, readoutSet}) {
            NoiseOnTheFly noise = noiseOf(set);
            ExpectedCounts layout = noise.layout();
            float[] row = new float[layout.width()];
            int curve = lowestBackground(set);
            set.expectedRow(curve, row);
            int draws = 3000;
            int g = set.inputLength();
            double[][] gen = new double[g][draws];
            double[][] dev = new double[g][draws];
            int m = ExpectedCounts.scanPoints(row);
            double[] expected = new double[m];
            for (int j = 0; j < m; j++) {
                expected[j] = row[ExpectedCounts.HEADER + j];
            }
            PoissonNoise.Mode mode = noise.published() ? PoissonNoise.Mode.PUBLISHED_DOUBLED : PoissonNoise.Mode.COUNTING;
            double[] x = layout.abscissa(layout.theta(ExpectedCounts.startCentiDeg(row), m), m);
            double[] gridX = set.inputGrid();
            double[] v = new double[g];
            double sigma = layout.readoutSigmaCounts();
            double[] counts = new double[m];
            for (int d = 0; d < draws; d++) {
                SplittableRandom rng = new SplittableRandom(1000 + d);
                PoissonNoise.apply(expected, m, mode, rng, counts);
                ReadoutNoise.add(counts, m, sigma, rng);
                NetworkGrid.rescaleLog10(x, counts, m, gridX, v);
                for (int k = 0; k < g; k++) {
                    gen[k][d] = v[k];
                }
            }
            try (NDManager mgr = NDManager.newBaseManager(Device.cpu(), "PyTorch");
                 DeviceNoise device = DeviceNoise.create(noise, mgr, ExpectedCounts.startCentiDeg(row),
                         ExpectedCounts.startCentiDeg(row))) {
                float[] prepared = row.clone();
                device.prepare(prepared, 0);
                int chunk = 250;
                NDArray one = mgr.create(prepared, new Shape(1, prepared.length));
                NDArray batch = one.repeat(0, chunk);
                for (int c = 0; c < draws / chunk; c++) {
                    try (NDManager scope = mgr.newSubManager()) {
                        NDArray rows = batch.duplicate();
                        rows.attach(scope);
                        float[] out = device.draw(rows, 77 + c).toFloatArray();
                        for (int r = 0; r < chunk; r++) {
                            for (int k = 0; k < g; k++) {
                                dev[k][c * chunk + r] = out[r * g + k];
                            }
                        }
                    }
                }
            }
            // every grid point outside the scan holds the same fill value: one of them enters the mean z²
            double z2 = 0;
            int tested = 0;
            boolean outsideCounted = false;
            for (int k = 0; k < g; k++) {
                double mg = mean(gen[k]);
                double md = mean(dev[k]);
                double vg = variance(gen[k], mg);
                double vd = variance(dev[k], md);
                if (vg < 1e-12 && vd < 1e-12) {
                    assertEquals(mg, md, 1e-6, "constant point " + k);
                    continue;
                }
                double z = (md - mg) / Math.sqrt((vg + vd) / draws);
                assertTrue(Math.abs(z) < 5.5, set.dir() + ": mean at grid point " + k + ": generator " + mg
                        + ", device " + md + " (z " + z + ")");
                // Kolmogorov–Smirnov: 2.7·sqrt(2/n) is exceeded with probability 1e-6 per point under equal laws
                double ks = kolmogorovSmirnov(gen[k], dev[k]);
                assertTrue(ks < 2.7 * Math.sqrt(2.0 / draws), set.dir() + ": distribution at grid point " + k
                        + ": KS distance " + ks + " (variances " + vg + ", " + vd + ")");
                boolean inside = k >= ExpectedCounts.firstGridIndex(row) && k <= ExpectedCounts.lastGridIndex(row);
                if (inside || !outsideCounted) {
                    z2 += z * z;
                    tested++;
                    outsideCounted |= !inside;
                }
            }
            assertTrue(tested > 100, "points tested: " + tested);
            // neighbouring grid points share θ points: allow for half as many independent points
            assertEquals(1, z2 / tested, 5 * Math.sqrt(4.0 / tested), set.dir() + ": mean squared z");
        }
    }

    @Test
    void drawsAreSeededByRunEpochAndPosition() {
        NoiseOnTheFly noise = noiseOf(honestSet);
        DatasetCurves all = DatasetCurves.all(honestSet);
        LabelNormaliser normaliser = CnnTrainer.fitNormaliser(all);
        int[] order = CnnTrainer.shuffle(COUNT, 3, 1);
        int l = all.inputLength();
        float[] a = CnnTrainer.fillNoisy(all, order, 8, 8, normaliser, noise, NoiseOnTheFly.batchSeed(3, 1, 8),
                new float[8 * l], new float[8 * 14]).inputs();
        float[] b = CnnTrainer.fillNoisy(all, order, 8, 8, normaliser, noise, NoiseOnTheFly.batchSeed(3, 1, 8),
                new float[8 * l], new float[8 * 14]).inputs();
        float[] c = CnnTrainer.fillNoisy(all, order, 8, 8, normaliser, noise, NoiseOnTheFly.batchSeed(3, 2, 8),
                new float[8 * l], new float[8 * 14]).inputs();
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c), "another epoch draws other noise");
        float[] stored = honestSet.input(order[8]);
        assertFalse(Arrays.equals(stored, Arrays.copyOf(a, l)), "fresh noise, not the stored curve");
        assertTrue(NoiseOnTheFly.batchSeed(3, 1, 8) != NoiseOnTheFly.batchSeed(3, 1, 16));
        assertTrue(NoiseOnTheFly.batchSeed(3, 1, 8) != NoiseOnTheFly.batchSeed(4, 1, 8));
        try (Network net = new Network(l, 14, Device.cpu(), 1);
             DeviceCurves onDevice = DeviceCurves.uploadExpected(all, normaliser, noise, net.manager(), "set");
             NDManager scope = net.manager().newSubManager()) {
            NDIndex rows = new NDIndex().addSliceDim(0, 4);
            float[] d1 = onDevice.drawInputs(scope, rows, 4, 99).toFloatArray();
            float[] d2 = onDevice.drawInputs(scope, rows, 4, 99).toFloatArray();
            float[] d3 = onDevice.drawInputs(scope, rows, 4, 100).toFloatArray();
            assertArrayEquals(d1, d2);
            assertFalse(Arrays.equals(d1, d3));
            assertEquals(new Shape(4, 1, l), onDevice.drawInputs(scope, rows, 4, 99).getShape());
        }
    }

    /**
     * An epoch's fresh-noise batches on the device are slices of draws of several batches: each draw makes the inputs
     * of the next rows of the order with the seed of its first position, and a batch is exactly its part of the draw.
     */
    @Test
    void deviceBatchesAreSlicesOfDrawsOfSeveralBatches() {
        NoiseOnTheFly noise = noiseOf(publishedSet);
        DatasetCurves all = DatasetCurves.all(publishedSet);
        LabelNormaliser normaliser = CnnTrainer.fitNormaliser(all);
        int n = all.size();
        int[] order = CnnTrainer.shuffle(n, 3, 1);
        long[] index = new long[n];
        for (int i = 0; i < n; i++) {
            index[i] = order[i];
        }
        int batch = 4;
        int perDraw = 3 * batch;
        assertEquals(4 * 4096, DeviceCurves.drawRows(4));
        assertEquals(2096 * 7, DeviceCurves.drawRows(2096));
        assertEquals(20_000, DeviceCurves.drawRows(20_000));
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch");
             DeviceCurves onDevice = DeviceCurves.uploadExpected(all, normaliser, noise, m, "set");
             NDManager epoch = m.newSubManager()) {
            NDArray positions = epoch.create(index);
            DeviceCurves.NoisyInputs noisy = onDevice.noisyInputs(epoch, positions, n, perDraw, p -> 1000 + p);
            int l = all.inputLength();
            for (int from = 0; from < n; from += batch) {
                int count = Math.min(batch, n - from);
                int drawFrom = from - from % perDraw;
                int drawCount = Math.min(perDraw, n - drawFrom);
                try (NDManager scope = epoch.newSubManager()) {
                    float[] got = noisy.batch(scope, from, count).toFloatArray();
                    NDArray sel = positions.get(new NDIndex().addSliceDim(drawFrom, drawFrom + drawCount));
                    float[] whole = onDevice.drawInputs(scope, new NDIndex("{}", sel), drawCount,
                            1000 + drawFrom).toFloatArray();
                    int at = (from - drawFrom) * l;
                    assertArrayEquals(Arrays.copyOfRange(whole, at, at + count * l), got, "batch at " + from);
                }
            }
            noisy.close();
        }
    }

    /**
     * The device path's noisy inputs for a seeded epoch of each set (honest, published, with read-out noise) on the
     * CPU, batches of 8 rows gathered in a shuffled order as in training, pinned bit for bit (this engine build's CPU
     * kernels): a change to the arithmetic shows here.
     */
    @Test
    void deviceNoisyCurvesArePinnedBitForBit() {
        String[] pins = {"dc788c636ee1ab0e43a61d658ac31f27fafb4830026e173ff25fc53426db48bc",
            "c83a2fc5eaa619b8ad87b981212c52694128eecc7bc3e4a6a2dc361456d749e3",
            "450a5f9161fdd2a2fd6b1d8c2b792400d7ab83bbc201625943d16f08c2c194f0"};
        ShardedDataset[] sets = {honestSet, publishedSet, readoutSet};
        for (int s = 0; s < sets.length; s++) {
            DatasetCurves all = DatasetCurves.all(sets[s]);
            int n = all.size();
            int l = all.inputLength();
            int[] order = CnnTrainer.shuffle(n, 3, 1);
            float[] inputs = new float[n * l];
            try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch");
                 DeviceCurves onDevice = DeviceCurves.uploadExpected(all, CnnTrainer.fitNormaliser(all),
                         noiseOf(sets[s]), m, "set")) {
                for (int from = 0; from < n; from += 8) {
                    int count = Math.min(8, n - from);
                    long[] index = new long[count];
                    for (int i = 0; i < count; i++) {
                        index[i] = order[from + i];
                    }
                    try (NDManager scope = m.newSubManager()) {
                        NDIndex rows = new NDIndex("{}", scope.create(index));
                        float[] batch = onDevice.drawInputs(scope, rows, count,
                                NoiseOnTheFly.batchSeed(3, 1, from)).toFloatArray();
                        System.arraycopy(batch, 0, inputs, from * l, count * l);
                    }
                }
            }
            assertEquals(pins[s], sha256(inputs), sets[s].dir() + ": noisy inputs");
        }
    }

    /**
     * A growing pool's rows copied in steps, the later ones with θ starts below and above those copied first (which
     * widens the tables and moves the rows already there), draw the same inputs bit for bit as the same rows copied
     * at once.
     */
    @Test
    void rowsCopiedInStepsDrawWhatRowsCopiedAtOnceDraw() {
        DatasetCurves all = DatasetCurves.all(honestSet);
        int n = all.size();
        float[] row = new float[honestSet.expectedCounts().width()];
        Integer[] byStart = new Integer[n];
        int[] start = new int[n];
        for (int i = 0; i < n; i++) {
            byStart[i] = i;
            all.readExpected(i, row);
            start[i] = ExpectedCounts.startCentiDeg(row);
        }
        Arrays.sort(byStart, java.util.Comparator.comparingInt(i -> start[i]));
        int median = n / 2;
        assertTrue(start[byStart[0]] < start[byStart[median]] && start[byStart[median]] < start[byStart[n - 1]],
                "the set needs θ starts below and above its median one");
        int[] indices = new int[n];
        indices[0] = byStart[median];
        for (int i = 0; i < median; i++) {
            indices[1 + i] = byStart[i];
        }
        for (int i = median + 1; i < n; i++) {
            indices[i] = byStart[i];
        }
        DatasetCurves reordered = DatasetCurves.of(honestSet, indices);
        LabelNormaliser normaliser = CnnTrainer.fitNormaliser(reordered);
        NoiseOnTheFly noise = noiseOf(honestSet);
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch");
             DeviceCurves whole = DeviceCurves.uploadExpected(reordered, normaliser, noise, m, "set");
             DeviceCurves steps = DeviceCurves.reserveExpected(reordered, noise, m, "pool")) {
            assertEquals(1, steps.loadExpectedUpTo(reordered, normaliser, 1, "pool", 0));
            assertEquals(median, steps.loadExpectedUpTo(reordered, normaliser, 1 + median, "pool", 0));
            assertEquals(n - 1 - median, steps.loadExpectedUpTo(reordered, normaliser, n, "pool", 0));
            try (NDManager scope = m.newSubManager()) {
                NDIndex rows = new NDIndex().addSliceDim(0, n);
                float[] expected = whole.drawInputs(scope, rows, n, 77).toFloatArray();
                float[] actual = steps.drawInputs(scope, rows, n, 77).toFloatArray();
                assertArrayEquals(expected, actual);
                assertArrayEquals(whole.labelRows(scope, rows).toFloatArray(),
                        steps.labelRows(scope, rows).toFloatArray());
            }
        }
    }

    /** A batch's noisy inputs and intermediates belong to the batch's manager, none to the set's tables. */
    @Test
    void drawingABatchLeavesNothingWithTheTables() {
        NoiseOnTheFly noise = noiseOf(readoutSet);
        float[] row = new float[noise.layout().width()];
        readoutSet.expectedRow(0, row);
        int start = ExpectedCounts.startCentiDeg(row);
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch");
             DeviceNoise device = DeviceNoise.create(noise, m, start, start)) {
            device.prepare(row, 0);
            int tables = m.getManagedArrays().size();
            try (NDManager scope = m.newSubManager()) {
                device.draw(scope.create(row, new Shape(1, row.length)), 1);
            }
            assertEquals(tables, m.getManagedArrays().size());
        }
    }

    /** SHA-256 of the values' IEEE bits, big-endian, as hex. */
    private static String sha256(float[] values) {
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4 * values.length);
        for (float v : values) {
            bytes.putInt(Float.floatToRawIntBits(v));
        }
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(bytes.array()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TrainingOptions quick(int epochs, DataPlacement placement) {
        return TrainingOptions.paper().withEpochs(epochs).withBatchSize(8).withDevice("cpu").withSeed(7)
                .withProgressSeconds(0).withDataPlacement(placement).withNoiseOnTheFly(true);
    }

    @Test
    void trainingWithFreshNoiseRepeatsAndResumesIdentically(@TempDir Path dir) throws IOException {
        DatasetCurves.Parts parts = DatasetCurves.split(honestSet);
        for (DataPlacement placement : new DataPlacement[] {DataPlacement.HOST, DataPlacement.DEVICE}) {
            Path a = dir.resolve(placement + "-a");
            Path b = dir.resolve(placement + "-b");
            Path killed = dir.resolve(placement + "-killed");
            TrainingRun first = CnnTrainer.train(parts.train(), parts.validation(), quick(2, placement), a, null);
            CnnTrainer.train(parts.train(), parts.validation(), quick(2, placement), b, null);
            assertArrayEquals(Files.readAllBytes(a.resolve(CnnTrainer.PARAMS_FILE)),
                    Files.readAllBytes(b.resolve(CnnTrainer.PARAMS_FILE)), placement + ": same seed, same weights");
            CnnTrainer.train(parts.train(), parts.validation(), quick(1, placement), killed, null);
            TrainingRun resumed = CnnTrainer.train(parts.train(), parts.validation(), quick(2, placement), killed,
                    null);
            assertEquals(1, resumed.resumedAfterEpoch());
            assertEquals(first.history().get(1).trainLoss(), resumed.history().get(1).trainLoss(), 0.0);
            assertArrayEquals(Files.readAllBytes(a.resolve(CnnTrainer.PARAMS_FILE)),
                    Files.readAllBytes(killed.resolve(CnnTrainer.PARAMS_FILE)), placement + ": resumed run");
            TrainingRun stored = CnnTrainer.train(parts.train(), parts.validation(),
                    quick(2, placement).withNoiseOnTheFly(false), dir.resolve(placement + "-stored"), null);
            assertTrue(stored.history().get(0).trainLoss() != first.history().get(0).trainLoss(),
                    "fresh noise trains on other inputs than the stored curves");
        }
    }

    @Test
    void aRunResumesOnlyWithTheSameNoiseSetting(@TempDir Path dir) throws IOException {
        DatasetCurves.Parts parts = DatasetCurves.split(honestSet);
        CnnTrainer.train(parts.train(), parts.validation(), quick(1, DataPlacement.HOST).withNoiseOnTheFly(false),
                dir, null);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CnnTrainer.train(parts.train(),
                parts.validation(), quick(2, DataPlacement.HOST), dir, null));
        assertTrue(e.getMessage().contains("noise: the checkpoint was trained on the set's stored noisy curves, this "
                + "run draws fresh noise (--noise-on-the-fly)"), e.getMessage());
    }

    @Test
    void setsWithoutExpectedCountsAreRefusedClearly(@TempDir Path dir) throws IOException {
        DatasetWriter.of(honest).seed(SEED).count(12).shardSize(16).write(dir.resolve("plain"));
        try (ShardedDataset plain = ShardedDataset.open(dir.resolve("plain"))) {
            assertEquals(null, plain.expectedCounts());
            IllegalStateException row = assertThrows(IllegalStateException.class,
                    () -> plain.expectedRow(0, new float[10]));
            assertTrue(row.getMessage().contains("stores no expected counts"), row.getMessage());
            DatasetCurves.Parts parts = DatasetCurves.split(plain);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CnnTrainer.train(
                    parts.train(), parts.validation(), quick(1, DataPlacement.HOST), dir.resolve("model"), null));
            assertTrue(e.getMessage().contains("--noise-on-the-fly needs a set that stores expected counts")
                    && e.getMessage().contains(dir.resolve("plain").toString())
                    && e.getMessage().contains("--store-expected-counts"), e.getMessage());
        }
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> NoiseOnTheFly.of(
                honestSet.expectedCounts(), "none", honestSet.inputGrid(), "set X"));
        assertTrue(none.getMessage().contains("set X was generated without noise"), none.getMessage());
    }

    private static int lowestBackground(ShardedDataset set) {
        float[] row = new float[set.expectedCounts().width()];
        int best = 0;
        double low = Double.POSITIVE_INFINITY;
        for (int i = 0; i < set.size(); i++) {
            set.expectedRow(i, row);
            double b = row[ExpectedCounts.HEADER];
            if (b < low) {
                low = b;
                best = i;
            }
        }
        return best;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double variance(double[] v, double mean) {
        double s = 0;
        for (double x : v) {
            s += (x - mean) * (x - mean);
        }
        return s / v.length;
    }

    /** Largest distance between the empirical distribution functions of two samples of equal size. */
    private static double kolmogorovSmirnov(double[] a, double[] b) {
        double[] x = a.clone();
        double[] y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < x.length && j < y.length) {
            double t = Math.min(x[i], y[j]);
            while (i < x.length && x[i] <= t) {
                i++;
            }
            while (j < y.length && y[j] <= t) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / x.length - (double) j / y.length));
        }
        return d;
    }
}
