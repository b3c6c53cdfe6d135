package dev.doorface.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.doorface.simulator.SimulatedTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example serves Prometheus text at /observe/metrics on the REST API's server: Camel's meters and the doorface
 * gateway's, behind the API token like /api/*.
 */
class MetricsEndpointTest {

    @TempDir
    Path dataDir;

    @Test
    void doorfaceMetersInPrometheusTextBehindTheApiToken() throws Exception {
        try (TestGateway gateway = TestGateway.start(dataDir)) {
            SimulatedTerminal terminal = SimulatedTerminal.builder(gateway.wsUrl()).sn("MET-1").build();
            try {
                terminal.connect().get(10, TimeUnit.SECONDS);
                assertThat(terminal.sendAccessEvent("ev-1", "u1").get(30, TimeUnit.SECONDS)).isEqualTo("200");
                assertThat(gateway.get("/api/devices/MET-1/users").statusCode()).isEqualTo(200);
                assertThat(gateway.get("/api/devices/NOT-HERE/users").statusCode()).isEqualTo(404);

                String gatewayTag = "gateway=\"127.0.0.1:" + gateway.wsPort + "\"";
                // the event's counter is counted before its answer; the report timer just after it is written
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    String text = gateway.get("/observe/metrics").body();
                    assertThat(text)
                            .contains("doorface_terminals_online{" + gatewayTag + "} 1.0")
                            .contains("doorface_connections{" + gatewayTag + "} 1.0")
                            .contains("doorface_events_total{" + gatewayTag + ",kind=\"ACCESS\",outcome=\"acknowledged\"} 1.0")
                            .contains("doorface_events_total{" + gatewayTag + ",kind=\"REGISTERED\",outcome=\"acknowledged\"} 1.0")
                            .contains("doorface_commands_total{" + gatewayTag + ",operation=\"selectUser\",outcome=\"ok\"} 1.0")
                            .contains("doorface_commands_total{" + gatewayTag
                                      + ",operation=\"selectUser\",outcome=\"not_connected\"} 1.0")
                            .contains("doorface_command_rtt_seconds_count{" + gatewayTag + ",operation=\"selectUser\"} 1")
                            .contains("doorface_report_handling_seconds_count{" + gatewayTag + ",kind=\"ACCESS\"} 1")
                            // Camel's own meters are there too
                            .contains("camel_exchanges_total");
                });
                HttpResponse<String> response = gateway.get("/observe/metrics");
                assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("text/plain"));
                // no terminal's serial number is a label of the gateway's meters
                assertThat(response.body().lines().filter(line -> line.startsWith("doorface_")))
                        .noneMatch(line -> line.contains("MET-1"));

                HttpResponse<String> anonymous = gateway.sendAsIs(
                        HttpRequest.newBuilder(gateway.uri("/observe/metrics")).GET().build());
                assertThat(anonymous.statusCode()).isEqualTo(401);
                assertThat(anonymous.body()).doesNotContain("doorface_");
            } finally {
                terminal.close();
            }
        }
    }
}
