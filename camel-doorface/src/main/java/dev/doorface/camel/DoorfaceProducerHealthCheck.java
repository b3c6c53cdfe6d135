package dev.doorface.camel;

import dev.doorface.camel.gateway.DoorfaceGateway;

/**
 * Health of a doorface endpoint's producers (see {@link DoorfaceHealthCheck}), in Camel's producers repository as
 * {@code doorface-producer-<endpointId>} while any of them runs: every producer of an endpoint sends through the same
 * gateway, so one check stands for all. That repository reports only with camel.health.producersEnabled=true.
 */
public class DoorfaceProducerHealthCheck extends DoorfaceHealthCheck {

    private final DoorfaceEndpoint endpoint;

    public DoorfaceProducerHealthCheck(DoorfaceEndpoint endpoint) {
        super("doorface-producer-" + endpoint.getId());
        this.endpoint = endpoint;
    }

    @Override
    protected DoorfaceGateway gateway() {
        return endpoint.runningGateway();
    }
}
