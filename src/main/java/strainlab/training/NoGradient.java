package strainlab.training;

import ai.djl.pytorch.jni.JniUtils;

/**
 * A scope in which PyTorch records no autograd graph on the calling thread: for inference and validation passes.
 * PyTorch's gradient mode is per thread and on by default; DJL turns it off only on the thread that loads the
 * engine. A forward pass on any other thread (a notebook cell's, a worker's) would otherwise keep every
 * intermediate array for a backward pass that never comes. Open and close on the same thread:
 *
 * <pre>
 * try (NoGradient off = NoGradient.open()) {
 *     ... forward passes ...
 * }
 * </pre>
 */
public final class NoGradient implements AutoCloseable {
    private final boolean wasOn;
    private final Thread owner;

    private NoGradient() {
        this.owner = Thread.currentThread();
        this.wasOn = JniUtils.isGradMode();
        if (wasOn) {
            JniUtils.setGradMode(false);
        }
    }

    /** Turns gradient recording off on this thread until {@link #close}. */
    public static NoGradient open() {
        return new NoGradient();
    }

    /**
     * Restores the thread's gradient mode as it was at {@link #open}.
     *
     * @throws IllegalStateException on another thread than the one that opened the scope
     */
    @Override
    public void close() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a NoGradient scope must be closed by the thread that opened it ("
                    + owner.getName() + ")");
        }
        if (wasOn) {
            JniUtils.setGradMode(true);
        }
    }
}
