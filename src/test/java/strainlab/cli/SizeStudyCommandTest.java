package strainlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/strainlab size-study} end to end on a tiny generated set: sizes, files, resume, bad options. */
class SizeStudyCommandTest {
    @Test
    void trainsEachSizeWritesTheFigureAndResumes(@TempDir Path tmp) throws Exception {
        Path set = smallSet(tmp, 6);
        Path study = tmp.resolve("study");
        List<String> args = List.of("size-study", "--data", set.toString(), "--out", study.toString(), "--steps", "2",
                "--factor", "0.5", "--epochs", "1", "--batch", "16", "--device", "cpu");
        CliRun first = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, first.code(), first.out() + first.err());
        assertTrue(first.out().contains("sizes [80, 40]"), first.out());
        for (String f : SizeStudyCommand.FILES) {
            assertTrue(Files.size(study.resolve(f)) > 0, f);
        }
        List<String> csv = Files.readAllLines(study.resolve("size-study.csv"));
        assertEquals(3, csv.size(), "header and one row per size: " + csv);
        assertTrue(Files.isDirectory(study.resolve("size-80")) && Files.isDirectory(study.resolve("size-40")));

        CliRun again = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, again.code(), again.out() + again.err());
        assertEquals(csv, Files.readAllLines(study.resolve("size-study.csv")), "finished sizes are kept, not retrained");

        CliRun bad = CliRun.of("size-study", "--data", set.toString(), "--out", tmp.resolve("x").toString(),
                "--factor", "1.5");
        assertNotEquals(0, bad.code());
        assertTrue(bad.err().contains("factor must be in (0, 1)"), bad.err());
        CliRun missing = CliRun.of("size-study", "--out", tmp.resolve("y").toString());
        assertNotEquals(0, missing.code());
        assertTrue(missing.err().contains("--data"), missing.err());
    }

    @Test
    void twoWorkerProcessesShareOneStudyAndTrainEachSizeOnce(@TempDir Path tmp) throws Exception {
        Path set = smallSet(tmp, 7);
        Path study = tmp.resolve("study");
        List<Process> workers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            workers.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "size-study", "--data", set.toString(), "--out", study.toString(),
                    "--steps", "2", "--factor", "0.5", "--epochs", "1", "--batch", "16", "--device", "cpu")
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("worker-" + w + ".log").toFile()).start());
        }
        long trainings = 0;
        for (int w = 0; w < 2; w++) {
            assertTrue(workers.get(w).waitFor(5, TimeUnit.MINUTES), "worker " + w + " finishes");
            String log = Files.readString(tmp.resolve("worker-" + w + ".log"));
            assertEquals(0, workers.get(w).exitValue(), log);
            trainings += log.lines().filter(l -> l.startsWith("dataset-size study: training on")).count();
        }
        assertEquals(2, trainings, "each size is trained by one worker");
        List<String> csv = Files.readAllLines(study.resolve("size-study.csv"));
        assertEquals(3, csv.size(), "both sizes recorded: " + csv);
    }

    /** A 100-curve CNN3 set on the 401-point grid in {@code tmp/set}. */
    private static Path smallSet(Path tmp, int seed) {
        Path set = tmp.resolve("set");
        CliRun g = CliRun.of("generate", "--preset", "cnn3", "--grid", "401", "--count", "100", "--seed",
                Integer.toString(seed), "--threads", "2", "--out", set.toString());
        assertEquals(0, g.code(), g.err());
        return set;
    }
}
