package dev.doorface.camel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every option and header in the generated catalog has a description and appears in the README, so the two cannot
 * drift apart silently.
 */
class DocumentationTest {

    @Test
    void catalogIsCompleteAndTheReadmeNamesEveryOptionAndHeader() throws IOException {
        JsonNode catalog;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/dev/doorface/camel/doorface.json")) {
            assertThat(in).as("generated doorface.json on the classpath").isNotNull();
            catalog = new ObjectMapper().readTree(in);
        }
        String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
        for (String section : new String[] { "properties", "headers" }) {
            for (Iterator<String> names = catalog.get(section).fieldNames(); names.hasNext();) {
                String name = names.next();
                JsonNode entry = catalog.get(section).get(name);
                assertThat(entry.path("description").asText()).as(name + " description").isNotBlank();
                if (java.util.Set.of("bridgeErrorHandler", "lazyStartProducer", "exceptionHandler", "exchangePattern")
                        .contains(name)) {
                    continue; // Camel's own standard options are documented by Camel
                }
                assertThat(readme).as("README mentions " + name).contains("`" + name + "`");
            }
        }
    }
}
