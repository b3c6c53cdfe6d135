package dev.doorface.gateway;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;

/**
 * Writes a REST response body as JSON without any {@code pwd}: terminals answer selectUser (and may answer anything)
 * with users' passwords, which the API never hands out. The key is removed at every depth, whatever its case.
 */
final class ApiJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final String PASSWORD = "pwd";

    private ApiJson() {
    }

    static void write(Exchange exchange) throws IOException {
        JsonNode tree = MAPPER.valueToTree(exchange.getMessage().getBody());
        withoutPasswords(tree);
        exchange.getMessage().setBody(MAPPER.writeValueAsBytes(tree));
    }

    static void withoutPasswords(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (PASSWORD.equalsIgnoreCase(field.getKey())) {
                    fields.remove();
                } else {
                    withoutPasswords(field.getValue());
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(ApiJson::withoutPasswords);
        }
    }
}
