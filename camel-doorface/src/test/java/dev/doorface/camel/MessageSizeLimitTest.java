package dev.doorface.camel;

import java.nio.charset.StandardCharsets;

import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A message over maxMessageSize ends that connection, and really ends it, even when the peer never answers the close
 * frame; the gateway and its other terminals go on.
 */
class MessageSizeLimitTest extends DoorfaceTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(gateway("maxMessageSize=65536&events=ACCESS")).to("mock:access");
            }
        };
    }

    private static String registration(String sn) {
        return "{\"code\":\"205\",\"data\":{\"sn\":\"" + sn + "\",\"ip\":\"127.0.0.1\",\"mac\":\"M\",\"type\":\"0\"}}";
    }

    @Test
    void oversizeMessageInFragmentsClosesWith1009() throws Exception {
        SimulatedTerminal other = connect("OTHER");
        try (RawWebSocket raw = new RawWebSocket(port, "/door")) {
            raw.text(registration("RAW-FRAG"));
            byte[] part = "A".repeat(30_000).getBytes(StandardCharsets.US_ASCII);
            // each frame is under the limit; the message they make is not
            raw.frame(1, false, part);
            raw.frame(0, false, part);
            raw.frame(0, false, part);
            raw.frame(0, true, part);
            assertThat(raw.readUntilServerCloses()).isEqualTo(1009);
        }
        assertThat(result(other.sendAccessEvent("e-1", "u"))).isEqualTo("200");
    }

    @Test
    void oversizeSingleFrameFromAPeerThatNeverAnswersTheCloseIsCutOff() throws Exception {
        try (RawWebSocket raw = new RawWebSocket(port, "/door")) {
            raw.text(registration("RAW-BIG"));
            raw.frame(1, true, new byte[100_000]);
            // returns only once the server has ended the TCP connection, although this peer never answers the close
            assertThat(raw.readUntilServerCloses()).isEqualTo(1009);
        }
        DoorfaceComponent component = context.getComponent("doorface", DoorfaceComponent.class);
        await().atMost(PROMPTLY).until(() -> component.getGateway("127.0.0.1", port).connections() == 0);
    }

    @Test
    void hugeFrameIsRefusedAtItsHeaderAndTheConnectionCut() throws Exception {
        SimulatedTerminal other = connect("OTHER");
        try (RawWebSocket raw = new RawWebSocket(port, "/door")) {
            raw.text(registration("RAW-HUGE"));
            // over twice the limit Netty refuses the frame as its header arrives and Vert.x cuts the connection at
            // once: the 1009 close frame is written first, but while this peer is still sending, the kernel may
            // answer with a reset that discards it, or fail the rest of this peer's write
            int status;
            try {
                raw.frame(1, true, new byte[200_000]);
                status = raw.readUntilServerCloses();
            } catch (java.net.SocketException cutWhileSending) {
                status = -1;
            }
            assertThat(status).isIn(1009, -1);
        }
        DoorfaceComponent component = context.getComponent("doorface", DoorfaceComponent.class);
        await().atMost(PROMPTLY).until(() -> component.getGateway("127.0.0.1", port).connections() == 1);
        assertThat(result(other.sendAccessEvent("e-1", "u"))).isEqualTo("200");
    }

    @Test
    void fragmentedMessageUnderTheLimitIsReassembled() throws Exception {
        try (RawWebSocket raw = new RawWebSocket(port, "/door")) {
            raw.text(registration("RAW-OK"));
            String event = "{\"code\":\"207\",\"data\":{\"eventid\":\"f-1\",\"type\":\"1\",\"data\":{\"userId\":\"u\","
                           + "\"door\":\"0\",\"img\":\"" + "QUJD".repeat(5000) + "\"}}}";
            byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
            int half = bytes.length / 2;
            raw.frame(1, false, java.util.Arrays.copyOfRange(bytes, 0, half));
            raw.frame(0, true, java.util.Arrays.copyOfRange(bytes, half, bytes.length));
            received(getMockEndpoint("mock:access"), 1);
            assertThat(getMockEndpoint("mock:access").getReceivedExchanges().get(0).getMessage()
                    .getHeader(DoorfaceConstants.EVENT_ID)).isEqualTo("f-1");
        }
    }
}
