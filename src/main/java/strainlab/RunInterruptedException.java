package strainlab;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A long StrainLab run (generation, training, fitting) stopped because its thread was interrupted, e.g. by the
 * Jupyter kernel's interrupt. The message says how far it got and whether running it again resumes. The
 * thread's interrupt flag stays set.
 */
public class RunInterruptedException extends RuntimeException {

    /** How long {@link #stopPool} waits for worker threads to return, in seconds. */
    private static final long POOL_STOP_SECONDS = 5;

    public RunInterruptedException(String message) {
        super(message);
    }

    public RunInterruptedException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Throws with {@code message} when the calling thread has been interrupted. */
    public static void check(Supplier<String> message) {
        if (Thread.currentThread().isInterrupted()) {
            throw new RunInterruptedException(message.get());
        }
    }

    /**
     * Interrupts a pool's workers and waits (up to 5 s) until they have returned, so that the cores are free when
     * the caller goes on; the caller's interrupt flag is kept.
     */
    public static void stopPool(ExecutorService pool) {
        stopPool(pool, null);
    }

    /**
     * As {@link #stopPool(ExecutorService)}, and also waits until every thread {@code threads} made has ended, so
     * that no worker of the pool is alive when this returns.
     */
    public static void stopPool(ExecutorService pool, WorkerThreads threads) {
        pool.shutdownNow();
        boolean interrupted = Thread.interrupted();
        try {
            pool.awaitTermination(POOL_STOP_SECONDS, TimeUnit.SECONDS);
            if (threads != null) {
                threads.join(POOL_STOP_SECONDS);
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
