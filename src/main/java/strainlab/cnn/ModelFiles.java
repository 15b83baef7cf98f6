package strainlab.cnn;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** File helpers of the model folder: every file is written to {@code NAME.tmp}, synced, then renamed. */
final class ModelFiles {
    /** Gson used for every JSON file of a model folder (allows ±∞ for "no best loss yet"). */
    static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .disableHtmlEscaping().create();

    private ModelFiles() {
    }

    /** A writer of the file's bytes. */
    interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Writes {@code target} whole or not at all. */
    static void writeAtomically(Path target, Writer writer) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
             OutputStream raw = java.nio.channels.Channels.newOutputStream(channel);
             OutputStream out = new java.io.BufferedOutputStream(raw, 1 << 16)) {
            writer.write(out);
            out.flush();
            channel.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Writes UTF-8 text atomically. */
    static void writeStringAtomically(Path target, String text) throws IOException {
        writeAtomically(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}
