package dev.doorface.camel.springboot;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IDE metadata the configuration processor generated covers every component option of the Camel catalog, with a
 * description, the same type and the same default: a component option added without its property fails here. The
 * README's Spring Boot section names every property.
 */
class ConfigurationMetadataTest {

    private static final String PREFIX = "camel.component.doorface.";

    private final ObjectMapper json = new ObjectMapper();

    private JsonNode catalog() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/dev/doorface/camel/doorface.json")) {
            assertThat(in).as("doorface.json of camel-doorface on the classpath").isNotNull();
            return json.readTree(in);
        }
    }

    /** This module's own metadata, as the build wrote it (other jars on the classpath carry theirs). */
    private Map<String, JsonNode> metadata() throws Exception {
        JsonNode root = json.readTree(
                Files.readString(Path.of("target/classes/META-INF/spring-configuration-metadata.json")));
        Map<String, JsonNode> byName = new HashMap<>();
        root.get("properties").forEach(p -> byName.put(p.get("name").asText(), p));
        return byName;
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    private static String boxed(String javaType) {
        return switch (javaType) {
            case "boolean" -> "java.lang.Boolean";
            case "int" -> "java.lang.Integer";
            case "long" -> "java.lang.Long";
            default -> javaType;
        };
    }

    @Test
    void everyCatalogComponentOptionHasADocumentedProperty() throws Exception {
        Map<String, JsonNode> metadata = metadata();
        assertThat(catalog().get("componentProperties").size()).isPositive();
        catalog().get("componentProperties").fields().forEachRemaining(option -> {
            String property = PREFIX + kebab(option.getKey());
            JsonNode entry = metadata.get(property);
            assertThat(entry).as(property).isNotNull();
            assertThat(entry.path("description").asText()).as(property + " description").isNotBlank();
            assertThat(entry.get("type").asText()).as(property + " type")
                    .isEqualTo(boxed(option.getValue().get("javaType").asText()));
            JsonNode catalogDefault = option.getValue().get("defaultValue");
            if (catalogDefault != null) {
                assertThat(entry.path("defaultValue").asText()).as(property + " default")
                        .isEqualTo(catalogDefault.asText());
            }
        });
    }

    @Test
    void theAutoConfigurationSwitchIsDocumented() throws Exception {
        JsonNode enabled = metadata().get(PREFIX + "enabled");
        assertThat(enabled).isNotNull();
        assertThat(enabled.path("description").asText()).contains("auto configuration");
    }

    @Test
    void noPropertyWithoutACatalogOption() throws Exception {
        JsonNode options = catalog().get("componentProperties");
        Map<String, String> byKebab = new HashMap<>();
        options.fieldNames().forEachRemaining(name -> byKebab.put(kebab(name), name));
        metadata().keySet().stream()
                .filter(name -> name.startsWith(PREFIX))
                .map(name -> name.substring(PREFIX.length()))
                .filter(name -> !name.equals("enabled") && !name.startsWith("customizer."))
                .forEach(name -> assertThat(byKebab).as("catalog option for " + PREFIX + name).containsKey(name));
    }

    @Test
    void theReadmeSpringBootSectionNamesEveryProperty() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        int start = readme.indexOf("### Spring Boot\n");
        assertThat(start).as("README has a Spring Boot section").isNotNegative();
        int end = readme.indexOf("\n### ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        metadata().keySet().stream().filter(name -> name.startsWith(PREFIX))
                .forEach(name -> assertThat(section).as("README Spring Boot section names " + name)
                        .contains("`" + name + "`"));
    }
}
