package dev.doorface.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ReportTest extends TerminalTestSupport {

    @Test
    void answersAreMatchedToReportsInTheOrderTheyWereSent() throws Exception {
        SimulatedTerminal t = connected(b -> b);
        List<CompletableFuture<String>> answers = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            switch (i % 4) {
                case 0 -> {
                    answers.add(t.sendAccessEvent("ok-" + i, "U" + i));
                    expected.add("200");
                }
                case 1 -> {
                    answers.add(t.sendAccessEvent("bad-" + i, "U" + i));
                    expected.add("500");
                }
                case 2 -> {
                    answers.add(t.sendHeartbeat());
                    expected.add("200");
                }
                default -> {
                    answers.add(t.sendRawReport("this is not JSON " + i));
                    expected.add("500");
                }
            }
        }
        List<String> codes = new ArrayList<>();
        for (CompletableFuture<String> a : answers) {
            codes.add(get(a));
        }
        assertThat(codes).containsExactlyElementsOf(expected);
    }

    @Test
    void reportsFromManyThreadsAreAllAnswered() throws Exception {
        SimulatedTerminal t = connected(b -> b);
        List<CompletableFuture<String>> answers = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int n = 0; n < 4; n++) {
            int thread = n;
            Thread th = new Thread(() -> {
                for (int i = 0; i < 50; i++) {
                    String id = (i % 2 == 0 ? "ok-" : "bad-") + thread + "-" + i;
                    answers.add(t.sendAccessEvent(id, "U").thenApply(code -> id + "=" + code));
                }
            });
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) {
            th.join(5000);
        }
        assertThat(answers).hasSize(200);
        for (CompletableFuture<String> a : answers) {
            String result = get(a);
            assertThat(result).matches(result.startsWith("ok-") ? ".*=200" : ".*=500");
        }
    }

    @Test
    void accessEventCarriesTheProtocolFieldsAsStrings() throws Exception {
        SimulatedTerminal t = connected(b -> b);
        byte[] jpeg = SampleImages.jpeg(5);
        assertThat(get(t.sendAccessEvent("20240115113644", "77986", "1", jpeg))).isEqualTo("200");

        JsonNode event = server.reports("207").get(0);
        assertThat(event.get("code").asText()).isEqualTo("207");
        JsonNode body = event.get("data");
        assertThat(body.get("eventid").asText()).isEqualTo("20240115113644");
        assertThat(body.get("type").isTextual()).isTrue();
        assertThat(body.get("type").asText()).isEqualTo("1");
        JsonNode data = body.get("data");
        assertThat(data.get("userId").asText()).isEqualTo("77986");
        assertThat(data.get("door").asText()).isEqualTo("1");
        assertThat(Base64.getDecoder().decode(data.get("img").asText())).isEqualTo(jpeg);
        assertThat(t.hasEvent("20240115113644")).isTrue();
    }

    @Test
    void shortAccessEventUsesDoor0AndAValidJpeg() throws Exception {
        SimulatedTerminal t = connected(b -> b);
        assertThat(get(t.sendAccessEvent("E-1", "U-1"))).isEqualTo("200");
        JsonNode data = server.reports("207").get(0).path("data").path("data");
        assertThat(data.get("door").asText()).isEqualTo("0");
        byte[] img = Base64.getDecoder().decode(data.get("img").asText());
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(img))).isNotNull();
    }

    @Test
    void serverFailureIsReportedAs500() throws Exception {
        SimulatedTerminal t = connected(b -> b);
        assertThat(get(t.sendAccessEvent("bad-1", "U"))).isEqualTo("500");
    }

    @Test
    void userAddedAtTheTerminalIsReportedAsType2WithSixFieldsAndStored() throws Exception {
        SimulatedTerminal t = connected(b -> b);
        SimUser user = new SimUser("lisi", "12384865", "1234", "李四", "0", SampleImages.jpegBase64(1));
        assertThat(get(t.sendUserAdded("E-2", user))).isEqualTo("200");

        JsonNode body = server.reports("207").get(0).get("data");
        assertThat(body.get("eventid").asText()).isEqualTo("E-2");
        assertThat(body.get("type").asText()).isEqualTo("2");
        JsonNode data = body.get("data");
        assertThat(data.get("user").asText()).isEqualTo("lisi");
        assertThat(data.get("userId").asText()).isEqualTo("12384865");
        assertThat(data.get("pwd").asText()).isEqualTo("1234");
        assertThat(data.get("name").asText()).isEqualTo("李四");
        assertThat(data.get("role").asText()).isEqualTo("0");
        assertThat(data.get("img").asText()).isEqualTo(user.img());
        assertThat(data.size()).isEqualTo(6);
        assertThat(t.users()).containsEntry("12384865", user);
    }

    @Test
    void rawTextIsSentAsIs() throws Exception {
        SimulatedTerminal t = connected(b -> b);
        server.answerMalformedReports = false;
        t.sendRawText("{\"code\":\"206\",\"data\":{\"time\":\"x\"}} trailing garbage");
        await().atMost(WAIT).until(() -> server.notJson.size() == 1);
        assertThat(server.notJson.get(0)).isEqualTo("{\"code\":\"206\",\"data\":{\"time\":\"x\"}} trailing garbage");
    }

    @Test
    void reportsFailWhenNotConnected() {
        SimulatedTerminal t = terminal(b -> b);
        assertThatThrownBy(() -> get(t.sendHeartbeat())).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("not connected");
        assertThatThrownBy(() -> t.sendRawText("x")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void largeMessagesGoBothWays() throws Exception {
        SimulatedTerminal t = connected(b -> b);
        byte[] big = new byte[3 * 1024 * 1024];
        new Random(1).nextBytes(big);
        assertThat(get(t.sendAccessEvent("big", "U", "0", big))).isEqualTo("200");
        JsonNode data = server.reports("207").get(0).path("data").path("data");
        assertThat(Base64.getDecoder().decode(data.get("img").asText())).isEqualTo(big);

        String bigImg = Base64.getEncoder().encodeToString(big);
        server.command("c-big", "addUser", "{\"user\":\"u\",\"userId\":\"1\",\"pwd\":\"p\",\"name\":\"n\",\"role\":\"0\",\"img\":\"" + bigImg + "\"}");
        assertThat(answerTo("c-big").get("code").asText()).isEqualTo("200");
        assertThat(t.users().get("1").img()).isEqualTo(bigImg);
    }
}
