package org.rapaio.jupyter.kernel.channels;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.rapaio.jupyter.kernel.core.ConnectionProperties;
import org.rapaio.jupyter.kernel.core.RapaioKernel;
import org.rapaio.jupyter.kernel.message.ContentType;
import org.rapaio.jupyter.kernel.message.HMACDigest;
import org.rapaio.jupyter.kernel.message.Message;
import org.rapaio.jupyter.kernel.message.MessageId;
import org.rapaio.jupyter.kernel.message.MessageType;
import org.rapaio.jupyter.kernel.message.messages.ErrorReply;
import org.rapaio.jupyter.kernel.message.messages.IOPubStatus;
import org.rapaio.jupyter.kernel.message.messages.IOPubStream;
import org.rapaio.org.zeromq.ZMQ;

/**
 * StrainLab's replacement for the socket set of rapaio-jupyter-kernel 3.0.1 (same binary interface), compiled by
 * {@code environment/install} into {@code target/kernel/patch/} ahead of the kernel jar.
 * <p>
 * The kernel's own class keeps one current message id and one stack of after-actions for both the shell and the
 * control loop, and sends every reply on the shell socket. An {@code interrupt_request} that arrives while a cell
 * runs therefore replaces the cell's parent header, its reply goes to the wrong socket, and the control loop runs
 * the cell's pending actions (its reply, its idle status): the front end never sees the cell end. Here each loop
 * has its own context: a message handled on the control loop (bound by {@link ControlChannel}) has its own id,
 * after-actions and reply socket, and everything else (the shell loop, the cell's threads writing output)
 * uses the shell context. The message handlers are also installed before the sockets bind, so that a request
 * queued before the kernel is ready finds its handler.
 */
public final class Channels {

    /** The current request of one loop: parent of what is published, target of the replies. */
    private static final class Context {
        private final AbstractChannel replySocket;
        private final Deque<Runnable> afterActions = new ArrayDeque<>();
        private volatile MessageId<?> msgId;

        Context(AbstractChannel replySocket) {
            this.replySocket = replySocket;
        }
    }

    private final ConnectionProperties connProps;
    private final ZMQ.Context ctx;
    private final HeartbeatChannel heartbeat;
    private final ShellChannel shell;
    private final ControlChannel control;
    private final StdinChannel stdin;
    private final IOPubChannel iopub;
    private final Set<AbstractChannel> channels;
    private final Context shellContext;
    private final Context controlContext;
    private final ThreadLocal<Context> bound = new ThreadLocal<>();
    private volatile Map<MessageType<?>, MessageHandler<?>> handlers = Map.of();
    private volatile boolean isConnected;
    private volatile boolean requestShutdown;

    public Channels(ConnectionProperties connProps) throws NoSuchAlgorithmException, InvalidKeyException {
        this.connProps = connProps;
        this.ctx = ZMQ.context(1);
        HMACDigest hmac = connProps.createHMACDigest();
        this.heartbeat = new HeartbeatChannel(this, ctx, hmac);
        this.shell = new ShellChannel(this, ctx, hmac, this);
        this.control = new ControlChannel(this, ctx, hmac);
        this.stdin = new StdinChannel(this, ctx, hmac);
        this.iopub = new IOPubChannel(this, ctx, hmac);
        this.channels = Set.of(heartbeat, shell, control, stdin, iopub);
        this.shellContext = new Context(shell);
        this.controlContext = new Context(control);
    }

    /** Installs the kernel's message handlers, then binds the sockets and publishes the starting status. */
    public void connect(RapaioKernel kernel) {
        if (isConnected) {
            return;
        }
        kernel.registerChannels(this);
        Map<MessageType<?>, MessageHandler<?>> h = new HashMap<>();
        put(h, MessageType.SHELL_EXECUTE_REQUEST, kernel::handleExecuteRequest);
        put(h, MessageType.SHELL_INSPECT_REQUEST, kernel::handleInspectRequest);
        put(h, MessageType.SHELL_COMPLETE_REQUEST, kernel::handleCompleteRequest);
        put(h, MessageType.SHELL_HISTORY_REQUEST, kernel::handleHistoryRequest);
        put(h, MessageType.SHELL_IS_COMPLETE_REQUEST, kernel::handleIsCompleteRequest);
        put(h, MessageType.SHELL_KERNEL_INFO_REQUEST, kernel::handleKernelInfoRequest);
        put(h, MessageType.CONTROL_SHUTDOWN_REQUEST, kernel::handleShutdownRequest);
        put(h, MessageType.CONTROL_INTERRUPT_REQUEST, kernel::handleInterruptRequest);
        put(h, MessageType.CUSTOM_COMM_OPEN, kernel::handleCommOpenCommand);
        put(h, MessageType.CUSTOM_COMM_MSG, kernel::handleCommMsgCommand);
        put(h, MessageType.CUSTOM_COMM_CLOSE, kernel::handleCommCloseCommand);
        put(h, MessageType.SHELL_COMM_INFO_REQUEST, kernel::handleCommInfoRequest);
        handlers = Map.copyOf(h);
        channels.forEach(c -> c.bind(connProps));
        iopub.sendMessage(new Message<>(MessageType.IOPUB_STATUS, IOPubStatus.STARTING));
        isConnected = true;
    }

    private static <T> void put(Map<MessageType<?>, MessageHandler<?>> map, MessageType<T> type,
                                MessageHandler<T> handler) {
        map.put(type, handler);
    }

    @SuppressWarnings("unchecked")
    public <T> MessageHandler<T> getHandler(MessageType<T> type) {
        return (MessageHandler<T>) handlers.get(type);
    }

    public void close() {
        channels.forEach(AbstractChannel::close);
        ctx.close();
    }

    public void joinUntilClose() {
        channels.forEach(AbstractChannel::joinUntilClose);
    }

    /** The context of the calling thread: the control one while it handles a control message, else the shell's. */
    private Context current() {
        Context c = bound.get();
        return c != null ? c : shellContext;
    }

    /** Makes the calling (control loop) thread handle {@code id} in the control context until {@link #endControl}. */
    void beginControl(MessageId<?> id) {
        controlContext.msgId = id;
        bound.set(controlContext);
    }

    /** Runs the control message's remaining after-actions and returns the calling thread to the shell context. */
    void endControl() {
        try {
            runAfterActions();
        } finally {
            bound.remove();
            controlContext.msgId = null;
        }
    }

    public boolean hasMsgId() {
        return current().msgId != null;
    }

    public void setMsgId(MessageId<?> id) {
        current().msgId = id;
    }

    public void freeMsgId() {
        current().msgId = null;
    }

    public void markForShutdown() {
        requestShutdown = true;
    }

    public boolean isMarkedForShutdown() {
        return requestShutdown;
    }

    public void writeToStdOut(String s) {
        publish(new IOPubStream(IOPubStream.StreamName.OUT, s));
    }

    public void writeToStdErr(String s) {
        publish(new IOPubStream(IOPubStream.StreamName.ERR, s));
    }

    public String readFromStdIn() {
        return stdin.getInput(shellContext.msgId, "", false);
    }

    public <T extends ContentType<T>> void publish(T content) {
        publish(current(), content);
    }

    private <T extends ContentType<T>> void publish(Context c, T content) {
        iopub.sendMessage(new Message<>(c.msgId, content.type(), content));
    }

    public <T extends ContentType<T>> void reply(T content) {
        Context c = current();
        c.replySocket.sendMessage(new Message<>(c.msgId, content.type(), content));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public void replyError(MessageType<?> type, ErrorReply error) {
        Context c = current();
        c.replySocket.sendMessage(new Message(c.msgId, type, error));
    }

    public void scheduleAfter(Runnable action) {
        Context c = current();
        synchronized (c.afterActions) {
            c.afterActions.push(action);
        }
    }

    /** Runs (last scheduled first) and forgets the after-actions of the calling thread's context. */
    public void runAfterActions() {
        Context c = current();
        while (true) {
            Runnable action;
            synchronized (c.afterActions) {
                action = c.afterActions.poll();
            }
            if (action == null) {
                return;
            }
            action.run();
        }
    }

    public void busyThenIdle() {
        Context c = current();
        publish(c, IOPubStatus.BUSY);
        scheduleAfter(() -> publish(c, IOPubStatus.IDLE));
    }
}
