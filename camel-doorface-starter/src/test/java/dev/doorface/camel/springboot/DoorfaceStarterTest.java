package dev.doorface.camel.springboot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.doorface.camel.DoorfaceComponent;
import dev.doorface.camel.DoorfaceConstants;
import dev.doorface.camel.model.AccessEvent;
import dev.doorface.camel.model.CommandResult;
import dev.doorface.camel.model.DoorUser;
import dev.doorface.camel.queue.CommandStore;
import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The starter in a Spring Boot application: properties reach the component, a route receives a simulated terminal's
 * access record over a real WebSocket on loopback, and a producer route commands the terminal.
 */
@SpringBootTest(classes = DoorfaceTestApplication.class, properties = {
        "doorface.heartbeat-interval=7",
        "camel.component.doorface.lazy-start-producer=true",
        "camel.component.doorface.health-check-producer-enabled=false",
        "camel.component.doorface.command-store=#doorCommands" })
class DoorfaceStarterTest {

    /** Generous bound for anything that should happen promptly: tests wait, they never race the clock. */
    private static final Duration PROMPTLY = Duration.ofSeconds(20);

    private static final int PORT = AvailablePortFinder.getNextAvailable();

    @DynamicPropertySource
    static void gatewayPort(DynamicPropertyRegistry registry) {
        registry.add("doorface.port", () -> PORT);
    }

    @Autowired
    private CamelContext camelContext;

    @Autowired
    private ProducerTemplate template;

    @Autowired
    private CommandStore doorCommands;

    @Autowired
    private DoorfaceTestApplication.ReceivedAccessEvents received;

    private final List<SimulatedTerminal> terminals = new ArrayList<>();

    private SimulatedTerminal connect(String sn) throws Exception {
        SimulatedTerminal terminal = SimulatedTerminal.builder("ws://127.0.0.1:" + PORT + "/door").sn(sn).build();
        terminals.add(terminal);
        terminal.connect().get(PROMPTLY.toSeconds(), TimeUnit.SECONDS);
        return terminal;
    }

    @AfterEach
    void closeTerminals() {
        terminals.forEach(SimulatedTerminal::close);
    }

    @Test
    void componentOptionsBindFromCamelComponentDoorfaceProperties() {
        DoorfaceComponent component = camelContext.getComponent("doorface", DoorfaceComponent.class);
        assertThat(component.isLazyStartProducer()).isTrue();
        assertThat(component.isHealthCheckProducerEnabled()).isFalse();
        assertThat(component.getCommandStore()).isSameAs(doorCommands);
        // not set: the component's defaults stand
        assertThat(component.isHealthCheckConsumerEnabled()).isTrue();
        assertThat(component.isBridgeErrorHandler()).isFalse();
    }

    @Test
    void springPropertyReachesTheGatewayThroughAnEndpointPlaceholder() throws Exception {
        SimulatedTerminal terminal = connect("SB-REG");
        assertThat(terminal.heartbeatIntervalSeconds()).isEqualTo(7);
    }

    @Test
    void routeReceivesAnAccessEventAndTheTerminalIsAnswered200() throws Exception {
        SimulatedTerminal terminal = connect("SB-ACC");
        String answer = terminal.sendAccessEvent("20240115113644", "77986", "1", SampleImages.jpeg(2))
                .get(PROMPTLY.toSeconds(), TimeUnit.SECONDS);
        assertThat(answer).isEqualTo("200");

        await().atMost(PROMPTLY).until(() -> received.events().stream().anyMatch(e -> e.sn().equals("SB-ACC")));
        AccessEvent event = received.events().stream().filter(e -> e.sn().equals("SB-ACC")).findFirst().orElseThrow();
        assertThat(event.eventId()).isEqualTo("20240115113644");
        assertThat(event.userId()).isEqualTo("77986");
        assertThat(event.door()).isEqualTo("1");
    }

    @Test
    void producerRouteAddsAUserToTheTerminal() throws Exception {
        SimulatedTerminal terminal = connect("SB-CMD");
        DoorUser user = new DoorUser("wangwu", "2001", "1234", "王五", "0", SampleImages.jpegBase64(3));

        Exchange reply = template.request("direct:addUser", exchange -> {
            exchange.getMessage().setHeader(DoorfaceConstants.DEVICE_SN, "SB-CMD");
            exchange.getMessage().setBody(user);
        });

        assertThat(reply.getException()).isNull();
        CommandResult result = reply.getMessage().getBody(CommandResult.class);
        assertThat(result.sn()).isEqualTo("SB-CMD");
        assertThat(result.code()).isEqualTo("200");
        assertThat(terminal.users()).containsKey("2001");
        assertThat(terminal.users().get("2001").name()).isEqualTo("王五");
    }
}
