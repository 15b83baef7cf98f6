package strainlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import strainlab.cnn.CnnTrainer;
import strainlab.cnn.DatasetCurves;
import strainlab.cnn.GrowingCurves;
import strainlab.dataset.ShardedDataset;
import strainlab.training.PoolSchedule;
import strainlab.training.TrainingOptions;

/**
 * {@code train --more-data --pool-start --pool-growth --epoch-curves}: a training pool that grows while
 * {@code generate} writes it, through {@link Main#run}.
 */
class GrowingPoolCommandsTest {
    @TempDir
    Path tmp;
    private Path validation;
    private Path first;

    private static void generate(Path out, int count, int seed, String... more) {
        List<String> args = new ArrayList<>(List.of("generate", "--preset", "cnn2", "--grid", "401", "--count",
                String.valueOf(count), "--seed", String.valueOf(seed), "--noise", "published", "--shard-size", "8",
                "--threads", "1", "--out", out.toString()));
        args.addAll(List.of(more));
        CliRun g = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, g.code(), g.out() + g.err());
    }

    @BeforeEach
    void sets() {
        validation = tmp.resolve("validation");
        first = tmp.resolve("first");
        generate(validation, 16, 3);
        generate(first, 40, 1);
    }

    private List<String> trainArgs(Path more, Path model) {
        return new ArrayList<>(List.of("train", "--data", first.toString(), "--validation-data",
                validation.toString(), "--more-data", more.toString(), "--pool-start", "16", "--pool-growth", "16",
                "--epoch-curves", "24", "--epochs", "4", "--batch", "8", "--schedule", "cosine", "--device", "cpu",
                "--out", model.toString()));
    }

    @Test
    void trainWaitsForTheGeneratorAndTrainsWhatItWouldOnFinishedSets() throws Exception {
        Path more = tmp.resolve("more");
        Path growing = tmp.resolve("growing");
        CliRun plan = CliRun.of("generate", "--preset", "cnn2", "--grid", "401", "--count", "32", "--seed", "2",
                "--noise", "published", "--shard-size", "8", "--out", more.toString(), "--plan-only");
        assertEquals(0, plan.code(), plan.out() + plan.err());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Integer> training = CompletableFuture.supplyAsync(() -> Main.run(
                trainArgs(more, growing).toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        generate(more, 32, 2);
        assertEquals(0, training.get(120, TimeUnit.SECONDS), out + "\n" + err);
        String log = out.toString(StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("epoch (\\d): pool of (\\d+) curves").matcher(log);
        List<String> pools = new ArrayList<>();
        while (m.find()) {
            pools.add(m.group(1) + ":" + m.group(2));
        }
        assertEquals(List.of("1:16", "2:32", "3:48", "4:64"), pools, log);
        assertTrue(log.contains("training pool: pool 16 + 16 per epoch, 24 curves per epoch"), log);

        Path finished = tmp.resolve("finished");
        CliRun again = CliRun.of(trainArgs(more, finished).toArray(String[]::new));
        assertEquals(0, again.code(), again.out() + again.err());
        assertArrayEquals(Files.readAllBytes(growing.resolve(CnnTrainer.PARAMS_FILE)),
                Files.readAllBytes(finished.resolve(CnnTrainer.PARAMS_FILE)),
                "the same seed trains the same network whether or not it waited for the generator");

        CliRun evaluate = CliRun.of("evaluate", "--model", growing.toString(), "--data", first.toString(), "--out",
                tmp.resolve("report").toString(), "--device", "cpu");
        assertEquals(0, evaluate.code(), evaluate.out() + evaluate.err());
    }

    @Test
    void freshNoiseOnAGrowingPoolTrainsWhatItWouldOnFinishedSets() throws Exception {
        Path data = tmp.resolve("data-x");
        Path more = tmp.resolve("more-x");
        generate(data, 40, 1, "--store-expected-counts");
        generate(more, 32, 2, "--store-expected-counts", "--plan-only");
        List<String> fresh = List.of("--noise-on-the-fly", "--data-placement", "device");
        List<String> growingArgs = trainArgs(more, tmp.resolve("growing-x"));
        growingArgs.set(growingArgs.indexOf(first.toString()), data.toString());
        growingArgs.addAll(fresh);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Integer> training = CompletableFuture.supplyAsync(() -> Main.run(
                growingArgs.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8)));
        generate(more, 32, 2, "--store-expected-counts");
        assertEquals(0, training.get(120, TimeUnit.SECONDS), out.toString(StandardCharsets.UTF_8));
        String log = out.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("epoch 4: pool of 64 curves"), log);

        List<String> finishedArgs = new ArrayList<>(growingArgs);
        finishedArgs.set(finishedArgs.indexOf(tmp.resolve("growing-x").toString()), tmp.resolve("finished-x").toString());
        CliRun again = CliRun.of(finishedArgs.toArray(String[]::new));
        assertEquals(0, again.code(), again.out() + again.err());
        byte[] network = Files.readAllBytes(tmp.resolve("growing-x").resolve(CnnTrainer.PARAMS_FILE));
        assertArrayEquals(network, Files.readAllBytes(tmp.resolve("finished-x").resolve(CnnTrainer.PARAMS_FILE)),
                "the same seed draws the same noise and trains the same network whether or not it waited");

        List<String> storedArgs = new ArrayList<>(finishedArgs.subList(0, finishedArgs.size() - fresh.size()));
        storedArgs.set(storedArgs.indexOf(tmp.resolve("finished-x").toString()), tmp.resolve("stored-x").toString());
        CliRun stored = CliRun.of(storedArgs.toArray(String[]::new));
        assertEquals(0, stored.code(), stored.out() + stored.err());
        assertFalse(Arrays.equals(network, Files.readAllBytes(tmp.resolve("stored-x").resolve(CnnTrainer.PARAMS_FILE))),
                "fresh noise trains on other inputs than the stored curves");

        List<String> hostArgs = new ArrayList<>(growingArgs);
        hostArgs.set(hostArgs.indexOf("device"), "host");
        hostArgs.set(hostArgs.indexOf(tmp.resolve("growing-x").toString()), tmp.resolve("host-x").toString());
        CliRun host = CliRun.of(hostArgs.toArray(String[]::new));
        assertEquals(0, host.code(), host.out() + host.err());

        List<String> withoutCounts = new ArrayList<>(growingArgs);
        withoutCounts.set(withoutCounts.indexOf(more.toString()), tmp.resolve("plain").toString());
        withoutCounts.set(withoutCounts.indexOf(tmp.resolve("growing-x").toString()), tmp.resolve("m2").toString());
        generate(tmp.resolve("plain"), 32, 2);
        CliRun refused = CliRun.of(withoutCounts.toArray(String[]::new));
        assertTrue(refused.code() == 2 && refused.err().contains("--more-data " + tmp.resolve("plain") + " stores none")
                && refused.err().contains("--store-expected-counts"),
                refused.code() + ": " + refused.out() + refused.err());
        assertFalse(Files.exists(tmp.resolve("m2").resolve(CnnTrainer.PARAMS_FILE)));
    }

    @Test
    void aRunStoppedAfterAnEpochResumesToTheSameNetwork() throws Exception {
        Path more = tmp.resolve("more");
        generate(more, 32, 2);
        assertAStoppedRunResumesToTheSameNetwork(first, more, paperOptions());
    }

    @Test
    void aFreshNoiseRunStoppedAfterAnEpochResumesToTheSameNetwork() throws Exception {
        Path data = tmp.resolve("data-x");
        Path more = tmp.resolve("more-x");
        generate(data, 40, 1, "--store-expected-counts");
        generate(more, 32, 2, "--store-expected-counts");
        assertAStoppedRunResumesToTheSameNetwork(data, more, paperOptions().withNoiseOnTheFly(true)
                .withDataPlacement(strainlab.training.DataPlacement.DEVICE));
    }

    private static TrainingOptions paperOptions() {
        return TrainingOptions.paper().withEpochs(4).withBatchSize(8).withDevice("cpu").withSeed(1)
                .withProgressSeconds(0).withSchedule(strainlab.training.LearningRateSchedule.Kind.COSINE);
    }

    /** Trains the pool of {@code data}'s training part and {@code more} whole, and stopped after epoch 2 then resumed. */
    private void assertAStoppedRunResumesToTheSameNetwork(Path data, Path more, TrainingOptions options)
            throws Exception {
        try (ShardedDataset a = ShardedDataset.openGrowing(data); ShardedDataset b = ShardedDataset.openGrowing(more);
             ShardedDataset v = ShardedDataset.open(validation)) {
            GrowingCurves pool = GrowingCurves.of(DatasetCurves.split(a).train(), b, new PoolSchedule(16, 16, 24), 4);
            Path whole = tmp.resolve("whole");
            CnnTrainer.train(pool, DatasetCurves.all(v), options, whole, null);
            Path stopped = tmp.resolve("stopped");
            assertThrows(IllegalStateException.class, () -> CnnTrainer.train(pool, DatasetCurves.all(v), options,
                    stopped, null, (record, improved, history) -> {
                        if (record.epoch() == 2) {
                            throw new IOException("stop after epoch 2");
                        }
                    }));
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            CnnTrainer.train(pool, DatasetCurves.all(v), options, stopped,
                    new PrintStream(log, true, StandardCharsets.UTF_8));
            assertTrue(log.toString(StandardCharsets.UTF_8).contains("resuming"), log.toString());
            assertArrayEquals(Files.readAllBytes(whole.resolve(CnnTrainer.PARAMS_FILE)),
                    Files.readAllBytes(stopped.resolve(CnnTrainer.PARAMS_FILE)));
        }
    }

    @Test
    void aPlannedSetOpensBeforeItsGenerationAndFillsLater() throws Exception {
        Path more = tmp.resolve("more");
        CliRun plan = CliRun.of("generate", "--preset", "cnn2", "--grid", "401", "--count", "32", "--seed", "2",
                "--noise", "published", "--shard-size", "8", "--out", more.toString(), "--plan-only");
        assertEquals(0, plan.code(), plan.out() + plan.err());
        assertTrue(plan.out().contains("nothing generated"), plan.out());
        try (ShardedDataset set = ShardedDataset.openGrowing(more)) {
            assertEquals(32, set.size());
            assertEquals(0, set.finishedCount());
            generate(more, 32, 2);
            assertEquals(32, set.refresh());
        }
        assertThrows(IOException.class, () -> ShardedDataset.open(tmp.resolve("nothing")));
    }

    @Test
    void combinationsThatCannotWorkAreUsageErrors() {
        Path more = tmp.resolve("more");
        generate(more, 32, 2);
        Path model = tmp.resolve("m");
        String[][] cases = {
            {"--members=2", "--members cannot be combined with a growing pool"},
            {"--outputs=12", "--outputs 12 cannot be combined with a growing pool"},
        };
        for (String[] c : cases) {
            List<String> args = trainArgs(more, model);
            args.addAll(List.of(c[0].split("=")));
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertEquals(2, r.code(), c[0] + ": " + r.out() + r.err());
            assertTrue(r.err().contains(c[1]), r.err());
        }
        CliRun missing = CliRun.of(trainArgs(tmp.resolve("mistyped"), model).toArray(String[]::new));
        assertEquals(2, missing.code(), missing.out() + missing.err());
        assertTrue(missing.err().contains("--more-data " + tmp.resolve("mistyped")) && missing.err().contains(
                "--plan-only"), missing.err());
        CliRun badStart = CliRun.of(trainArgs(more, model).stream()
                .map(a -> a.equals("16") ? "0" : a).toArray(String[]::new));
        assertEquals(2, badStart.code(), badStart.out() + badStart.err());
        assertTrue(badStart.err().contains("--pool-start"), badStart.err());
        CliRun sameSeed = CliRun.of(trainArgs(first, model).toArray(String[]::new));
        assertEquals(2, sameSeed.code(), sameSeed.out() + sameSeed.err());
        assertTrue(sameSeed.err().contains("--more-data " + first + " has the seed of --data"), sameSeed.err());
        CliRun sameAsValidation = CliRun.of(trainArgs(validation, model).toArray(String[]::new));
        assertEquals(2, sameAsValidation.code(), sameAsValidation.out() + sameAsValidation.err());
        assertTrue(sameAsValidation.err().contains("has the seed of --validation-data"), sameAsValidation.err());
        Path other = tmp.resolve("other");
        CliRun g = CliRun.of("generate", "--preset", "cnn1", "--grid", "401", "--count", "8", "--seed", "2",
                "--noise", "published", "--threads", "1", "--out", other.toString());
        assertEquals(0, g.code(), g.err());
        CliRun r = CliRun.of(trainArgs(other, model).toArray(String[]::new));
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(other.toString()) && r.err().contains("cannot extend the training pool"),
                r.err());
    }
}
