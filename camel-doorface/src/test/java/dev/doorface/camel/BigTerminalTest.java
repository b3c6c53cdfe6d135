package dev.doorface.camel;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorface.camel.exception.TerminalDisconnectedException;
import dev.doorface.camel.model.DoorUser;
import dev.doorface.camel.model.Images;
import dev.doorface.simulator.GeneratedUsers;
import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A selectUser answer far over maxMessageSize (2,000 users with photos, over 16 MiB, against a 1 MiB limit) is read
 * while it arrives: the terminal stays connected, every user comes back with the SHA-256 of its photo, the photo only
 * when asked, and the bytes waiting for the parser never exceed maxMessageSize plus one frame. Before answers were
 * streamed, the gateway closed such a terminal with 1009.
 */
class BigTerminalTest extends DoorfaceTestSupport {

    private static final int MAX_MESSAGE = 1024 * 1024;
    private static final int USERS = 2_000;
    private static final int PHOTO_BYTES = 6_400;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                String common = "maxMessageSize=" + MAX_MESSAGE + "&requestTimeout=120000&operation=selectUser";
                from("direct:hashes").to(gateway(common + "&includePhotos=false"));
                from("direct:photos").to(gateway(common));
                from(gateway("maxMessageSize=" + MAX_MESSAGE + "&events=ACCESS")).to("mock:access");
            }
        };
    }

    private Exchange list(String endpoint, String sn) {
        return template.request(endpoint, e -> e.getMessage().setHeader(DoorfaceConstants.DEVICE_SN, sn));
    }

    private static String sha256Of(int index) {
        return Images.sha256(GeneratedUsers.photo(index, PHOTO_BYTES));
    }

    @Test
    @SuppressWarnings("unchecked")
    void listsABigTerminalWithHashesAndNoPhotosWithinTheBufferBound() throws Exception {
        SimulatedTerminal terminal = connect(terminal("BIG-1").generatedUsers(USERS, PHOTO_BYTES));

        Exchange listed = list("direct:hashes", "BIG-1");

        assertThat(listed.getException()).isNull();
        List<DoorUser> users = listed.getMessage().getBody(List.class);
        assertThat(users).hasSize(USERS);
        for (int i = 0; i < USERS; i++) {
            DoorUser user = users.get(i);
            assertThat(user.userId()).isEqualTo("G" + i);
            assertThat(user.name()).isEqualTo("Generated " + i);
            assertThat(user.img()).isNull();
            assertThat(user.photoSha256()).isEqualTo(sha256Of(i));
        }
        assertThat(users.get(0).toString()).doesNotContain("pw0");
        long peak = context.getComponent("doorface", DoorfaceComponent.class).getGateway("127.0.0.1", port)
                .answerBufferPeak();
        assertThat(peak).isPositive().isLessThanOrEqualTo(MAX_MESSAGE + SimulatedTerminal.ANSWER_FRAME_SIZE);

        // the connection goes on: reports and a small answer as before
        assertThat(terminal.isConnected()).isTrue();
        assertThat(result(terminal.sendAccessEvent("e-big-1", "G1"))).isEqualTo("200");
        Exchange one = template.request("direct:hashes", e -> {
            e.getMessage().setHeader(DoorfaceConstants.DEVICE_SN, "BIG-1");
            e.getMessage().setBody(Map.of("userId", "G7"));
        });
        List<DoorUser> seven = one.getMessage().getBody(List.class);
        assertThat(seven).singleElement().satisfies(u -> {
            assertThat(u.img()).isNull();
            assertThat(u.photoSha256()).isEqualTo(sha256Of(7));
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void keepsThePhotosWhenAsked() throws Exception {
        connect(terminal("BIG-2").generatedUsers(USERS, PHOTO_BYTES));

        Exchange listed = list("direct:photos", "BIG-2");

        assertThat(listed.getException()).isNull();
        List<DoorUser> users = listed.getMessage().getBody(List.class);
        assertThat(users).hasSize(USERS);
        assertThat(users.get(1234).img())
                .isEqualTo(Base64.getEncoder().encodeToString(GeneratedUsers.photo(1234, PHOTO_BYTES)));
        assertThat(users.get(1234).photoSha256()).isEqualTo(sha256Of(1234));
    }

    @Test
    void aBigAnswerToAnotherCommandIdClosesWith1009() throws Exception {
        try (RawWebSocket raw = new RawWebSocket(port, "/door")) {
            raw.text("{\"code\":\"205\",\"data\":{\"sn\":\"RAW-BIG\",\"ip\":\"127.0.0.1\",\"mac\":\"M\",\"type\":\"0\"}}");
            assertThat(raw.readText()).contains("200");
            CompletableFuture<Exchange> listing = CompletableFuture.supplyAsync(() -> list("direct:hashes", "RAW-BIG"));
            JsonNode command = JSON.readTree(raw.readText());
            assertThat(command.path("command").asText()).isEqualTo("selectUser");

            // a users list over the limit, closed by a commandId that is not the one awaited
            raw.frame(1, false, "{\"code\":\"203\",\"content\":[".getBytes(StandardCharsets.US_ASCII));
            String user = "{\"userId\":\"1\",\"img\":\"" + "A".repeat(100_000) + "\"},";
            for (int i = 0; i < 12; i++) {
                raw.frame(0, false, user.getBytes(StandardCharsets.US_ASCII));
            }
            raw.frame(0, true, "{}],\"commandId\":\"not-the-one\"}".getBytes(StandardCharsets.US_ASCII));

            assertThat(raw.readUntilServerCloses()).isEqualTo(1009);
            assertThat(result(listing).getException()).isInstanceOf(TerminalDisconnectedException.class);
        }
    }
}
