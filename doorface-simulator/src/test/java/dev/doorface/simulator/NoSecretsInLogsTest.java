package dev.doorface.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Even at debug level, passwords and images never reach the log. */
class NoSecretsInLogsTest extends TerminalTestSupport {

    private static final String PWD = "PW-SECRET-4711";
    private static final String PWD2 = "PW-SECRET-0815";
    private static final String IMG = "SECRETIMAGEaGVsbG8=";

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private AbstractAppender appender;
    private LoggerConfig loggerConfig;
    private Level oldLevel;

    @BeforeEach
    void capture() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        loggerConfig = ctx.getConfiguration().getLoggerConfig("dev.doorface.simulator");
        assertThat(loggerConfig.getName()).isEqualTo("dev.doorface.simulator");
        appender = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(event.getMessage().getFormattedMessage()
                        + (event.getThrown() == null ? "" : " " + event.getThrown()));
            }
        };
        appender.start();
        oldLevel = loggerConfig.getLevel();
        loggerConfig.addAppender(appender, Level.DEBUG, null);
        loggerConfig.setLevel(Level.DEBUG);
        ctx.updateLoggers();
    }

    @AfterEach
    void restore() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        loggerConfig.removeAppender("capture");
        loggerConfig.setLevel(oldLevel);
        ctx.updateLoggers();
        appender.stop();
    }

    @Test
    void passwordsAndImagesAreMasked() throws Exception {
        SimulatedTerminal t = connected(b -> b);
        server.command("c1", "addUser", "{\"user\":\"u\",\"userId\":\"1\",\"pwd\":\"" + PWD + "\",\"name\":\"n\",\"role\":\"0\",\"img\":\"" + IMG + "\"}");
        server.command("c2", "editUser", "{\"userId\":\"1\",\"pwd\":\"" + PWD2 + "\"}");
        server.command("c3", "selectUser", null);
        server.command("c4", "compareUser", "{\"img\":\"" + IMG + "\"}");
        answerTo("c4");
        get(t.sendUserAdded("ev", new SimUser("v", "2", PWD, "m", "1", IMG)));
        server.command("c5", "queryEvent", "{\"eventid\":\"ev\"}");
        answerTo("c5");
        server.send("not json with \"pwd\":\"" + PWD + "\" and \"img\":\"" + IMG);
        await().atMost(WAIT).until(() -> lines.stream().anyMatch(l -> l.contains("not JSON")));

        // the capture works: commands and answers were logged at debug level
        assertThat(lines).anyMatch(l -> l.contains("addUser"));
        assertThat(lines).anyMatch(l -> l.contains("editUser"));
        assertThat(lines).anyMatch(l -> l.contains("\"code\":\"203\""));
        assertThat(lines).anyMatch(l -> l.contains("\"code\":\"207\""));
        assertThat(lines).allSatisfy(l -> assertThat(l)
                .doesNotContain(PWD).doesNotContain(PWD2).doesNotContain(IMG).doesNotContain("SECRETIMAGE"));
    }

    @Test
    void aTokenInTheUrlIsMasked() throws Exception {
        String token = "TK-SECRET-9321";
        SimulatedTerminal t = SimulatedTerminal.builder(server.url() + "?site=7&token=" + token).sn("TQ").build();
        try {
            get(t.connect());
            assertThat(t.toString()).contains("token=***").doesNotContain(token);
        } finally {
            t.close();
        }
        // the capture works: the connection was logged with its URL
        assertThat(lines).anyMatch(l -> l.contains("connected to") && l.contains("?site=***&token=***"));
        assertThat(lines).allSatisfy(l -> assertThat(l).doesNotContain(token));
    }
}
