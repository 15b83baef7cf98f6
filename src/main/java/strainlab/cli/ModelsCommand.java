package strainlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import strainlab.cnn.CnnTrainer;
import strainlab.cnn.Ensemble;
import strainlab.cnn.HalfPrecision;
import strainlab.cnn.ModelMetadata;
import strainlab.cnn.TrainedModel;
import strainlab.io.Checksums;
import strainlab.io.StagedFolder;
import strainlab.nanobeam.net.NanobeamEnsemble;
import strainlab.nanobeam.net.NanobeamModelInfo;
import strainlab.nanobeam.net.NanobeamNet;
import strainlab.training.EpochRecord;

/**
 * {@code bin/strainlab models checksum|verify DIR...}: writes or checks the {@code checksums.json} of model folders
 * (an XRD CNN folder or ensemble, a NanobeamNN folder or a NanobeamNN ensemble of {@code member-NN} folders);
 * {@code models half DIR...} stores XRD CNN networks (or every member of an XRD ensemble) in half precision
 * ({@link HalfPrecision}); {@code models ensemble --out DIR MODEL...} copies XRD CNN model folders of separate runs
 * into one new ensemble folder ({@link Ensemble}).
 */
@Command(name = "models",
        header = "model folders: 'checksum DIR...' (write checksums.json), 'verify DIR...' (check it), "
                + "'half DIR...' (store XRD networks in half precision), 'ensemble --out DIR MODEL...' (combine "
                + "XRD networks into an ensemble)",
        customSynopsis = {
            "usage: bin/strainlab models checksum DIR...   write checksums.json (CRC-32C of every file a load reads)",
            "       bin/strainlab models verify DIR...     check the files against checksums.json",
            "       bin/strainlab models half [--curves 256] [--tolerance 1e-3] DIR...",
            "                                             store XRD CNN networks in half precision (about half the",
            "                                             bytes), after checking their predictions on curves of",
            "                                             their own recipe against float32",
            "       bin/strainlab models ensemble --out DIR MODEL MODEL...",
            "                                             copy XRD CNN model folders (trained by separate runs) into",
            "                                             DIR/member-01, member-02, ... of a new ensemble"},
        footer = {"",
            "DIR is an XRD CNN model folder (model.json) or ensemble (ensemble.json), a NanobeamNN model folder",
            "(nanobeamnn.json) or a NanobeamNN ensemble (member-00, member-01, ...). Every load verifies",
            "checksums.json and refuses a missing or damaged file; a folder without checksums.json (written before",
            "checksums existed) loads with a one-line warning. Run 'checksum' only on folders whose files you trust.",
            "'half' takes XRD CNN folders and XRD ensembles (ensemble.json): each network's weight arrays of at",
            "least 4096 values become float16 unless rounding one alone moves a normalised output by more than a",
            "quarter of --tolerance on --curves curves of the model's recipe (the other parameters stay float32);",
            "the file is written only if the whole network stays within --tolerance. Loads read both formats.",
            "'ensemble' takes two or more XRD CNN model folders with the same labels and input grid and copies",
            "each one's model.json, normaliser.json, network.params and, where present, checksums.json,",
            "history.csv and learning-curves.png (never checkpoint.bin) into DIR/member-01, ... in the order",
            "given; ensemble.json records each member's seed and DIR/checksums.json lists it and every member's",
            "files. DIR must be new or empty and appears only when complete.",
            "Exit status: 0 all intact, 1 a folder is damaged, incomplete or not a model folder (or, for 'half',",
            "its network cannot meet the tolerance: that folder and those after it are left as they were; for",
            "'ensemble', an ensemble or NanobeamNN folder, or labels or input grid that differ from the first",
            "MODEL's: nothing is written), 2 bad arguments (for 'ensemble' also fewer than two MODELs, one given",
            "twice or a non-empty DIR)."})
final class ModelsCommand extends Picocli {
    private static final List<String> CNN_FILES = CnnTrainer.CHECKSUMMED;
    private static final List<String> NANOBEAM_FILES = NanobeamNet.CHECKSUMMED;
    /** What 'ensemble' copies of a model folder when present: the files a load reads or that describe the model. */
    private static final List<String> MEMBER_FILES = Stream.concat(CNN_FILES.stream(),
            Stream.of(Checksums.FILE_NAME, EpochRecord.HISTORY_FILE, CnnTrainer.CURVES_PNG)).toList();
    @Parameters(index = "0", arity = "0..1", hidden = true)
    private String action;
    @Parameters(index = "1..*", arity = "0..*", hidden = true)
    private List<Path> dirs = List.of();
    @Option(names = "--curves", paramLabel = "N", description = "half: curves of the recipe to check on (256)")
    private Integer curves;
    @Option(names = "--tolerance", paramLabel = "T", description = "half: largest change of a normalised output "
            + "(1e-3)")
    private Double tolerance;
    @Option(names = "--out", paramLabel = "DIR", description = "ensemble: the new ensemble folder (new or empty)")
    private Path ensembleDir;

    @Override
    protected int call(PrintStream out) throws Exception {
        if (action == null) {
            throw new UsageException("missing action (checksum, verify, half or ensemble)");
        }
        if (!List.of("checksum", "verify", "half", "ensemble").contains(action)) {
            throw new UsageException("unknown action '" + action + "' (expected checksum, verify, half or ensemble)");
        }
        if (!action.equals("half") && (curves != null || tolerance != null)) {
            throw new UsageException("--curves and --tolerance belong to 'half', not to '" + action + "'");
        }
        if (!action.equals("ensemble") && ensembleDir != null) {
            throw new UsageException("--out belongs to 'ensemble', not to '" + action + "'");
        }
        if (action.equals("ensemble")) {
            return ensemble(out);
        }
        if (dirs.isEmpty()) {
            throw new UsageException("missing DIR");
        }
        if (action.equals("half")) {
            return half(out, curves == null ? 256 : curves, tolerance == null ? 1e-3 : tolerance);
        }
        boolean write = action.equals("checksum");
        for (Path dir : dirs) {
            if (write) {
                out.println(dir + ": " + checksum(dir) + " files checksummed in " + dir.resolve(Checksums.FILE_NAME));
            } else {
                if (!Checksums.present(dir)) {
                    throw new IOException(dir + ": no " + Checksums.FILE_NAME + " (run 'bin/strainlab models checksum "
                            + dir + "' if its files are intact)");
                }
                out.println(dir + ": ok (" + verify(dir) + " files match " + Checksums.FILE_NAME + ")");
            }
        }
        return 0;
    }

    private int half(PrintStream out, int curves, double tolerance) throws IOException, UsageException {
        if (curves < 1) {
            throw new UsageException("--curves must be at least 1, got " + curves);
        }
        if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
            throw new UsageException("--tolerance must be a positive number, got " + tolerance);
        }
        for (Path dir : dirs) {
            if (!Files.isRegularFile(dir.resolve(ModelMetadata.FILE_NAME)) && !Ensemble.isEnsemble(dir)) {
                throw new IOException(dir + ": not an XRD CNN model folder or ensemble (no " + ModelMetadata.FILE_NAME
                        + ", no " + Ensemble.FILE_NAME + ")");
            }
            for (HalfPrecision.Report r : HalfPrecision.convert(dir, curves, tolerance)) {
                out.println(r.alreadyHalf()
                        ? r.dir() + ": already in half precision (" + r.bytesAfter() + " bytes), left as it is"
                        : String.format(Locale.ROOT, "%s: network.params %d -> %d bytes, %d weight arrays in "
                                + "float16%s; on %d curves of its recipe the normalised outputs moved by %.2g at most",
                                r.dir(), r.bytesBefore(), r.bytesAfter(), r.halfParameters().size(),
                                r.keptParameters().isEmpty() ? "" : " (kept in float32: "
                                        + String.join(", ", r.keptParameters()) + ")",
                                r.curves(), r.maxDifference()));
            }
        }
        return 0;
    }

    /**
     * 'ensemble': copies the model folders {@code dirs} into {@code member-01}, {@code member-02}, ... of the new
     * ensemble {@code ensembleDir}, all or nothing, after checking that they can be members of one ensemble.
     */
    private int ensemble(PrintStream out) throws IOException, UsageException {
        checkEnsembleArguments();
        List<Long> seeds = memberSeeds(dirs);
        StagedFolder.writeAll(ensembleDir, staging -> assemble(staging, dirs, seeds));
        for (int k = 1; k <= dirs.size(); k++) {
            out.println(ensembleDir.resolve(Ensemble.memberName(k)) + ": copy of " + dirs.get(k - 1) + " (seed "
                    + seeds.get(k - 1) + ")");
        }
        out.println("ensemble of " + dirs.size() + " members in " + ensembleDir + " (checksums in "
                + ensembleDir.resolve(Checksums.FILE_NAME) + ")");
        try {
            Ensemble.metadata(ensembleDir);
        } catch (IOException e) {
            out.println("note: " + e.getMessage() + "; 'analyze' refuses such an ensemble, 'evaluate' reads it");
        }
        return 0;
    }

    /** The argument problems of 'ensemble': no --out, fewer than two models, one given twice, a non-empty --out. */
    private void checkEnsembleArguments() throws IOException, UsageException {
        if (ensembleDir == null) {
            throw new UsageException("'ensemble' needs --out DIR (the new ensemble folder)");
        }
        if (dirs.size() < 2) {
            throw new UsageException("'ensemble' needs at least two model folders, got "
                    + (dirs.isEmpty() ? "none" : "only " + dirs.get(0)));
        }
        Map<Path, Path> seen = new HashMap<>();
        for (Path dir : dirs) {
            Path before = seen.putIfAbsent(identity(dir), dir);
            if (before != null) {
                throw new UsageException(dir + ": given twice" + (before.equals(dir) ? "" : " (also as " + before
                        + ")") + "; each network can be one member only");
            }
        }
        if (Files.exists(ensembleDir) && !isEmptyFolder(ensembleDir)) {
            throw new UsageException("--out " + ensembleDir + ": already exists and is not an empty folder; "
                    + "choose a new one");
        }
    }

    /** The folder a path names, links resolved where it exists. */
    private static Path identity(Path dir) throws IOException {
        return Files.exists(dir) ? dir.toRealPath() : dir.toAbsolutePath().normalize();
    }

    private static boolean isEmptyFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /**
     * Loads each of {@code models} (checking its files against its checksums) and checks that it can be a member
     * beside the first ({@link Ensemble#requireShared}); returns each one's training seed ({@code options.seed}).
     */
    private static List<Long> memberSeeds(List<Path> models) throws IOException {
        List<TrainedModel> loaded = new ArrayList<>();
        try {
            List<Long> seeds = new ArrayList<>();
            for (Path dir : models) {
                requireSingleXrdModel(dir);
                TrainedModel t = TrainedModel.load(dir, "cpu");
                loaded.add(t);
                Ensemble.requireShared(loaded.get(0), t);
                if (t.metadata().options() == null) {
                    throw new IOException(dir.resolve(ModelMetadata.FILE_NAME) + ": records no training seed "
                            + "(options.seed)");
                }
                seeds.add(t.metadata().options().seed());
            }
            return seeds;
        } finally {
            loaded.forEach(TrainedModel::close);
        }
    }

    /** Refuses a folder that is not one XRD CNN network: missing, an ensemble, a NanobeamNN folder or another. */
    private static void requireSingleXrdModel(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": no such model folder");
        }
        if (Ensemble.isEnsemble(dir)) {
            throw new IOException(dir + ": an XRD ensemble (" + Ensemble.FILE_NAME + "), not a single network; "
                    + "give its member folders instead");
        }
        if (Files.isRegularFile(dir.resolve(NanobeamModelInfo.FILE_NAME))
                || Files.isDirectory(NanobeamEnsemble.memberDir(dir, 0))) {
            throw new IOException(dir + ": a NanobeamNN model folder, not an XRD CNN model folder ("
                    + ModelMetadata.FILE_NAME + ")");
        }
        if (!Files.isRegularFile(dir.resolve(ModelMetadata.FILE_NAME))) {
            throw new IOException(dir + ": not an XRD CNN model folder (no " + ModelMetadata.FILE_NAME + ")");
        }
    }

    /** Fills the staging folder of 'ensemble' with copies of {@code models}, ensemble.json and the checksums. */
    private static List<Path> assemble(Path staging, List<Path> models, List<Long> seeds) throws IOException {
        List<String> names = new ArrayList<>();
        for (int k = 1; k <= models.size(); k++) {
            names.add(Ensemble.memberName(k));
            copyMember(models.get(k - 1), Files.createDirectory(staging.resolve(Ensemble.memberName(k))));
        }
        Ensemble.write(staging, names, seeds);
        Ensemble.writeChecksums(staging);
        try (var entries = Files.list(staging)) {
            return entries.toList();
        }
    }

    /**
     * Copies those of {@link #MEMBER_FILES} that model folder {@code from} holds into {@code to}; the copies are
     * checked against the copied checksums.json, or get one when {@code from} has none.
     */
    private static void copyMember(Path from, Path to) throws IOException {
        for (String f : MEMBER_FILES) {
            if (Files.isRegularFile(from.resolve(f))) {
                Files.copy(from.resolve(f), to.resolve(f));
            }
        }
        if (Checksums.present(to)) {
            Checksums.verify(to, CNN_FILES);
        } else {
            Checksums.write(to, CNN_FILES);
        }
    }

    private static int checksum(Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve(ModelMetadata.FILE_NAME))) {
            requireFiles(dir, CNN_FILES);
            Checksums.write(dir, CNN_FILES);
            return CNN_FILES.size();
        }
        if (Ensemble.isEnsemble(dir)) {
            List<Path> members = Ensemble.memberDirs(dir);
            for (Path member : members) {
                requireFiles(member, CNN_FILES);
                Checksums.write(member, CNN_FILES);
            }
            Ensemble.writeChecksums(dir);
            return 1 + members.size() * CNN_FILES.size();
        }
        if (Files.isRegularFile(dir.resolve(NanobeamModelInfo.FILE_NAME))) {
            requireFiles(dir, NANOBEAM_FILES);
            Checksums.write(dir, NANOBEAM_FILES);
            return NANOBEAM_FILES.size();
        }
        if (Files.isDirectory(NanobeamEnsemble.memberDir(dir, 0))) {
            int m = 0;
            for (; Files.isDirectory(NanobeamEnsemble.memberDir(dir, m)); m++) {
                Path member = NanobeamEnsemble.memberDir(dir, m);
                requireFiles(member, NANOBEAM_FILES);
                Checksums.write(member, NANOBEAM_FILES);
            }
            NanobeamEnsemble.writeChecksums(dir, m);
            return m * NANOBEAM_FILES.size();
        }
        throw new IOException(dir + ": not a model folder (no " + ModelMetadata.FILE_NAME + ", no " + Ensemble.FILE_NAME
                + ", no " + NanobeamModelInfo.FILE_NAME + ", no member-00)");
    }

    private static int verify(Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve(ModelMetadata.FILE_NAME))) {
            return Checksums.verify(dir, CNN_FILES).size();
        }
        if (Ensemble.isEnsemble(dir)) {
            List<Path> members = Ensemble.memberDirs(dir);
            int listed = Ensemble.verifyChecksums(dir, members).size();
            for (Path member : members) {
                Checksums.verify(member, CNN_FILES);
            }
            return listed;
        }
        if (Files.isRegularFile(dir.resolve(NanobeamModelInfo.FILE_NAME))) {
            return Checksums.verify(dir, NANOBEAM_FILES).size();
        }
        int members = NanobeamEnsemble.checkMembers(dir);
        if (members == 0) {
            throw new IOException(dir + ": not a model folder (no " + ModelMetadata.FILE_NAME + ", no "
                    + Ensemble.FILE_NAME + ", no " + NanobeamModelInfo.FILE_NAME + ", no member-00)");
        }
        for (int m = 0; m < members; m++) {
            Checksums.verify(NanobeamEnsemble.memberDir(dir, m), NANOBEAM_FILES);
        }
        return Checksums.read(dir).size();
    }

    private static void requireFiles(Path dir, List<String> files) throws IOException {
        for (String f : files) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new IOException(dir.resolve(f) + ": missing; " + dir + " is not a complete model folder");
            }
        }
    }
}
