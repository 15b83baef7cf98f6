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

    @Test
    void aWorkerTrainsOnlyTheSizesItIsGiven(@TempDir Path tmp) throws Exception {
        Path set = smallSet(tmp, 8);
        Path study = tmp.resolve("study");
        List<String> common = List.of("size-study", "--data", set.toString(), "--out", study.toString(), "--steps",
                "3", "--factor", "0.5", "--epochs", "1", "--batch", "16", "--device", "cpu");
        CliRun some = CliRun.of(concat(common, "--sizes", "20,40"));
        assertEquals(0, some.code(), some.out() + some.err());
        assertTrue(some.out().contains("this worker trains [20, 40]"), some.out());
        List<String> order = some.out().lines().filter(l -> l.startsWith("dataset-size study: training on")).toList();
        assertEquals(List.of("dataset-size study: training on 20 curves", "dataset-size study: training on 40 curves"),
                order, "the given sizes, in the given order");
        assertTrue(some.out().contains("sizes still being trained by other workers: [80]"), some.out());
        assertTrue(!Files.exists(study.resolve("size-80")), "size 80 is left to another worker");
        assertEquals(3, Files.readAllLines(study.resolve("size-study.csv")).size());

        CliRun rest = CliRun.of(common.toArray(String[]::new));
        assertEquals(0, rest.code(), rest.out() + rest.err());
        assertEquals(1, rest.out().lines().filter(l -> l.startsWith("dataset-size study: training on")).count(),
                "only the size left is trained: " + rest.out());
        assertEquals(4, Files.readAllLines(study.resolve("size-study.csv")).size());

        Files.delete(study.resolve("figure7-mse.png"));
        CliRun report = CliRun.of("size-study", "--out", study.toString(), "--report-only");
        assertEquals(0, report.code(), report.out() + report.err());
        assertTrue(Files.size(study.resolve("figure7-mse.png")) > 0, "the figure is drawn again from steps.json");
        assertEquals(4, Files.readAllLines(study.resolve("size-study.csv")).size());
        CliRun noRecord = CliRun.of("size-study", "--out", tmp.resolve("empty").toString(), "--report-only");
        assertEquals(2, noRecord.code());
        assertTrue(noRecord.err().contains("no finished size recorded"), noRecord.err());

        CliRun notASize = CliRun.of(concat(common, "--sizes", "30"));
        assertEquals(2, notASize.code());
        assertTrue(notASize.err().contains("size 30 is not one of this study's sizes [80, 40, 20]"), notASize.err());
        CliRun notANumber = CliRun.of(concat(common, "--sizes", "20,x"));
        assertEquals(2, notANumber.code());
        assertTrue(notANumber.err().contains("--sizes must be an integer, got 'x'"), notANumber.err());
    }

    private static String[] concat(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
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
