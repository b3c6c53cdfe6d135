package dev.doorface.camel;

import java.util.List;
import java.util.Map;

import dev.doorface.camel.gateway.DoorfaceGateway;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Liveness of a doorface component's gateways, registered by the component in Camel's health check registry as
 * {@code doorface-gateways} (Camel reports consumer checks for readiness only). DOWN when a gateway that routes use is
 * no longer served: its server not bound, or the Vert.x it runs on closed; a restart is what helps then. No gateway
 * running is no failure, nor is a terminal going offline.
 */
public class DoorfaceLivenessCheck extends NamedHealthCheck {

    public static final String ID = "doorface-gateways";

    private final DoorfaceComponent component;

    public DoorfaceLivenessCheck(DoorfaceComponent component) {
        super(ID);
        this.component = component;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    public boolean isLiveness() {
        return true;
    }

    @Override
    public Result call(Map<String, Object> options) {
        HealthCheckResultBuilder builder = HealthCheckResultBuilder.on(this);
        List<DoorfaceGateway> gateways = component.getGateways();
        builder.detail("doorface.gateways", gateways.size());
        for (DoorfaceGateway gateway : gateways) {
            // a gateway still starting or already stopping is not dead: only a started one must be served
            if (gateway.isStarted() && !gateway.isAlive()) {
                return builder.down().message("Doorface gateway " + gateway.settings().address()
                                              + " is not served any more (server not bound or Vert.x closed)")
                        .build();
            }
        }
        return builder.up().build();
    }
}
