package dev.doorface.camel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.doorface.camel.exception.TerminalNotConnectedException;
import dev.doorface.camel.gateway.DoorfaceGateway;
import dev.doorface.camel.gateway.admission.AdmissionDecision;
import dev.doorface.camel.gateway.admission.AdmissionRequest;
import dev.doorface.camel.gateway.admission.TerminalAdmission;
import dev.doorface.camel.model.EventKind;
import dev.doorface.camel.model.TerminalRegistered;
import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Who may connect as a terminal: the allow-list, the token in the connection URL, MAC pinning and a hook bean. A
 * refused terminal is answered 500 and closed with 1008, gets no commands, has no event accepted and never takes over
 * a connected terminal of the same sn. With nothing set every terminal is admitted.
 */
class TerminalAdmissionTest extends DoorfaceTestSupport {

    private static final String TOKEN = "Tk-7f3a9c-SECRET";
    private static final int NOT_ADMITTED = 1008;

    private final List<SimulatedTerminal> attempts = new ArrayList<>();

    /** The gateway under test: events to mock:events, commands through direct:command. */
    private void startGateway(String options) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(gateway(options)).routeId("events").to("mock:events");
                from("direct:command").to(gateway(options + "&requestTimeout=20000"));
            }
        });
    }

    private SimulatedTerminal.Builder terminalAt(String query, String sn) {
        return SimulatedTerminal.builder(terminalUrl() + (query == null ? "" : "?" + query)).sn(sn);
    }

    /** Tries to connect and register a terminal that is expected to be refused; returns it, closed after the test. */
    private SimulatedTerminal refused(SimulatedTerminal.Builder builder) {
        SimulatedTerminal terminal = builder.build();
        attempts.add(terminal);
        assertThatThrownBy(() -> result(terminal.connect())).as("connect of a refused terminal fails");
        return terminal;
    }

    private Object send(String sn, DoorfaceOperation operation) {
        return template.requestBodyAndHeaders("direct:command", null,
                Map.of(DoorfaceConstants.DEVICE_SN, sn, DoorfaceConstants.OPERATION, operation));
    }

    private static List<Object> bodies(MockEndpoint mock) {
        return mock.getReceivedExchanges().stream().map(e -> e.getMessage().getBody()).toList();
    }

    @AfterEach
    void closeAttempts() {
        attempts.forEach(SimulatedTerminal::close);
        attempts.clear();
    }

    @Test
    void withNothingSetEveryTerminalIsAdmittedAlsoWhenTheSettingsAreEmpty() throws Exception {
        // the example passes empty properties for settings that are off
        startGateway("allowedSerials=&terminalToken=RAW()&pinMac=false");
        connect(terminal("ANY-1"));
        connect(terminalAt("token=whatever", "ANY-2").mac("02:00:00:00:00:01"));
        connect(terminalAt(null, "ANY-2").mac("02:00:00:00:00:02")); // takes over, as before: no pinning

        List<Exchange> registered = received(getMockEndpoint("mock:events"), 3);
        assertThat(registered).extracting(e -> e.getMessage().getBody(TerminalRegistered.class).sn())
                .containsExactlyInAnyOrder("ANY-1", "ANY-2", "ANY-2");
    }

    @Test
    void anSnOutsideTheAllowListIsAnswered500ClosedWith1008AndNothingItSendsIsAccepted() throws Exception {
        startGateway("allowedSerials=T-OK, T-OK2&events=REGISTERED,ACCESS");
        SimulatedTerminal good = connect("T-OK");

        SimulatedTerminal intruder = terminalAt(null, "T-BAD").register(false).build();
        attempts.add(intruder);
        result(intruder.connect());
        // the access record goes right behind the registration, before its answer came
        var registration = intruder.sendRegistration();
        var access = intruder.sendAccessEvent("E-BAD-1", "u1");
        assertThat(result(registration)).isEqualTo("500");
        assertThat(result(intruder.closed())).isEqualTo(NOT_ADMITTED);
        assertThat(access).failsWithin(PROMPTLY);

        // a well-behaved terminal's event after the refusal reaches the route; the intruder's never did
        assertThat(result(good.sendAccessEvent("E-OK-1", "u2"))).isEqualTo("200");
        MockEndpoint events = getMockEndpoint("mock:events");
        received(events, 2);
        assertThat(events.getReceivedExchanges()).extracting(e -> e.getMessage().getHeader(DoorfaceConstants.DEVICE_SN))
                .containsOnly("T-OK");
        assertThat(events.getReceivedExchanges()).hasSize(2);

        assertThatThrownBy(() -> send("T-BAD", DoorfaceOperation.selectUser))
                .isInstanceOf(CamelExecutionException.class).cause()
                .isInstanceOf(TerminalNotConnectedException.class);
        assertThat(intruder.receivedCommands()).isEmpty();
        assertThat(context.getComponent("doorface", DoorfaceComponent.class).getGateway("127.0.0.1", port)
                .registeredTerminals()).isEqualTo(1);
    }

    @Test
    void theAllowListCanAlsoComeFromAFile() throws Exception {
        Path file = Files.createTempFile(Path.of("target"), "allowed-serials", ".txt");
        Files.writeString(file, "\uFEFF# terminals of building A\nT-F1\n\n  T-F2 , T-F3\n#T-X\n", StandardCharsets.UTF_8);
        startGateway("allowedSerials=T-U&allowedSerialsFile=" + file);
        connect("T-F1");
        connect("T-F3");
        connect("T-U");
        assertThat(result(refused(terminal("T-X")).closed())).isEqualTo(NOT_ADMITTED);
        assertThat(result(refused(terminal("#T-X")).closed())).isEqualTo(NOT_ADMITTED);
        assertThat(received(getMockEndpoint("mock:events"), 3)).hasSize(3);
    }

    @Test
    void anEmptyAllowListFileAdmitsNobodyAndAMissingOneStopsTheStart() throws Exception {
        Path empty = Files.createTempFile(Path.of("target"), "no-serials", ".txt");
        startGateway("allowedSerialsFile=" + empty);
        refused(terminal("T-ANY"));
        assertThat(getMockEndpoint("mock:events").getReceivedExchanges()).isEmpty();

        Path missing = Path.of("target", "no-such-allowed-serials.txt");
        assertThatThrownBy(() -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("doorface:127.0.0.1:" + AvailablePortFinder.getNextAvailable() + "/door?allowedSerialsFile="
                     + missing).routeId("missing").to("mock:missing");
            }
        })).hasStackTraceContaining("allowedSerialsFile").hasStackTraceContaining("no-such-allowed-serials.txt");
    }

    @Test
    void aTerminalWithoutTheTokenIsRefusedAtTheHandshakeAndTheTokenIsNeverLogged() throws Exception {
        startGateway("terminalToken=" + TOKEN);

        assertThatThrownBy(() -> new RawWebSocket(port, "/door").close())
                .isInstanceOf(IOException.class).hasMessageContaining("HTTP/1.1 403");
        assertThatThrownBy(() -> new RawWebSocket(port, "/door?token=" + TOKEN + "x").close())
                .isInstanceOf(IOException.class).hasMessageContaining("HTTP/1.1 403");
        assertThatThrownBy(() -> new RawWebSocket(port, "/door?token=" + TOKEN + "&token=" + TOKEN).close())
                .as("two token parameters").isInstanceOf(IOException.class).hasMessageContaining("HTTP/1.1 403");
        refused(terminalAt(null, "T-NOTOKEN"));
        refused(terminalAt("token=wrong", "T-WRONG"));

        connect(terminalAt("site=3&token=" + TOKEN, "T-TOKEN"));
        List<Exchange> registered = received(getMockEndpoint("mock:events"), 1);
        assertThat(registered).extracting(e -> e.getMessage().getBody(TerminalRegistered.class).sn())
                .containsExactly("T-TOKEN");
        assertThat(context.getComponent("doorface", DoorfaceComponent.class).getGateway("127.0.0.1", port)
                .connections()).isEqualTo(1);

        // Camel shows endpoints with the token masked; the gateway's own log lines never carry it
        assertThat(context.getEndpoints()).isNotEmpty()
                .allSatisfy(endpoint -> assertThat(endpoint.toString()).doesNotContain(TOKEN));
        String log = Files.readString(Path.of("target/test.log"), StandardCharsets.UTF_8);
        assertThat(log).contains("Refusing WebSocket from").doesNotContain(TOKEN);
    }

    @Test
    void aPinnedSnRefusesAnotherMacAndTheRefusedConnectionNeverTakesOver() throws Exception {
        startGateway("pinMac=true&events=REGISTERED,DISCONNECTED");
        SimulatedTerminal original = connect(terminal("T-PIN").mac("02:AA:BB:CC:DD:EE"));

        SimulatedTerminal impostor = refused(terminal("T-PIN").mac("02:11:22:33:44:55"));
        assertThat(result(impostor.closed())).isEqualTo(NOT_ADMITTED);
        refused(terminal("T-PIN")).close(); // the simulator derives a MAC from the sn: another one

        // the original stays registered and connected, and it is the one commanded
        assertThat(original.isConnected()).isTrue();
        send("T-PIN", DoorfaceOperation.selectUser);
        assertThat(original.receivedCommands()).hasSize(1).allMatch(c -> c.contains("selectUser"));
        assertThat(impostor.receivedCommands()).isEmpty();
        assertThat(bodies(getMockEndpoint("mock:events"))).hasSize(1)
                .allMatch(b -> b instanceof TerminalRegistered r && "02:AA:BB:CC:DD:EE".equals(r.mac()));

        // the pinned MAC is admitted again, however it is written
        assertThat(result(original.disconnect())).isEqualTo(1000);
        received(getMockEndpoint("mock:events"), 2);
        connect(terminal("T-PIN").mac("02aabbccddee"));
        received(getMockEndpoint("mock:events"), 3);
        assertThat(getMockEndpoint("mock:events").getReceivedExchanges())
                .extracting(e -> e.getMessage().getHeader(DoorfaceConstants.EVENT_KIND))
                .containsExactly(EventKind.REGISTERED.name(), EventKind.DISCONNECTED.name(),
                        EventKind.REGISTERED.name());
    }

    /** Refuses sns starting with X-, and connections whose query names site=evil; fails for BOOM. */
    static final class SiteGate implements TerminalAdmission {

        final List<AdmissionRequest> asked = new CopyOnWriteArrayList<>();

        @Override
        public AdmissionDecision decide(AdmissionRequest request) {
            asked.add(request);
            if ("BOOM".equals(request.sn())) {
                throw new IllegalStateException("directory unavailable");
            }
            if (request.sn().startsWith("X-") || (request.query() != null && request.query().contains("site=evil"))) {
                return AdmissionDecision.refuse("not one of ours");
            }
            return AdmissionDecision.admit();
        }
    }

    @Test
    void aHookBeanFromTheRegistryDecidesFromWhatTheTerminalSentAndWhereItComesFrom() throws Exception {
        SiteGate gate = new SiteGate();
        context.getRegistry().bind("gate", gate);
        startGateway("terminalAdmission=#gate");

        SimulatedTerminal original = connect(terminalAt("site=7", "T-HOOK").mac("02:01:02:03:04:05").ip("10.0.0.9"));
        assertThat(gate.asked).hasSize(1);
        AdmissionRequest request = gate.asked.get(0);
        assertThat(request.sn()).isEqualTo("T-HOOK");
        assertThat(request.mac()).isEqualTo("02:01:02:03:04:05");
        assertThat(request.ip()).isEqualTo("10.0.0.9");
        assertThat(request.remoteAddress()).startsWith("127.0.0.1:");
        assertThat(request.path()).isEqualTo("/door");
        assertThat(request.query()).isEqualTo("site=7");

        assertThat(result(refused(terminal("X-1")).closed())).isEqualTo(NOT_ADMITTED);
        assertThat(result(refused(terminal("BOOM")).closed())).isEqualTo(NOT_ADMITTED);
        // the same sn from a refused place does not take over the connected one
        assertThat(result(refused(terminalAt("site=evil", "T-HOOK")).closed())).isEqualTo(NOT_ADMITTED);
        assertThat(original.isConnected()).isTrue();
        send("T-HOOK", DoorfaceOperation.selectUser);
        assertThat(original.receivedCommands()).hasSize(1);

        assertThat(gate.asked).extracting(AdmissionRequest::sn).containsExactly("T-HOOK", "X-1", "BOOM", "T-HOOK");
        assertThat(bodies(getMockEndpoint("mock:events"))).hasSize(1);
    }

    /** Admits everything but holds the decision on SLOW-* until released, then refuses it. */
    static final class SlowGate implements TerminalAdmission {

        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch asked = new java.util.concurrent.CountDownLatch(1);

        @Override
        public AdmissionDecision decide(AdmissionRequest request) throws InterruptedException {
            if (!request.sn().startsWith("SLOW-")) {
                return AdmissionDecision.admit();
            }
            asked.countDown();
            release.await();
            return AdmissionDecision.refuse("too slow");
        }
    }

    @Test
    void aConnectionClosedWhileItsNewSnIsDecidedStillReportsTheDisconnectionOfItsOldSn() throws Exception {
        SlowGate gate = new SlowGate();
        context.getRegistry().bind("slowGate", gate);
        startGateway("terminalAdmission=#slowGate&events=REGISTERED,DISCONNECTED");
        SimulatedTerminal terminal = connect("T-OLD");
        DoorfaceGateway gateway = context.getComponent("doorface", DoorfaceComponent.class).getGateway("127.0.0.1", port);
        assertThat(gateway.registeredTerminals()).isEqualTo(1);

        // the same connection registers again under another sn, and goes away while that is being decided
        var second = terminal.sendRawReport("{\"code\":\"205\",\"data\":{\"sn\":\"SLOW-1\",\"mac\":\"02:00:00:00:00:09\"}}");
        assertThat(gate.asked.await(PROMPTLY.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(result(terminal.disconnect())).isEqualTo(1000);
        await().atMost(PROMPTLY).until(() -> gateway.connections() == 0);
        gate.release.countDown();

        assertThat(second).failsWithin(PROMPTLY);
        List<Exchange> events = received(getMockEndpoint("mock:events"), 2);
        assertThat(events.get(1).getMessage().getBody()).isInstanceOfSatisfying(
                dev.doorface.camel.model.TerminalDisconnected.class, d -> assertThat(d.sn()).isEqualTo("T-OLD"));
        assertThat(gateway.registeredTerminals()).isZero();
    }

    @Test
    void endpointsSharingAGatewayMustAgreeOnWhoMayConnect() throws Exception {
        startGateway("allowedSerials=A,B&terminalToken=" + TOKEN);
        assertThatThrownBy(() -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(gateway("allowedSerials=A&terminalToken=other-" + TOKEN)).routeId("other").to("mock:other");
            }
        })).hasStackTraceContaining("already running with other settings")
                .hasStackTraceContaining("allowedSerials")
                .hasStackTraceContaining("terminalToken")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(TOKEN));
        // the same settings written in another order agree
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(gateway("allowedSerials=B,A&terminalToken=" + TOKEN)).routeId("same").to("mock:same");
            }
        });
        assertThat(context.getRouteController().getRouteStatus("same").isStarted()).isTrue();
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}
