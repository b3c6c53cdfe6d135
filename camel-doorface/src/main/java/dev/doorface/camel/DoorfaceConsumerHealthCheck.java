package dev.doorface.camel;

import dev.doorface.camel.gateway.DoorfaceGateway;

/**
 * Health of a doorface consumer (see {@link DoorfaceHealthCheck}); Camel's consumers repository reports it per route
 * as {@code consumer:<routeId>}.
 */
public class DoorfaceConsumerHealthCheck extends DoorfaceHealthCheck {

    private final DoorfaceConsumer consumer;

    public DoorfaceConsumerHealthCheck(DoorfaceConsumer consumer, String routeId) {
        super("doorface-consumer-" + routeId);
        this.consumer = consumer;
    }

    @Override
    protected DoorfaceGateway gateway() {
        return consumer.getGateway();
    }
}
