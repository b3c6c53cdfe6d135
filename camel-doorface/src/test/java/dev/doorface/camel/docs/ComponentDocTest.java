package dev.doorface.camel.docs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The page generator and its build check on a small catalog of their own: tables in Camel's layout, update then check,
 * the failure that names the command, and examples naming options that do not exist.
 */
class ComponentDocTest {

    private static final String CATALOG = """
            {
              "component": { "kind": "component", "name": "door", "title": "Door", "description": "Doors.",
                "firstVersion": "1.2.3", "supportLevel": "Preview", "groupId": "dev.example", "artifactId": "camel-door",
                "version": "1.2.3", "scheme": "door", "syntax": "door:host:port", "consumerOnly": false,
                "producerOnly": false },
              "componentProperties": {
                "vertx": { "kind": "property", "group": "advanced", "type": "object", "javaType": "io.vertx.core.Vertx",
                  "description": "The Vert.x instance." }
              },
              "headers": {
                "CamelDoorSn": { "kind": "header", "group": "common", "javaType": "String",
                  "description": "The terminal.", "constantName": "dev.example.DoorConstants#SN" }
              },
              "properties": {
                "host": { "kind": "path", "group": "common", "required": true, "type": "string",
                  "javaType": "java.lang.String", "description": "Host." },
                "port": { "kind": "path", "group": "common", "required": true, "type": "integer", "javaType": "int",
                  "description": "Port." },
                "mode": { "kind": "parameter", "group": "producer (advanced)", "type": "enum", "javaType": "java.lang.String",
                  "enum": ["a", "b"], "defaultValue": "a", "description": "Either a | b, see {mode}." }
              }
            }
            """;

    private static final String PAGE = """
            // header: START
            // header: END

            // maven dependency: START
            // maven dependency: END

            // component options: START
            // component options: END

            // endpoint options: START
            // endpoint options: END

            // component headers: START
            // component headers: END

            // spring-boot-auto-configure options: START
            // spring-boot-auto-configure options: END
            """;

    @TempDir
    Path dir;

    @Test
    void rendersTheTablesInTheLayoutOfCamelsComponentPages() throws Exception {
        Map<String, String> sections = GeneratedSections.render(Catalog.parse(CATALOG), List.of());

        assertThat(sections.get(GeneratedSections.HEADER)).startsWith("= Door Component\n:doctitle: Door\n")
                .contains(":artifactid: camel-door\n", ":since: 1.2\n", ":supportlevel: Preview\n",
                        ":component-header: Both producer and consumer are supported");
        assertThat(sections.get(GeneratedSections.MAVEN)).contains("<groupId>dev.example</groupId>",
                "<artifactId>camel-door</artifactId>", "<version>1.2.3</version>");
        assertThat(sections.get(GeneratedSections.ENDPOINT_OPTIONS))
                .contains("door:host:port", "==== Path Parameters (2 parameters)", "==== Query Parameters (1 parameter)",
                        "| *host* | *Required* Host. |  | String",
                        // a '|' would end the cell and a '{' start an attribute reference
                        "| *mode* (producer, advanced) | Either a \\| b, see \\{mode}. Enum values: `a`, `b`. | a | String");
        assertThat(sections.get(GeneratedSections.COMPONENT_OPTIONS))
                .contains("supports 1 option,", "| *vertx* (advanced) | The Vert.x instance. |  | Vertx");
        assertThat(sections.get(GeneratedSections.HEADERS))
                .contains("| *CamelDoorSn* (common) +\nConstant: `DoorConstants.SN` | The terminal. |  | String");
        assertThat(sections.get(GeneratedSections.SPRING_BOOT))
                .contains("supports 3 options,", "| *camel.component.door.enabled* |",
                        "| *camel.component.door.vertx* | The Vert.x instance. The option is a io.vertx.core.Vertx type");
    }

    @Test
    void updateFillsThePageAndCheckFailsNamingTheCommandOnceTheCatalogChanges() throws Exception {
        Path page = dir.resolve("door-component.adoc");
        Files.writeString(page, "Hand-written intro.\n\n" + PAGE + "\nHand-written usage.\n");
        Catalog catalog = Catalog.parse(CATALOG);

        assertThat(new ComponentDoc(catalog, page, List.of()).update()).hasSize(6);
        assertThat(new ComponentDoc(catalog, page, List.of()).update()).isEmpty();
        new ComponentDoc(catalog, page, List.of()).check();
        assertThat(Files.readString(page)).startsWith("Hand-written intro.\n").endsWith("\nHand-written usage.\n")
                .contains("// endpoint options: START\n=== Endpoint Options\n");

        Catalog changed = Catalog.parse(CATALOG.replace("\"description\": \"Port.\"",
                "\"description\": \"Port the terminals dial.\""));
        assertThatThrownBy(() -> new ComponentDoc(changed, page, List.of()).check())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("out of date with the component's catalog")
                .hasMessageContaining("endpoint options")
                .hasMessageNotContaining("component options")
                .hasMessageContaining(ComponentDoc.REGENERATE);
    }

    @Test
    void kameletParametersAreReadFromTheKameletFilesAndTabled() throws Exception {
        Files.writeString(dir.resolve("door-sink.kamelet.yaml"), """
                apiVersion: camel.apache.org/v1
                kind: Kamelet
                metadata:
                  name: door-sink
                  labels:
                    camel.apache.org/kamelet.type: "sink"
                spec:
                  definition:
                    title: "Door Sink"
                    description: Sends to a door; * for every door.
                    required:
                      - port
                    properties:
                      port:
                        title: Port
                        description: Port the doors dial.
                        type: integer
                        example: 9000
                      mode:
                        title: Mode
                        description: How.
                        type: string
                        default: "a"
                """);
        Files.writeString(dir.resolve("not-a-kamelet.yaml"), "ignored: true\n");

        List<Kamelets.Kamelet> kamelets = Kamelets.read(dir);

        assertThat(kamelets).singleElement().satisfies(k -> {
            assertThat(k.name()).isEqualTo("door-sink");
            assertThat(k.parameterNames()).containsExactly("port", "mode");
        });
        assertThat(GeneratedSections.render(Catalog.parse(CATALOG), kamelets).get(GeneratedSections.KAMELETS))
                .startsWith("==== door-sink\n\n*Door Sink* (sink). Sends to a door; {asterisk} for every door.")
                .contains("supports 2 parameters",
                        "| *port* | Port | *Required* Port the doors dial. | integer |  | 9000",
                        "| *mode* | Mode | How. | string | a | ");
    }

    @Test
    void aHandWrittenDependencyOnAnotherVersionOfTheProjectIsAProblem() throws Exception {
        Path page = dir.resolve("door-component.adoc");
        Files.writeString(page, PAGE + """
                <dependency>
                    <groupId>dev.doorface</groupId>
                    <artifactId>camel-doorface-starter</artifactId>
                    <version>1.0.0</version>
                </dependency>
                """);

        assertThat(new ComponentDoc(Catalog.parse(CATALOG), page, List.of()).exampleProblems())
                .containsExactly("dependency camel-doorface-starter has version 1.0.0, the project is at 1.2.3");
    }

    @Test
    void aPageWithoutTheMarkersIsStaleAndSaysWhichMarkersAreMissing() throws Exception {
        Path page = dir.resolve("door-component.adoc");
        Files.writeString(page, PAGE.replace("// component headers: END\n", ""));

        assertThat(new ComponentDoc(Catalog.parse(CATALOG), page, List.of()).staleSections())
                .contains("component headers (markers '// component headers: START' and '// component headers: END'"
                          + " missing)");
    }

    @Test
    void examplesThatNameUnknownOptionsParametersOrPropertiesAreListedWithTheirLine() {
        ExampleNames names = new ExampleNames(Set.of("events", "operation", "terminalToken"),
                Set.of("enabled", "lazy-start-producer"), Map.of("doorface-source", Set.of("port", "events")));
        String page = """
                from("doorface:0.0.0.0:9000/door?events=ACCESS&terminalToken=RAW(a&b=c)")
                to("doorface:0.0.0.0:9000/door?operation=addUser&deviceSN=*")
                doorface:host:port[/path][?options]
                camel.component.doorface.lazy-start-producer=true
                camel.component.doorface.lazy-start=true
                - route:
                    from:
                      uri: "doorface:0.0.0.0:9000/door"
                      parameters:
                        events: ACCESS
                        event: ACCESS
                      steps:
                        - to:
                            uri: "kamelet:doorface-source"
                            parameters:
                              port: 9000
                              heartbeat: 20
                    properties: { port: 9000, evnts: ACCESS }
                ref: { kind: Kamelet, name: doorface-source }
                properties: { port: 9000, evnts: ACCESS }
                from("kamelet:doorface-source?port=9000&path=/door")
                """;

        List<String> problems = names.problems(page);

        assertThat(problems).containsExactlyInAnyOrder(
                "line 2: 'deviceSN' is not an option of the doorface endpoint",
                "line 11: 'event' is not an option of the doorface endpoint",
                "line 17: 'heartbeat' is not a parameter of Kamelet doorface-source",
                "line 20: 'evnts' is not a parameter of Kamelet doorface-source",
                "line 21: 'path' is not a parameter of Kamelet doorface-source",
                "line 5: 'lazy-start' is not a property of the Spring Boot starter");
    }
}
