package dev.doorface.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimulatedTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The curl examples of the README's REST API section, read from README.md and sent as curl sends them (method,
 * headers, curl's default form Content-Type for {@code -d}, {@code -d @file}, cookie jars) to a gateway with
 * terminal SN123, a terminal SN456 that is gone and HR import 1: every one is answered 200.
 */
class ReadmeCurlExamplesTest {

    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\(([^)]*)\\)|\\$([A-Za-z_][A-Za-z0-9_]*)");

    @TempDir
    Path dataDir;
    @TempDir
    Path workDir;

    @Test
    void everyCurlExampleOfTheRestApiSectionWorksAsWritten() throws Exception {
        String section = restApiSection();
        assertThat(section).as("the README tells how to set TOKEN").contains("TOKEN=$(cat data/api-token)");
        List<String> examples = curlLines(section);
        assertThat(examples).hasSizeGreaterThanOrEqualTo(11);

        Files.write(workDir.resolve("ada.jpg"), SampleImages.jpeg(71));
        Files.write(workDir.resolve("face.jpg"), SampleImages.jpeg(72));
        Files.writeString(workDir.resolve("user.json"), "{\"user\":\"ada\",\"userId\":\"1001\",\"pwd\":\"1234\","
                + "\"name\":\"Ada\",\"role\":\"0\",\"img\":\"" + SampleImages.jpegBase64(71) + "\"}\n");

        try (TestGateway gateway = TestGateway.start(dataDir);
             SimulatedTerminal sim = SimulatedTerminal.builder(gateway.wsUrl()).sn("SN123").build()) {
            sim.connect().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> gateway.get("/api/devices").body().contains("SN123"));
            assertThat(sim.sendAccessEvent("20240101120000001", "1001").get(10, TimeUnit.SECONDS)).isEqualTo("200");
            // SN456: a terminal that is gone (known, offline)
            try (SimulatedTerminal gone = SimulatedTerminal.builder(gateway.wsUrl()).sn("SN456").build()) {
                gone.connect().get(10, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(30)).until(() -> online(gateway, "SN456"));
                gone.disconnect().get(10, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> !online(gateway, "SN456"));
            // HR import 1: a file of one row, applied to SN123 and queued for SN456
            Path inbox = dataDir.resolve(HrImport.INBOX);
            Files.write(inbox.resolve("g.jpg"), SampleImages.jpeg(73));
            Files.writeString(dataDir.resolve("staff.part"), "action,userId,user,name,pwd,role,photo\n"
                                                              + "add,2002,grace,Grace,1234,0,g.jpg\n");
            Files.move(dataDir.resolve("staff.part"), inbox.resolve("staff.csv"));
            await().atMost(Duration.ofSeconds(30)).until(() -> gateway.get("/api/hr-imports/1").body()
                    .contains("\"state\":\"done\""));

            // the health example answers 200 once every route is ready: the HR file consumer after its first poll
            await().atMost(Duration.ofSeconds(30)).until(() -> gateway.get("/observe/health").statusCode() == 200);
            Map<String, String> variables = Map.of("TOKEN", gateway.token());
            Map<String, String> cookieJars = new HashMap<>();
            for (String example : examples) {
                HttpResponse<String> response = curl(gateway, words(example, variables), cookieJars);
                assertThat(response.statusCode()).as("%s%n  answered %s", example, response.body()).isEqualTo(200);
                assertThat(response.body()).as(example).doesNotContain("\"ok\":false");
            }
            // what the examples did
            assertThat(sim.users()).doesNotContainKey("1001");
            assertThat(sim.receivedCommands()).hasSizeGreaterThanOrEqualTo(9);
        }
    }

    private static boolean online(TestGateway gateway, String sn) throws Exception {
        for (var device : TestGateway.json(gateway.get("/api/devices"))) {
            if (sn.equals(device.get("sn").asText())) {
                return device.get("online").asBoolean();
            }
        }
        return false;
    }

    /** The text of README.md from "### REST API" to the next heading of that level. */
    static String restApiSection() throws Exception {
        String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("### REST API\n");
        assertThat(start).as("README has a REST API section").isNotNegative();
        int end = readme.indexOf("\n### ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    /** Each curl command of the section's sh blocks, continuation lines joined. */
    static List<String> curlLines(String section) {
        List<String> commands = new ArrayList<>();
        Matcher blocks = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL).matcher(section);
        while (blocks.find()) {
            String joined = blocks.group(1).replace("\\\n", " ");
            for (String line : joined.split("\n")) {
                if (line.trim().startsWith("curl ")) {
                    commands.add(line.trim());
                }
            }
        }
        return commands;
    }

    /** Shell words: '...' literal, "..." with $VAR and $(...) expanded, the same unquoted; adjacent parts joined. */
    List<String> words(String line, Map<String, String> variables) throws Exception {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                continue;
            }
            word = word == null ? new StringBuilder() : word;
            if (c == '\'') {
                int close = line.indexOf('\'', i + 1);
                word.append(line, i + 1, close);
                i = close;
            } else if (c == '"') {
                int close = line.indexOf('"', i + 1);
                word.append(expand(line.substring(i + 1, close), variables));
                i = close;
            } else {
                int end = i;
                while (end < line.length() && !Character.isWhitespace(line.charAt(end))
                       && line.charAt(end) != '\'' && line.charAt(end) != '"') {
                    end = line.charAt(end) == '$' && end + 1 < line.length() && line.charAt(end + 1) == '('
                            ? line.indexOf(')', end) + 1 : end + 1;
                }
                word.append(expand(line.substring(i, end), variables));
                i = end - 1;
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    private String expand(String text, Map<String, String> variables) throws Exception {
        Matcher m = SUBSTITUTION.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value;
            if (m.group(1) != null) {
                String[] command = m.group(1).trim().split("\\s+");
                assertThat(command[0]).as("command substitution in the README: %s", m.group()).isEqualTo("base64");
                value = Base64.getEncoder().encodeToString(Files.readAllBytes(workDir.resolve(
                        command[command.length - 1])));
            } else {
                value = variables.get(m.group(2));
                assertThat(value).as("variable %s is set", m.group(2)).isNotNull();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The request curl sends for these words (the options the README uses), to the test gateway's port. */
    private HttpResponse<String> curl(TestGateway gateway, List<String> words, Map<String, String> cookieJars)
            throws Exception {
        String method = null;
        String data = null;
        String url = null;
        String saveCookiesTo = null;
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i);
            switch (w) {
                case "-X" -> method = words.get(++i);
                case "-H" -> {
                    String[] header = words.get(++i).split(":", 2);
                    headers.put(header[0].trim(), header[1].trim());
                }
                case "-d" -> {
                    String d = words.get(++i);
                    // like curl: -d @file reads the file without its line breaks
                    data = d.startsWith("@") ? Files.readString(workDir.resolve(d.substring(1)))
                            .replace("\r", "").replace("\n", "") : d;
                }
                case "-c" -> saveCookiesTo = words.get(++i);
                case "-b" -> headers.put("Cookie", cookieJars.get(words.get(++i)));
                default -> {
                    assertThat(w).as("a curl option this test does not know").doesNotStartWith("-");
                    url = w;
                }
            }
        }
        if (data != null) {
            method = method == null ? "POST" : method;
            headers.putIfAbsent("Content-Type", "application/x-www-form-urlencoded");
        }
        method = method == null ? "GET" : method;
        assertThat(url).startsWith("http://localhost:8080/");
        URI uri = URI.create(url.replace("http://localhost:8080", "http://127.0.0.1:" + gateway.apiPort));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).method(method,
                data == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(data));
        headers.forEach(request::header);
        HttpResponse<String> response = gateway.sendAsIs(request.build());
        if (saveCookiesTo != null) {
            String setCookie = response.headers().firstValue("Set-Cookie").orElse("");
            cookieJars.put(saveCookiesTo, setCookie.contains(";") ? setCookie.substring(0, setCookie.indexOf(';'))
                    : setCookie);
        }
        return response;
    }
}
