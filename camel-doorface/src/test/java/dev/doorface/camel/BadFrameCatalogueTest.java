package dev.doorface.camel;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorface.camel.exception.CommandTimeoutException;
import dev.doorface.camel.model.AccessEvent;
import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every class of bad frame, sent over a real WebSocket to a running gateway, with the outcome defined for it:
 * answered 500 with a reason (a broken report), dropped and logged (anything that names a commandId: an answer never
 * gets a report answer back), or that connection closed with a status (broken WebSocket framing, oversize). After
 * each, the connection that is kept still works and a well-behaved terminal registers, reports and is commanded.
 */
class BadFrameCatalogueTest extends DoorfaceTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPTIONS = "maxMessageSize=1048576";
    private static final String HEARTBEAT = "{\"code\":\"206\",\"data\":{\"time\":\"2024-01-01 08:00:00\"}}";

    private LogCapture log;

    @BeforeEach
    void captureLogs() {
        log = LogCapture.open();
    }

    @AfterEach
    void stopCapturing() {
        log.close();
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(gateway(OPTIONS)).routeId("events").to("mock:events");
                from("direct:command").to(gateway(OPTIONS + "&requestTimeout=20000"));
                // times out on purpose: the exchange carries the exception, Camel need not log it as an ERROR
                from("direct:quick").errorHandler(noErrorHandler()).to(gateway(OPTIONS + "&requestTimeout=300"));
            }
        };
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void brokenReportsAreAnswered500WithAReasonAndTheConnectionKept() throws Exception {
        Map<String, String> catalogue = new LinkedHashMap<>();
        catalogue.put("this is not json", "not JSON");
        catalogue.put("", "not a JSON object");
        catalogue.put("[1,2,3]", "not a JSON object");
        catalogue.put("\"a string\"", "not a JSON object");
        catalogue.put("42", "not a JSON object");
        catalogue.put("null", "not a JSON object");
        catalogue.put("true", "not a JSON object");
        catalogue.put("{\"code\":\"999\",\"data\":{}}", "unknown report code 999");
        catalogue.put("{\"code\":\"208\",\"data\":{}}", "unknown report code 208");
        catalogue.put("{\"data\":{}}", "neither a commandId nor a report code");
        catalogue.put("{\"code\":{\"x\":1},\"data\":{}}", "code is not a string");
        catalogue.put("{\"code\":\"207\",\"data\":\"text\"}", "report 207 has no data object");
        catalogue.put("{\"code\":\"207\",\"data\":[1]}", "report 207 has no data object");
        catalogue.put("{\"code\":\"207\",\"data\":{\"type\":\"1\",\"data\":{}}}", "event without eventid");
        catalogue.put("{\"code\":\"207\",\"data\":{\"eventid\":{\"a\":1},\"type\":\"1\"}}", "eventid is not a string");
        catalogue.put("{\"code\":\"207\",\"data\":{\"eventid\":\"e1\",\"type\":\"1\",\"data\":\"x\"}}",
                "data is not an object");
        catalogue.put("{\"code\":\"207\",\"data\":{\"eventid\":\"e1\",\"type\":\"1\",\"data\":{\"img\":{\"a\":1}}}}",
                "img is not a string");
        catalogue.put("{\"code\":\"207\",\"data\":{\"eventid\":\"e1\",\"type\":\"2\",\"data\":{\"pwd\":[1]}}}",
                "pwd is not a string");
        catalogue.put("{\"code\":\"207\",\"data\":{\"eventid\":\"e1\",\"type\":\"9\",\"data\":{}}}", "unknown type 9");
        catalogue.put("{\"code\":\"205\",\"data\":{\"sn\":{\"a\":1}}}", "sn is not a string");
        catalogue.put("{\"code\":\"205\",\"data\":{\"sn\":\"" + "9".repeat(129) + "\"}}", "longer than 128");
        catalogue.put("{\"code\":\"205\",\"data\":{}}", "registration without sn");
        catalogue.put("{\"code\":\"205\",\"data\":{\"sn\":\"X\\r\\nINFO forged\"}}", "sn holds control characters");
        // two reports in one frame would get one answer: refused whole
        catalogue.put(HEARTBEAT + HEARTBEAT, "not JSON");
        // 100,000 nested arrays or objects: refused at the nesting bound, never recursed into
        catalogue.put("[".repeat(100_000), "nesting depth");
        catalogue.put("{\"code\":\"207\",\"data\":" + "{\"a\":".repeat(100_000), "nesting depth");
        catalogue.put("x".repeat(500_000), "not JSON");
        catalogue.put("{\"code\":\"206\",\"data\":{\"time\":\"" + "\\u12".repeat(1000), "not JSON");

        try (RawWebSocket raw = registered("CAT-REPORTS")) {
            for (Map.Entry<String, String> bad : catalogue.entrySet()) {
                String label = bad.getKey().length() > 80 ? bad.getKey().substring(0, 80) + "..." : bad.getKey();
                raw.text(bad.getKey());
                JsonNode answer = content(raw.readText());
                assertThat(answer.path("code").asText()).as(label).isEqualTo("500");
                assertThat(answer.path("data").asText()).as(label).contains(bad.getValue());
                assertHeartbeatAnswered(raw, "200");
            }
            // binary messages are read like text: garbage (not even UTF-8) is a broken report, a heartbeat is one
            raw.binary(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1});
            assertThat(content(raw.readText()).path("data").asText()).startsWith("malformed frame: not JSON");
            raw.binary(HEARTBEAT.getBytes(StandardCharsets.UTF_8));
            assertThat(content(raw.readText()).path("code").asText()).isEqualTo("200");
            // a text frame that is not UTF-8: read from its bytes like any, so a broken report
            raw.frame(1, true, new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'});
            assertThat(content(raw.readText()).path("data").asText()).startsWith("malformed frame: not JSON");
            assertHeartbeatAnswered(raw, "200");
        }
        assertThat(log.contains(Level.WARN, "Malformed frame from")).isTrue();
        assertWellBehavedTerminalServed("GOOD-1");
    }

    @Test
    void oddButReadableReportsAreAccepted() throws Exception {
        try (RawWebSocket raw = registered("CAT-ODD")) {
            // a code as a number, an empty or null commandId (no commandId), unknown members: a heartbeat all the same
            for (String beat : List.of("{\"code\":206,\"data\":{}}", "{\"code\":\"206\",\"commandId\":\"\",\"data\":{}}",
                    "{\"code\":\"206\",\"commandId\":null}", "{\"code\":\"206\",\"data\":{},\"extra\":[1,{\"a\":2}]}")) {
                raw.text(beat);
                assertThat(content(raw.readText()).path("code").asText()).as(beat).isEqualTo("200");
            }
            // an access record whose photo is not base64, and huge: carried as text, acknowledged (PROTOCOL.md 7)
            String notBase64 = "!!not base64!!".repeat(40_000);
            raw.text("{\"code\":\"207\",\"data\":{\"eventid\":\"odd-1\",\"type\":\"1\",\"data\":{\"userId\":\"u1\","
                     + "\"door\":\"0\",\"img\":\"" + notBase64 + "\"}}}");
            assertThat(content(raw.readText()).path("code").asText()).isEqualTo("200");
        }
        AccessEvent event = received(getMockEndpoint("mock:events"), 3).stream()
                .map(e -> e.getMessage().getBody()).filter(AccessEvent.class::isInstance).map(AccessEvent.class::cast)
                .findFirst().orElseThrow();
        assertThat(event.eventId()).isEqualTo("odd-1");
        assertThat(event.img()).hasSize(notBase64Length());
        assertThat(event.imageBytes()).isNull();
    }

    private static int notBase64Length() {
        return "!!not base64!!".length() * 40_000;
    }

    @Test
    void framesNamingACommandIdAreNeverAnsweredWhateverTheyHold() throws Exception {
        List<String> answers = List.of(
                "{\"code\":\"200\",\"commandId\":\"999999999\",\"data\":\"\"}",
                "{\"code\":\"200\",\"commandId\":\"5\", this is not JSON <simulated malformed answer>",
                "{\"code\":\"200\",\"commandId\":\"5\"",
                "{\"commandId\":{\"id\":5},\"code\":\"200\"}",
                "{\"commandId\":true}",
                "[{\"commandId\":\"5\"}]",
                "{\"commandId\":\"5\",\"code\":{\"a\":1}}",
                // an answer is an answer even with a report's code: no event reaches the routes
                "{\"code\":\"207\",\"commandId\":\"123\",\"data\":{\"eventid\":\"never\",\"type\":\"1\",\"data\":{}}}");
        try (RawWebSocket raw = registered("CAT-ANSWERS")) {
            for (String answer : answers) {
                raw.text(answer);
                // the next report answer is the heartbeat's: nothing was answered in between
                assertHeartbeatAnswered(raw, "200");
            }
        }
        assertThat(log.contains(Level.WARN, "unknown or late commandId 999999999")).isTrue();
        assertThat(log.contains(Level.WARN, "Dropping a malformed answer from")).isTrue();
        assertThat(getMockEndpoint("mock:events").getReceivedExchanges())
                .noneMatch(e -> e.getMessage().getBody() instanceof AccessEvent);
        assertWellBehavedTerminalServed("GOOD-2");
    }

    @Test
    void repeatedAndLateAnswersAreDroppedAndLogged() throws Exception {
        try (RawWebSocket raw = registered("CAT-LATE")) {
            // answered twice: the first completes the command, the second is dropped, neither gets a report answer
            CompletableFuture<Exchange> first = template.asyncSend("direct:command", e -> {
                e.getMessage().setHeader(DoorfaceConstants.DEVICE_SN, "CAT-LATE");
                e.getMessage().setHeader(DoorfaceConstants.OPERATION, "deleteUser");
                e.getMessage().setBody("u1");
            });
            String commandId = JSON.readTree(raw.readText()).path("commandId").asText();
            String answer = "{\"code\":\"200\",\"data\":\"\",\"commandId\":\"" + commandId + "\"}";
            raw.text(answer);
            raw.text(answer);
            assertHeartbeatAnswered(raw, "200");
            assertThat(first.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS).getException()).isNull();
            await().atMost(PROMPTLY).until(() -> log.contains(Level.WARN, "unknown or late commandId " + commandId));

            // answered after the producer gave up: dropped, logged, no report answer
            CompletableFuture<Exchange> late = template.asyncSend("direct:quick", e -> {
                e.getMessage().setHeader(DoorfaceConstants.DEVICE_SN, "CAT-LATE");
                e.getMessage().setHeader(DoorfaceConstants.OPERATION, "selectUser");
            });
            String lateId = JSON.readTree(raw.readText()).path("commandId").asText();
            assertThat(late.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS).getException())
                    .isInstanceOf(CommandTimeoutException.class);
            raw.text("{\"code\":\"203\",\"content\":[],\"commandId\":\"" + lateId + "\"}");
            assertHeartbeatAnswered(raw, "200");
            await().atMost(PROMPTLY).until(() -> log.contains(Level.WARN, "unknown or late commandId " + lateId));
        }
        assertWellBehavedTerminalServed("GOOD-3");
    }

    @Test
    void beforeRegistrationReportsAreRefusedAndAnswersDropped() throws Exception {
        try (RawWebSocket raw = new RawWebSocket(port, "/door")) {
            assertHeartbeatAnswered(raw, "500");
            raw.text("{\"code\":\"207\",\"data\":{\"eventid\":\"e1\",\"type\":\"1\",\"data\":{}}}");
            JsonNode refused = content(raw.readText());
            assertThat(refused.path("code").asText()).isEqualTo("500");
            assertThat(refused.path("data").asText()).isEqualTo("not registered");
            raw.text("{\"code\":\"200\",\"commandId\":\"1\",\"data\":\"\"}");
            // the next answer is the registration's, with its interval
            raw.text("{\"code\":\"205\",\"data\":{\"sn\":\"CAT-EARLY\"}}");
            JsonNode registered = content(raw.readText());
            assertThat(registered.path("code").asText()).isEqualTo("200");
            assertThat(registered.has("interval")).isTrue();
        }
        assertWellBehavedTerminalServed("GOOD-4");
    }

    @Test
    void brokenWebSocketFramingClosesOnlyThatConnection() throws Exception {
        try (RawWebSocket raw = registered("CAT-WS")) {
            // a ping is answered by a pong (skipped by readText)
            raw.frame(9, true, "ping".getBytes(StandardCharsets.UTF_8));
            assertHeartbeatAnswered(raw, "200");
            // a reserved opcode is a protocol error: closed with 1002
            raw.frame(3, true, new byte[] {1, 2, 3});
            assertThat(raw.readUntilServerCloses()).isEqualTo(1002);
        }
        try (RawWebSocket raw = registered("CAT-CONT")) {
            // a continuation frame that continues nothing: a protocol error too
            raw.frame(0, true, "{\"code\":\"206\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(raw.readUntilServerCloses()).isEqualTo(1002);
        }
        try (RawWebSocket raw = registered("CAT-BIG")) {
            raw.text("{\"code\":\"206\",\"data\":{\"time\":\"" + "9".repeat(1_100_000) + "\"}}");
            assertThat(raw.readUntilServerCloses()).isEqualTo(1009);
        }
        assertWellBehavedTerminalServed("GOOD-5");
    }

    // ---------------------------------------------------------------------------------------------------------------

    private RawWebSocket registered(String sn) throws Exception {
        RawWebSocket raw = new RawWebSocket(port, "/door");
        raw.text("{\"code\":\"205\",\"data\":{\"ip\":\"10.0.0.9\",\"mac\":\"AA\",\"sn\":\"" + sn + "\",\"type\":\"0\"}}");
        assertThat(content(raw.readText()).path("code").asText()).isEqualTo("200");
        return raw;
    }

    private static void assertHeartbeatAnswered(RawWebSocket raw, String code) throws Exception {
        raw.text(HEARTBEAT);
        assertThat(content(raw.readText()).path("code").asText()).isEqualTo(code);
    }

    /** The content of a report answer, checking it is one. */
    private static JsonNode content(String frame) throws Exception {
        JsonNode root = JSON.readTree(frame);
        assertThat(root.path("command").asText()).as(frame).isEqualTo("response");
        return root.path("content");
    }

    /** A terminal that follows the protocol registers, reports and is commanded as before; nothing was an ERROR. */
    private void assertWellBehavedTerminalServed(String sn) throws Exception {
        SimulatedTerminal good = connect(sn);
        assertThat(result(good.sendAccessEvent("ok-" + sn, "u1"))).isEqualTo("200");
        Object users = template.requestBodyAndHeaders("direct:command", null,
                Map.of(DoorfaceConstants.DEVICE_SN, sn, DoorfaceConstants.OPERATION, "selectUser"));
        assertThat(users).isInstanceOf(List.class);
        assertThat(good.commandsAnswered()).isEqualTo(1);
        assertThat(log.atLeast(Level.ERROR)).isEmpty();
    }
}
