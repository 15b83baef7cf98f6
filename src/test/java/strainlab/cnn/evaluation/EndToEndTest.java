package strainlab.cnn.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import strainlab.cnn.CnnTrainer;
import strainlab.cnn.InMemoryCurves;
import strainlab.cnn.TrainedModel;
import strainlab.dataset.recipe.CurveLabels;
import strainlab.dataset.recipe.PaperRecipe;
import strainlab.dataset.recipe.ParameterRanges;
import strainlab.plot.Charts;
import strainlab.plot.EvaluationFigures;
import strainlab.plot.FigureOutput;
import strainlab.training.TrainingOptions;
import tech.tablesaw.api.Table;

/**
 * A tiny model (CNN3 ranges, 50 lamellae to keep the simulation fast, 2 epochs) trained once, then evaluated end
 * to end: the report folder, the challenging cases and a two-step dataset-size study.
 */
class EndToEndTest {
    static PaperRecipe recipe;
    static InMemoryCurves train;
    static InMemoryCurves validation;
    static InMemoryCurves test;
    static Path modelDir;

    @TempDir
    static Path work;

    static TrainingOptions options(int epochs) {
        return TrainingOptions.paper().withEpochs(epochs).withBatchSize(32).withDevice("cpu").withProgressSeconds(0)
                .withSeed(3);
    }

    @BeforeAll
    static void trainTinyModel() throws Exception {
        recipe = new PaperRecipe(ParameterRanges.cnn3().withLamellae(50));
        InMemoryCurves all = InMemoryCurves.generate(recipe, 11, 0, 140);
        train = all.slice(0, 100);
        validation = all.slice(100, 120);
        test = all.slice(120, 140);
        modelDir = work.resolve("model");
        CnnTrainer.train(train, validation, options(2), modelDir, null);
    }

    @Test
    void reportHasEveryFileAndAValidTable2() throws Exception {
        Path out = work.resolve("report");
        try (TrainedModel model = TrainedModel.load(modelDir, "cpu")) {
            Evaluation e = Evaluator.evaluate(model, test, "tiny").withTrainMse(Evaluator.mse(model, train, 0),
                    train.size());
            assertEquals(test.size(), e.size());
            assertEquals(model.normalisedMse(test), e.testMse(), 1e-5, "same MSE as the trainer's definition");
            List<Path> files = EvaluationFigures.write(new EvaluationReport(e, test, recipe), out,
                    FigureOutput.DEFAULT);
            for (String f : List.of("table2.json", "curve-errors.csv", "fig1-examples.png", "fig3-predictions.png",
                    "fig4-best-worst.png", "fig5-extreme-histograms.png", "fig6-extreme-histograms-low-strain.png",
                    "figS2-error-vs-parameters.png")) {
                assertTrue(Files.size(out.resolve(f)) > 0, f);
                assertTrue(files.contains(out.resolve(f).toAbsolutePath()) || files.contains(out.resolve(f)), f);
            }
        }
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("table2.json"))).getAsJsonObject();
        for (String k : List.of("aT", "aEmax", "aDw", "aH", "aDr", "aStrain")) {
            double a = json.get(k).getAsDouble();
            assertTrue(a >= 0 && a <= 1, k + " = " + a);
        }
        assertTrue(json.get("trainMse").getAsDouble() > 0);
        assertTrue(json.get("testMse").getAsDouble() > 0);
        assertEquals(test.size(), json.get("testCount").getAsInt());
        List<String> csv = Files.readAllLines(out.resolve("curve-errors.csv"));
        assertEquals(test.size() + 1, csv.size());
        assertTrue(csv.get(0).contains("sigma_e_over_e_max"));
    }

    @Test
    void challengingCasesAreSimulatedPredictedAndDrawn() throws Exception {
        ChallengingCases cases = ChallengingCases.paper(recipe);
        List<CurveLabels> right = cases.mirrored(true, ChallengingCases.mirroredStrainsPercent());
        List<CurveLabels> left = cases.mirrored(false, ChallengingCases.mirroredStrainsPercent());
        assertEquals(2.0, right.get(0).strainMaxPercent(), 1e-12);
        // mirror images: the weights of one are not those of the other, but their largest is the same e_max
        assertEquals(left.get(3).strainMaxPercent(), right.get(3).strainMaxPercent(), 1e-12);
        float[] a = cases.networkInput(right.get(0), 5);
        float[] b = cases.networkInput(right.get(0), 5);
        assertEquals(a.length, recipe.inputLength());
        assertTrue(java.util.Arrays.equals(a, b), "same seed, same noisy curve");
        try (TrainedModel model = TrainedModel.load(modelDir, "cpu")) {
            List<ExampleCase> fig8 = cases.predict(model, right, ChallengingCases.strainNames("right, ",
                    ChallengingCases.mirroredStrainsPercent()), 1);
            assertEquals(4, fig8.size());
            for (ExampleCase c : fig8) {
                assertNotNull(c.recomputed());
                assertNotNull(c.prediction());
                assertTrue(Double.isFinite(c.strainRelativeRms()));
            }
            double[] depths = {0.1, 0.3, 0.5, 0.7};
            List<ExampleCase> fig9 = cases.predict(model, cases.buried(depths, 1.0),
                    ChallengingCases.depthNames(depths), 2);
            assertEquals(ChallengingCases.BURIED_DW_MIN, minimum(fig9.get(2).truth().dw()), 1e-6, "float32 labels");
            Path png = Charts.savePng(EvaluationFigures.examples("fig 9", fig9).image(), work.resolve("fig9.png"));
            assertTrue(Files.size(png) > 0);
        }
    }

    @Test
    void reducedOutputModelsAreEvaluatedOnTheFullLabels() throws Exception {
        ReducedOutputs three = ReducedOutputs.view(train, ReducedOutputs.cnn3Of3());
        float[] full = new float[train.labelCount()];
        float[] reduced = new float[3];
        three.readLabels(4, reduced);
        train.readLabels(4, full);
        assertEquals(full[strainlab.dataset.recipe.LabelLayout.THICKNESS_NM], reduced[0]);
        assertEquals(LabelView.of(train.labelNames()).value(Parameter.E_MAX, full), reduced[1], 1e-5);
        LabelView view = LabelView.of(train.labelNames());
        float[] input = new float[train.inputLength()];
        float[] fromRead = new float[3];
        for (int i = 0; i < train.size(); i++) {
            train.readLabels(i, full);
            three.readLabels(i, reduced);
            three.read(i, input, fromRead);
            assertEquals((float) view.labelOrDerived(LabelView.E_MAX_LABEL, full), reduced[1], "e_max of example " + i);
            assertArrayEquals(reduced, fromRead, "read and readLabels of example " + i);
        }
        for (List<String> outputs : List.of(ReducedOutputs.cnn3Of12(), ReducedOutputs.cnn3Of3())) {
            Path dir = work.resolve("reduced-" + outputs.size());
            CnnTrainer.train(ReducedOutputs.view(train, outputs), ReducedOutputs.view(validation, outputs),
                    options(1), dir, null);
            try (TrainedModel model = TrainedModel.load(dir, "cpu")) {
                Evaluation e = Evaluator.evaluate(model, test, "CNN3[" + outputs.size() + "]");
                Table2Row row = e.table2();
                assertNull(row.aH());
                assertNull(row.aDr());
                assertNotNull(row.aT());
                assertNotNull(row.aEmax());
                assertNotNull(row.aDw());
                assertEquals(outputs.size() == 12, row.aStrain() != null);
                assertTrue(row.testMse() > 0);
                List<Path> files = EvaluationFigures.write(new EvaluationReport(e, test, recipe),
                        work.resolve("report-" + outputs.size()), FigureOutput.DEFAULT);
                assertEquals(outputs.size() == 12,
                        Files.exists(work.resolve("report-" + outputs.size() + "/fig4-best-worst.png")));
                assertTrue(files.size() >= 3);
                if (outputs.size() == 12) {
                    assertNull(new EvaluationReport(e, test, recipe).exampleCase(0, "x").recomputed(),
                            "no curve without H and DR");
                }
            }
        }
    }

    @Test
    void sizeStudyWorkersSkipClaimedSizesAndMergeTheirSteps() throws Exception {
        Path dir = work.resolve("size-study-workers");
        DatasetSizeStudy study = new DatasetSizeStudy(train, validation, test, options(1), dir).withSteps(2);
        Path claimOf100 = dir.resolve("size-100").resolve(DatasetSizeStudy.CLAIM_FILE);
        Files.createDirectories(claimOf100.getParent());
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(claimOf100,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                java.nio.channels.FileLock held = ch.lock()) {
            List<DatasetSizeStudy.Step> partial = study.run(null);
            assertEquals(List.of(75), partial.stream().map(DatasetSizeStudy.Step::trainCount).toList(),
                    "the size another worker holds is skipped");
            assertEquals(List.of(100), java.util.Arrays.stream(study.unfinishedSizes()).boxed().toList());
            assertTrue(!Files.exists(dir.resolve("size-100").resolve(strainlab.cnn.CnnTrainer.CHECKPOINT_FILE)));
        }
        List<DatasetSizeStudy.Step> all = study.run(null);
        assertEquals(List.of(100, 75), all.stream().map(DatasetSizeStudy.Step::trainCount).toList(),
                "once released the size is trained and merged with the other worker's step");
        assertEquals(0, study.unfinishedSizes().length);

        // reports are written under the record's lock: another worker's report waits for this one
        DatasetSizeStudy otherWorker = new DatasetSizeStudy(train, validation, test, options(1), dir).withSteps(2);
        java.util.concurrent.atomic.AtomicBoolean otherWrote = new java.util.concurrent.atomic.AtomicBoolean();
        Thread other = new Thread(() -> {
            try {
                otherWorker.writeReports(steps -> otherWrote.set(true));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        List<DatasetSizeStudy.Step> reported = study.writeReports(steps -> {
            other.start();
            try {
                other.join(500);
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
            assertTrue(!otherWrote.get(), "the second report waits while the first is being written");
        });
        other.join(10_000);
        assertTrue(otherWrote.get(), "and is written once the first is done");
        assertEquals(all, reported);
    }

    private static double minimum(double[] v) {
        return java.util.Arrays.stream(v).min().orElseThrow();
    }

    @Test
    void datasetSizeStudyTrainsShrinkingSetsAndResumes() throws Exception {
        Path dir = work.resolve("size-study");
        DatasetSizeStudy study = new DatasetSizeStudy(train, validation, test, options(1), dir).withSteps(2);
        assertEquals(List.of(100, 75), java.util.Arrays.stream(study.sizes()).boxed().toList());
        List<DatasetSizeStudy.Step> steps = study.run(null);
        assertEquals(2, steps.size());
        assertEquals(100, steps.get(0).trainCount());
        for (DatasetSizeStudy.Step s : steps) {
            assertTrue(s.trainMse() > 0 && s.valMse() > 0);
            assertEquals(test.size(), s.test().testCount());
        }
        long before = Files.getLastModifiedTime(dir.resolve(DatasetSizeStudy.STEPS_FILE)).toMillis();
        assertEquals(steps, study.run(null), "a finished study is read back, not retrained");
        assertEquals(before, Files.getLastModifiedTime(dir.resolve(DatasetSizeStudy.STEPS_FILE)).toMillis());
        // where batches come from does not change the study: it resumes under another placement
        DatasetSizeStudy onDevice = new DatasetSizeStudy(train, validation, test,
                options(1).withDataPlacement(strainlab.training.DataPlacement.DEVICE), dir).withSteps(2);
        assertEquals(steps, onDevice.run(null));
        // a record written before the option existed (no dataPlacement) still reads
        Path record = dir.resolve(DatasetSizeStudy.STEPS_FILE);
        Files.writeString(record, Files.readString(record).replaceAll(",\\s*\"dataPlacement\":\\s*\"\\w+\"", ""));
        assertTrue(!Files.readString(record).contains("dataPlacement"));
        assertEquals(steps, study.run(null));
        // the device does not change the study either: a worker on another device reads it as its own
        assertEquals(steps, new DatasetSizeStudy(train, validation, test, options(1).withDevice("auto"), dir)
                .withSteps(2).run(null));
        Table table = DatasetSizeStudy.toTable(steps);
        assertEquals(2, table.rowCount());
        // printed rounded (MSE to 5 decimals, accuracies in %), written in full
        String printed = table.print();
        assertTrue(printed.contains(String.format(Locale.ROOT, "%.5f", steps.get(0).valMse())), printed);
        assertTrue(printed.contains(" %  |"), printed);
        assertTrue(!printed.contains(Double.toString(steps.get(0).valMse())), printed);
        String csv = table.write().toString("csv");
        assertTrue(csv.contains(Double.toString(steps.get(0).valMse())), csv);
        assertTrue(Files.size(Charts.savePng(EvaluationFigures.sizeStudyAccuracy(steps), dir.resolve("b.png"))) > 0);
        assertTrue(Files.size(Charts.savePng(EvaluationFigures.sizeStudyMse(steps), dir.resolve("a.png"))) > 0);
    }
}
