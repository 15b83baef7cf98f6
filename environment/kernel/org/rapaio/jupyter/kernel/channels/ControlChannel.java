package org.rapaio.jupyter.kernel.channels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.rapaio.jupyter.kernel.core.ConnectionProperties;
import org.rapaio.jupyter.kernel.message.HMACDigest;
import org.rapaio.jupyter.kernel.message.Message;
import org.rapaio.jupyter.kernel.message.MessageType;
import org.rapaio.org.zeromq.SocketType;
import org.rapaio.org.zeromq.ZMQ;

/**
 * StrainLab's replacement for the control socket loop of rapaio-jupyter-kernel 3.0.1 (same binary interface),
 * compiled by {@code environment/install} into {@code target/kernel/patch/} ahead of the kernel jar.
 * <p>
 * Each control message (interrupt, shutdown) is handled in the control context of {@link Channels}: its busy and
 * idle status and its reply carry the control request as parent, the reply goes out on this socket, and the shell
 * loop's current request (a running cell) is left untouched.
 */
public final class ControlChannel extends AbstractChannel {

    private static final Logger LOGGER = Logger.getLogger(ControlChannel.class.getSimpleName());
    private static final long LOOP_SLEEP = 50;
    private static final AtomicInteger ID = new AtomicInteger();

    private volatile LoopThread loopThread;

    public ControlChannel(Channels channels, ZMQ.Context ctx, HMACDigest hmac) {
        super(channels, "ControlChannel", ctx, SocketType.ROUTER, hmac);
    }

    @Override
    public void bind(ConnectionProperties connProps) {
        if (loopThread != null) {
            throw new IllegalStateException("Channel already bound.");
        }
        String name = "Control-" + ID.getAndIncrement();
        String address = connProps.formatAddress(connProps.controlPort());
        LOGGER.info(logPrefix + "Binding to " + address);
        socket.bind(address);
        ZMQ.Poller poller = ctx.poller(1);
        poller.register(socket, ZMQ.Poller.POLLIN);
        loopThread = new LoopThread(name, LOOP_SLEEP, () -> poll(poller));
        loopThread.start();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void poll(ZMQ.Poller poller) {
        if (poller.poll(0) <= 0) {
            return;
        }
        Message<?> message = readMessage();
        MessageType<?> type = message.header().type();
        MessageHandler handler = channels.getHandler(type);
        if (handler == null) {
            LOGGER.severe(logPrefix + "Unhandled message: " + type.name());
            return;
        }
        LOGGER.info(logPrefix + "Handling message: " + type.name());
        channels.beginControl(message.getId());
        try {
            handler.handle(message);
        } catch (Exception e) {
            LOGGER.severe(logPrefix + "Exception handling " + type.name() + ". " + e.getClass().getSimpleName()
                    + ": " + e.getLocalizedMessage());
        } finally {
            channels.endControl();
        }
        if (channels.isMarkedForShutdown()) {
            LOGGER.info(logPrefix + "shutting down connection marked for shutdown.");
            channels.close();
        }
    }

    @Override
    public void close() {
        if (loopThread != null) {
            loopThread.shutdown();
        }
        super.close();
    }

    @Override
    public void joinUntilClose() {
        if (loopThread != null) {
            try {
                loopThread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
