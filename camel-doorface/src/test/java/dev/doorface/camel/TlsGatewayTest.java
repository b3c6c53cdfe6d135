package dev.doorface.camel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * wss:// through sslContextParameters, with a self-signed certificate made for the test by the JDK's keytool.
 */
class TlsGatewayTest extends DoorfaceTestSupport {

    private static final String PASSWORD = "changeit";

    @Override
    protected CamelContext createCamelContext() throws Exception {
        // under target/, so that nothing is left behind in the system's temporary directory
        Path keystore = Files.createDirectories(Path.of("target", "tls-" + port)).resolve("gateway.p12");
        Files.deleteIfExists(keystore);
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "gateway", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-keypass", PASSWORD, "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();

        KeyStoreParameters store = new KeyStoreParameters();
        store.setResource("file:" + keystore);
        store.setPassword(PASSWORD);
        store.setType("PKCS12");
        KeyManagersParameters keys = new KeyManagersParameters();
        keys.setKeyStore(store);
        keys.setKeyPassword(PASSWORD);
        SSLContextParameters tls = new SSLContextParameters();
        tls.setKeyManagers(keys);

        CamelContext camel = super.createCamelContext();
        camel.getRegistry().bind("tls", tls);
        return camel;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(gateway("sslContextParameters=#tls&events=ACCESS")).to("mock:access");
            }
        };
    }

    @Test
    void terminalsConnectOverWss() throws Exception {
        SimulatedTerminal terminal = connect(SimulatedTerminal.builder("wss://127.0.0.1:" + port + "/door")
                .sn("TLS-1").trustAll(true));
        assertThat(result(terminal.sendAccessEvent("e-1", "u"))).isEqualTo("200");
        assertThat(received(getMockEndpoint("mock:access"), 1)).hasSize(1);
    }

    @Test
    void plainWebSocketIsNotAccepted() {
        SimulatedTerminal plain = SimulatedTerminal.builder(terminalUrl()).sn("PLAIN").build();
        try {
            assertThatThrownBy(() -> result(plain.connect())).isNotNull();
        } finally {
            plain.close();
        }
    }
}
