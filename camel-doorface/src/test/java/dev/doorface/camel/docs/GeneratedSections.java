package dev.doorface.camel.docs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The generated parts of the component's AsciiDoc page, by marker name, rendered from the catalog in the layout of
 * Apache Camel's component pages: the header attributes, the Maven dependency, the component and endpoint option tables,
 * the message headers and the Spring Boot properties.
 */
final class GeneratedSections {

    static final String HEADER = "header";
    static final String MAVEN = "maven dependency";
    static final String COMPONENT_OPTIONS = "component options";
    static final String ENDPOINT_OPTIONS = "endpoint options";
    static final String HEADERS = "component headers";
    static final String SPRING_BOOT = "spring-boot-auto-configure options";
    static final String KAMELETS = "kamelet options";

    private static final String TABLE = "[width=\"100%\",cols=\"2,5,^1,2\",options=\"header\"]\n|===\n"
                                        + "| Name | Description | Default | Type\n";

    private GeneratedSections() {
    }

    /** Every generated section, in the order they appear on the page; the Kamelets' only when there are some. */
    static Map<String, String> render(Catalog catalog, List<Kamelets.Kamelet> kamelets) {
        Map<String, String> sections = new LinkedHashMap<>();
        sections.put(HEADER, header(catalog));
        sections.put(MAVEN, maven(catalog));
        sections.put(COMPONENT_OPTIONS, componentOptions(catalog));
        sections.put(ENDPOINT_OPTIONS, endpointOptions(catalog));
        sections.put(HEADERS, headers(catalog));
        sections.put(SPRING_BOOT, springBoot(catalog));
        if (!kamelets.isEmpty()) {
            sections.put(KAMELETS, kamelets(kamelets));
        }
        return sections;
    }

    /** The document title and attributes, as Camel's update-readme goal writes them. */
    static String header(Catalog catalog) {
        return "= " + catalog.component("title") + " Component\n"
               + ":doctitle: " + catalog.component("title") + "\n"
               + ":shortname: " + catalog.component("scheme") + "\n"
               + ":artifactid: " + catalog.component("artifactId") + "\n"
               + ":description: " + catalog.component("description") + "\n"
               + ":since: " + shortVersion(catalog.component("firstVersion")) + "\n"
               + ":supportlevel: " + catalog.component("supportLevel") + "\n"
               + ":tabs-sync-option:\n"
               + ":component-header: " + componentHeader(catalog);
    }

    static String maven(Catalog catalog) {
        return "[source,xml]\n"
               + "----\n"
               + "<dependency>\n"
               + "    <groupId>" + catalog.component("groupId") + "</groupId>\n"
               + "    <artifactId>" + catalog.component("artifactId") + "</artifactId>\n"
               + "    <version>" + catalog.component("version") + "</version>\n"
               + "</dependency>\n"
               + "----";
    }

    static String componentOptions(Catalog catalog) {
        List<Catalog.Entry> options = catalog.componentOptions();
        return "=== Component Options\n\n"
               + "The " + catalog.component("title") + " component supports " + count(options.size(), "option")
               + ", which are listed below.\n\n"
               + table(options);
    }

    static String endpointOptions(Catalog catalog) {
        List<Catalog.Entry> path = catalog.pathOptions();
        List<Catalog.Entry> query = catalog.queryOptions();
        return "=== Endpoint Options\n\n"
               + "The " + catalog.component("title") + " endpoint is configured using URI syntax:\n\n"
               + "----\n" + catalog.component("syntax") + "\n----\n\n"
               + "With the following path and query parameters:\n\n"
               + "==== Path Parameters (" + count(path.size(), "parameter") + ")\n\n"
               + table(path) + "\n\n"
               + "==== Query Parameters (" + count(query.size(), "parameter") + ")\n\n"
               + table(query);
    }

    static String headers(Catalog catalog) {
        List<Catalog.Entry> headers = catalog.headers();
        StringBuilder out = new StringBuilder("=== Message Headers\n\n")
                .append("The ").append(catalog.component("title")).append(" component supports ")
                .append(count(headers.size(), "message header")).append(", which are listed below.\n\n")
                .append(TABLE);
        for (Catalog.Entry h : headers) {
            String constant = h.constantName().isEmpty() ? ""
                    : " +\nConstant: `" + h.constantName().substring(h.constantName().lastIndexOf('.') + 1)
                            .replace('#', '.') + "`";
            out.append("| *").append(h.name()).append("* (").append(h.group()).append(")").append(constant)
                    .append(" | ").append(description(h)).append(" | ").append(cell(h.defaultValue()))
                    .append(" | ").append(cell(h.simpleJavaType())).append('\n');
        }
        return out.append("|===").toString();
    }

    /**
     * The starter's properties: one per component option, in kebab case, plus the two switches every Camel starter
     * has. The starter's own test holds its configuration class to the same list.
     */
    static String springBoot(Catalog catalog) {
        String prefix = "camel.component." + catalog.component("scheme") + ".";
        List<Catalog.Entry> options = catalog.componentOptions();
        StringBuilder out = new StringBuilder("The starter supports ").append(count(options.size() + 2, "option"))
                .append(", which are listed below.\n\n").append(TABLE)
                .append("| *").append(prefix).append("customizer.enabled* | Whether to enable the starter's ")
                .append("customizer, which sets the component's options from these properties. |  | Boolean\n")
                .append("| *").append(prefix).append("enabled* | Whether to enable auto configuration of the ")
                .append(catalog.component("scheme")).append(" component. This is enabled by default. |  | Boolean\n");
        for (Catalog.Entry o : options) {
            String type = "object".equals(o.type()) ? o.javaType() : boxed(o.simpleJavaType());
            String description = description(o)
                                 + ("object".equals(o.type()) ? " The option is a " + o.javaType()
                                                                + " type: name a bean as #beanName." : "");
            out.append("| *").append(prefix).append(kebab(o.name())).append("* | ").append(description)
                    .append(" | ").append(cell(o.defaultValue())).append(" | ").append(type).append('\n');
        }
        return out.append("|===").toString();
    }

    /** Each Kamelet's description and parameters, as the Kamelet catalog's pages show them. */
    static String kamelets(List<Kamelets.Kamelet> kamelets) {
        StringBuilder out = new StringBuilder();
        for (Kamelets.Kamelet k : kamelets) {
            out.append("==== ").append(k.name()).append("\n\n")
                    .append("*").append(k.title()).append("* (").append(k.kind()).append("). ")
                    .append(cell(k.description())).append("\n\n")
                    .append("The ").append(k.name()).append(" Kamelet supports ")
                    .append(count(k.parameters().size(), "parameter")).append(", which are listed below.\n\n")
                    .append("[width=\"100%\",cols=\"2,2,5,^1,^1,^1\",options=\"header\"]\n|===\n")
                    .append("| Property | Name | Description | Type | Default | Example\n");
            for (Kamelets.Parameter p : k.parameters()) {
                out.append("| *").append(p.name()).append("* | ").append(cell(p.title())).append(" | ")
                        .append(p.required() ? "*Required* " : "").append(cell(p.description())).append(" | ")
                        .append(cell(p.type())).append(" | ").append(cell(p.defaultValue())).append(" | ")
                        .append(cell(p.example())).append('\n');
            }
            out.append("|===\n\n");
        }
        return out.toString().trim();
    }

    static String kebab(String camelCase) {
        return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String table(List<Catalog.Entry> entries) {
        StringBuilder out = new StringBuilder(TABLE);
        for (Catalog.Entry e : entries) {
            out.append("| *").append(e.name()).append("*");
            if (!e.group().isEmpty() && !"common".equals(e.group())) {
                out.append(" (").append(e.group().replace(" (advanced)", ", advanced")).append(")");
            }
            out.append(" | ").append(description(e)).append(" | ").append(cell(e.defaultValue()))
                    .append(" | ").append(cell(e.simpleJavaType())).append('\n');
        }
        return out.append("|===").toString();
    }

    private static String description(Catalog.Entry e) {
        String text = (e.required() ? "*Required* " : "") + cell(e.description());
        if (!e.enums().isEmpty()) {
            text += " Enum values: " + e.enums().stream().map(v -> "`" + v + "`").collect(Collectors.joining(", "))
                    + ".";
        }
        return text;
    }

    /**
     * Text safe in a table cell: a '|' would end the cell, a '{' could start an attribute reference and a '*' bold
     * text (written as Asciidoctor's built-in attribute asterisk).
     */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("{", "\\{").replace("*", "{asterisk}").trim();
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String boxed(String type) {
        return switch (type) {
            case "boolean" -> "Boolean";
            case "int" -> "Integer";
            case "long" -> "Long";
            case "double" -> "Double";
            default -> type;
        };
    }

    /** As Camel's catalog shows a first version: major.minor. */
    private static String shortVersion(String version) {
        String[] parts = version.split("\\.");
        return parts.length > 2 ? parts[0] + "." + parts[1] : version;
    }

    private static String componentHeader(Catalog catalog) {
        if (catalog.componentFlag("consumerOnly")) {
            return "Only consumer is supported";
        }
        if (catalog.componentFlag("producerOnly")) {
            return "Only producer is supported";
        }
        return "Both producer and consumer are supported";
    }
}
