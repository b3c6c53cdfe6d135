package dev.doorface.camel.docs;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The doorface Kamelets (camel-doorface-kamelets' *.kamelet.yaml files) as the docs need them. */
final class Kamelets {

    record Parameter(String name, String title, String description, String type, String defaultValue, String example,
            boolean required) {
    }

    record Kamelet(String name, String title, String kind, String description, List<Parameter> parameters) {

        Set<String> parameterNames() {
            Set<String> names = new LinkedHashSet<>();
            parameters.forEach(p -> names.add(p.name()));
            return names;
        }
    }

    private Kamelets() {
    }

    /** Every Kamelet of the folder, by name. */
    static List<Kamelet> read(Path folder) throws IOException {
        List<Kamelet> kamelets = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.kamelet.yaml")) {
            for (Path file : files) {
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    kamelets.add(parse(new Load(LoadSettings.builder().build()).loadFromReader(in)));
                }
            }
        }
        if (kamelets.isEmpty()) {
            throw new IOException("no *.kamelet.yaml in " + folder);
        }
        kamelets.sort(Comparator.comparing(Kamelet::name));
        return kamelets;
    }

    private static Kamelet parse(Object yaml) {
        Map<String, Object> metadata = map(map(yaml).get("metadata"));
        Map<String, Object> definition = map(map(map(yaml).get("spec")).get("definition"));
        List<?> required = definition.get("required") instanceof List<?> list ? list : List.of();
        List<Parameter> parameters = new ArrayList<>();
        for (Map.Entry<String, Object> p : map(definition.get("properties")).entrySet()) {
            Map<String, Object> property = map(p.getValue());
            parameters.add(new Parameter(p.getKey(), text(property.get("title")), text(property.get("description")),
                    text(property.get("type")), text(property.get("default")), text(property.get("example")),
                    required.contains(p.getKey())));
        }
        return new Kamelet(text(metadata.get("name")), text(definition.get("title")),
                text(map(metadata.get("labels")).get("camel.apache.org/kamelet.type")),
                text(definition.get("description")), List.copyOf(parameters));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return node instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String text(Object value) {
        return Objects.toString(value, "").trim();
    }
}
