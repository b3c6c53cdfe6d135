package dev.doorface.gateway;

import static dev.doorface.gateway.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimUser;
import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may use the REST API, over real HTTP on loopback against the example gateway: the bearer token (generated
 * into data.dir/api-token), the login cookie, the loopback default of api.host; {sn} names one terminal; no answer
 * carries a password.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiSecurityTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String USER_PWD = "pw-of-a-user-4711";
    static final String CONFIGURED_TOKEN = "configured-token-0123456789abcdef0123456789";

    @TempDir
    static Path dataDir;

    TestGateway gateway;
    SimulatedTerminal simA;
    SimulatedTerminal simB;

    @BeforeAll
    void start() throws Exception {
        gateway = TestGateway.start(dataDir);
        simA = SimulatedTerminal.builder(gateway.wsUrl()).sn("SEC-A").build();
        simB = SimulatedTerminal.builder(gateway.wsUrl()).sn("SEC-B").build();
        for (SimulatedTerminal sim : List.of(simA, simB)) {
            sim.putUser(new SimUser("eve", "E1", USER_PWD, "Eve", "0", SampleImages.jpegBase64(3)));
            sim.connect().get(10, TimeUnit.SECONDS);
        }
        await().atMost(WAIT).until(() -> json(gateway.get("/api/devices")).size() == 2);
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] { simA, simB, gateway }) {
            if (c != null) {
                c.close();
            }
        }
    }

    // ------------------------------------------------------------------ the token

    @Test
    void withoutTheTokenEveryCallIs401Json() throws Exception {
        // only the operator page's own files are open ("/" and "/ui/..."), see LiveFeedTest
        for (String path : List.of("/api/devices", "/api/events", "/api/devices/SEC-A/users", "/api/nope",
                "/observe/metrics", "/nope", "/api/live")) {
            HttpResponse<String> response = gateway.sendAsIs(HttpRequest.newBuilder(gateway.uri(path)).GET().build());
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertJsonError(response, 401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("Bearer"));
        }
        // a write without the token sends nothing to a terminal
        int before = simA.receivedCommands().size();
        HttpResponse<String> delete = gateway.sendAsIs(
                HttpRequest.newBuilder(gateway.uri("/api/devices/SEC-A/users/E1")).DELETE().build());
        assertThat(delete.statusCode()).isEqualTo(401);
        assertThat(simA.receivedCommands()).hasSize(before);
        assertThat(simA.users()).containsKey("E1");
    }

    @Test
    void aWrongTokenIs401AndTheRightOneIsAccepted() throws Exception {
        String token = gateway.token();
        for (String header : List.of("Bearer " + token + "x", "Bearer " + token.substring(1), "Bearer ",
                "Basic " + token, token)) {
            assertThat(getWith("Authorization", header).statusCode()).as(header.replace(token, "<token>"))
                    .isEqualTo(401);
        }
        assertThat(getWith("Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
        assertThat(getWith("Authorization", "bearer " + token).statusCode()).isEqualTo(200);
    }

    @Test
    void theGeneratedTokenIsInDataDirReadableByItsOwnerOnly() throws Exception {
        Path file = dataDir.resolve("api-token");
        assertThat(file).exists();
        assertThat(gateway.token()).hasSizeGreaterThanOrEqualTo(40);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(Files.getPosixFilePermissions(file))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
    }

    @Test
    void theApiListensOnLoopbackUnlessOpened() {
        // TestGateway does not set api.host: this is the default of application.properties
        MainHttpServer server = gateway.context().hasService(MainHttpServer.class);
        assertThat(server.getHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void aConfiguredTokenIsUsedInsteadOfAFileAndApiHostOpensTheApi(@TempDir Path otherDataDir) throws Exception {
        try (TestGateway other = TestGateway.start(otherDataDir,
                Map.of("api.token", CONFIGURED_TOKEN, "api.host", "0.0.0.0"))) {
            assertThat(otherDataDir.resolve("api-token")).doesNotExist();
            HttpRequest.Builder devices = HttpRequest.newBuilder(other.uri("/api/devices")).GET();
            assertThat(other.sendAsIs(devices.copy().header("Authorization", "Bearer " + CONFIGURED_TOKEN).build())
                    .statusCode()).isEqualTo(200);
            assertThat(other.sendAsIs(devices.copy().header("Authorization", "Bearer " + gateway.token()).build())
                    .statusCode()).isEqualTo(401);
            assertThat(other.context().hasService(MainHttpServer.class).getHost()).isEqualTo("0.0.0.0");
        }
    }

    // ------------------------------------------------------------------ the browser session

    @Test
    void loginWithTheTokenSetsAnHttpOnlySameSiteStrictCookieThatTheApiAccepts() throws Exception {
        HttpResponse<String> login = post("/api/login", "{\"token\":\"" + gateway.token() + "\"}", Map.of());
        assertThat(login.statusCode()).isEqualTo(200);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("doorface_session=").contains("HttpOnly").contains("SameSite=Strict")
                .contains("Path=/").doesNotContain(gateway.token());
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        assertThat(getWith("Cookie", cookie).statusCode()).isEqualTo(200);
        // a forged or altered session is refused
        assertThat(getWith("Cookie", cookie + "x").statusCode()).isEqualTo(401);
        assertThat(getWith("Cookie", "doorface_session=99999999999.AAAA").statusCode()).isEqualTo(401);

        // the token in the header logs in as well; a wrong token does not
        assertThat(post("/api/login", "", Map.of("Authorization", "Bearer " + gateway.token())).statusCode())
                .isEqualTo(200);
        HttpResponse<String> wrong = post("/api/login", "{\"token\":\"guess\"}", Map.of());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertJsonError(wrong, 401);
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void aSessionEndsWhenItExpiresOrTheTokenChanges() throws Exception {
        ApiSessionCookie sessions = new ApiSessionCookie(ApiToken.resolve("token-one-0123456789", dataDir));
        Instant now = Instant.parse("2026-01-01T08:00:00Z");
        String session = sessions.issue(now);
        assertThat(sessions.isValid(session, now.plus(Duration.ofHours(7)))).isTrue();
        assertThat(sessions.isValid(session, now.plus(ApiSessionCookie.LIFETIME))).isFalse();
        // the expiry cannot be moved without the key
        String later = (now.plus(Duration.ofDays(30)).getEpochSecond()) + session.substring(session.indexOf('.'));
        assertThat(sessions.isValid(later, now)).isFalse();
        assertThat(new ApiSessionCookie(ApiToken.resolve("token-two-0123456789", dataDir)).isValid(session, now))
                .isFalse();
    }

    @Test
    void aSessionCookieChangesNothingFromAnotherOrigin() throws Exception {
        String setCookie = post("/api/login", "{\"token\":\"" + gateway.token() + "\"}", Map.of())
                .headers().firstValue("Set-Cookie").orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        String body = "{\"name\":\"Changed\"}";
        HttpResponse<String> foreign = post("/api/devices/SEC-A/users/E1", body,
                Map.of("Cookie", cookie, "Origin", "http://127.0.0.1:1"), "PUT");
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertJsonError(foreign, 403);
        assertThat(simA.users().get("E1").name()).isEqualTo("Eve");

        HttpResponse<String> own = post("/api/devices/SEC-A/users/E1", "{\"name\":\"Eve\"}",
                Map.of("Cookie", cookie, "Origin", "http://127.0.0.1:" + gateway.apiPort), "PUT");
        assertThat(own.statusCode()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ {sn} is one terminal

    @Test
    void anAsteriskSnIsRefusedOnEverySnRouteAndChangesNothing() throws Exception {
        String user = "{\"user\":\"zed\",\"userId\":\"Z1\",\"pwd\":\"x\",\"name\":\"Zed\",\"role\":\"0\",\"img\":\""
                      + SampleImages.jpegBase64(9) + "\"}";
        int beforeA = simA.receivedCommands().size();
        int beforeB = simB.receivedCommands().size();
        for (String sn : List.of("*", "%2A", "%2a", "SEC-*", "SEC-%2A", "a%20b", "-x")) {
            String base = "/api/devices/" + sn;
            List<HttpResponse<String>> answers = List.of(
                    gateway.delete(base + "/users/E1"),
                    gateway.post(base + "/users", user),
                    gateway.put(base + "/users/E1", "{\"name\":\"X\"}"),
                    gateway.get(base + "/users"),
                    gateway.get(base + "/users?userId=E1"),
                    gateway.post(base + "/compare", "{\"img\":\"" + SampleImages.jpegBase64(3) + "\"}"),
                    gateway.get(base + "/events/ev-1"));
            for (HttpResponse<String> answer : answers) {
                assertThat(answer.statusCode()).as("%s %s", answer.request().method(), answer.uri()).isEqualTo(400);
                assertJsonError(answer, 400);
            }
        }
        assertThat(simA.users()).containsKey("E1");
        assertThat(simB.users()).containsKey("E1");
        assertThat(simA.receivedCommands()).hasSize(beforeA);
        assertThat(simB.receivedCommands()).hasSize(beforeB);
    }

    // ------------------------------------------------------------------ no password in any answer

    @Test
    void usersAreListedWithTheirPhotosButWithoutPasswords() throws Exception {
        HttpResponse<String> all = gateway.get("/api/devices/SEC-B/users");
        HttpResponse<String> one = gateway.get("/api/devices/SEC-B/users?userId=E1");
        for (HttpResponse<String> response : List.of(all, one)) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).doesNotContain("\"pwd\"").doesNotContain(USER_PWD);
            JsonNode eve = null;
            for (JsonNode user : json(response)) {
                eve = "E1".equals(user.path("userId").asText()) ? user : eve;
            }
            assertThat(eve).as("user E1 in %s", response.uri()).isNotNull();
            assertThat(eve.has("pwd")).isFalse();
            assertThat(eve.get("img").asText()).isEqualTo(SampleImages.jpegBase64(3));
        }
    }

    @Test
    void queriedEventsCarryNoPassword() throws Exception {
        assertThat(simA.sendAccessEvent("ev-sec", "E1", "0", SampleImages.jpeg(4)).get(10, TimeUnit.SECONDS))
                .isEqualTo("200");
        HttpResponse<String> response = gateway.get("/api/devices/SEC-A/events/ev-sec");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContainIgnoringCase("\"pwd\"");
        assertThat(json(response).get("eventId").asText()).isEqualTo("ev-sec");
    }

    @Test
    void apiJsonDropsPasswordsAtEveryDepthWhateverTheirCase() throws Exception {
        JsonNode tree = TestGateway.JSON.readTree(
                "{\"pwd\":1,\"a\":[{\"PWD\":\"x\",\"b\":{\"Pwd\":{\"c\":2},\"keep\":3}}],\"img\":\"i\"}");
        ApiJson.withoutPasswords(tree);
        assertThat(tree.toString()).isEqualTo("{\"a\":[{\"b\":{\"keep\":3}}],\"img\":\"i\"}");
    }

    // ------------------------------------------------------------------ last: what the logs hold

    @Test
    @Order(Integer.MAX_VALUE)
    void theTokenIsNeverLoggedButWhereItIsIs() throws Exception {
        String log = Files.readString(Path.of("target/test-gateway.log"));
        assertThat(log).contains(dataDir.resolve("api-token").toString());
        assertThat(log).doesNotContain(gateway.token()).doesNotContain(CONFIGURED_TOKEN);
        assertThat(log).doesNotContain(USER_PWD);
    }

    // ------------------------------------------------------------------ helpers

    private HttpResponse<String> getWith(String header, String value) throws Exception {
        return gateway.sendAsIs(HttpRequest.newBuilder(gateway.uri("/api/devices")).header(header, value).GET()
                .timeout(Duration.ofSeconds(20)).build());
    }

    private HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        return post(path, body, headers, "POST");
    }

    private HttpResponse<String> post(String path, String body, Map<String, String> headers, String method)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri(path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(20));
        headers.forEach(request::header);
        return gateway.sendAsIs(request.build());
    }

    static void assertJsonError(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).as("Content-Type of %s", response.uri())
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = json(response);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("error").asText()).isNotBlank();
    }
}
