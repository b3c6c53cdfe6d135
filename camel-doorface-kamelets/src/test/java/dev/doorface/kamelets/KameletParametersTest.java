package dev.doorface.kamelets;

import org.apache.camel.FailedToCreateRouteException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A Kamelet used without a parameter it requires fails when its route is created, with an error naming the Kamelet
 * and the parameter, before anything listens.
 */
class KameletParametersTest extends KameletTestSupport {

    @Test
    void sourceWithoutPortNamesTheMissingParameter() {
        assertThatThrownBy(() -> loadYamlRoutes("""
                - route:
                    from:
                      uri: "kamelet:doorface-source?path=/door"
                      steps:
                        - to: mock:events
                """))
                .isInstanceOf(FailedToCreateRouteException.class)
                .hasMessageContaining("doorface-source")
                .hasRootCauseMessage("Route template doorface-source the following mandatory parameters must be"
                                     + " provided: port");
    }

    @Test
    void sinkWithoutDeviceSnNamesTheMissingParameter() {
        assertThatThrownBy(() -> loadYamlRoutes("""
                - route:
                    from:
                      uri: direct:enrol
                      steps:
                        - to: "kamelet:doorface-sink?port=%d"
                """.formatted(port)))
                .isInstanceOf(FailedToCreateRouteException.class)
                .hasMessageContaining("doorface-sink")
                .hasRootCauseMessage("Route template doorface-sink the following mandatory parameters must be"
                                     + " provided: deviceSn");
    }
}
