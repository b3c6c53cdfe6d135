package dev.doorface.camel;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorface.camel.exception.CommandTimeoutException;
import dev.doorface.camel.exception.TerminalErrorException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the gateway (and Camel around it) logs while terminals send passwords and photos in every form, in malformed
 * frames, broken, unknown and late answers and error answers: captured from log4j2, no secret in any line.
 */
class NoSecretsInGatewayLogsTest extends DoorfaceTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Each secret is unique, so that a leak names the form that leaked. */
    private static final List<String> SECRETS = List.of("553101", "S3CR3T-02", "S3CR3T-03", "S3CR3T-04", "S3CR3T-05",
            "S3CR3T-06", "S3CR3T-07", "S3CR3T-08", "S3CR3T-09", "S3CR3T-10", "S3CR3T-11", "S3CR3T-12", "553113",
            "S3CR3T-14", "S3CR3T-15", "S3CR3T-16", "S3CR3T-17");

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(gateway("")).routeId("events").to("mock:events");
                // the default error handler: it logs failed exchanges, exception messages included, at ERROR
                from("direct:command").to(gateway("requestTimeout=20000"));
                from("direct:quick").to(gateway("requestTimeout=300"));
            }
        };
    }

    @Test
    void passwordsAndPhotosNeverReachTheLog() throws Exception {
        List<String> frames = List.of(
                // malformed reports: excerpts are logged
                "{\"code\":\"206\",\"pwd\":553101}  broken",
                "{\"code\":\"206\",\"data\":{\"pwd\":\"a\\\"S3CR3T-02\\\"b\"}} broken",
                "{\"code\":\"206\",\"data\":{\"pwd\":{\"v\":\"S3CR3T-03\"}}} broken",
                "{\"code\":\"206\",\"data\":{ \"img\"\n :\r\n \"S3CR3T-04\"}} broken",
                "{'code':'206','data':{'pwd':'S3CR3T-05'}}",
                "{code:\"206\",data:{pwd:\"S3CR3T-06\"}}",
                "{\"code\":\"206\",\"data\":{[\"pwd\"]:\"S3CR3T-07\"}}",
                "{\"code\":\"206\",\"data\":{\"\\u0070wd\":\"S3CR3T-08\"} broken",
                "{\"code\":\"206\",\"pwd\":S3CR3T-09}",
                "{\"code\":\"999\",\"data\":{\"user\":{\"img\":\"S3CR3T-10\"}}}",
                // malformed answers and answers nobody waits for
                "{\"code\":\"200\",\"commandId\":\"5\",\"content\":{\"pwd\":\"S3CR3T-11\"}, broken",
                "{\"code\":\"203\",\"commandId\":\"77\",\"content\":[{\"pwd\":\"S3CR3T-12\",\"img\":553113}]}",
                "{\"code\":{\"pwd\":\"S3CR3T-14\"},\"commandId\":\"77\"}",
                // refused registration and event fields of the wrong type
                "{\"code\":\"205\",\"data\":{\"sn\":{\"pwd\":\"S3CR3T-15\"}}}",
                "{\"code\":\"207\",\"data\":{\"eventid\":{\"pwd\":\"S3CR3T-16\"},\"type\":\"1\"}}");

        try (LogCapture log = LogCapture.open(); RawWebSocket raw = new RawWebSocket(port, "/door")) {
            raw.text("{\"code\":\"205\",\"data\":{\"sn\":\"LEAKY\"}}");
            raw.readText();
            for (String frame : frames) {
                raw.text(frame);
            }
            // a late answer full of secrets, and an error answer whose message carries one (Camel logs it at ERROR)
            CompletableFuture<Exchange> late = request("direct:quick", "selectUser");
            String lateId = JSON.readTree(commandFrame(raw)).path("commandId").asText();
            assertThat(late.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS).getException())
                    .isInstanceOf(CommandTimeoutException.class);
            raw.text("{\"code\":\"203\",\"commandId\":\"" + lateId + "\",\"content\":[{\"pwd\":\"S3CR3T-17\"}]}");
            CompletableFuture<Exchange> failing = request("direct:command", "deleteUser");
            String failingId = JSON.readTree(commandFrame(raw)).path("commandId").asText();
            raw.text("{\"code\":\"500\",\"commandId\":\"" + failingId + "\",\"data\":{\"pwd\":553101,\"img\":\"S3CR3T-04\"}}");
            assertThat(failing.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS).getException())
                    .isInstanceOf(TerminalErrorException.class);

            raw.text("{\"code\":\"206\",\"data\":{}}");
            await().atMost(PROMPTLY).until(() -> log.contains(Level.WARN, "unknown or late commandId " + lateId));
            await().atMost(PROMPTLY).until(() -> log.lines().stream()
                    .filter(l -> l.text().contains("Malformed frame") || l.text().contains("Dropping")
                                 || l.text().contains("Refusing"))
                    .count() >= frames.size() + 1);
            assertThat(log.contains(Level.ERROR, "answered command " + failingId + " with code 500")).isTrue();
            for (LogCapture.Line line : log.lines()) {
                for (String secret : SECRETS) {
                    assertThat(line.text()).as("log line %s", line).doesNotContain(secret);
                }
            }
        }
    }

    private CompletableFuture<Exchange> request(String uri, String operation) {
        return template.asyncSend(uri, e -> {
            e.getMessage().setHeader(DoorfaceConstants.DEVICE_SN, "LEAKY");
            e.getMessage().setHeader(DoorfaceConstants.OPERATION, operation);
            e.getMessage().setBody(Map.of("userId", "u1"));
        });
    }

    /** The next command the gateway sends, skipping the answers to the reports sent so far. */
    private static String commandFrame(RawWebSocket raw) throws Exception {
        while (true) {
            String text = raw.readText();
            if (text.contains("commandId")) {
                return text;
            }
        }
    }
}
