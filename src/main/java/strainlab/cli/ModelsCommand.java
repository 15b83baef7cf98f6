package strainlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import strainlab.cnn.Ensemble;
import strainlab.cnn.HalfPrecision;
import strainlab.cnn.ModelMetadata;
import strainlab.io.Checksums;
import strainlab.nanobeam.net.NanobeamEnsemble;
import strainlab.nanobeam.net.NanobeamModelInfo;

/**
 * {@code bin/strainlab models checksum|verify DIR...}: writes or checks the {@code checksums.json} of model folders
 * (an XRD CNN folder, a NanobeamNN folder or a NanobeamNN ensemble of {@code member-NN} folders);
 * {@code models half DIR...} stores XRD CNN networks (or every member of an XRD ensemble) in half precision
 * ({@link HalfPrecision}).
 */
@Command(name = "models",
        header = "model folders: 'checksum DIR...' (write checksums.json), 'verify DIR...' (check it), "
                + "'half DIR...' (store XRD networks in half precision)",
        customSynopsis = {
            "usage: bin/strainlab models checksum DIR...   write checksums.json (CRC-32C of every file a load reads)",
            "       bin/strainlab models verify DIR...     check the files against checksums.json",
            "       bin/strainlab models half [--curves 256] [--tolerance 1e-3] DIR...",
            "                                             store XRD CNN networks in half precision (about half the",
            "                                             bytes), after checking their predictions on curves of",
            "                                             their own recipe against float32"},
        footer = {"",
            "DIR is an XRD CNN model folder (model.json), a NanobeamNN model folder (nanobeamnn.json) or a",
            "NanobeamNN ensemble (member-00, member-01, ...). Every load verifies checksums.json and refuses a",
            "missing or damaged file; a folder without checksums.json (written before checksums existed) loads",
            "with a one-line warning. Run 'checksum' only on folders whose files you trust.",
            "'half' takes XRD CNN folders and XRD ensembles (ensemble.json): each network's weight arrays of at",
            "least 4096 values become float16 unless rounding one alone moves a normalised output by more than a",
            "quarter of --tolerance on --curves curves of the model's recipe (the other parameters stay float32);",
            "the file is written only if the whole network stays within --tolerance. Loads read both formats.",
            "Exit status: 0 all intact, 1 a folder is damaged, incomplete or not a model folder (or, for 'half',",
            "its network cannot meet the tolerance: that folder and those after it are left as they were)."})
final class ModelsCommand extends Picocli {
    private static final List<String> CNN_FILES = List.of(ModelMetadata.FILE_NAME, "normaliser.json", "network.params");
    private static final List<String> NANOBEAM_FILES = List.of(NanobeamModelInfo.FILE_NAME, "nanobeamnn.params");
    @Parameters(index = "0", arity = "0..1", hidden = true)
    private String action;
    @Parameters(index = "1..*", arity = "0..*", hidden = true)
    private List<Path> dirs = List.of();
    @Option(names = "--curves", paramLabel = "N", description = "half: curves of the recipe to check on (256)")
    private Integer curves;
    @Option(names = "--tolerance", paramLabel = "T", description = "half: largest change of a normalised output "
            + "(1e-3)")
    private Double tolerance;

    @Override
    protected int call(PrintStream out) throws Exception {
        if (action == null) {
            throw new UsageException("missing action (checksum, verify or half)");
        }
        if (!List.of("checksum", "verify", "half").contains(action)) {
            throw new UsageException("unknown action '" + action + "' (expected checksum, verify or half)");
        }
        if (dirs.isEmpty()) {
            throw new UsageException("missing DIR");
        }
        if (action.equals("half")) {
            return half(out, curves == null ? 256 : curves, tolerance == null ? 1e-3 : tolerance);
        }
        if (curves != null || tolerance != null) {
            throw new UsageException("--curves and --tolerance belong to 'half', not to '" + action + "'");
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

    private static int checksum(Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve(ModelMetadata.FILE_NAME))) {
            requireFiles(dir, CNN_FILES);
            Checksums.write(dir, CNN_FILES);
            return CNN_FILES.size();
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
        throw new IOException(dir + ": not a model folder (no " + ModelMetadata.FILE_NAME + ", no "
                + NanobeamModelInfo.FILE_NAME + ", no member-00)");
    }

    private static int verify(Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve(ModelMetadata.FILE_NAME))) {
            return Checksums.verify(dir, CNN_FILES).size();
        }
        if (Files.isRegularFile(dir.resolve(NanobeamModelInfo.FILE_NAME))) {
            return Checksums.verify(dir, NANOBEAM_FILES).size();
        }
        int members = NanobeamEnsemble.checkMembers(dir);
        if (members == 0) {
            throw new IOException(dir + ": not a model folder (no " + ModelMetadata.FILE_NAME + ", no "
                    + NanobeamModelInfo.FILE_NAME + ", no member-00)");
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
