package dev.doorface.camel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorface.camel.model.TerminalResult;
import dev.doorface.simulator.SimUser;
import dev.doorface.simulator.SimulatedTerminal;
import io.vertx.core.Vertx;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 400 KB photo broadcast to 200 terminals: every terminal receives one text message with its own commandId around
 * the same photo, stores the user with that photo, and every answer is matched to its terminal.
 */
class BroadcastPhotoTest extends DoorfaceTestSupport {

    private static final int TERMINALS = 200;

    private final Vertx terminalsVertx = Vertx.vertx();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:everywhere").to(gateway("operation=addUser&deviceSn=*&requestTimeout=60s"));
            }
        };
    }

    @AfterEach
    void closeVertx() throws Exception {
        closeTerminals(); // before the Vert.x they share
        terminalsVertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @Test
    void everyTerminalGetsItsOwnCommandIdAndTheWholePhoto() throws Exception {
        List<SimulatedTerminal> terminals = new ArrayList<>();
        for (int t = 0; t < TERMINALS; t++) {
            terminals.add(connect(terminal(String.format("PHOTO-%03d", t)).vertx(terminalsVertx)));
        }
        byte[] photoBytes = new byte[300 * 1024];
        new Random(11).nextBytes(photoBytes);
        String photo = java.util.Base64.getEncoder().encodeToString(photoBytes);

        @SuppressWarnings("unchecked")
        List<TerminalResult> results = (List<TerminalResult>) result(template.asyncRequestBody("direct:everywhere",
                Map.of("user", "ada", "userId", "1001", "pwd", "1234", "name", "Ada", "role", "0", "img", photo)));

        // an answer is matched by commandId: all ok means each terminal answered the commandId it was sent
        assertThat(results).hasSize(TERMINALS).allMatch(TerminalResult::ok);
        ObjectMapper json = new ObjectMapper();
        Set<String> commandIds = new HashSet<>();
        for (SimulatedTerminal terminal : terminals) {
            assertThat(terminal.receivedCommands()).hasSize(1);
            JsonNode frame = json.readTree(terminal.receivedCommands().get(0));
            assertThat(frame.get("command").asText()).isEqualTo("addUser");
            commandIds.add(frame.get("commandId").asText());
            assertThat(frame.path("content").get("img").asText()).isEqualTo(photo);
            SimUser stored = terminal.users().get("1001");
            assertThat(stored.img()).isEqualTo(photo);
            assertThat(stored.name()).isEqualTo("Ada");
        }
        assertThat(commandIds).hasSize(TERMINALS);
    }
}
