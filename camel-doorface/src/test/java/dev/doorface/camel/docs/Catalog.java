package dev.doorface.camel.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The component's catalog (doorface.json, written by camel-component-maven-plugin from the annotations) as the docs
 * need it: the component's own attributes and its options and headers in catalog order.
 */
final class Catalog {

    /** One option or header of the catalog. */
    record Entry(String name, String kind, String group, boolean required, String type, String javaType,
            String defaultValue, String description, List<String> enums, String constantName) {

        /** The Java type as Camel's pages show it: the simple name, without package or generics. */
        String simpleJavaType() {
            String t = javaType.replaceAll("<.*>", "");
            return t.substring(t.lastIndexOf('.') + 1);
        }
    }

    private final JsonNode root;

    private Catalog(JsonNode root) {
        this.root = root;
    }

    static Catalog read(Path json) throws IOException {
        return parse(Files.readString(json));
    }

    static Catalog parse(String json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        if (root == null || !root.path("component").isObject()) {
            throw new IOException("not a component catalog: no \"component\" object");
        }
        return new Catalog(root);
    }

    /** An attribute of the "component" object (scheme, title, description, firstVersion, ...), "" when absent. */
    String component(String attribute) {
        return root.path("component").path(attribute).asText("");
    }

    boolean componentFlag(String attribute) {
        return root.path("component").path(attribute).asBoolean(false);
    }

    List<Entry> componentOptions() {
        return entries("componentProperties", null);
    }

    List<Entry> pathOptions() {
        return entries("properties", "path");
    }

    List<Entry> queryOptions() {
        return entries("properties", "parameter");
    }

    List<Entry> headers() {
        return entries("headers", null);
    }

    /** Names of the options an endpoint URI may carry after the '?'. */
    Set<String> queryOptionNames() {
        Set<String> names = new LinkedHashSet<>();
        queryOptions().forEach(e -> names.add(e.name()));
        return names;
    }

    private List<Entry> entries(String section, String kind) {
        List<Entry> list = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.path(section).properties()) {
            JsonNode node = field.getValue();
            if (kind != null && !kind.equals(node.path("kind").asText())) {
                continue;
            }
            List<String> enums = new ArrayList<>();
            node.path("enum").forEach(v -> enums.add(v.asText()));
            JsonNode defaultValue = node.get("defaultValue");
            list.add(new Entry(field.getKey(), node.path("kind").asText(), node.path("group").asText(""),
                    node.path("required").asBoolean(false), node.path("type").asText(""),
                    node.path("javaType").asText(""), defaultValue == null ? "" : defaultValue.asText(),
                    node.path("description").asText(""), List.copyOf(enums), node.path("constantName").asText("")));
        }
        return list;
    }
}
