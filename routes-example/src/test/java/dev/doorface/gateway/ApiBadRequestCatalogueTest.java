package dev.doorface.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimulatedTerminal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every class of bad REST request, sent over HTTP to a running gateway, with the outcome defined for it: a JSON
 * {@code {"status", "error"}} with a 4xx status, and nothing sent to a terminal. Then the gateway still serves a
 * good request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiBadRequestCatalogueTest {

    static final int MAX_BODY = 256 * 1024;
    static final String JSON = "application/json";
    static final String FORM = "application/x-www-form-urlencoded";

    @TempDir
    static Path dataDir;

    TestGateway gateway;
    SimulatedTerminal sim;

    /** One bad request and what it must be answered. */
    record Case(String name, String method, String path, String contentType, String body, boolean withToken,
                int status, String errorContains) {

        static Case of(String name, String method, String path, String contentType, String body, int status,
                       String errorContains) {
            return new Case(name, method, path, contentType, body, true, status, errorContains);
        }
    }

    @BeforeAll
    void start() throws Exception {
        gateway = TestGateway.start(dataDir, Map.of("api.maxBodyBytes", Integer.toString(MAX_BODY)));
        sim = SimulatedTerminal.builder(gateway.wsUrl()).sn("CAT-A").build();
        sim.connect().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> gateway.get("/api/devices").body().contains("CAT-A"));
    }

    @AfterAll
    void stop() throws Exception {
        if (sim != null) {
            sim.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    static String user(String img) {
        return "{\"user\":\"cat\",\"userId\":\"C1\",\"pwd\":\"x\",\"name\":\"Cat\",\"role\":\"0\",\"img\":" + img + "}";
    }

    static List<Case> catalogue() {
        String goodImg = "\"" + SampleImages.jpegBase64(1) + "\"";
        String deep = "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        String oversize = user("\"" + "A".repeat(MAX_BODY + 1024) + "\"");
        return List.of(
                // who is asking
                new Case("no token", "GET", "/api/devices", null, null, false, 401, "Authorization"),
                new Case("no token, write", "DELETE", "/api/devices/CAT-A/users/C1", null, null, false, 401,
                        "Authorization"),
                // where
                Case.of("unknown path", "GET", "/api/nothing-here", null, null, 404, "no such API path"),
                // ("/" is the operator page)
                Case.of("outside the API", "GET", "/nothing-here", null, null, 404, "no such API path"),
                Case.of("known path, other method", "DELETE", "/api/devices", null, null, 405, "GET"),
                Case.of("PATCH on users", "PATCH", "/api/users", JSON, "{}", 405, "POST"),
                Case.of("GET on login", "GET", "/api/login", null, null, 405, "POST"),
                Case.of("{sn} is every terminal", "DELETE", "/api/devices/*/users/C1", null, null, 400, "{sn}"),
                Case.of("{sn} is every terminal, encoded", "DELETE", "/api/devices/%2A/users/C1", null, null, 400,
                        "{sn}"),
                Case.of("{sn} with a space", "GET", "/api/devices/CAT%20A/users", null, null, 400, "{sn}"),
                Case.of("terminal not connected", "POST", "/api/devices/NOPE/users", JSON, user(goodImg), 404,
                        "NOPE"),
                new Case("no token, reconcile", "POST", "/api/devices/CAT-A/reconcile", null, null, false, 401,
                        "Authorization"),
                Case.of("{sn} is every terminal, reconcile", "POST", "/api/devices/%2A/reconcile", null, null, 400,
                        "{sn}"),
                Case.of("reconcile, terminal not connected", "POST", "/api/devices/NOPE/reconcile", null, null, 404,
                        "NOPE"),
                Case.of("GET on reconcile", "GET", "/api/devices/CAT-A/reconcile", null, null, 405, "POST"),
                Case.of("limit not a number", "GET", "/api/events?limit=ten", null, null, 400, "limit"),
                Case.of("before not an id", "GET", "/api/events?before=last", null, null, 400, "before"),
                Case.of("after negative", "GET", "/api/events?after=-3", null, null, 400, "after"),
                Case.of("from without an offset", "GET", "/api/events?from=2026-01-01T10:00:00", null, null, 400,
                        "from"),
                Case.of("to not a time", "GET", "/api/events?to=soon", null, null, 400, "to"),
                Case.of("events of every terminal", "GET", "/api/events?sn=*", null, null, 400, "sn"),
                // HR imports
                Case.of("HR import id not a number", "GET", "/api/hr-imports/latest", null, null, 400, "{id}"),
                Case.of("HR import unknown", "GET", "/api/hr-imports/424242", null, null, 404, "no HR import"),
                Case.of("HR imports paged badly", "GET", "/api/hr-imports?before=x", null, null, 400, "before"),
                Case.of("POST on HR imports", "POST", "/api/hr-imports", JSON, "{}", 405, "GET"),
                Case.of("below an HR import", "GET", "/api/hr-imports/1/results", null, null, 404,
                        "no such API path"),
                // forgetting a terminal
                new Case("no token, forget", "DELETE", "/api/devices/CAT-A", null, null, false, 401, "Authorization"),
                Case.of("forget, online", "DELETE", "/api/devices/CAT-A", null, null, 409, "online"),
                Case.of("forget, unknown", "DELETE", "/api/devices/NOPE", null, null, 404, "NOPE"),
                Case.of("forget every terminal", "DELETE", "/api/devices/%2A", null, null, 400, "{sn}"),
                Case.of("GET on one device", "GET", "/api/devices/CAT-A", null, null, 405, "DELETE"),
                Case.of("below /api, unknown", "GET", "/api/devices/CAT-A/nothing", null, null, 404,
                        "no such API path"),
                // the body
                Case.of("not JSON", "POST", "/api/users", JSON, "not json", 400, "not valid JSON"),
                Case.of("JSON, not an object", "POST", "/api/users", JSON, "[1,2]", 400, "JSON object"),
                Case.of("empty body", "POST", "/api/devices/CAT-A/users", JSON, "", 400, "JSON object"),
                Case.of("no body, no Content-Type", "PUT", "/api/devices/CAT-A/users/C1", null, null, 400,
                        "JSON object"),
                Case.of("a form", "POST", "/api/devices/CAT-A/users", FORM, "user=cat&userId=C1", 400,
                        "not valid JSON"),
                Case.of("XML", "POST", "/api/devices/CAT-A/users", "text/xml", "<user id=\"C1\"/>", 400,
                        "not valid JSON"),
                Case.of("multipart", "POST", "/api/devices/CAT-A/users", "multipart/form-data; boundary=b",
                        "--b\r\nContent-Disposition: form-data; name=\"user\"\r\n\r\n" + user(goodImg) + "\r\n--b--\r\n",
                        415, "multipart/form-data"),
                Case.of("nested 5000 deep", "POST", "/api/devices/CAT-A/users", JSON, deep, 400, "not valid JSON"),
                Case.of("larger than api.maxBodyBytes", "POST", "/api/devices/CAT-A/users", JSON, oversize, 413,
                        "api.maxBodyBytes"),
                Case.of("required field missing", "POST", "/api/devices/CAT-A/users", JSON,
                        "{\"userId\":\"C1\",\"name\":\"Cat\"}", 400, "missing"),
                Case.of("name an object", "POST", "/api/devices/CAT-A/users", JSON,
                        "{\"user\":\"cat\",\"userId\":\"C1\",\"pwd\":\"x\",\"name\":{\"first\":\"Cat\"},\"role\":\"0\",\"img\":"
                        + goodImg + "}", 400, "name"),
                Case.of("userId an array, everywhere", "POST", "/api/users", JSON,
                        "{\"user\":\"cat\",\"userId\":[1],\"pwd\":\"x\",\"name\":\"Cat\",\"role\":\"0\",\"img\":"
                        + goodImg + "}", 400, "userId"),
                Case.of("edit with a number for role", "PUT", "/api/devices/CAT-A/users/C1", JSON,
                        "{\"role\":true}", 400, "role"),
                Case.of("img not base64", "POST", "/api/devices/CAT-A/users", JSON, user("\"not base64 at all!\""),
                        400, "img"),
                Case.of("img a number", "POST", "/api/devices/CAT-A/users", JSON, user("12345"), 400, "img"),
                Case.of("img empty", "POST", "/api/users", JSON, user("\"\""), 400, "img"),
                Case.of("img not base64, edit everywhere", "PUT", "/api/users/C1", JSON, "{\"img\":\"%%%\"}", 400,
                        "img"),
                Case.of("img not base64, compare", "POST", "/api/devices/CAT-A/compare", JSON, "{\"img\":\"@@\"}",
                        400, "img"),
                // logging in
                new Case("login, body not JSON", "POST", "/api/login", JSON, "token=abc", false, 400, "token"),
                new Case("login, wrong token", "POST", "/api/login", JSON, "{\"token\":\"abc\"}", false, 401,
                        "not the API token"),
                new Case("login, body too large", "POST", "/api/login", JSON,
                        "{\"token\":\"" + "x".repeat(10_000) + "\"}", false, 413, "larger"));
    }

    @Test
    void everyBadRequestGetsItsDefinedJsonAnswerAndNothingReachesATerminal() throws Exception {
        int before = sim.receivedCommands().size();
        // every case is tried and every mismatch listed, so that one run shows the whole catalogue
        List<String> mismatches = new ArrayList<>();
        for (Case c : catalogue()) {
            HttpResponse<String> response = send(c);
            String got = response.statusCode() + " " + response.headers().firstValue("Content-Type").orElse("-")
                         + " " + abbreviate(response.body());
            JsonNode body = parse(response.body());
            boolean ok = response.statusCode() == c.status()
                         && response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")
                         && body != null && body.path("status").asInt() == c.status()
                         && body.path("error").asText().contains(c.errorContains())
                         && (c.status() != 405
                             || response.headers().firstValue("Allow").orElse("").equals(c.errorContains()));
            if (!ok) {
                mismatches.add(c.name() + ": expected " + c.status() + " JSON with an error containing '"
                               + c.errorContains() + "', got " + got);
            }
        }
        assertThat(mismatches).as("requests not answered as the catalogue defines").isEmpty();
        assertThat(sim.receivedCommands()).hasSize(before);
        assertThat(sim.users()).doesNotContainKey("C1");

        // the gateway still serves a good request
        HttpResponse<String> good = gateway.post("/api/devices/CAT-A/users", user("\"" + SampleImages.jpegBase64(1)
                                                                                   + "\""));
        assertThat(good.statusCode()).isEqualTo(200);
        assertThat(sim.users()).containsKey("C1");
    }

    @Test
    void aJsonBodyIsReadAsJsonWhateverItsContentTypeSays() throws Exception {
        String compare = "{\"img\":\"" + SampleImages.jpegBase64(2) + "\"}";
        for (String type : new String[] { FORM, "text/plain", "application/json; charset=UTF-8", null }) {
            HttpResponse<String> response = send(Case.of(type, "POST", "/api/devices/CAT-A/compare", type, compare,
                    200, ""));
            assertThat(response.statusCode()).as("%s: %s", type, response.body()).isEqualTo(200);
            assertThat(TestGateway.json(response).get("exists").asBoolean()).isFalse();
        }
    }

    private static JsonNode parse(String text) {
        try {
            return TestGateway.JSON.readTree(text);
        } catch (Exception e) {
            return null;
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }

    private HttpResponse<String> send(Case c) throws Exception {
        HttpRequest.BodyPublisher body = c.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(c.body());
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri(c.path())).method(c.method(), body)
                .timeout(Duration.ofSeconds(20));
        if (c.contentType() != null) {
            request.header("Content-Type", c.contentType());
        }
        if (c.withToken()) {
            request.header("Authorization", "Bearer " + gateway.token());
        }
        return gateway.sendAsIs(request.build());
    }
}
