package strainlab.cli;

import java.nio.file.Path;
import strainlab.io.FolderLock;

/** A second process for the lock tests: locks the folder {@code args[0]}, prints "locked", then waits to be killed. */
public final class FolderLockHolder {
    private FolderLockHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (FolderLock lock = FolderLock.acquire(Path.of(args[0]), "folder")) {
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(120_000);
        }
    }
}
