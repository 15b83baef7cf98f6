package org.rapaio.jupyter.kernel.channels;

/**
 * StrainLab's replacement for the channel loop thread of rapaio-jupyter-kernel 3.0.1, compiled by
 * {@code environment/install} into {@code target/kernel/patch/} and put ahead of the kernel jar on the
 * kernelspec's class path. It has the same binary interface as the class it replaces.
 * <p>
 * The kernel's own class marks itself running only after {@code Thread.start()} has returned, so a thread that
 * is scheduled at once reads "not running" and ends before its first pass. Measured on a 2-core machine: 32 of
 * 200 such threads ended at once in a tight loop; in 16 kernel starts, the shell loop was missing in the 3 that
 * never answered {@code kernel_info}, and the control loop (interrupt, shutdown) in 4 others. Here the flag is
 * set before the thread starts.
 */
public final class LoopThread extends Thread {

    private final long sleepMs;
    private final Runnable loopBody;
    private volatile boolean running;

    /**
     * @param name    thread name
     * @param sleepMs pause after each pass of the body, in milliseconds
     * @param body    one pass of the channel's loop (poll the socket, handle what came in)
     */
    public LoopThread(String name, long sleepMs, Runnable body) {
        super(name);
        this.sleepMs = sleepMs;
        this.loopBody = body;
    }

    @Override
    public synchronized void start() {
        running = true;
        super.start();
    }

    @Override
    public void run() {
        while (running) {
            loopBody.run();
            try {
                Thread.sleep(sleepMs);
            } catch (InterruptedException e) {
                running = false;
            }
        }
    }

    /** Asks the loop to end after its current pass. */
    public void shutdown() {
        running = false;
    }
}
