package dev.doorface.camel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorface.camel.exception.InvalidCommandException;
import dev.doorface.camel.exception.TerminalNotConnectedException;
import dev.doorface.camel.model.DoorUser;
import dev.doorface.camel.model.ReconcileFailure;
import dev.doorface.camel.model.ReconcileResult;
import dev.doorface.simulator.GeneratedUsers;
import dev.doorface.simulator.SimUser;
import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reconcile operation over real loopback WebSockets: it reads what a simulated terminal holds and sends exactly the
 * difference, deletes first, then edits, then adds; a refused command is reported and the others go on; reconcileRate
 * spaces the commands out.
 */
class ReconcileTest extends DoorfaceTestSupport {

    private static final int GENERATED = 1_990;
    private static final int PHOTO_BYTES = 64;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:reconcile").to(gateway("operation=reconcile&requestTimeout=60000"));
                // one command every 3 s: far apart enough that an access event fits in between on a loaded machine
                from("direct:slow").to(gateway("operation=reconcile&reconcileRate=0.33"));
                from(gateway("events=ACCESS")).to("mock:access");
            }
        };
    }

    private Exchange reconcile(String endpoint, String sn, Object desired) {
        return template.request(endpoint, e -> {
            e.getMessage().setHeader(DoorfaceConstants.DEVICE_SN, sn);
            e.getMessage().setBody(desired);
        });
    }

    private static DoorUser generated(int index) {
        SimUser u = new GeneratedUsers(GENERATED, PHOTO_BYTES).user(index);
        return new DoorUser(u.user(), u.userId(), u.pwd(), u.name(), u.role(), u.img());
    }

    private static byte[] photo(String text) {
        return ("\u00ff\u00d8 face of " + text).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static SimUser stored(String userId, String name, String role, String face) {
        return new SimUser("u-" + userId, userId, "pw-" + userId, name, role, Base64.getEncoder().encodeToString(photo(face)));
    }

    /** A desired user as a Map, its photo as bytes (as a JDBC row or CSV import gives it). */
    private static Map<String, Object> row(String userId, String name, String role, String face) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("user", "u-" + userId);
        row.put("userId", userId);
        row.put("pwd", "pw-" + userId);
        row.put("name", name);
        row.put("role", role);
        row.put("img", photo(face));
        return row;
    }

    /** The commands the terminal received, as "operation userId" (selectUser of everyone: "selectUser *"). */
    private static List<String> commands(SimulatedTerminal terminal) throws Exception {
        List<String> out = new ArrayList<>();
        for (String text : terminal.receivedCommands()) {
            JsonNode frame = JSON.readTree(text);
            JsonNode content = frame.path("content");
            out.add(frame.path("command").asText() + " " + (content.has("userId") ? content.get("userId").asText() : "*"));
        }
        return out;
    }

    @Test
    void sendsExactlyTheDifferenceToATerminalHolding2000Users() throws Exception {
        SimulatedTerminal terminal = connect(terminal("RC-1").generatedUsers(GENERATED, PHOTO_BYTES));
        for (int i = 0; i < 10; i++) {
            terminal.putUser(stored("S" + i, "Stored " + i, "0", "S" + i));
        }
        List<Object> desired = new ArrayList<>();
        for (int i = 0; i < GENERATED; i++) {
            desired.add(generated(i));
        }
        // S0 and S1 go; S2 is renamed, S3 gets a new photo, S4 becomes an administrator; S5-S9 stay; N0-N2 arrive
        desired.add(row("S2", "Renamed 2", "0", "S2"));
        desired.add(row("S3", "Stored 3", "0", "S3 new"));
        desired.add(row("S4", "Stored 4", "1", "S4"));
        for (int i = 5; i < 10; i++) {
            desired.add(row("S" + i, "Stored " + i, "0", "S" + i));
        }
        for (int i = 0; i < 3; i++) {
            desired.add(row("N" + i, "New " + i, "0", "N" + i));
        }

        Exchange done = reconcile("direct:reconcile", "RC-1", desired);

        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody(ReconcileResult.class))
                .isEqualTo(new ReconcileResult("RC-1", 3, 3, 2, GENERATED + 5, List.of()));
        assertThat(commands(terminal)).containsExactly("selectUser *", "deleteUser S0", "deleteUser S1",
                "editUser S2", "editUser S3", "editUser S4", "addUser N0", "addUser N1", "addUser N2");
        Map<String, SimUser> held = terminal.users();
        assertThat(held).doesNotContainKeys("S0", "S1").containsKeys("N0", "N1", "N2");
        assertThat(held.get("S2").name()).isEqualTo("Renamed 2");
        assertThat(held.get("S3").img()).isEqualTo(Base64.getEncoder().encodeToString(photo("S3 new")));
        assertThat(held.get("S4").role()).isEqualTo("1");
        assertThat(held.get("N1").img()).isEqualTo(Base64.getEncoder().encodeToString(photo("N1")));

        // in step now: a second reconcile only reads
        Exchange again = reconcile("direct:reconcile", "RC-1", desired);
        assertThat(again.getMessage().getBody(ReconcileResult.class))
                .isEqualTo(new ReconcileResult("RC-1", 0, 0, 0, GENERATED + 11, List.of()));
        assertThat(commands(terminal)).hasSize(10).last().isEqualTo("selectUser *");
    }

    @Test
    void aRefusedCommandIsReportedWithTheTerminalsMessageAndTheOthersGoOn() throws Exception {
        // the simulator makes its generated users up on every read and cannot change them: an edit of one is refused
        SimulatedTerminal terminal = connect(terminal("RC-2").generatedUsers(3, PHOTO_BYTES));
        terminal.putUser(stored("S0", "Stored 0", "0", "S0"));
        terminal.putUser(stored("S1", "Stored 1", "0", "S1"));
        DoorUser g1 = generated(1);
        Map<String, Object> incomplete = row("N1", "New 1", "0", "N1");
        incomplete.remove("pwd");
        List<Object> desired = List.of(generated(0),
                new DoorUser(g1.user(), g1.userId(), g1.pwd(), "Renamed G1", g1.role(), g1.img()), generated(2),
                row("S0", "Renamed S0", "0", "S0"), row("N0", "New 0", "0", "N0"), incomplete);

        Exchange done = reconcile("direct:reconcile", "RC-2", desired);

        assertThat(done.getException()).isNull();
        ReconcileResult result = done.getMessage().getBody(ReconcileResult.class);
        assertThat(result.deleted()).isEqualTo(1);
        assertThat(result.edited()).isEqualTo(1);
        assertThat(result.added()).isEqualTo(1);
        assertThat(result.unchanged()).isEqualTo(2);
        assertThat(result.failed()).hasSize(2);
        assertThat(result.failed().get(0)).isEqualTo(new ReconcileFailure("G1", "editUser", "500", "no user with userId G1"));
        assertThat(result.failed().get(1)).satisfies(f -> {
            assertThat(f.userId()).isEqualTo("N1");
            assertThat(f.operation()).isEqualTo("addUser");
            assertThat(f.code()).isNull();
            assertThat(f.reason()).contains("missing: pwd");
        });
        // the refused edit did not stop the rest; the incomplete user was never sent
        assertThat(commands(terminal)).containsExactly("selectUser *", "deleteUser S1", "editUser G1", "editUser S0",
                "addUser N0");
        assertThat(terminal.users()).containsOnlyKeys("S0", "N0");
    }

    @Test
    void reconcileRateLeavesRoomForAccessEventsBetweenCommandsAndOneRunsPerTerminal() throws Exception {
        SimulatedTerminal terminal = connect("RC-3");
        terminal.putUser(stored("A", "A", "0", "A"));
        terminal.putUser(stored("B", "B", "0", "B"));

        CompletableFuture<Exchange> running = CompletableFuture.supplyAsync(
                () -> reconcile("direct:slow", "RC-3", List.of()));
        await().atMost(PROMPTLY).until(() -> commands(terminal).contains("deleteUser A"));

        // the next command waits for its turn: an access event reported now is handled first
        assertThat(result(terminal.sendAccessEvent("e-rc-3", "A"))).isEqualTo("200");
        assertThat(commands(terminal)).containsExactly("selectUser *", "deleteUser A");
        assertThat(running).isNotDone();
        // one reconcile per terminal at a time: its pace is the terminal's
        assertThat(reconcile("direct:reconcile", "RC-3", List.of()).getException())
                .isInstanceOf(InvalidCommandException.class).hasMessageContaining("running already");

        Exchange done = result(running);
        assertThat(done.getMessage().getBody(ReconcileResult.class))
                .isEqualTo(new ReconcileResult("RC-3", 0, 0, 2, 0, List.of()));
        assertThat(commands(terminal)).containsExactly("selectUser *", "deleteUser A", "deleteUser B");
    }

    @Test
    void badRequestsFailClearlyAndSendNothing() throws Exception {
        SimulatedTerminal terminal = connect("RC-4");

        assertThat(reconcile("direct:reconcile", "*", List.of()).getException())
                .isInstanceOf(InvalidCommandException.class).hasMessageContaining("name its sn");
        assertThat(reconcile("direct:reconcile", "RC-4", "not a list").getException())
                .isInstanceOf(InvalidCommandException.class).hasMessageContaining("list of the users");
        assertThat(reconcile("direct:reconcile", "RC-4", List.of(Map.of("userId", "X"), Map.of("userId", "X")))
                .getException()).isInstanceOf(InvalidCommandException.class).hasMessageContaining("X is desired twice");
        assertThat(reconcile("direct:reconcile", "RC-4", List.of(Map.of("name", "no id"))).getException())
                .isInstanceOf(InvalidCommandException.class).hasMessageContaining("has no userId");
        assertThat(reconcile("direct:reconcile", "RC-4", List.of(Map.of("userId", "X", "img", "not base64!")))
                .getException()).isInstanceOf(InvalidCommandException.class).hasMessageContaining("not valid base64");
        assertThat(terminal.receivedCommands()).isEmpty();

        assertThat(reconcile("direct:reconcile", "NOT-THERE", List.of()).getException())
                .isInstanceOf(TerminalNotConnectedException.class);
    }
}
