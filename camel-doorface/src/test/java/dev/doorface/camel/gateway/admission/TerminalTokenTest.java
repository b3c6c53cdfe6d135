package dev.doorface.camel.gateway.admission;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the token is read from a connection URL's query string (the handshake itself is tested in
 * TerminalAdmissionTest over a real WebSocket).
 */
class TerminalTokenTest {

    @Test
    void theOnlyTokenParameterIsDecodedAndCompared() {
        TerminalToken token = new TerminalToken("s3cr/t é&+");
        assertThat(token.matches("token=s3cr%2Ft%20%C3%A9%26%2B")).isTrue();
        assertThat(token.matches("site=1&token=s3cr%2Ft%20%C3%A9%26%2B&x")).isTrue();

        assertThat(token.matches(null)).isFalse();
        assertThat(token.matches("")).isFalse();
        assertThat(token.matches("token=")).isFalse();
        assertThat(token.matches("token")).isFalse();
        assertThat(token.matches("mytoken=s3cr%2Ft%20%C3%A9%26%2B")).isFalse();
        assertThat(token.matches("token=s3cr%2Ft%20%C3%A9%26%2B&token=s3cr%2Ft%20%C3%A9%26%2B")).isFalse();
        assertThat(token.matches("token=s3cr%2Ft%20%C3%A9%26%2")).as("malformed escape").isFalse();
        assertThat(token.matches("token=s3cr%2Ft%20%C3%A9%26%2Bx")).isFalse();
    }

    @Test
    void presentTellsMissingFromWrong() {
        assertThat(TerminalToken.present("a=1&token=x")).isTrue();
        assertThat(TerminalToken.present("token")).isTrue();
        assertThat(TerminalToken.present("a=1&tokens=x")).isFalse();
        assertThat(TerminalToken.present(null)).isFalse();
    }

    @Test
    void macPinsIgnoreCaseAndSeparators() {
        MacPins pins = new MacPins();
        assertThat(pins.check("T1", "02:aa:BB:cc:DD:ee").admitted()).isTrue();
        assertThat(pins.check("T1", "02-AA-BB-CC-DD-EE").admitted()).isTrue();
        assertThat(pins.check("T1", "02AABBCCDDEF").admitted()).isFalse();
        assertThat(pins.check("T1", null).admitted()).isFalse();
        assertThat(pins.check("T2", "  ").admitted()).as("no MAC is never pinned").isFalse();
        assertThat(pins.check("T2", "02AABBCCDDEF").admitted()).isTrue();
    }
}
