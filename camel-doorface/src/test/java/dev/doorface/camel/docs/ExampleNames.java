package dev.doorface.camel.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the option names the page's examples use and lists those that do not exist, so that an example cannot teach an
 * option the component does not have: query options of {@code doorface:} URIs (Java strings, prose and YAML
 * {@code parameters:}), parameters of the doorface Kamelets, and {@code camel.component.doorface.*} Spring Boot
 * properties.
 */
final class ExampleNames {

    /** A query string up to the end of its string literal or code span; a RAW(...) value may hold any character. */
    private static final String QUERY = "((?:RAW\\([^)]*\\)|[^\\s\"'`)])*)";
    private static final Pattern DOORFACE_QUERY = Pattern.compile("(?<![\\w.-])doorface:[^\\s\"'`?\\[]*\\?" + QUERY);
    private static final Pattern KAMELET_QUERY = Pattern.compile("kamelet:(doorface-source|doorface-sink)\\?" + QUERY);
    private static final Pattern YAML_URI = Pattern.compile("^(\\s*)(?:- )?uri:\\s*\"?(doorface:|kamelet:)([\\w-]*)");
    private static final Pattern YAML_KEY = Pattern.compile("^(\\s*)([A-Za-z][\\w-]*):");
    private static final Pattern PIPE_PROPERTIES = Pattern.compile(
            "name:\\s*(doorface-source|doorface-sink)\\s*}?\\s*\\n\\s*properties:\\s*\\{([^}]*)}");
    private static final Pattern SPRING_PROPERTY = Pattern.compile(
            "camel\\.component\\.doorface\\.([a-z][a-z0-9-]*(?:\\.[a-z][a-z0-9-]*)*)");
    private static final Pattern RAW_VALUE = Pattern.compile("RAW\\([^)]*\\)");

    private final Set<String> queryOptions;
    private final Set<String> springProperties;
    private final Map<String, Set<String>> kameletParameters;

    /**
     * @param queryOptions      the endpoint's query options
     * @param springProperties  the starter's property names after {@code camel.component.doorface.}
     * @param kameletParameters each doorface Kamelet's parameter names, by Kamelet name
     */
    ExampleNames(Set<String> queryOptions, Set<String> springProperties, Map<String, Set<String>> kameletParameters) {
        this.queryOptions = queryOptions;
        this.springProperties = springProperties;
        this.kameletParameters = kameletParameters;
    }

    /** One line per unknown name, with the line of the page it is on; empty when every name exists. */
    List<String> problems(String page) {
        List<String> problems = new ArrayList<>();
        Matcher m = DOORFACE_QUERY.matcher(page);
        while (m.find()) {
            for (String name : queryNames(m.group(1))) {
                check(problems, page, m.start(), name, queryOptions, "an option of the doorface endpoint");
            }
        }
        m = KAMELET_QUERY.matcher(page);
        while (m.find()) {
            for (String name : queryNames(m.group(2))) {
                check(problems, page, m.start(), name, kamelet(m.group(1)), "a parameter of Kamelet " + m.group(1));
            }
        }
        m = PIPE_PROPERTIES.matcher(page);
        while (m.find()) {
            for (String pair : m.group(2).split(",")) {
                String name = pair.split(":", 2)[0].trim();
                check(problems, page, m.start(2), name, kamelet(m.group(1)), "a parameter of Kamelet " + m.group(1));
            }
        }
        m = SPRING_PROPERTY.matcher(page);
        while (m.find()) {
            check(problems, page, m.start(), m.group(1), springProperties, "a property of the Spring Boot starter");
        }
        yamlParameters(page, problems);
        return problems;
    }

    /** The keys of a YAML {@code parameters:} block that belongs to a doorface or doorface Kamelet uri. */
    private void yamlParameters(String page, List<String> problems) {
        String[] lines = page.split("\n", -1);
        int offset = 0;
        int[] offsets = new int[lines.length];
        for (int i = 0; i < lines.length; i++) {
            offsets[i] = offset;
            offset += lines[i].length() + 1;
        }
        for (int i = 0; i < lines.length; i++) {
            Matcher uri = YAML_URI.matcher(lines[i]);
            if (!uri.find()) {
                continue;
            }
            int indent = uri.group(1).length() + (lines[i].trim().startsWith("- ") ? 2 : 0);
            Set<String> known;
            String what;
            if ("doorface:".equals(uri.group(2))) {
                known = queryOptions;
                what = "an option of the doorface endpoint";
            } else if (kameletParameters.containsKey(uri.group(3))) {
                known = kamelet(uri.group(3));
                what = "a parameter of Kamelet " + uri.group(3);
            } else {
                continue;
            }
            for (int j = i + 1; j < lines.length; j++) {
                Matcher key = YAML_KEY.matcher(lines[j]);
                if (lines[j].isBlank() || !key.find() || key.group(1).length() < indent) {
                    break;
                }
                if (key.group(1).length() == indent && "parameters".equals(key.group(2))) {
                    int childIndent = -1;
                    for (int k = j + 1; k < lines.length; k++) {
                        Matcher child = YAML_KEY.matcher(lines[k]);
                        if (lines[k].isBlank() || !child.find() || child.group(1).length() <= indent) {
                            break;
                        }
                        if (childIndent < 0) {
                            childIndent = child.group(1).length();
                        }
                        if (child.group(1).length() == childIndent) {
                            check(problems, page, offsets[k], child.group(2), known, what);
                        }
                    }
                    break;
                }
            }
        }
    }

    private Set<String> kamelet(String name) {
        return kameletParameters.getOrDefault(name, Set.of());
    }

    private static List<String> queryNames(String query) {
        List<String> names = new ArrayList<>();
        for (String pair : RAW_VALUE.matcher(query).replaceAll("x").split("&")) {
            String name = pair.split("=", 2)[0].trim();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    private static void check(List<String> problems, String page, int at, String name, Set<String> known, String what) {
        if (!known.contains(name)) {
            problems.add("line " + lineOf(page, at) + ": '" + name + "' is not " + what);
        }
    }

    private static int lineOf(String page, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (page.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
