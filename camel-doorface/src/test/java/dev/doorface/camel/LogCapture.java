package dev.doorface.camel;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Records every log event of the test JVM (every configured logger, root included) while open: what the gateway
 * really logs, as the configured layout would print it (message and the thrown exception's text).
 */
final class LogCapture extends AbstractAppender implements AutoCloseable {

    /** One log event: level, logger, the formatted message and the text of its exception, if any. */
    record Line(Level level, String logger, String text) {
        @Override
        public String toString() {
            return level + " " + logger + " - " + text;
        }
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();

    private LogCapture() {
        super("capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
    }

    static LogCapture open() {
        LogCapture capture = new LogCapture();
        capture.attach();
        return capture;
    }

    private void attach() {
        start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        config.addAppender(this);
        for (LoggerConfig logger : config.getLoggers().values()) {
            logger.addAppender(this, Level.ALL, null);
        }
        config.getRootLogger().addAppender(this, Level.ALL, null);
        context.updateLoggers();
    }

    @Override
    public void append(LogEvent event) {
        StringBuilder text = new StringBuilder(event.getMessage().getFormattedMessage());
        for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
            text.append(" | ").append(t);
        }
        lines.add(new Line(event.getLevel(), event.getLoggerName(), text.toString()));
    }

    List<Line> lines() {
        return List.copyOf(lines);
    }

    List<Line> atLeast(Level level) {
        return lines.stream().filter(l -> l.level().isMoreSpecificThan(level)).toList();
    }

    boolean contains(Level level, String part) {
        return lines.stream().anyMatch(l -> l.level().equals(level) && l.text().contains(part));
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        for (LoggerConfig logger : config.getLoggers().values()) {
            logger.removeAppender(getName());
        }
        config.getRootLogger().removeAppender(getName());
        context.updateLoggers();
        stop();
    }
}
