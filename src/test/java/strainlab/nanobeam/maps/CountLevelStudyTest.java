package strainlab.nanobeam.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import strainlab.nanobeam.net.NanobeamEnsemble;
import strainlab.nanobeam.net.NanobeamModelInfo;
import strainlab.nanobeam.net.NanobeamNet;
import strainlab.nanobeam.net.NanobeamTrainingOptions;
import strainlab.nanobeam.sim.LibraryData;
import strainlab.nanobeam.sim.NanobeamLibrary;
import strainlab.nanobeam.sim.NanobeamSimulator;
import strainlab.nanobeam.sim.ParameterGrid;
import tech.tablesaw.api.Table;

class CountLevelStudyTest {
    @Test
    void testSetIsTheFixedSplitScaledToOnePhotonAtTheLibraryMaximum() {
        NanobeamSimulator sim = NanobeamSimulator.paper();
        ParameterGrid grid = ParameterGrid.cube(5);
        LibraryData test = CountLevelStudy.testSet(sim, grid, 2, Integer.MAX_VALUE);
        int[] idx = NanobeamEnsemble.split(grid.size()).test();
        assertEquals(idx.length, test.count());
        NanobeamLibrary unit = NanobeamLibrary.create(sim, grid, 1, 2);
        double[] expected = unit.meanCounts(idx[1]);
        for (int p = 0; p < 4096; p += 37) {
            assertEquals((float) expected[p], test.images()[4096 + p], 0f);
        }
        assertEquals((float) grid.state(idx[1]).strain(), test.label(1)[0], 0f);
    }

    @Test
    void aLimitedTestSetStridesThroughTheTestPart() {
        NanobeamSimulator sim = NanobeamSimulator.paper();
        ParameterGrid grid = ParameterGrid.cube(5);
        int[] idx = NanobeamEnsemble.split(grid.size()).test();
        LibraryData few = CountLevelStudy.testSet(sim, grid, 2, 4);
        assertEquals(4, few.count());
        int last = idx[3 * idx.length / 4];
        assertEquals((float) grid.state(last).strain(), few.label(3)[0], 0f);
        assertEquals((float) grid.state(last).tiltUdDeg(), few.label(3)[2], 0f);
    }

    @Test
    void modelsAreTestedAtEveryLevelWithTheirOwnTrainingLevel() {
        NanobeamSimulator sim = NanobeamSimulator.paper();
        ParameterGrid grid = ParameterGrid.cube(5);
        try (NanobeamEnsemble a = new NanobeamEnsemble(List.of(NanobeamNet.create(Device.cpu(),
                NanobeamModelInfo.untrained(grid, 10, 1, 1))));
             NanobeamEnsemble b = new NanobeamEnsemble(List.of(NanobeamNet.create(Device.cpu(),
                     NanobeamModelInfo.untrained(grid, 1000, 1, 1))))) {
            List<CountLevelStudy.Model> models = List.of(new CountLevelStudy.Model("low", a),
                    new CountLevelStudy.Model("high", b));
            Table t = CountLevelStudy.evaluate(sim, models, new double[] {3, 300}, 5, 2, null);
            assertEquals(List.of(CountLevelStudy.COLUMNS), t.columnNames());
            assertEquals(4, t.rowCount());
            assertEquals("low", t.stringColumn("model").get(1));
            assertEquals(10, t.doubleColumn("train_counts").get(1), 0);
            assertEquals(300, t.doubleColumn("test_counts").get(1), 0);
            assertEquals(1000, t.doubleColumn("train_counts").get(2), 0);
            for (int i = 0; i < 4; i++) {
                for (String c : List.of("rmse_strain", "rmse_tilt_lr_deg", "rmse_tilt_ud_deg")) {
                    double v = t.doubleColumn(c).get(i);
                    assertTrue(Double.isFinite(v) && v > 0, c + " row " + i + ": " + v);
                }
            }
            Table again = CountLevelStudy.evaluate(sim, models.subList(0, 1), new double[] {3, 300}, 5, 1, null);
            assertEquals(t.doubleColumn("rmse_strain").asList().subList(0, 2),
                    again.doubleColumn("rmse_strain").asList(), "same seed, any thread count: same noise, same RMSE");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CountLevelStudy.evaluate(sim, models, new double[] {0}, 5, 1, null));
            assertTrue(e.getMessage().contains("testLevels"), e.getMessage());
        }
    }

    @Test
    void levelsTrainTogetherIntoLoadableModelsAndAFinishedRunIsReused(@TempDir Path dir) throws Exception {
        NanobeamSimulator sim = NanobeamSimulator.paper();
        ParameterGrid grid = ParameterGrid.cube(5);
        NanobeamTrainingOptions o = new NanobeamTrainingOptions(2, 16, 1e-3, 3, 3, null).withCheckpointEvery(1);
        double[] tests = {10, 1000};
        Table t = CountLevelStudy.run(sim, grid, new double[] {10, 1000}, tests, o, "cpu", 2, 5, dir, null);
        assertEquals(4, t.rowCount());
        for (double level : new double[] {10, 1000}) {
            NanobeamModelInfo info = NanobeamModelInfo.read(CountLevelStudy.levelDir(dir, level));
            assertEquals(level, info.maxCounts(), 0);
            assertEquals(2, info.epochs());
            assertEquals(-1, info.noiseSeed(), "noise-free library");
            assertEquals(grid, info.trainedRange());
        }
        Table again = CountLevelStudy.run(sim, grid, new double[] {10, 1000}, tests, o, "cpu", 1, 5, dir, null);
        assertEquals(t.doubleColumn("rmse_strain").asList(), again.doubleColumn("rmse_strain").asList(),
                "finished networks are loaded, not retrained, and tested on the same noise");
        try (NanobeamEnsemble loaded = NanobeamEnsemble.load(CountLevelStudy.levelDir(dir, 1000), "cpu")) {
            Table viaModels = CountLevelStudy.evaluate(sim, List.of(new CountLevelStudy.Model("m", loaded)), tests, 5,
                    2, null);
            assertEquals(t.doubleColumn("rmse_strain").asList().subList(2, 4),
                    viaModels.doubleColumn("rmse_strain").asList());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CountLevelStudy.run(sim, grid, new double[] {10, 10}, tests, o, "cpu", 1, 5, null, null));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
    }
}
