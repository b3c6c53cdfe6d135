package dev.doorface.camel.metrics;

import java.util.concurrent.TimeUnit;

import dev.doorface.camel.DoorfaceComponent;
import dev.doorface.camel.gateway.DoorfaceGateway;
import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Run by {@link WithoutMicrometerTest} inside a class loader that has no Micrometer: a route takes a simulated
 * terminal's access event and the gateway answers it. Refers to nothing of Micrometer, nor to any test class that
 * does.
 */
public final class NoMicrometerProbe {

    private NoMicrometerProbe() {
    }

    /** @return the answer code, the gateway's counters and how its metrics are published */
    public static String run(int port) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("doorface:127.0.0.1:" + port + "/door?events=ACCESS").log("${header.CamelDoorfaceDeviceSn}");
                }
            });
            context.start();
            SimulatedTerminal terminal = SimulatedTerminal.builder("ws://127.0.0.1:" + port + "/door").sn("T1").build();
            try {
                terminal.connect().get(20, TimeUnit.SECONDS);
                String answer = terminal.sendAccessEvent("e1", "u1").get(20, TimeUnit.SECONDS);
                DoorfaceGateway gateway = context.getComponent("doorface", DoorfaceComponent.class)
                        .getGateway("127.0.0.1", port);
                return answer + " acknowledged=" + gateway.metrics().events(EventOutcome.ACKNOWLEDGED)
                       + " micrometer=" + gateway.metricsPublication().micrometer();
            } finally {
                terminal.close();
            }
        }
    }
}
