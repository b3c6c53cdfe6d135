package dev.doorface.camel;

import java.util.Map;

import dev.doorface.camel.gateway.DoorfaceGateway;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Readiness of a doorface consumer: UP while its gateway listens, with how many terminals are registered and
 * connected; Camel's consumer health check reports it per route.
 */
public class DoorfaceConsumerHealthCheck implements HealthCheck {

    private final DoorfaceConsumer consumer;
    private final String id;
    private boolean enabled = true;

    public DoorfaceConsumerHealthCheck(DoorfaceConsumer consumer, String routeId) {
        this.consumer = consumer;
        this.id = "doorface-consumer-" + routeId;
    }

    @Override
    public String getGroup() {
        return "camel";
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public Result call(Map<String, Object> options) {
        HealthCheckResultBuilder builder = HealthCheckResultBuilder.on(this);
        DoorfaceGateway gateway = consumer.getGateway();
        if (gateway == null || gateway.actualPort() < 0) {
            return builder.down().message("Doorface gateway is not listening").build();
        }
        return builder.up()
                .detail("doorface.gateway", gateway.settings().address() + gateway.settings().path())
                .detail("doorface.terminals", gateway.registeredTerminals())
                .detail("doorface.connections", gateway.connections())
                .build();
    }
}
