package dev.doorface.kamelets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each Kamelet is in the standard layout, its template uses exactly the parameters it declares, and every parameter
 * that passes a component option on agrees with the component's catalog (default, allowed values, secrecy), so the
 * Kamelets cannot drift from the component silently.
 */
class KameletDefinitionTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\??([A-Za-z0-9]+)}}");

    @ParameterizedTest
    @CsvSource({ "doorface-source, source, out", "doorface-sink, sink, in" })
    @SuppressWarnings("unchecked")
    void layoutParametersAndCatalogAgree(String name, String type, String direction) throws IOException {
        String text = classpathText("/kamelets/" + name + ".kamelet.yaml");
        Map<String, Object> kamelet =
                (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);

        assertThat(kamelet).containsEntry("apiVersion", "camel.apache.org/v1").containsEntry("kind", "Kamelet");
        Map<String, Object> metadata = (Map<String, Object>) kamelet.get("metadata");
        assertThat(metadata).containsEntry("name", name);
        assertThat((Map<String, Object>) metadata.get("labels")).containsEntry("camel.apache.org/kamelet.type", type);
        assertThat((Map<String, Object>) metadata.get("annotations")).containsKeys("camel.apache.org/kamelet.icon",
                "camel.apache.org/provider", "camel.apache.org/kamelet.support.level");

        Map<String, Object> spec = (Map<String, Object>) kamelet.get("spec");
        assertThat((List<String>) spec.get("dependencies")).contains("camel:kamelet",
                "mvn:dev.doorface:camel-doorface:" + System.getProperty("doorface.version"));
        assertThat(text).doesNotContain("@project.version@");
        Map<String, Object> types = (Map<String, Object>) spec.get("types");
        assertThat((Map<String, Object>) types.get(direction)).containsEntry("mediaType", "application/json");

        Map<String, Object> definition = (Map<String, Object>) spec.get("definition");
        assertThat(definition.get("title")).isNotNull();
        assertThat(definition.get("description")).isNotNull();
        Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) definition.get("properties");
        assertThat(properties.keySet()).containsAll((List<String>) definition.get("required"));

        Set<String> used = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text.substring(text.indexOf("\n  template:")));
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(used).as("parameters the template uses").isEqualTo(new TreeSet<>(properties.keySet()));

        JsonNode catalog = catalogProperties();
        properties.forEach((parameter, declared) -> {
            assertThat(declared.get("title")).as(parameter + " title").isNotNull();
            assertThat((String) declared.get("description")).as(parameter + " description").isNotBlank();
            JsonNode option = catalog.get(parameter);
            assertThat(option).as(parameter + " is a doorface option").isNotNull();
            if (option.has("defaultValue")) {
                assertThat(String.valueOf(declared.get("default"))).as(parameter + " default")
                        .isEqualTo(option.get("defaultValue").asText());
            }
            if (declared.containsKey("enum")) {
                assertThat(textList(option.path("enum")))
                        .as(parameter + " allowed values").containsAll((List<String>) declared.get("enum"));
            }
            boolean secret = option.path("secret").asBoolean(false);
            assertThat("password".equals(declared.get("format"))).as(parameter + " is masked when secret")
                    .isEqualTo(secret);
        });
    }

    private static List<String> textList(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static JsonNode catalogProperties() throws IOException {
        String resource = "/META-INF/dev/doorface/camel/doorface.json";
        try (InputStream in = KameletDefinitionTest.class.getResourceAsStream(resource)) {
            assertThat(in).as("the component's catalog on the classpath").isNotNull();
            return new ObjectMapper().readTree(in).get("properties");
        }
    }

    private static String classpathText(String resource) throws IOException {
        try (InputStream in = KameletDefinitionTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource + " on the classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
