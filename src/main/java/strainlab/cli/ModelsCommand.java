package strainlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import strainlab.cnn.ModelMetadata;
import strainlab.io.Checksums;
import strainlab.nanobeam.net.NanobeamEnsemble;
import strainlab.nanobeam.net.NanobeamModelInfo;

/**
 * {@code bin/strainlab models checksum|verify DIR...}: writes or checks the {@code checksums.json} of model folders
 * (an XRD CNN folder, a NanobeamNN folder or a NanobeamNN ensemble of {@code member-NN} folders).
 */
@Command(name = "models",
        header = "model folders: 'checksum DIR...' (write checksums.json), 'verify DIR...' (check it)",
        customSynopsis = {
            "usage: bin/strainlab models checksum DIR...   write checksums.json (CRC-32C of every file a load reads)",
            "       bin/strainlab models verify DIR...     check the files against checksums.json"},
        footer = {"",
            "DIR is an XRD CNN model folder (model.json), a NanobeamNN model folder (nanobeamnn.json) or a",
            "NanobeamNN ensemble (member-00, member-01, ...). Every load verifies checksums.json and refuses a",
            "missing or damaged file; a folder without checksums.json (written before checksums existed) loads",
            "with a one-line warning. Run 'checksum' only on folders whose files you trust.",
            "Exit status: 0 all intact, 1 a folder is damaged, incomplete or not a model folder."})
final class ModelsCommand extends Picocli {
    private static final List<String> CNN_FILES = List.of(ModelMetadata.FILE_NAME, "normaliser.json", "network.params");
    private static final List<String> NANOBEAM_FILES = List.of(NanobeamModelInfo.FILE_NAME, "nanobeamnn.params");
    @Parameters(index = "0", arity = "0..1", hidden = true)
    private String action;
    @Parameters(index = "1..*", arity = "0..*", hidden = true)
    private List<Path> dirs = List.of();

    @Override
    protected int call(PrintStream out) throws Exception {
        if (action == null) {
            throw new UsageException("missing action (checksum or verify)");
        }
        boolean write = switch (action) {
            case "checksum" -> true;
            case "verify" -> false;
            default -> throw new UsageException("unknown action '" + action + "' (expected checksum or verify)");
        };
        if (dirs.isEmpty()) {
            throw new UsageException("missing DIR");
        }
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
