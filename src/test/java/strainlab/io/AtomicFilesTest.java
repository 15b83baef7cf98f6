package strainlab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import strainlab.plot.Charts;

class AtomicFilesTest {
    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void writtenFilesGetTheUsualPermissionsOfNewFiles(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        String usual = mode(Files.createFile(tmp.resolve("plain")));   // 0666 less this process's umask
        Path text = tmp.resolve("a/b.txt");
        AtomicFiles.writeText(text, w -> w.write("x\n"));
        assertEquals(usual, mode(text));
        AtomicFiles.writeText(text, w -> w.write("y\n"));
        assertEquals(usual, mode(text), "replaced file");
        Path png = Charts.savePng(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), tmp.resolve("c.png"));
        assertEquals(usual, mode(png));
        Path temp = AtomicFiles.createTemp(tmp, ".t.", ".tmp");
        assertEquals(usual, mode(temp));
        try (var s = Files.list(tmp)) {
            assertEquals(4, s.count(), "plain, a/, c.png and the temporary file: nothing left behind");
        }
    }
}
