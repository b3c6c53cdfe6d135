package dev.doorface.camel.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern OWN_DEPENDENCY = Pattern.compile(
            "<groupId>dev\\.doorface</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>");

    private final Catalog catalog;
    private final Path page;
    private final List<Kamelets.Kamelet> kamelets;

    ComponentDoc(Catalog catalog, Path page, List<Kamelets.Kamelet> kamelets) {
        this.catalog = catalog;
        this.page = page;
        this.kamelets = kamelets;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3 || !Set.of("update", "check").contains(args[0])) {
            throw new IllegalArgumentException("usage: update|check <doorface.json> <page.adoc> [<kamelets folder>]");
        }
        List<Kamelets.Kamelet> kamelets = args.length > 3 ? Kamelets.read(Path.of(args[3])) : List.of();
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
        for (Map.Entry<String, String> section : GeneratedSections.render(catalog, kamelets).entrySet()) {
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
        for (Map.Entry<String, String> section : GeneratedSections.render(catalog, kamelets).entrySet()) {
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
        String text = Files.readString(page, StandardCharsets.UTF_8);
        Set<String> spring = new LinkedHashSet<>(List.of("enabled", "customizer.enabled"));
        catalog.componentOptions().forEach(o -> spring.add(GeneratedSections.kebab(o.name())));
        List<String> problems = new ArrayList<>(
                new ExampleNames(catalog.queryOptionNames(), spring, kameletParameters()).problems(text));
        // the starter's and the Kamelets' dependency blocks are written by hand: they must name this version
        Matcher m = OWN_DEPENDENCY.matcher(text);
        while (m.find()) {
            if (!m.group(2).equals(catalog.component("version"))) {
                problems.add("dependency " + m.group(1) + " has version " + m.group(2) + ", the project is at "
                             + catalog.component("version"));
            }
        }
        return problems;
    }

    private Map<String, Set<String>> kameletParameters() {
        Map<String, Set<String>> parameters = new TreeMap<>();
        kamelets.forEach(k -> parameters.put(k.name(), k.parameterNames()));
        return parameters;
    }

    private static String page(String path) {
        return Path.of(path).getFileName().toString();
    }
}
