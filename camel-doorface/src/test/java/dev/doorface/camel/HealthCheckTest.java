package dev.doorface.camel;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.doorface.simulator.Behaviour;
import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckRepository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Readiness and liveness of doorface consumers and producers as Camel's health check registry reports them (the
 * registry of camel-health, with its consumers and producers repositories on as Camel Main has them with
 * camel.health.producersEnabled=true).
 */
class HealthCheckTest extends DoorfaceTestSupport {

    private static final String CONSUMER = "consumer:presence";
    /** Every result: at the default exposure level the registry answers only the first when all are UP. */
    private static final String FULL = "full";

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        // what Camel Main does for camel.health.consumersEnabled (its default) and camel.health.producersEnabled
        HealthCheckHelper.getHealthCheckRepository(context, "consumers").setEnabled(true);
        HealthCheckRepository producers = HealthCheckHelper.getHealthCheckRepository(context, "producers");
        producers.setEnabled(true);
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(gateway("events=REGISTERED")).routeId("presence").to("mock:presence");
                from("direct:select").routeId("select").to(gateway("operation=selectUser&requestTimeout=60000"))
                        .id("doorface-select");
                // a second producer of the same endpoint: one check stands for both
                from("direct:select-too").routeId("select-too")
                        .to(gateway("operation=selectUser&requestTimeout=60000"));
            }
        };
    }

    private String producerCheckId() {
        return "doorface-producer-" + context.getEndpoint(gateway("operation=selectUser&requestTimeout=60000"),
                DoorfaceEndpoint.class).getId();
    }

    private static Optional<HealthCheck.Result> find(Collection<HealthCheck.Result> results, String id) {
        return results.stream().filter(r -> r.getCheck().getId().equals(id)).findFirst();
    }

    @Test
    void readinessAndLivenessOfConsumerAndProducerAreUpWithTheGatewaysDetails() throws Exception {
        connect("HEALTH-1");
        connect("HEALTH-2");

        Collection<HealthCheck.Result> readiness = HealthCheckHelper.invokeReadiness(context, FULL);
        HealthCheck.Result consumer = find(readiness, CONSUMER).orElseThrow();
        assertThat(consumer.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(consumer.getDetails())
                .containsEntry(DoorfaceHealthCheck.GATEWAY, "127.0.0.1:" + port + "/door")
                .containsEntry(DoorfaceHealthCheck.TERMINALS, 2)
                .containsEntry(DoorfaceHealthCheck.CONNECTIONS, 2)
                .containsEntry(DoorfaceHealthCheck.COMMANDS_WAITING, 0);
        assertThat(readiness.stream().filter(r -> r.getCheck().getId().equals(producerCheckId()))).hasSize(1);
        HealthCheck.Result producer = find(readiness, producerCheckId()).orElseThrow();
        assertThat(producer.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(producer.getDetails()).containsEntry(DoorfaceHealthCheck.TERMINALS, 2);

        // Camel reports consumer checks for readiness only: the component's gateways check stands for liveness
        Collection<HealthCheck.Result> liveness = HealthCheckHelper.invokeLiveness(context, FULL);
        assertThat(find(liveness, CONSUMER)).isEmpty();
        HealthCheck.Result gateways = find(liveness, DoorfaceLivenessCheck.ID).orElseThrow();
        assertThat(gateways.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(gateways.getDetails()).containsEntry("doorface.gateways", 1);
        assertThat(find(readiness, DoorfaceLivenessCheck.ID)).isEmpty();
        assertThat(find(liveness, producerCheckId()).orElseThrow().getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(HealthCheckHelper.isResultsUp(readiness, true)).isTrue();
    }

    @Test
    void commandsWaitingAreCountedAndATerminalGoingOfflineIsADetailNotDown() throws Exception {
        SimulatedTerminal silent = connect("HEALTH-SILENT");
        silent.behaviour(Behaviour.SILENT);
        CompletableFuture<Object> pending = template.asyncRequestBodyAndHeader("direct:select", null,
                DoorfaceConstants.DEVICE_SN, "HEALTH-SILENT");
        await().atMost(PROMPTLY).until(() -> detail(producerCheckId(), DoorfaceHealthCheck.COMMANDS_WAITING)
                .equals(1));

        silent.close();
        await().atMost(PROMPTLY).until(() -> detail(CONSUMER, DoorfaceHealthCheck.TERMINALS).equals(0));
        // the command in flight failed with the connection: nothing waits, and the gateway is as ready as before
        assertThat(detail(CONSUMER, DoorfaceHealthCheck.COMMANDS_WAITING)).isEqualTo(0);
        assertThat(detail(CONSUMER, DoorfaceHealthCheck.CONNECTIONS)).isEqualTo(0);
        assertThat(HealthCheckHelper.invoke(context, CONSUMER, Map.of()).orElseThrow().getState())
                .isEqualTo(HealthCheck.State.UP);
        assertThat(pending).isCompletedExceptionally();
    }

    private Object detail(String checkId, String key) {
        HealthCheck.Result result = find(HealthCheckHelper.invokeReadiness(context, FULL), checkId).orElseThrow();
        assertThat(result.getState()).isEqualTo(HealthCheck.State.UP);
        return result.getDetails().get(key);
    }

    @Test
    void downBeforeTheGatewayListensAndAfterItStops() throws Exception {
        // a producer of another gateway, created but not started: its gateway is not listening yet (the check is the
        // one the endpoint registers while a producer of it runs)
        int otherPort = org.apache.camel.test.AvailablePortFinder.getNextAvailable();
        DoorfaceEndpoint endpoint = context.getEndpoint("doorface:127.0.0.1:" + otherPort + "/door",
                DoorfaceEndpoint.class);
        DoorfaceProducer producer = (DoorfaceProducer) endpoint.createProducer();
        DoorfaceProducerHealthCheck check = new DoorfaceProducerHealthCheck(endpoint);
        assertThat(check.callReadiness().getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(check.callLiveness().getState()).isEqualTo(HealthCheck.State.DOWN);

        producer.start();
        assertThat(check.callReadiness().getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(check.callLiveness().getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(check.callReadiness().getDetails())
                .containsEntry(DoorfaceHealthCheck.GATEWAY, "127.0.0.1:" + otherPort + "/door");
        // in the registry too while started, and gone from it once stopped
        assertThat(find(HealthCheckHelper.invokeReadiness(context, FULL), "doorface-producer-" + endpoint.getId()))
                .isPresent();

        producer.stop();
        assertThat(check.callReadiness().getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(check.callLiveness().getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(find(HealthCheckHelper.invokeReadiness(context, FULL), "doorface-producer-" + endpoint.getId()))
                .isEmpty();

        // the consumer's own check after its route stopped; the registry's consumer check says DOWN as well
        HealthCheck consumerCheck = ((org.apache.camel.health.HealthCheckAware) context.getRoute("presence")
                .getConsumer()).getHealthCheck();
        context.getRouteController().stopRoute("presence");
        assertThat(consumerCheck.callReadiness().getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(HealthCheckHelper.invoke(context, CONSUMER, Map.of()).orElseThrow().getState())
                .isEqualTo(HealthCheck.State.DOWN);
    }

    @Test
    void livenessGoesDownWhenTheVertxOfTheGatewayIsClosed() throws Exception {
        connect("HEALTH-LIVE");
        assertThat(HealthCheckHelper.invoke(context, DoorfaceLivenessCheck.ID, Map.of()).orElseThrow().getState())
                .isEqualTo(HealthCheck.State.UP);

        context.getComponent("doorface", DoorfaceComponent.class).getVertx().close()
                .toCompletionStage().toCompletableFuture().get();

        Map<String, Object> live = Map.of(HealthCheck.CHECK_KIND, HealthCheck.Kind.LIVENESS);
        assertThat(HealthCheckHelper.invoke(context, DoorfaceLivenessCheck.ID, live).orElseThrow().getState())
                .isEqualTo(HealthCheck.State.DOWN);
        assertThat(HealthCheckHelper.invoke(context, producerCheckId(), live).orElseThrow().getState())
                .isEqualTo(HealthCheck.State.DOWN);
        assertThat(find(HealthCheckHelper.invokeReadiness(context, FULL), CONSUMER).orElseThrow().getState())
                .isEqualTo(HealthCheck.State.DOWN);
    }

    @Test
    void checksAreInTheRegistryOfTheContext() {
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        assertThat(registry).isNotNull();
        assertThat(HealthCheckHelper.invoke(context, FULL).stream().map(r -> r.getCheck().getId()))
                .contains(CONSUMER, producerCheckId(), DoorfaceLivenessCheck.ID);
    }
}
