package strainlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void rootIsWhereTheClassesAreBuilt() {
        Path classes = Workspace.codeLocation();
        assertTrue(classes != null && classes.startsWith(Workspace.root()), classes + " under " + Workspace.root());
    }

    @Test
    void anExplicitRootMustBeARepository(@TempDir Path tmp) {
        String saved = System.getProperty(Workspace.ROOT_PROPERTY);
        try {
            System.setProperty(Workspace.ROOT_PROPERTY, tmp.toString());
            IllegalStateException e = assertThrows(IllegalStateException.class, Workspace::root);
            assertTrue(e.getMessage().contains(tmp + ": not a StrainLab repository"), e.getMessage());
            System.clearProperty(Workspace.ROOT_PROPERTY);
            Path found = Workspace.root();
            System.setProperty(Workspace.ROOT_PROPERTY, found.toString());
            assertEquals(found, Workspace.root());
        } finally {
            if (saved == null) {
                System.clearProperty(Workspace.ROOT_PROPERTY);
            } else {
                System.setProperty(Workspace.ROOT_PROPERTY, saved);
            }
        }
    }
}
