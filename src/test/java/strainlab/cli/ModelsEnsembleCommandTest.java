package strainlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import strainlab.Workspace;
import strainlab.cnn.DatasetCurves;
import strainlab.cnn.Ensemble;
import strainlab.cnn.TrainedModel;
import strainlab.dataset.ShardedDataset;
import strainlab.io.Checksums;

/**
 * {@code models ensemble --out DIR MODEL...}: XRD networks of separate {@code train} runs (toy size) become one
 * ensemble folder, and every refused input leaves no folder behind.
 */
class ModelsEnsembleCommandTest {
    private static final Path SHIPPED = Workspace.root().resolve("data/models");
    @TempDir
    static Path tmp;
    private static Path set;
    private static Path seed5;
    private static Path seed9;
    private static Path grid401;

    @BeforeAll
    static void trainThreeSmallNetworksInSeparateRuns() {
        set = generate("set", "1001");
        seed5 = train(set, "run-seed5", 5);
        seed9 = train(set, "run-seed9", 9);
        grid401 = train(generate("set-401", "401"), "run-grid401", 3);
    }

    private static Path generate(String name, String grid) {
        Path d = tmp.resolve(name);
        CliRun r = CliRun.of("generate", "--preset", "cnn1", "--grid", grid, "--count", "30", "--seed", "1",
                "--shard-size", "10", "--threads", "1", "--out", d.toString());
        assertEquals(0, r.code(), r.err());
        return d;
    }

    private static Path train(Path data, String name, int seed) {
        Path model = tmp.resolve(name);
        CliRun r = CliRun.of("train", "--data", data.toString(), "--out", model.toString(), "--epochs", "1",
                "--batch", "8", "--device", "cpu", "--seed", Integer.toString(seed));
        assertEquals(0, r.code(), r.out() + r.err());
        return model;
    }

    private static CliRun ensemble(Path out, Path... models) {
        Stream<String> head = Stream.of("models", "ensemble", "--out", out.toString());
        return CliRun.of(Stream.concat(head, Stream.of(models).map(Path::toString)).toArray(String[]::new));
    }

    /** A new ensemble of the two seed runs in {@code tmp/name}. */
    private static Path assembled(String name) {
        Path out = tmp.resolve(name);
        CliRun r = ensemble(out, seed5, seed9);
        assertEquals(0, r.code(), r.out() + r.err());
        return out;
    }

    /** Asserts the refusal's exit status and message and that neither --out nor a staging folder appeared. */
    private static void assertRefused(CliRun r, int code, String named, String problem, Path out) throws IOException {
        assertEquals(code, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(named), "names " + named + ": " + r.err());
        assertTrue(r.err().contains(problem), "says " + problem + ": " + r.err());
        assertFalse(Files.exists(out), out + " was written");
        try (Stream<Path> s = Files.list(out.getParent())) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("." + out.getFileName())),
                    "a staging folder was left beside " + out);
        }
    }

    @Test
    void theAssembledFolderLoadsAsAnEnsembleWhoseMeanIsTheRunsMean() throws Exception {
        Path out = tmp.resolve("ensemble");
        CliRun r = ensemble(out, seed5, seed9);
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains(out.resolve("member-02") + ": copy of " + seed9 + " (seed 9)"), r.out());
        try (ShardedDataset data = ShardedDataset.open(set);
                Ensemble e = Ensemble.load(out, "cpu");
                TrainedModel a = TrainedModel.load(seed5, "cpu");
                TrainedModel b = TrainedModel.load(seed9, "cpu")) {
            DatasetCurves curves = DatasetCurves.all(data);
            float[][] in = new float[4][curves.inputLength()];
            for (int i = 0; i < in.length; i++) {
                curves.read(i, in[i], new float[curves.labelCount()]);
            }
            float[][] pa = a.predict(in);
            float[][] pb = b.predict(in);
            float[][] mean = e.predict(in).mean();
            for (int i = 0; i < in.length; i++) {
                for (int j = 0; j < pa[i].length; j++) {
                    assertEquals((pa[i][j] + pb[i][j]) / 2, mean[i][j], 1e-5 * (1 + Math.abs(pa[i][j])),
                            "curve " + i + ", label " + j);
                }
            }
            assertFalse(java.util.Arrays.equals(pa[0], pb[0]), "two runs give two networks");
        }
    }

    @Test
    void ensembleJsonRecordsTheMembersSeedsInTheOrderGiven() throws Exception {
        Path out = tmp.resolve("reversed");
        CliRun r = ensemble(out, seed9, seed5);
        assertEquals(0, r.code(), r.out() + r.err());
        JsonObject d = JsonParser.parseString(Files.readString(out.resolve(Ensemble.FILE_NAME))).getAsJsonObject();
        assertEquals("[\"member-01\",\"member-02\"]", d.get("members").toString());
        assertEquals("[9,5]", d.get("seeds").toString());
        assertArrayEquals(Files.readAllBytes(seed9.resolve("network.params")),
                Files.readAllBytes(out.resolve("member-01").resolve("network.params")));
    }

    @Test
    void onlyTheModelFilesAreCopiedNeverTheCheckpoint() throws Exception {
        assertTrue(Files.exists(seed5.resolve("checkpoint.bin")), "the source run keeps its checkpoint");
        Path out = assembled("copied");
        try (Stream<Path> s = Files.list(out.resolve("member-01"))) {
            assertEquals(List.of("checksums.json", "history.csv", "learning-curves.png", "model.json",
                    "network.params", "normaliser.json"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of("checksums.json", "ensemble.json", "member-01", "member-02"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void modelsVerifyPassesAndAChangedEnsembleJsonIsRefused() throws Exception {
        Path out = assembled("verified");
        CliRun verify = CliRun.of("models", "verify", out.toString());
        assertEquals(0, verify.code(), verify.err());
        assertTrue(verify.out().contains(out + ": ok (7 files match checksums.json)"), verify.out());
        Files.writeString(out.resolve(Ensemble.FILE_NAME), "{\"format\": \"strainlab-ensemble/1\", \"members\": "
                + "[\"member-01\"], \"seeds\": [5]}");
        IOException e = assertThrows(IOException.class, () -> Ensemble.load(out, "cpu"));
        assertTrue(e.getMessage().startsWith(out.resolve(Ensemble.FILE_NAME) + ": damaged or modified"),
                e.getMessage());
        CliRun again = CliRun.of("models", "verify", out.toString());
        assertEquals(1, again.code());
        assertTrue(again.err().contains(out.resolve(Ensemble.FILE_NAME) + ": damaged or modified"), again.err());
    }

    @Test
    void modelsChecksumAndHalfKeepTheEnsembleChecksumsValid() throws Exception {
        Path out = assembled("rewritten");
        String written = Files.readString(out.resolve(Checksums.FILE_NAME));
        Files.delete(out.resolve(Checksums.FILE_NAME));
        CliRun checksum = CliRun.of("models", "checksum", out.toString());
        assertEquals(0, checksum.code(), checksum.err());
        assertEquals(written, Files.readString(out.resolve(Checksums.FILE_NAME)));
        CliRun half = CliRun.of("models", "half", "--curves", "8", "--tolerance", "1", out.toString());
        assertEquals(0, half.code(), half.err());
        assertFalse(written.equals(Files.readString(out.resolve(Checksums.FILE_NAME))), "rewritten after half");
        assertEquals(0, CliRun.of("models", "verify", out.toString()).code());
        try (Ensemble e = Ensemble.load(out, "cpu")) {
            assertEquals(2, e.members().size());
        }
    }

    @Test
    void anExistingEmptyOutFolderIsFilled() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("empty"));
        CliRun r = ensemble(out, seed5, seed9);
        assertEquals(0, r.code(), r.out() + r.err());
        try (Ensemble e = Ensemble.load(out, "cpu")) {
            assertEquals(2, e.members().size());
        }
    }

    @Test
    void argumentProblemsAreUsageErrorsNamingTheFolder() throws Exception {
        Path out = tmp.resolve("refused-usage");
        assertRefused(ensemble(out, seed5), 2, seed5.toString(), "needs at least two model folders", out);
        assertRefused(ensemble(out, seed5, seed9, seed5), 2, seed5.toString(), "given twice", out);
        assertRefused(CliRun.of("models", "ensemble", seed5.toString(), seed9.toString()), 2, "--out",
                "needs --out DIR", out);
        Path full = Files.createDirectories(tmp.resolve("full"));
        Files.writeString(full.resolve("notes.txt"), "keep");
        CliRun r = ensemble(full, seed5, seed9);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--out " + full + ": already exists and is not an empty folder"), r.err());
        try (Stream<Path> s = Files.list(full)) {
            assertEquals(List.of(full.resolve("notes.txt")), s.toList(), "the folder is left as it was");
        }
        CliRun misplaced = CliRun.of("models", "verify", "--out", out.toString(), seed5.toString());
        assertEquals(2, misplaced.code());
        assertTrue(misplaced.err().contains("--out belongs to 'ensemble'"), misplaced.err());
    }

    @Test
    void foldersThatCannotBeMembersAreRefusedNamingThem() throws Exception {
        Path out = tmp.resolve("refused-member");
        Path cnn3 = SHIPPED.resolve("cnn3-3-1500k-gpu");
        assertRefused(ensemble(out, seed5, cnn3), 1, cnn3.toString(), "labels [", out);
        assertRefused(ensemble(out, seed5, grid401), 1, grid401.toString(),
                "input grid (401 points", out);
        Path existing = assembled("as-member");
        assertRefused(ensemble(out, seed5, existing), 1, existing.toString(), "an XRD ensemble", out);
        Path nanobeam = SHIPPED.resolve("nanobeamnn-41-10x500-gpu");
        assertRefused(ensemble(out, nanobeam, seed5), 1, nanobeam.toString(), "a NanobeamNN model folder", out);
        Path nanobeamMember = nanobeam.resolve("member-00");
        assertRefused(ensemble(out, seed5, nanobeamMember), 1, nanobeamMember.toString(), "a NanobeamNN model folder",
                out);
        Path empty = Files.createDirectories(tmp.resolve("no-model"));
        assertRefused(ensemble(out, seed5, empty), 1, empty.toString(), "not an XRD CNN model folder", out);
    }

    @Test
    void aDamagedSourceIsRefusedNamingItsFile() throws Exception {
        Path damaged = tmp.resolve("damaged");
        Files.createDirectories(damaged);
        try (Stream<Path> s = Files.list(seed9)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Files.copy(p, damaged.resolve(p.getFileName()));
            }
        }
        Path params = damaged.resolve("network.params");
        try (FileChannel ch = FileChannel.open(params, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            ch.read(b, 1000);
            b.put(0, (byte) (b.get(0) ^ 0x10));
            ch.write(b.rewind(), 1000);
        }
        Path out = tmp.resolve("refused-damaged");
        assertRefused(ensemble(out, seed5, damaged), 1, params.toString(), "damaged or modified", out);
    }
}
