package strainlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class WorkspaceTest {
    @Test
    void rootHoldsThePomAndTheSources() {
        assertTrue(Files.isRegularFile(Workspace.root().resolve("pom.xml")), Workspace.root().toString());
        assertTrue(Files.isDirectory(Workspace.root().resolve("src/main/java/strainlab")));
    }

    @Test
    void sharedIsBesideTheRootUnlessOverridden() {
        if (System.getenv(Workspace.SHARED_ENV) == null) {
            assertEquals(Workspace.root().getParent().resolve("shared"), Workspace.shared());
        }
        assertEquals(Workspace.shared().resolve("data/reference"), Workspace.shared("data/reference"));
        assertEquals(Files.isDirectory(Workspace.shared()), Workspace.hasShared());
    }
}
