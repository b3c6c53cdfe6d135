package dev.doorface.camel.springboot;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.doorface.camel.model.AccessEvent;
import dev.doorface.camel.queue.CommandStore;
import dev.doorface.camel.queue.InMemoryCommandStore;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application as a Camel user writes one: routes in a RouteBuilder bean, the gateway's address and
 * heartbeat interval from Spring properties, the component's options from camel.component.doorface.*.
 */
@SpringBootApplication
public class DoorfaceTestApplication {

    /** Gateway options are endpoint options: Spring properties reach them as Camel placeholders. */
    static final String GATEWAY = "doorface:127.0.0.1:{{doorface.port}}/door?heartbeatInterval={{doorface.heartbeat-interval}}";

    /** The access events the route received, in order. */
    public static class ReceivedAccessEvents {
        private final List<AccessEvent> events = new CopyOnWriteArrayList<>();

        public void add(AccessEvent event) {
            events.add(event);
        }

        public List<AccessEvent> events() {
            return events;
        }
    }

    /** Named by camel.component.doorface.command-store=#doorCommands. */
    @Bean
    CommandStore doorCommands() {
        return new InMemoryCommandStore();
    }

    @Bean
    ReceivedAccessEvents receivedAccessEvents() {
        return new ReceivedAccessEvents();
    }

    @Bean
    RouteBuilder doorRoutes(ReceivedAccessEvents received) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(GATEWAY + "&events=ACCESS").routeId("access")
                        .process(exchange -> received.add(exchange.getMessage().getBody(AccessEvent.class)));
                from("direct:addUser").routeId("add-user")
                        .to(GATEWAY + "&operation=addUser");
            }
        };
    }
}
