package dev.doorface.camel;

import dev.doorface.camel.exception.TerminalDisconnectedException;
import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An answer read while it arrives still has a limit: past maxAnswerSize the connection is closed with 1009 and the
 * command fails, while an answer under it on the same gateway is listed.
 */
class BigAnswerLimitTest extends DoorfaceTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:list").to(gateway("maxMessageSize=65536&maxAnswerSize=524288&operation=selectUser"
                                               + "&includePhotos=false&requestTimeout=60000"));
            }
        };
    }

    private Exchange list(String sn) {
        return template.request("direct:list", e -> e.getMessage().setHeader(DoorfaceConstants.DEVICE_SN, sn));
    }

    @Test
    void anAnswerOverMaxAnswerSizeClosesWith1009() throws Exception {
        // about 400 KB: over maxMessageSize, under maxAnswerSize
        SimulatedTerminal under = connect(terminal("UNDER").generatedUsers(100, 3000));
        // about 1.6 MB
        SimulatedTerminal over = connect(terminal("OVER").generatedUsers(400, 3000));

        assertThat(list("UNDER").getMessage().getBody(java.util.List.class)).hasSize(100);
        Exchange refused = list("OVER");

        assertThat(refused.getException()).isInstanceOf(TerminalDisconnectedException.class);
        assertThat(result(over.closed())).isEqualTo(1009);
        assertThat(under.isConnected()).isTrue();
    }
}
