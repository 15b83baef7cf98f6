package strainlab.logging;

import java.io.PrintStream;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import strainlab.Logging;

/**
 * A library logger writing {@code [thread] LEVEL name - message} lines to the current {@code System.err} (the
 * cell's output in a notebook): ERROR always, WARN and INFO only while {@link Logging#isVerbose()}, never DEBUG
 * or TRACE.
 */
final class ConsoleLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    ConsoleLogger(String name) {
        this.name = name;
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
    }

    @Override
    public boolean isDebugEnabled() {
        return false;
    }

    @Override
    public boolean isInfoEnabled() {
        return Logging.isVerbose();
    }

    @Override
    public boolean isWarnEnabled() {
        return Logging.isVerbose();
    }

    @Override
    public boolean isErrorEnabled() {
        return true;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern, Object[] arguments,
                                               Throwable throwable) {
        String message = MessageFormatter.basicArrayFormat(messagePattern, arguments);
        PrintStream err = System.err;
        synchronized (err) {
            err.println("[" + Thread.currentThread().getName() + "] " + level + " " + name + " - " + message);
            if (throwable != null) {
                throwable.printStackTrace(err);
            }
            err.flush();
        }
    }
}
