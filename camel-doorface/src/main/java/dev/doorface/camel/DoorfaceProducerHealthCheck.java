package dev.doorface.camel;

import dev.doorface.camel.gateway.DoorfaceGateway;

/**
 * Health of a doorface producer (see {@link DoorfaceHealthCheck}), in Camel's producers repository as
 * {@code doorface-producer-<endpointId>}; that repository reports only when camel.health.producersEnabled=true.
 */
public class DoorfaceProducerHealthCheck extends DoorfaceHealthCheck {

    private final DoorfaceProducer producer;

    public DoorfaceProducerHealthCheck(DoorfaceProducer producer, String endpointId) {
        super("doorface-producer-" + endpointId);
        this.producer = producer;
    }

    @Override
    protected DoorfaceGateway gateway() {
        return producer.getGateway();
    }
}
