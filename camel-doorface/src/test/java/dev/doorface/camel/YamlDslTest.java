package dev.doorface.camel;

import java.util.List;
import java.util.Map;

import dev.doorface.camel.model.TerminalResult;
import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.Exchange;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The component from the YAML DSL, as a Camel K or Camel Main user writes it.
 */
class YamlDslTest extends DoorfaceTestSupport {

    @Override
    protected void doPostSetup() throws Exception {
        String yaml = """
                - route:
                    id: yaml-access
                    from:
                      uri: "doorface:127.0.0.1:%d/door"
                      parameters:
                        events: ACCESS
                      steps:
                        - setHeader:
                            name: photoSize
                            simple: "${body.imageBytes.length}"
                        - setBody:
                            simple: "${header.CamelDoorfaceDeviceSn}/${body.eventId}/${body.userId}"
                        - to: mock:yaml-access
                - route:
                    id: yaml-add
                    from:
                      uri: direct:add-everywhere
                      steps:
                        - to:
                            uri: "doorface:127.0.0.1:%d/door"
                            parameters:
                              operation: addUser
                              deviceSn: "*"
                              requestTimeout: 10s
                """.formatted(port, port);
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("doorface.yaml", yaml));
    }

    @Test
    void yamlRoutesConsumeAndProduce() throws Exception {
        SimulatedTerminal terminal = connect("Y1");
        byte[] photo = SampleImages.jpeg(4);
        assertThat(result(terminal.sendAccessEvent("ev-1", "u-7", "0", photo))).isEqualTo("200");
        Exchange exchange = received(getMockEndpoint("mock:yaml-access"), 1).get(0);
        assertThat(exchange.getMessage().getBody(String.class)).isEqualTo("Y1/ev-1/u-7");
        assertThat(exchange.getMessage().getHeader("photoSize", Integer.class)).isEqualTo(photo.length);

        Object body = template.requestBody("direct:add-everywhere", Map.of("user", "li", "userId", "7", "pwd", "p",
                "name", "Li", "role", "0", "img", SampleImages.jpegBase64(2)));
        @SuppressWarnings("unchecked")
        List<TerminalResult> results = (List<TerminalResult>) body;
        assertThat(results).extracting(TerminalResult::sn, TerminalResult::ok)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Y1", true));
        assertThat(terminal.users()).containsKey("7");
    }
}
