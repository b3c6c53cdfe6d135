package dev.doorface.camel.docs;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Keeps src/main/docs/doorface-component.adoc in step with the catalog. {@code update} rewrites the generated
 * sections; {@code check} (run by {@code mvn verify}) fails when they differ from what the catalog gives, or when an
 * example names an option, Kamelet parameter or Spring Boot property that does not exist.
 * <p>
 * Usage: {@code update|check <doorface.json> <page.adoc> [<kamelets folder>]}, run by the exec-maven-plugin executions
 * update-docs and check-docs of camel-doorface's pom.
 */
public final class ComponentDoc {

    /** The one command that regenerates the page's tables, as the check's failure tells it. */
    public static final String REGENERATE = "mvn -B -q -pl camel-doorface process-test-classes exec:java@update-docs";

    private final Catalog catalog;
    private final Path page;
    private final Map<String, Set<String>> kameletParameters;

    ComponentDoc(Catalog catalog, Path page, Map<String, Set<String>> kameletParameters) {
        this.catalog = catalog;
        this.page = page;
        this.kameletParameters = kameletParameters;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3 || !Set.of("update", "check").contains(args[0])) {
            throw new IllegalArgumentException("usage: update|check <doorface.json> <page.adoc> [<kamelets folder>]");
        }
        Map<String, Set<String>> kamelets = args.length > 3 ? kameletParameters(Path.of(args[3])) : Map.of();
        ComponentDoc doc = new ComponentDoc(Catalog.read(Path.of(args[1])), Path.of(args[2]), kamelets);
        if ("update".equals(args[0])) {
            List<String> changed = doc.update();
            System.out.println(changed.isEmpty() ? page(args[2]) + " is up to date"
                    : "Updated " + page(args[2]) + ": " + String.join(", ", changed));
        } else {
            doc.check();
        }
        List<String> problems = doc.exampleProblems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException(page(args[2]) + ": examples name what the component does not have (fix the"
                                            + " example, or the option's annotation):\n  "
                                            + String.join("\n  ", problems));
        }
    }

    /** Rewrites the generated sections that differ; returns their names. */
    List<String> update() throws IOException {
        String text = Files.readString(page, StandardCharsets.UTF_8);
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, String> section : GeneratedSections.render(catalog).entrySet()) {
            if (!MarkedSections.between(text, section.getKey()).orElse("").equals(section.getValue().trim())) {
                text = MarkedSections.replace(text, section.getKey(), section.getValue());
                changed.add(section.getKey());
            }
        }
        if (!changed.isEmpty()) {
            Files.writeString(page, text, StandardCharsets.UTF_8);
        }
        return changed;
    }

    /** Fails, naming the stale sections and the command that regenerates them, unless every section is current. */
    void check() throws IOException {
        List<String> stale = staleSections();
        if (!stale.isEmpty()) {
            throw new IllegalStateException(page + " is out of date with the component's catalog (doorface.json): "
                                            + String.join(", ", stale) + ". Regenerate it with:\n    " + REGENERATE);
        }
    }

    /** Names of the generated sections whose text differs from the catalog's, or whose markers are missing. */
    List<String> staleSections() throws IOException {
        String text = Files.readString(page, StandardCharsets.UTF_8);
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, String> section : GeneratedSections.render(catalog).entrySet()) {
            var existing = MarkedSections.between(text, section.getKey());
            if (existing.isEmpty()) {
                stale.add(section.getKey() + " (markers '" + MarkedSections.start(section.getKey()) + "' and '"
                          + MarkedSections.end(section.getKey()) + "' missing)");
            } else if (!existing.get().equals(section.getValue().trim())) {
                stale.add(section.getKey());
            }
        }
        return stale;
    }

    List<String> exampleProblems() throws IOException {
        Set<String> spring = new LinkedHashSet<>(List.of("enabled", "customizer.enabled"));
        catalog.componentOptions().forEach(o -> spring.add(GeneratedSections.kebab(o.name())));
        return new ExampleNames(catalog.queryOptionNames(), spring, kameletParameters)
                .problems(Files.readString(page, StandardCharsets.UTF_8));
    }

    /** Each Kamelet's parameter names (spec.definition.properties), by Kamelet name, from its .kamelet.yaml file. */
    @SuppressWarnings("unchecked")
    static Map<String, Set<String>> kameletParameters(Path folder) throws IOException {
        Map<String, Set<String>> parameters = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.kamelet.yaml")) {
            for (Path file : files) {
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    Map<String, Object> kamelet = (Map<String, Object>) new Load(LoadSettings.builder().build())
                            .loadFromReader(in);
                    String name = (String) ((Map<String, Object>) kamelet.get("metadata")).get("name");
                    Map<String, Object> definition = (Map<String, Object>) ((Map<String, Object>) kamelet.get("spec"))
                            .get("definition");
                    parameters.put(name, new LinkedHashSet<>(((Map<String, Object>) definition.get("properties"))
                            .keySet()));
                }
            }
        }
        if (parameters.isEmpty()) {
            throw new IOException("no *.kamelet.yaml in " + folder);
        }
        return parameters;
    }

    private static String page(String path) {
        return Path.of(path).getFileName().toString();
    }
}
