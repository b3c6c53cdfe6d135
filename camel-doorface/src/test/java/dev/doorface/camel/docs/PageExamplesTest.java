package dev.doorface.camel.docs;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.doorface.camel.DoorfaceTestSupport;
import dev.doorface.camel.model.CommandResult;
import dev.doorface.camel.model.TerminalResult;
import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java DSL and YAML DSL examples of doorface-component.adoc run as written against a simulated terminal, with two
 * substitutions only: the gateway listens on a free loopback port instead of 0.0.0.0:9000, and the Kafka topic is a
 * mock endpoint.
 */
class PageExamplesTest extends DoorfaceTestSupport {

    @TempDir
    Path workDir;

    private String runnable(String listing) {
        return listing.replace("0.0.0.0:9000", "127.0.0.1:" + port).replace("kafka:door-access", "mock:door-access");
    }

    private static Map<String, Object> newEmployee(String userId) {
        return Map.of("user", "wang", "userId", userId, "pwd", "1234", "name", "Wang Wu", "role", "0",
                "img", SampleImages.jpegBase64(3));
    }

    @Test
    void theJavaDslExampleCompilesAndRuns() throws Exception {
        Class<?> routes = PageExamples.compile(runnable(PageExamples.listing("=== Java DSL", "java")), workDir);
        context.addRoutes((RoutesBuilder) routes.getConstructor().newInstance());
        SimulatedTerminal terminal = connect("DOC-1");

        accessRecordLeavesAsJson(terminal);

        List<?> results = template.requestBody("direct:enrol", newEmployee("3001"), List.class);
        assertThat(results).singleElement().isInstanceOfSatisfying(TerminalResult.class,
                r -> assertThat(r.ok()).as(r.toString()).isTrue());
        assertThat(terminal.users()).containsKey("3001");

        Object removed = template.requestBodyAndHeaders("direct:remove", null, Map.of("sn", "DOC-1", "userId", "3001"));
        assertThat(removed).isInstanceOfSatisfying(CommandResult.class, r -> assertThat(r.code()).isEqualTo("200"));
        assertThat(terminal.users()).doesNotContainKey("3001");
        assertThat(template.requestBodyAndHeaders("direct:remove", null, Map.of("sn", "GONE", "userId", "3001")))
                .isEqualTo("offline");
    }

    @Test
    void theYamlDslExampleLoadsAndRuns() throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(
                ResourceHelper.fromString("page.yaml", runnable(PageExamples.listing("=== YAML DSL", "yaml"))));
        SimulatedTerminal terminal = connect("DOC-2");

        accessRecordLeavesAsJson(terminal);

        List<?> results = template.requestBody("direct:enrol", newEmployee("3002"), List.class);
        assertThat(results).singleElement().isInstanceOfSatisfying(TerminalResult.class,
                r -> assertThat(r.ok()).as(r.toString()).isTrue());
        assertThat(terminal.users()).containsKey("3002");
    }

    private void accessRecordLeavesAsJson(SimulatedTerminal terminal) throws Exception {
        assertThat(result(terminal.sendAccessEvent("ev-1", "u-7", "0", SampleImages.jpeg(2)))).isEqualTo("200");
        String json = received(getMockEndpoint("mock:door-access"), 1).get(0).getMessage().getBody(String.class);
        assertThat(json).contains("\"sn\":\"" + terminal.sn() + "\"", "\"eventId\":\"ev-1\"", "\"userId\":\"u-7\"");
    }
}
