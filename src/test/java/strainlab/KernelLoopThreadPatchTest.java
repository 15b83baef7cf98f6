package strainlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Jupyter kernel's channel loop thread as environment/install patches it (environment/kernel): compiled here
 * from its source, every started thread must run its loop (the kernel's own class lets about one in six end
 * before its first pass on 2 cores) and must end on shutdown or interrupt.
 */
class KernelLoopThreadPatchTest {

    private static final Path SOURCE =
            Path.of("environment/kernel/org/rapaio/jupyter/kernel/channels/LoopThread.java");

    @TempDir
    static Path classes;

    private static Constructor<?> loopThread;

    @BeforeAll
    static void compile() throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "a JDK compiler");
        Path source = Workspace.root().resolve(SOURCE);
        assertEquals(0, javac.run(null, null, null, "--release", "17", "-d", classes.toString(), source.toString()),
                "compiling " + source);
        URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
        loopThread = loader.loadClass("org.rapaio.jupyter.kernel.channels.LoopThread")
                .getConstructor(String.class, long.class, Runnable.class);
    }

    private static Thread newLoop(String name, long sleepMs, Runnable body) throws Exception {
        return (Thread) loopThread.newInstance(name, sleepMs, body);
    }

    private static void shutdown(Thread t) throws Exception {
        t.getClass().getMethod("shutdown").invoke(t);
    }

    @Test
    void everyStartedLoopRunsItsBodyAndEndsOnShutdown() throws Exception {
        int starts = 200;
        int neverRan = 0;
        for (int i = 0; i < starts; i++) {
            CountDownLatch firstPass = new CountDownLatch(1);
            Thread t = newLoop("loop-" + i, 1, firstPass::countDown);
            t.start();
            if (!firstPass.await(2, TimeUnit.SECONDS)) {
                neverRan++;
            }
            shutdown(t);
            t.join(5_000);
            assertFalse(t.isAlive(), "loop " + i + " still running after shutdown");
        }
        assertEquals(0, neverRan, "loops that ended before their first pass, of " + starts);
    }

    @Test
    void loopRepeatsItsBodyUntilInterrupted() throws Exception {
        AtomicInteger passes = new AtomicInteger();
        CountDownLatch three = new CountDownLatch(3);
        Thread t = newLoop("loop-interrupted", 1, () -> {
            passes.incrementAndGet();
            three.countDown();
        });
        t.start();
        assertTrue(three.await(5, TimeUnit.SECONDS), "three passes");
        t.interrupt();
        t.join(5_000);
        assertFalse(t.isAlive(), "loop still running after interrupt");
        assertTrue(passes.get() >= 3, "passes " + passes.get());
    }
}
