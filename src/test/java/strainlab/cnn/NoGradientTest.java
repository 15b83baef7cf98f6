package strainlab.cnn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;
import strainlab.training.NoGradient;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inference records no autograd graph on any thread: PyTorch's gradient mode is per thread, on by default, and DJL
 * turns it off only on the thread that loads the engine.
 */
class NoGradientTest {
    private static final int L = 1001;

    /** Runs {@code body} on a new thread (gradient mode on there) and rethrows what it threw. */
    private static void onNewThread(Runnable body) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        t.join();
        if (failure.get() instanceof Error e) {
            throw e;
        }
        if (failure.get() instanceof RuntimeException e) {
            throw e;
        }
    }

    @Test
    void aNewThreadRecordsForwardPassesUnlessInTheScope() throws InterruptedException {
        float[] x = new float[2 * L];
        for (int i = 0; i < x.length; i++) {
            x[i] = -3f + (i % 7) * 0.1f;
        }
        try (Network net = new Network(L, 14, Device.cpu(), 1)) {
            onNewThread(() -> {
                assertTrue(JniUtils.isGradMode(), "a new thread starts with gradient mode on");
                try (NDManager scope = net.manager().newSubManager()) {
                    NDArray recorded = net.forward(net.input(scope, x, 2), false);
                    assertFalse(JniUtils.getGradientFunctionNames((PtNDArray) recorded).isEmpty(),
                            "outside the scope autograd records the pass");
                    NDArray free;
                    try (NoGradient off = NoGradient.open()) {
                        assertFalse(JniUtils.isGradMode(), "inside the scope gradient mode is off");
                        free = net.forward(net.input(scope, x, 2), false);
                    }
                    assertTrue(JniUtils.isGradMode(), "the thread's mode is restored");
                    assertArrayEquals(recorded.toFloatArray(), free.toFloatArray());
                }
            });
        }
    }

    @Test
    void predictionsAreTheSameOnEveryThreadAndLeaveItsModeAlone() throws InterruptedException {
        float[] x = new float[3 * L];
        for (int i = 0; i < x.length; i++) {
            x[i] = -5f + (i % 11) * 0.3f;
        }
        float[] here = new float[3 * 14];
        float[] there = new float[3 * 14];
        try (Network net = new Network(L, 14, Device.cpu(), 2)) {
            net.predict(x, 3, here);
            onNewThread(() -> {
                net.predict(x, 3, there);
                assertTrue(JniUtils.isGradMode());
            });
        }
        assertArrayEquals(here, there);
    }

    @Test
    void aScopeClosedOnAnotherThreadIsRefused() throws InterruptedException {
        try (Network net = new Network(L, 14, Device.cpu(), 1)) {
            boolean before = JniUtils.isGradMode();
            NoGradient off = NoGradient.open();
            AtomicReference<RuntimeException> refused = new AtomicReference<>();
            onNewThread(() -> refused.set(assertThrows(IllegalStateException.class, off::close)));
            assertTrue(refused.get().getMessage().contains("closed by the thread that opened it"));
            off.close();
            assertEquals(before, JniUtils.isGradMode(), "closed by its owner, the scope restores the mode");
        }
    }
}
