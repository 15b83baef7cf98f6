package strainlab;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Makes named daemon worker threads and remembers them, so that a stopped pool can be waited on until every
 * worker thread has ended (an executor reports termination a moment before its last thread exits).
 */
public final class WorkerThreads implements ThreadFactory {

    private final String name;
    private final List<Thread> threads = new ArrayList<>();

    /** @param name the name every worker thread gets (seen in thread dumps and profilers) */
    public WorkerThreads(String name) {
        this.name = name;
    }

    @Override
    public synchronized Thread newThread(Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        threads.add(t);
        return t;
    }

    /**
     * Waits until every thread made so far has ended, or {@code timeoutSeconds} have passed.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public void join(long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        List<Thread> made;
        synchronized (this) {
            made = List.copyOf(threads);
        }
        for (Thread t : made) {
            long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (leftMillis <= 0) {
                return;
            }
            t.join(leftMillis);
        }
    }
}
