package org.rapaio.jupyter.kernel.core.java;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.SPIResolutionException;

/**
 * StrainLab's replacement for the JShell execution control of rapaio-jupyter-kernel 3.0.1 (same binary
 * interface), compiled by {@code environment/install} into {@code target/kernel/patch/} ahead of the kernel jar.
 * <p>
 * Each cell runs on a worker thread while the shell thread waits for it. An interrupt interrupts that worker
 * ({@link Thread#interrupt()}); the cell ends with "Execution interrupted." once the worker has returned, and a
 * worker that ignores the interrupt for {@value #STOP_GRACE_MS} ms is stopped with {@link Thread#stop()} where the
 * JVM still supports it (as JShell's own local execution does). The kernel's own class also shut its thread
 * pool down on every interrupt ({@link #stop()} is called then), so that no later cell could run; here the pool
 * lives until {@link #close()}. A cell that exceeds the kernel's timeout is interrupted in the same way.
 */
public class RapaioExecutionControl extends DirectExecutionControl {

    public static final String TIMEOUT_MARKER = "## Timeout Marker ##";
    public static final String INTERRUPTED_MARKER = "## Interrupted Marker ##";
    /** How long an interrupted cell may take to return before its thread is stopped, in milliseconds. */
    public static final long STOP_GRACE_MS = 5_000;

    private static final AtomicInteger ID = new AtomicInteger();

    /** One cell's invocation, which remembers the thread that runs it. */
    private static final class Execution implements Callable<Object> {
        private final Method method;
        private final CountDownLatch ended = new CountDownLatch(1);
        private volatile Thread thread;

        Execution(Method method) {
            this.method = method;
        }

        @Override
        public Object call() throws Exception {
            thread = Thread.currentThread();
            try {
                return method.invoke(null);
            } finally {
                ended.countDown();
            }
        }
    }

    private final ExecutorService executor;
    private final long timeoutTime;
    private final ConcurrentMap<String, Future<Object>> running = new ConcurrentHashMap<>();
    private final Map<String, Object> results = new ConcurrentHashMap<>();

    /** @param timeoutTime the longest a cell may run, in milliseconds; 0 or less for no limit */
    public RapaioExecutionControl(long timeoutTime) {
        this.timeoutTime = timeoutTime;
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "Rapaio-Execution-" + ID.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
    }

    public long getTimeout() {
        return timeoutTime;
    }

    /** The value of a finished invocation, by the key that {@link #invoke(Method)} returned. */
    public Object takeResult(String key) {
        Object result = results.remove(key);
        if (result == null) {
            throw new IllegalStateException("No result with key: " + key);
        }
        return result;
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        String key = UUID.randomUUID().toString();
        Object value = execute(key, doitMethod);
        results.put(key, value);
        return key;
    }

    private Object execute(String key, Method method) throws Exception {
        Execution execution = new Execution(method);
        Future<Object> future = executor.submit(execution);
        running.put(key, future);
        try {
            return timeoutTime > 0 ? future.get(timeoutTime, TimeUnit.MILLISECONDS) : future.get();
        } catch (CancellationException e) {
            awaitEnd(execution);
            if (executor.isShutdown()) {
                throw new StoppedException();
            }
            throw new UserException("Execution interrupted.", INTERRUPTED_MARKER, e.getStackTrace());
        } catch (TimeoutException e) {
            future.cancel(true);
            awaitEnd(execution);
            throw new UserException("Execution timed out", TIMEOUT_MARKER, e.getStackTrace());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new UserException("Execution interrupted.", INTERRUPTED_MARKER, e.getStackTrace());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvocationTargetException) {
                cause = cause.getCause();
            }
            if (cause == null) {
                throw new UserException("null", "Unknown Invocation Exception", e.getStackTrace());
            }
            if (cause instanceof SPIResolutionException resolution) {
                throw new ResolutionException(resolution.id(), cause.getStackTrace());
            }
            throw new UserException(cause.getMessage(), cause.getClass().getName(), cause.getStackTrace());
        } finally {
            running.remove(key, future);
        }
    }

    /** Waits for an interrupted cell's thread to return; stops it when it ignores the interrupt too long. */
    @SuppressWarnings({"deprecation", "removal"})
    private static void awaitEnd(Execution execution) {
        Thread thread = execution.thread;
        if (thread == null) {
            return;
        }
        try {
            if (execution.ended.await(STOP_GRACE_MS, TimeUnit.MILLISECONDS)) {
                return;
            }
            System.err.println("The cell ignored the interrupt for " + STOP_GRACE_MS / 1000
                    + " s; stopping its thread.");
            thread.stop();
            execution.ended.await(STOP_GRACE_MS, TimeUnit.MILLISECONDS);
        } catch (UnsupportedOperationException e) {
            System.err.println("The cell ignores the interrupt and this JVM cannot stop threads;"
                    + " it goes on in the background until it returns.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Interrupts the running cell (if any); the cell ends once its thread has returned. */
    public void interrupt() {
        running.forEach((key, future) -> future.cancel(true));
    }

    /** Same as {@link #interrupt()}: later cells still run. */
    @Override
    public void stop() {
        interrupt();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        super.close();
    }
}
