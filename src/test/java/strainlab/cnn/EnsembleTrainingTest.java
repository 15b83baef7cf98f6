package strainlab.cnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import strainlab.io.Checksums;
import strainlab.training.TrainingOptions;

class EnsembleTrainingTest {

    @Test
    void trainsEachMemberFromItsOwnSeedWritesTheEnsembleAndResumes(@TempDir Path dir) throws IOException {
        InMemoryCurves all = TestCurves.synthetic(60, 401, 4);
        TrainingOptions options = TrainingOptions.paper().withEpochs(1).withBatchSize(16).withDevice("cpu")
                .withSeed(5).withProgressSeconds(0);
        List<TrainingRun> runs = Ensemble.train(all.slice(0, 50), all.slice(50, 60), options, dir, 2, null, null);
        assertEquals(List.of(dir.resolve("member-01"), dir.resolve("member-02")),
                runs.stream().map(TrainingRun::modelDir).toList());
        assertTrue(Ensemble.isEnsemble(dir));
        assertEquals(List.of(dir.resolve("member-01"), dir.resolve("member-02")), Ensemble.memberDirs(dir));
        assertTrue(Files.readString(dir.resolve(Ensemble.FILE_NAME)).replaceAll("\\s", "").contains("\"seeds\":[5,6]"),
                "the members' seeds are recorded");
        assertFalse(Arrays.equals(Files.readAllBytes(dir.resolve("member-01").resolve(CnnTrainer.PARAMS_FILE)),
                Files.readAllBytes(dir.resolve("member-02").resolve(CnnTrainer.PARAMS_FILE))),
                "two seeds give two networks");
        List<TrainingRun> again = Ensemble.train(all.slice(0, 50), all.slice(50, 60), options, dir, 2, null, null);
        assertEquals(List.of(1, 1), again.stream().map(TrainingRun::resumedAfterEpoch).toList(),
                "finished members are not trained again");
        try (Ensemble e = Ensemble.load(dir, "cpu")) {
            assertEquals(2, e.members().size());
        }
        assertThrows(IllegalArgumentException.class,
                () -> Ensemble.train(all.slice(0, 50), all.slice(50, 60), options, dir, 0, null, null));
    }

    @Test
    void trainingOnRewritesTheEnsembleChecksumsItFound(@TempDir Path dir) throws IOException {
        InMemoryCurves all = TestCurves.synthetic(40, 401, 4);
        TrainingOptions options = TrainingOptions.paper().withEpochs(1).withBatchSize(16).withDevice("cpu")
                .withSeed(5).withProgressSeconds(0);
        Ensemble.train(all.slice(0, 32), all.slice(32, 40), options, dir, 2, null, null);
        assertFalse(Checksums.present(dir), "train --members writes no ensemble checksums of its own");
        Ensemble.writeChecksums(dir);
        String before = Files.readString(dir.resolve(Checksums.FILE_NAME));
        Ensemble.train(all.slice(0, 32), all.slice(32, 40), options.withEpochs(2), dir, 2, null, null);
        assertFalse(before.equals(Files.readString(dir.resolve(Checksums.FILE_NAME))), "the members changed");
        try (Ensemble e = Ensemble.load(dir, "cpu")) {
            assertEquals(2, e.members().size());
        }
    }
}
