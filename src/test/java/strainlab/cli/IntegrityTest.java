package strainlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import strainlab.cnn.TrainedModel;
import strainlab.io.Checksums;
import strainlab.io.FolderLock;
import strainlab.nanobeam.net.NanobeamEnsemble;

/**
 * Integrity of what StrainLab stores and resumes, through {@link Main#run}: damaged, truncated or missing model
 * files, damaged checkpoints, resumes with another data set, and two writers of one folder. Each case asserts the
 * exit status and a message that names the file or folder.
 */
class IntegrityTest {
    private static final Path CNN1 = Path.of("data/models/cnn1-1500k-gpu");
    private static final Path ENSEMBLE = Path.of("data/models/nanobeamnn-41-10x500-gpu");
    private static final String SCAN = "data/examples/ysz-400-simulated.txt";

    @TempDir
    Path tmp;

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void flipByte(Path file, long position) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            ch.read(b, position);
            b.put(0, (byte) (b.get(0) ^ 0x10));
            ch.write(b.rewind(), position);
        }
    }

    private Path cnn1Copy() throws IOException {
        Path m = tmp.resolve("cnn1");
        copyTree(CNN1, m);
        return m;
    }

    @Test
    void theShippedModelsCarryChecksumsThatMatch() {
        List<String> dirs = new ArrayList<>();
        dirs.add("models");
        dirs.add("verify");
        try (Stream<Path> s = Files.list(Path.of("data/models"))) {
            for (Path d : s.sorted().toList()) {
                if (Files.isDirectory(NanobeamEnsemble.memberDir(d, 0)) || Files.exists(d.resolve("model.json"))) {
                    dirs.add(d.toString());
                } else {
                    try (Stream<Path> sub = Files.list(d)) {
                        sub.filter(Files::isDirectory).sorted().forEach(p -> dirs.add(p.toString()));
                    }
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertTrue(dirs.contains("data/models/cnn2-published-1500k-gpu"), dirs.toString());
        CliRun r = CliRun.of(dirs.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertEquals(dirs.size() - 2, r.out().lines().filter(l -> l.contains(": ok (")).count(), r.out());
    }

    @Test
    void aFlippedByteInNetworkParamsIsRefusedNamingTheFile() throws IOException {
        Path m = cnn1Copy();
        flipByte(m.resolve("network.params"), 3_000_000);
        CliRun r = CliRun.of("analyze", SCAN, "--model", m.toString(), "--out", tmp.resolve("out").toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(m.resolve("network.params") + ": damaged or modified (CRC-32C"), r.err());
        assertFalse(Files.exists(tmp.resolve("out").resolve("report.json")), "no report from a damaged model");
        CliRun verify = CliRun.of("models", "verify", m.toString());
        assertEquals(1, verify.code());
        assertTrue(verify.err().contains("network.params: damaged or modified"), verify.err());
    }

    @Test
    void modelsHalfStoresANetworkInHalfPrecisionAndRefusesBadInput() throws IOException {
        Path m = cnn1Copy();
        CliRun half = CliRun.of("models", "half", "--curves", "32", m.toString());
        assertEquals(0, half.code(), half.err());
        assertTrue(half.out().contains(m + ": network.params 4443303 -> ") && half.out().contains("float16"),
                half.out());
        assertEquals(0, CliRun.of("models", "verify", m.toString()).code(), "checksums rewritten");
        CliRun analyze = CliRun.of("analyze", SCAN, "--model", m.toString(), "--out",
                tmp.resolve("half-out").toString());
        assertEquals(0, analyze.code(), analyze.err());
        CliRun again = CliRun.of("models", "half", m.toString());
        assertTrue(again.out().contains("already in half precision"), again.out());
        CliRun notModel = CliRun.of("models", "half", tmp.toString());
        assertEquals(1, notModel.code());
        assertTrue(notModel.err().contains(tmp + ": not an XRD CNN model folder"), notModel.err());
        CliRun badTolerance = CliRun.of("models", "half", "--tolerance", "-1", m.toString());
        assertEquals(2, badTolerance.code());
        assertTrue(badTolerance.err().contains("--tolerance must be a positive number"), badTolerance.err());
        CliRun misplaced = CliRun.of("models", "verify", "--curves", "8", m.toString());
        assertEquals(2, misplaced.code());
        assertTrue(misplaced.err().contains("--curves and --tolerance belong to 'half'"), misplaced.err());
    }

    @Test
    void aTruncatedNetworkParamsIsRefusedNamingTheFile() throws IOException {
        Path m = cnn1Copy();
        Path params = m.resolve("network.params");
        try (FileChannel ch = FileChannel.open(params, StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(params) / 2);
        }
        IOException e = assertThrows(IOException.class, () -> TrainedModel.load(m, "cpu"));
        assertTrue(e.getMessage().startsWith(params + ": damaged or modified"), e.getMessage());
        Files.delete(m.resolve(Checksums.FILE_NAME));
        List<String> warnings = new ArrayList<>();
        Checksums.warnings(warnings::add);
        try {
            e = assertThrows(IOException.class, () -> TrainedModel.load(m, "cpu"));
        } finally {
            Checksums.warnings(null);
        }
        assertTrue(e.getMessage().startsWith(params + ": cannot read the network parameters: ends early (truncated"),
                e.getMessage());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("warning: " + m + " has no checksums.json"), warnings.get(0));
    }

    @Test
    void aModelFolderWithoutChecksumsLoadsWithOneWarning() throws IOException {
        Path m = cnn1Copy();
        Files.delete(m.resolve(Checksums.FILE_NAME));
        List<String> warnings = new ArrayList<>();
        Checksums.warnings(warnings::add);
        try (TrainedModel model = TrainedModel.load(m, "cpu")) {
            assertEquals(14, model.labelNames().size());
        } finally {
            Checksums.warnings(null);
        }
        assertEquals(1, warnings.size(), warnings.toString());
        CliRun add = CliRun.of("models", "checksum", m.toString());
        assertEquals(0, add.code(), add.err());
        assertEquals(Files.readString(CNN1.resolve(Checksums.FILE_NAME)), Files.readString(m.resolve(Checksums.FILE_NAME)));
    }

    @Test
    void anEnsembleWithAMissingMemberRefusesToLoad() throws IOException {
        Path e = tmp.resolve("ensemble");
        copyTree(ENSEMBLE, e);
        Path member = NanobeamEnsemble.memberDir(e, 5);
        try (Stream<Path> s = Files.walk(member)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        IOException x = assertThrows(IOException.class, () -> NanobeamEnsemble.load(e, "cpu"));
        assertTrue(x.getMessage().startsWith(member.resolve("nanobeamnn.json") + ": missing (listed in "), x.getMessage());
        CliRun verify = CliRun.of("models", "verify", e.toString());
        assertEquals(1, verify.code());
        assertTrue(verify.err().contains("member-05/nanobeamnn.json: missing"), verify.err());
        Files.delete(e.resolve(Checksums.FILE_NAME));
        Checksums.warnings(s -> { });
        try {
            x = assertThrows(IOException.class, () -> NanobeamEnsemble.load(e, "cpu"));
        } finally {
            Checksums.warnings(null);
        }
        assertTrue(x.getMessage().startsWith(member + ": missing, but " + e + " holds 9 member folders"), x.getMessage());
    }

    @Test
    void aDamagedEnsembleMemberIsRefusedNamingIt() throws IOException {
        Path e = tmp.resolve("ensemble");
        copyTree(ENSEMBLE, e);
        Path params = NanobeamEnsemble.memberDir(e, 3).resolve("nanobeamnn.params");
        flipByte(params, 50_000);
        IOException x = assertThrows(IOException.class, () -> NanobeamEnsemble.load(e, "cpu"));
        assertTrue(x.getMessage().startsWith(params + ": damaged or modified"), x.getMessage());
    }

    private Path generate(String name, int seed) {
        Path d = tmp.resolve(name);
        CliRun r = CliRun.of("generate", "--preset", "cnn1", "--count", "30", "--seed", Integer.toString(seed),
                "--shard-size", "10", "--threads", "1", "--out", d.toString());
        assertEquals(0, r.code(), r.err());
        return d;
    }

    private static CliRun train(Path data, Path model, int epochs) {
        return CliRun.of("train", "--data", data.toString(), "--out", model.toString(), "--epochs",
                Integer.toString(epochs), "--batch", "8", "--device", "cpu");
    }

    @Test
    void resumingWithAnotherDataSetOfTheSameSizeIsRefusedNamingBoth() {
        Path a = generate("set-a", 1);
        Path b = generate("set-b", 2);
        Path model = tmp.resolve("model");
        CliRun first = train(a, model, 1);
        assertEquals(0, first.code(), first.err());
        CliRun other = train(b, model, 2);
        assertEquals(1, other.code(), other.out() + other.err());
        assertTrue(other.err().contains("data set: the checkpoint was trained on " + a), other.err());
        assertTrue(other.err().contains("this run reads " + b), other.err());
        CliRun same = train(a, model, 2);
        assertEquals(0, same.code(), same.err());
        assertTrue(same.out().contains("resuming"), same.out());
    }

    @Test
    void aFlippedCheckpointIsRefusedNamingTheFile() throws IOException {
        Path a = generate("set-a", 1);
        Path model = tmp.resolve("model");
        assertEquals(0, train(a, model, 1).code());
        Files.delete(model.resolve(Checksums.FILE_NAME));
        CliRun complete = train(a, model, 1);
        assertEquals(0, complete.code(), complete.err());
        assertTrue(complete.out().contains("nothing to train"), complete.out());
        CliRun verify = CliRun.of("models", "verify", model.toString());
        assertEquals(0, verify.code(), "a run killed before its checksums gets them on the rerun: " + verify.err());
        Path checkpoint = model.resolve("checkpoint.bin");
        flipByte(checkpoint, Files.size(checkpoint) / 2);
        CliRun r = train(a, model, 2);
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(checkpoint + ": cannot resume from this checkpoint: damaged or modified"),
                r.err());
        java.io.ByteArrayOutputStream old = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(old)) {
            out.writeUTF("strainlab-checkpoint/1");
            out.writeInt(2);
            out.writeBytes("{}");
            out.writeLong(0);
        }
        Files.write(checkpoint, old.toByteArray());
        CliRun older = train(a, model, 2);
        assertEquals(1, older.code(), older.out() + older.err());
        assertTrue(older.err().contains(checkpoint + ": cannot resume from this checkpoint: written by an older "
                + "StrainLab"), older.err());
        Files.write(checkpoint, new byte[5]);
        CliRun truncated = train(a, model, 2);
        assertEquals(1, truncated.code(), truncated.out() + truncated.err());
        assertTrue(truncated.err().contains(checkpoint + ": cannot resume from this checkpoint: only 5 bytes"),
                truncated.err());
    }

    @Test
    void aSecondGenerateIntoTheSameFolderIsRefused() throws IOException {
        Path d = tmp.resolve("set");
        Files.createDirectories(d);
        try (FolderLock held = FolderLock.acquire(d, "data set folder")) {
            CliRun r = CliRun.of("generate", "--preset", "cnn1", "--count", "10", "--out", d.toString());
            assertEquals(1, r.code(), r.out() + r.err());
            assertTrue(r.err().contains("data set folder " + d + " is being written by another process"), r.err());
            assertFalse(Files.exists(d.resolve("manifest.json")), "the refused run wrote nothing");
        }
        generate("set", 1);
    }

    @Test
    void aFolderLockedByAnotherProcessIsRefused() throws Exception {
        Path d = tmp.resolve("set");
        Files.createDirectories(d);
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", cp, FolderLockHolder.class.getName(), d.toString())
                .redirectErrorStream(true).start();
        try {
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine();
            assertEquals("locked", line);
            CliRun r = CliRun.of("generate", "--preset", "cnn1", "--count", "10", "--out", d.toString());
            assertEquals(1, r.code(), r.out() + r.err());
            assertTrue(r.err().contains("data set folder " + d + " is being written by another process"), r.err());
        } finally {
            p.destroyForcibly();
            p.waitFor();
        }
        generate("set", 1);
    }

    @Test
    void aSecondTrainIntoTheSameModelFolderIsRefused() throws IOException {
        Path a = generate("set-a", 1);
        Path model = tmp.resolve("model");
        Files.createDirectories(model);
        try (FolderLock held = FolderLock.acquire(model, "model folder")) {
            CliRun r = train(a, model, 1);
            assertEquals(1, r.code(), r.out() + r.err());
            assertTrue(r.err().contains("model folder " + model + " is being written by another process"), r.err());
        }
        try (Stream<Path> s = Files.list(model)) {
            assertEquals(List.of(model.resolve(FolderLock.FILE_NAME)), s.toList(), "the refused run wrote nothing");
        }
    }

    @Test
    void aStaleLockFileOfAKilledRunIsTakenOver() throws IOException {
        Path d = tmp.resolve("set");
        Files.createDirectories(d);
        Files.writeString(d.resolve(FolderLock.FILE_NAME), "");
        generate("set", 1);
        assertTrue(Files.exists(d.resolve("manifest.json")));
    }
}
