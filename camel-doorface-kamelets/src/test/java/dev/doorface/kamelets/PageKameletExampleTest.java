package dev.doorface.kamelets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimulatedTerminal;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kamelets example of the component's page (camel-doorface/src/main/docs/doorface-component.adoc) runs as written
 * against a simulated terminal, with these substitutions only: the gateway listens on 127.0.0.1 and a free port instead
 * of every interface and port 9000, the Kafka topic it writes to is a mock endpoint and the one it reads is a direct
 * endpoint.
 */
class PageKameletExampleTest extends KameletTestSupport {

    private static final Path PAGE = Path.of("../camel-doorface/src/main/docs/doorface-component.adoc");

    /** The first YAML listing of the page's Kamelets section. */
    private static String pageListing() throws Exception {
        String page = Files.readString(PAGE);
        int section = page.indexOf("\n=== Kamelets\n");
        assertThat(section).as("the page has a Kamelets section").isPositive();
        String start = "[source,yaml]\n----\n";
        int from = page.indexOf(start, section) + start.length();
        return page.substring(from, page.indexOf("\n----\n", from) + 1);
    }

    @Test
    void theKameletsExampleOfThePageRuns() throws Exception {
        String listing = pageListing();
        assertThat(listing).contains("kamelet:doorface-source", "kamelet:doorface-sink", "port: 9000");
        loadYamlRoutes(listing
                .replaceAll("(\\n\\s*)port: 9000", "$1host: 127.0.0.1$1port: " + port)
                .replace("kafka:door-access", "mock:door-access")
                .replace("kafka:hr-users", "direct:hr-users"));
        SimulatedTerminal terminal = connect("PAGE-1");

        assertThat(result(terminal.sendAccessEvent("ev-1", "u-7", "0", SampleImages.jpeg(2)))).isEqualTo("200");
        String json = received(getMockEndpoint("mock:door-access"), 1).get(0).getMessage().getBody(String.class);
        assertThat(json).contains("\"eventId\":\"ev-1\"", "\"userId\":\"u-7\"");

        String user = new ObjectMapper().writeValueAsString(Map.of("user", "ada", "userId", "1001", "pwd", "1234",
                "name", "Ada", "role", "0", "img", SampleImages.jpegBase64(3)));
        template.requestBody("direct:hr-users", user);
        assertThat(terminal.users()).containsKey("1001");
    }
}
