package dev.doorface.gateway;

import org.apache.camel.builder.RouteBuilder;

/** Demo mode only: a timer makes a simulated terminal report an access event every demo.interval ms. */
public class DemoRoutes extends RouteBuilder {

    @Override
    public void configure() {
        int terminals = Integer.parseInt(getContext().resolvePropertyPlaceholders("{{demo.terminals}}").trim());
        if (terminals > 0) {
            from("timer:demo-events?delay={{demo.interval}}&period={{demo.interval}}").routeId("demo-events")
                .bean(DemoTerminals.BEAN, "sendRandomEvent");
        }
    }
}
